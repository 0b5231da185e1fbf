"""Ctrl-C (SIGINT) and SIGKILL sent to a real ``crewplan plan --out DIR`` at several moments: the folder of the
previous run stays byte for byte as it was, the run exits 130 and says so, and no staging folder is left
behind (a killed run's leftover is cleared by the next run)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

ENV = {**os.environ, "COLUMNS": "200", "TERM": "dumb"}


# A short deterministic search (the solver's work units, not the wall clock): a plan is found and written on
# a loaded machine too, and the runs do not wait for the proof.
QUICK = ("--work-limit", "12", "--time-limit", "500")

def snapshot(folder: Path) -> dict[str, tuple[int, bytes]]:
    """Every file and folder under ``folder``: mode and bytes."""
    out: dict[str, tuple[int, bytes]] = {}
    for path in sorted(folder.rglob("*")):
        rel = str(path.relative_to(folder))
        out[rel] = (path.stat().st_mode, path.read_bytes() if path.is_file() else b"")
    return out


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.parent.iterdir() if p.name.startswith(".crewplan-staging-"))


def plan(out: Path, *extra: str) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, "-m", "crewplan.cli", "plan", "--out", str(out), *QUICK, *extra],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=ENV)


def wait_for(process: subprocess.Popen[str], marker: str, timeout_s: float = 180) -> list[str]:
    """Read stderr lines until one contains ``marker``; the lines read."""
    assert process.stderr is not None
    seen: list[str] = []
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        line = process.stderr.readline()
        if not line:
            break
        seen.append(line)
        if marker in line:
            return seen
    raise AssertionError(f"{marker!r} never came; stderr so far: {''.join(seen)}")


@pytest.fixture(scope="module")
def previous(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder written by a finished plan run."""
    out = tmp_path_factory.mktemp("interrupt") / "out"
    done = subprocess.run([sys.executable, "-m", "crewplan.cli", "plan", "--out", str(out), *QUICK, "--quiet"],
                          capture_output=True, text=True, env=ENV, timeout=600)
    assert done.returncode == 0, done.stderr
    assert (out / "manifest.yaml").is_file() and (out / "report.html").is_file()
    return out


def test_progress_lines_name_each_stage(previous: Path) -> None:
    """Off a terminal the run prints each stage (the markers the interrupt tests wait for)."""
    process = plan(previous.parent / "staged")
    lines = wait_for(process, "done in", 300)
    lines += wait_for(process, "solving (CP-SAT", 300)
    _out, err = process.communicate(timeout=600)
    text = "".join(lines) + err
    assert process.returncode == 0, text
    for marker in ("launch windows, eligibility and training", "solving (CP-SAT", "checking the plan", "writing"):
        assert marker in text, text


@pytest.mark.timeout(900)
@pytest.mark.parametrize(("moment", "marker", "delay_s"), [
    ("instance build", "launch windows, eligibility and training for every open seat ...", 0.0),
    ("solve", "solving (CP-SAT", 0.2),
    ("solve, later", "solving (CP-SAT", 2.5),
    ("writing", "writing ", 0.3),
])
def test_sigint_leaves_the_folder_as_it_was(previous: Path, moment: str, marker: str, delay_s: float) -> None:
    before = snapshot(previous)
    process = plan(previous)
    wait_for(process, marker)
    time.sleep(delay_s)
    process.send_signal(signal.SIGINT)
    _out, err = process.communicate(timeout=120)
    assert process.returncode == 130, (moment, process.returncode, err)
    assert "interrupted" in err and "as it was" in err, err
    assert "Traceback" not in err and "terminate called" not in err, err
    assert snapshot(previous) == before, moment
    assert leftovers(previous) == [], moment


@pytest.mark.timeout(900)
def test_sigkill_while_writing_loses_nothing(previous: Path) -> None:
    """A killed run cannot clean up, but what it staged never replaces the folder; the next run clears it."""
    before = snapshot(previous)
    process = plan(previous)
    wait_for(process, "writing ")
    time.sleep(0.3)
    process.kill()
    process.communicate(timeout=60)
    assert snapshot(previous) == before
    stale = leftovers(previous)
    done = subprocess.run([sys.executable, "-m", "crewplan.cli", "plan", "--out", str(previous), *QUICK, "--quiet"],
                          capture_output=True, text=True, env=ENV, timeout=600)
    assert done.returncode == 0, done.stderr
    assert leftovers(previous) == [], stale
    assert (previous / "manifest.yaml").is_file()


def test_files_get_the_usual_permissions(previous: Path) -> None:
    mask = os.umask(0o022)
    os.umask(mask)
    for path in [previous, *previous.rglob("*")]:
        mode = path.stat().st_mode & 0o777
        expected = (0o777 if path.is_dir() else 0o666) & ~mask
        assert mode == expected, (path, oct(mode), oct(expected))


def test_a_ctrl_c_python_drops_in_a_callback_ends_the_run_quietly(capsys: pytest.CaptureFixture[str]) -> None:
    """A KeyboardInterrupt raised in a weakref callback (as matplotlib's transforms have one) cannot propagate:
    it is noted, so the run still ends with 130 and says so in one line, and no traceback is printed; any
    other exception in such a callback is still reported as Python reports it."""
    import gc
    import weakref

    import typer

    from crewplan.commands.common import Run, interruptible

    class Thing:
        pass

    def interrupt(_ref: object) -> None:
        raise KeyboardInterrupt

    def broken(_ref: object) -> None:
        raise ValueError("a real bug in a callback")

    with pytest.raises(typer.Exit) as stopped, interruptible(Run()):
        thing = Thing()
        keep = weakref.ref(thing, interrupt)
        del thing
        gc.collect()
        assert keep() is None  # the callback ran, and its exception was dropped
    assert stopped.value.exit_code == 130
    err = capsys.readouterr().err
    assert "interrupted" in err and "Traceback" not in err and "KeyboardInterrupt" not in err

    with interruptible(Run()):
        other = Thing()
        keep = weakref.ref(other, broken)
        del other
        gc.collect()
    assert "a real bug in a callback" in capsys.readouterr().err

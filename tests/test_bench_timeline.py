"""benchmarks/bench_timeline.py runs on a tiny input (the built-in plan, one navigation, two zoom steps) and
reports what it measures; its bad options are one-line errors. No speed is asserted: the figures are in
docs/benchmarks.md."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from crewplan.report.browser import find_chromium

BENCH = Path(__file__).resolve().parents[1] / "benchmarks" / "bench_timeline.py"


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, str(BENCH), *args], capture_output=True, text=True, timeout=300)


@pytest.mark.skipif(find_chromium() is None, reason="Chromium is not installed")
def test_the_timeline_benchmark_runs_on_a_tiny_input() -> None:
    done = _run("--programmes", "builtin", "--repeats", "1", "--zoom-steps", "2", "--json")
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    [row] = result["runs"]
    assert row["programme"] == "builtin" and row["flights"] > 50
    assert row["cold_draw_ms"] > 0 and row["draw_ms"]["n"] == 1 and row["zoom_ms"]["n"] == 4
    assert 0 < row["zoom_ms"]["min"] <= row["zoom_ms"]["median"] <= row["zoom_ms"]["max"]
    assert set(result["target"]["met"]) == {"builtin"}
    assert "Traceback" not in done.stderr


def test_bad_options_are_one_line_errors() -> None:
    for args in (["--repeats", "0"], ["--zoom-steps", "x"], ["--programmes", "moon"]):
        done = _run(*args)
        assert done.returncode == 2 and "Traceback" not in done.stderr, done.stderr
        assert done.stderr.strip().splitlines()[-1].startswith("bench_timeline.py: error: argument")

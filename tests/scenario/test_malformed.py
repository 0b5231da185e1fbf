"""Every malformed scenario in ``malformed/`` is refused with one clear problem, never a traceback.

The corpus and its index ``malformed/EXPECTED.yaml`` are made by ``malformed/_make_corpus.py`` from the
minimal fixture; each case names the line, the field and a word the report must contain.
"""

from __future__ import annotations

import os
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
import yaml

from crewplan.errors import ScenarioError
from crewplan.scenario import load_scenario, yamlio

CORPUS = Path(__file__).resolve().parent / "malformed"
EXPECTED: dict[str, dict[str, Any]] = yaml.safe_load((CORPUS / "EXPECTED.yaml").read_text(encoding="utf-8"))
CASES = sorted(EXPECTED)
SRC = Path(__file__).resolve().parents[2] / "src"


def _where(case: dict[str, Any]) -> str:
    """The ``file:line: path:`` prefix the report must contain."""
    file = CORPUS / case.get("file", case["target"])
    return f"{file}:{case['line']}: {case['path'] or '<document>'}: "


def test_corpus_is_indexed() -> None:
    on_disk = {p.name.removesuffix(".yaml") for p in CORPUS.iterdir() if not p.name.startswith(("_", "EXPECTED"))}
    assert on_disk == set(EXPECTED)
    assert len(EXPECTED) >= 35


def _run_cli(target: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(SRC), os.environ.get("PYTHONPATH")])),
           "COLUMNS": "80"}
    return subprocess.run([sys.executable, "-m", "crewplan.cli", "scenario", "validate", str(target)],
                          capture_output=True, text=True, encoding="utf-8", errors="replace", timeout=120,
                          env=env)


@pytest.fixture(scope="module")
def cli_results() -> dict[str, subprocess.CompletedProcess[str]]:
    """Run the command line on every case at once (each run starts a Python process, which takes seconds)."""
    with ThreadPoolExecutor(max_workers=max(2, os.cpu_count() or 2)) as pool:
        futures = {name: pool.submit(_run_cli, CORPUS / EXPECTED[name]["target"]) for name in CASES}
        return {name: future.result() for name, future in futures.items()}


@pytest.mark.timeout(600)
@pytest.mark.parametrize("name", CASES)
def test_cli_reports_the_problem(name: str, cli_results: dict[str, subprocess.CompletedProcess[str]]) -> None:
    case = EXPECTED[name]
    result = cli_results[name]
    stderr = result.stderr
    assert "Traceback" not in stderr, stderr
    assert result.returncode == 2, (result.returncode, stderr[:2000])
    lines = [line for line in stderr.splitlines() if _where(case) in line]
    assert lines, f"no report at {_where(case)!r} in:\n{stderr[:3000]}"
    assert any(case["word"].lower() in line.lower() for line in lines), (case["word"], lines)


@pytest.fixture(params=["libyaml", "pure-python"])
def parser(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Both of PyYAML's parsers: libyaml (with its own nesting limit since PyYAML 6.0.4) and the pure-Python one
    (used where PyYAML is built without libyaml)."""
    if request.param == "pure-python":
        monkeypatch.setattr(yamlio, "_FastLoader", None)
    elif yamlio._FastLoader is None:
        pytest.skip("this PyYAML is built without libyaml")
    return str(request.param)


@pytest.mark.timeout(10)
@pytest.mark.parametrize("name", CASES)
def test_load_raises_scenario_error(name: str, parser: str) -> None:
    case = EXPECTED[name]
    with pytest.raises(ScenarioError) as caught:
        load_scenario(CORPUS / case["target"])
    problems = caught.value.problems
    assert problems
    expected_file = str(CORPUS / case.get("file", case["target"]))
    assert any(p.file == expected_file and p.line == case["line"] and p.path == case["path"]
               for p in problems), [str(p)[:300] for p in problems]
    # Reported in file order.
    assert [(p.file, p.line) for p in problems] == sorted((p.file, p.line) for p in problems)

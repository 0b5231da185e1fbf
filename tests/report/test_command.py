"""``crewplan report MANIFEST --out DIR`` writes the report and the exports and prints the report's path."""

from __future__ import annotations

from pathlib import Path

import pytest
from report_fixtures import with_gap
from typer.testing import CliRunner

from crewplan.cli import app, main
from crewplan.domain import Scenario
from crewplan.report import summary_table
from crewplan.scenario import save_scenario

MINIMAL = Path(__file__).resolve().parents[1] / "data" / "minimal" / "scenario.yaml"


def test_report_command_writes_everything(tmp_path: Path):
    out = tmp_path / "out"
    result = CliRunner().invoke(app, ["report", str(MINIMAL), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert f"report: {(out / 'report.html').resolve()}" in result.output.replace("\n", "")
    for name in ("report.html", "manifest.csv", "manifest.json", "flights.ics", "training.ics"):
        assert (out / name).stat().st_size > 0, name
    assert "Minimal test scenario" in result.output


def test_report_command_on_a_saved_manifest_with_a_gap(minimal: Scenario, tmp_path: Path):
    path = tmp_path / "manifest.yaml"
    save_scenario(with_gap(minimal), path)
    result = CliRunner().invoke(app, ["report", str(path), "--out", str(tmp_path / "r")])
    assert result.exit_code == 0, result.output
    assert "lifeboat gap days" in result.output
    assert "lifeboat-gap-CSS-2026-06-01-2026-10-22" in (tmp_path / "r" / "report.html").read_text(encoding="utf-8")


def test_report_command_refuses_a_missing_manifest(tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    with pytest.raises(SystemExit) as stopped:
        main(["report", str(tmp_path / "nope.yaml"), "--out", str(tmp_path)])
    assert stopped.value.code == 2
    assert "nope.yaml" in capsys.readouterr().err
    assert not (tmp_path / "report.html").exists()


def test_summary_table_names_the_gap(minimal: Scenario):
    from rich.console import Console

    console = Console(record=True, width=120)
    console.print(summary_table(with_gap(minimal)))
    text = console.export_text()
    assert "station CSS" in text and "144 lifeboat gap days" in text
    console = Console(record=True, width=120)
    console.print(summary_table(minimal))
    assert "no lifeboat gap" in console.export_text()

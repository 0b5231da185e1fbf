"""``crewplan check`` and ``crewplan generate`` on the command line."""

from __future__ import annotations

import json
from pathlib import Path

from check_mini import FAULT_DIR
from typer.testing import CliRunner

from crewplan.cli import app

runner = CliRunner()


def test_check_json_contract_and_exit_1_on_hard_violations() -> None:
    result = runner.invoke(app, ["check", str(FAULT_DIR / "lifeboat.yaml"), "--json"])
    assert result.exit_code == 1
    doc = json.loads(result.stdout)
    assert set(doc) == {"violations", "warnings", "summary"}
    lifeboat = [v for v in doc["violations"] if v["rule"] == "lifeboat"]
    assert lifeboat and {"rule", "message", "entities", "start_utc", "end_utc", "severity", "fixes"} <= set(lifeboat[0])
    assert lifeboat[0]["start_utc"] == "2030-04-01T00:00:00Z" and lifeboat[0]["end_utc"] == "2030-06-21T00:00:00Z"
    assert doc["summary"]["hard"] >= 1


def test_check_readable_report_groups_by_rule() -> None:
    result = runner.invoke(app, ["check", str(FAULT_DIR / "docking-port.yaml")])
    assert result.exit_code == 1
    assert "Violations: docking.port" in result.stdout and "2030-06-15" in result.stdout


def test_check_exit_0_when_only_waived(tmp_path: Path) -> None:
    text = (FAULT_DIR / "legality-esa.yaml").read_text()
    text += ("waivers:\n- id: ok\n  rule: esa-on-cmsa\n  scope: rule\n  accepted_by: ESA\n  reason: test\n")
    path = tmp_path / "waived.yaml"
    path.write_text(text)
    result = runner.invoke(app, ["check", "--scenario", str(path), "--json"])
    assert result.exit_code == 0, result.stdout
    doc = json.loads(result.stdout)
    assert [v["waived"] for v in doc["violations"]] == [True]


def test_generate_writes_a_loadable_programme(tmp_path: Path) -> None:
    out = tmp_path / "gen.yaml"
    result = runner.invoke(app, ["generate", "--stations", "2", "--years", "1", "--astronauts", "20",
                                 "--flights", "6", "--seed", "3", "--out", str(out)])
    assert result.exit_code == 0, result.stdout
    checked = runner.invoke(app, ["check", str(out), "--json"])
    assert checked.exit_code == 0, checked.stdout
    assert json.loads(checked.stdout)["summary"]["hard"] == 0

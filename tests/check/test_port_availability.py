"""A port used outside its availability dates is a docking.port violation on exactly those days."""

import datetime as dt
from pathlib import Path

from crewplan.check import check_scenario
from crewplan.scenario import load_scenario

MINIMAL = Path(__file__).resolve().parents[1] / "data" / "minimal" / "scenario.yaml"


def _with_port_closing(tmp_path: Path, until: str) -> Path:
    text = MINIMAL.read_text(encoding="utf-8").replace(
        "      - {id: forward, name: Tianhe forward, module: tianhe, standard: CDM}",
        f"      - {{id: forward, name: Tianhe forward, module: tianhe, standard: CDM, available_until: {until}}}")
    (tmp_path / "scenario.yaml").write_text(text, encoding="utf-8")
    return tmp_path / "scenario.yaml"


def _port_findings(path: Path) -> list:
    report = check_scenario(load_scenario(path), families=None)
    return [v for v in report.violations if v.rule == "docking.port"]


def test_port_closed_mid_stay_is_reported_from_its_closing_day(tmp_path):
    # SZ-23 docks at 'forward' on 2026-04-25 and stays 180 days (to 2026-10-22).
    findings = _port_findings(_with_port_closing(tmp_path, "2026-06-01"))
    assert len(findings) == 1
    assert findings[0].first_day == dt.date(2026, 6, 1)
    assert findings[0].last_day == dt.date(2026, 10, 21)
    assert "only usable until 2026-06-01" in findings[0].message


def test_port_open_for_the_whole_stay_is_fine(tmp_path):
    assert _port_findings(_with_port_closing(tmp_path, "2027-01-01")) == []

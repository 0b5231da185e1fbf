"""Docking adapters are dated data (issue 14): a port presents an adapter's system from its installed_date;
the checker, the planner and the scenario validator read that one way."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from pydantic import ValidationError

from crewplan.check import check_scenario
from crewplan.domain import AdapterStatus, DockingAdapter, days_not_presenting, port_system_on
from crewplan.errors import ScenarioError
from crewplan.planner.instance import PlanOptions, build_instance
from crewplan.scenario import load_scenario

MINIMAL = Path(__file__).resolve().parents[1] / "data" / "minimal" / "scenario.yaml"
DAY = dt.date


def adapter(**over: object) -> DockingAdapter:
    fields: dict[str, object] = {"id": "a1", "name": "A1", "station": "CSS", "port": "forward",
                                 "base_system": "CDM", "presents_system": "IDSS", "status": "installed",
                                 "installed_date": "2026-06-01"}
    return DockingAdapter.model_validate({**fields, **over})


def with_adapter(tmp_path: Path, **over: str) -> Path:
    line = ", ".join(f"{k}: {v}" for k, v in {"id": "a1", "name": "A1", "station": "CSS", "port": "forward",
                                               "base_system": "CDM", "presents_system": "IDSS",
                                               "status": "installed", "installed_date": "2026-06-01",
                                               **over}.items())
    text = MINIMAL.read_text(encoding="utf-8") + f"docking_adapters:\n  - {{{line}}}\n"
    (tmp_path / "scenario.yaml").write_text(text, encoding="utf-8")
    return tmp_path / "scenario.yaml"


def port_findings(path: Path) -> list:
    report = check_scenario(load_scenario(path), families=None)
    return [v for v in report.violations if v.rule == "docking.port"]


def test_the_port_presents_the_adapter_from_its_installed_date_until_its_removal() -> None:
    a = adapter(removed_date="2026-09-01")
    assert port_system_on([a], "CSS", "forward", "CDM", DAY(2026, 5, 31)) == "CDM"
    assert port_system_on([a], "CSS", "forward", "CDM", DAY(2026, 6, 1)) == "IDSS"
    assert port_system_on([a], "CSS", "forward", "CDM", DAY(2026, 9, 1)) == "CDM"
    assert port_system_on([a], "CSS", "nadir", "CDM", DAY(2026, 7, 1)) == "CDM"  # another port
    assert days_not_presenting([a], "CSS", "forward", "CDM", "CDM", DAY(2026, 5, 1), DAY(2026, 12, 1)) == [
        (DAY(2026, 6, 1), DAY(2026, 8, 31))]
    lost = adapter(status="lost", installed_date=None)
    assert lost.status is AdapterStatus.LOST and not lost.in_service_on(DAY(2030, 1, 1))


@pytest.mark.parametrize(("over", "words"), [
    ({"presents_system": "CDM"}, "both 'CDM'"),
    ({"status": "planned", "installed_date": None}, "needs an installed_date"),
    ({"status": "lost"}, "a lost adapter has no installed_date"),
    ({"removed_date": "2026-05-01"}, "is not after installed_date"),
])
def test_an_inconsistent_adapter_is_refused_with_the_reason(over: dict, words: str) -> None:
    with pytest.raises(ValidationError, match=words):
        adapter(**over)


def test_a_vehicle_at_a_port_whose_adapter_arrives_mid_stay_breaks_the_rule_from_that_day(tmp_path) -> None:
    # SZ-23 (CDM) docks at 'forward' on 2026-04-25 for 180 days (to 2026-10-22).
    findings = port_findings(with_adapter(tmp_path))
    assert len(findings) == 1
    assert (findings[0].first_day, findings[0].last_day) == (DAY(2026, 6, 1), DAY(2026, 10, 21))
    assert "IDSS through an adapter" in findings[0].message
    assert "dock at nadir" in findings[0].fixes


def test_an_adapter_after_the_stay_or_a_lost_one_changes_nothing(tmp_path) -> None:
    assert port_findings(with_adapter(tmp_path, installed_date="2026-11-01")) == []
    assert port_findings(with_adapter(tmp_path, status="lost", installed_date="null")) == []


@pytest.mark.parametrize(("over", "words"), [
    ({"port": "aft"}, ["docking_adapters[0].port", "unknown port of station CSS", "'aft'"]),
    ({"base_system": "SSVP"}, ["docking_adapters[0].base_system", "not the system of port forward", "'CDM'"]),
])
def test_the_validator_names_a_wrong_port_or_base_system(tmp_path, over: dict, words: list[str]) -> None:
    with pytest.raises(ScenarioError) as err:
        load_scenario(with_adapter(tmp_path, **over))
    text = str(err.value)
    assert all(w in text for w in words), text
    assert "scenario.yaml:" in text  # the file and line


def test_the_planner_offers_only_ports_that_present_the_vehicles_system_all_stay(tmp_path) -> None:
    plain = build_instance(load_scenario(MINIMAL), PlanOptions(use_orbit=False))
    assert set(plain.flights["SZ-23"].ports) == {"forward", "nadir"}
    adapted = build_instance(load_scenario(with_adapter(tmp_path)), PlanOptions(use_orbit=False))
    assert adapted.flights["SZ-23"].ports == ["nadir"]


def test_the_iss_harmony_ports_take_dragon_through_the_idas_only_since_their_installation() -> None:
    s = load_scenario()
    assert port_system_on(s.docking_adapters, "iss", "harmony-zenith", "apas-95", DAY(2019, 8, 20)) == "apas-95"
    assert port_system_on(s.docking_adapters, "iss", "harmony-zenith", "apas-95", DAY(2019, 8, 21)) == "idss"
    # Every Crew Dragon of the record docked at a Harmony port while its IDA was in service.
    dragons = [f for f in s.flights if f.vehicle_type == "crew-dragon" and f.status.value == "flown" and f.port]
    assert len(dragons) >= 10
    for f in dragons:
        assert port_system_on(s.docking_adapters, "iss", f.port, "apas-95", f.docking_day) == "idss", f.id

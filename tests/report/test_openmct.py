"""The Open MCT plan (``openmct-plan.json``): the JSON Open MCT's plan view reads, one group per station and
port (and per station's lifeboat gaps), every flight once with its launch and landing in ms since 1970 UTC;
``crewplan report --format openmct`` writes just that file, the same one the full report writes."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from report_fixtures import with_gap
from typer.testing import CliRunner

from crewplan.check import check_scenario
from crewplan.cli import app
from crewplan.domain import Scenario
from crewplan.report.lanes import openmct_plan
from crewplan.scenario import save_scenario
from crewplan.scenario.save import scenario_data

KEYS = {"name", "start", "end", "type", "color", "textColor"}


def ms(day: dt.date | dt.datetime) -> int:
    moment = day if isinstance(day, dt.datetime) else dt.datetime.combine(day, dt.time(), dt.UTC)
    return int(moment.timestamp() * 1000)


def test_every_flight_is_one_activity_in_its_ports_group(builtin: Scenario, builtin_report: Path) -> None:
    plan = json.loads((builtin_report / "openmct-plan.json").read_text(encoding="utf-8"))
    expected_groups = {f"{s.id.upper()} · {p.id}" for s in builtin.stations for p in s.ports}
    assert expected_groups <= set(plan)
    for group, activities in plan.items():
        for activity in activities:
            assert set(activity) == KEYS and activity["type"] == group
            assert isinstance(activity["start"], int) and activity["start"] < activity["end"]
            assert activity["color"].startswith("#") and activity["textColor"].startswith("#")
    for flight in builtin.flights:
        if flight.launch is None:
            continue
        group = plan[f"{flight.station.upper()} · {flight.port}" if flight.port else f"{flight.station.upper()} · "
                     "port not set"]
        found = [a for a in group if a["name"].split(":")[0] == flight.name]
        assert len(found) == 1, flight.id
        assert found[0]["start"] == ms(flight.launch)
        if flight.landing:
            assert found[0]["end"] == ms(flight.landing)


def test_a_damaged_vehicle_and_a_lifeboat_gap_are_marked(minimal: Scenario) -> None:
    manifest = with_gap(minimal)
    findings = [v.model_dump(mode="json") for v in check_scenario(manifest).violations]
    plan = openmct_plan({"scenario": scenario_data(manifest)}, findings)
    damaged = [a for group in plan.values() for a in group if a["name"].endswith("damaged")]
    assert [(a["name"].split(" damaged")[0], a["start"]) for a in damaged] == [
        (manifest.flight("SZ-23").name, ms(dt.date(2026, 6, 1)))]
    gaps = [a for a in plan[f"{manifest.flight('SZ-23').station.upper()} · lifeboat gaps"]]
    assert gaps and gaps[0]["start"] == ms(dt.date(2026, 6, 1)) and gaps[0]["name"] == "lifeboat gap"
    assert gaps[0]["end"] >= ms(dt.date(2026, 10, 22))


def test_report_format_openmct_writes_only_the_plan(minimal: Scenario, tmp_path: Path) -> None:
    manifest = with_gap(minimal)
    source = tmp_path / "manifest.yaml"
    save_scenario(manifest, source)
    out = tmp_path / "out"
    result = CliRunner().invoke(app, ["report", str(source), "--format", "openmct", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir() if not p.name.startswith(".")) == ["openmct-plan.json"]
    written = json.loads((out / "openmct-plan.json").read_text(encoding="utf-8"))
    findings = [v.model_dump(mode="json") for v in check_scenario(manifest).violations]
    assert written == openmct_plan({"scenario": scenario_data(manifest)}, findings)
    full = tmp_path / "full"
    assert CliRunner().invoke(app, ["report", str(source), "--out", str(full)]).exit_code == 0
    assert json.loads((full / "openmct-plan.json").read_text(encoding="utf-8")) == written
    bad = CliRunner().invoke(app, ["report", str(source), "--format", "pdf", "--out", str(tmp_path / "x")])
    assert bad.exit_code == 2 and "pdf" in bad.output

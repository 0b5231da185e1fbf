"""Exports parse back with the libraries users would use (csv, json, icalendar) and match the manifest."""

from __future__ import annotations

import csv
import datetime as dt
import json
from pathlib import Path

import icalendar
from report_fixtures import with_trainee

from crewplan.domain import Scenario, day_of
from crewplan.report import write_exports
from crewplan.report.people import training_plans
from crewplan.scenario import load_scenario


def test_manifest_csv_has_one_row_per_seat(builtin: Scenario, builtin_report: Path):
    with (builtin_report / "manifest.csv").open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    expected = {(f.id, s.astronaut, s.role.value) for f in builtin.flights for s in f.seats if s.astronaut}
    got = {(r["flight"], r["astronaut"], r["role"]) for r in rows if r["astronaut"]}
    assert got == expected
    uncrewed = {f.id for f in builtin.flights if not f.crewed}
    assert {r["flight"] for r in rows if not r["astronaut"]} == uncrewed
    people = {a.id: a for a in builtin.astronauts}
    for row in rows:
        flight = builtin.flight(row["flight"])
        assert row["status"] == flight.status.value
        assert row["station"] == flight.station
        if isinstance(flight.launch, dt.datetime):
            assert dt.datetime.fromisoformat(row["launch_utc"].replace("Z", "+00:00")) == flight.launch
        else:
            assert row["launch_utc"] == flight.launch.isoformat()
        if row["astronaut"]:
            assert row["agency"] == people[row["astronaut"]].agency


def test_manifest_json_reads_back_as_the_same_manifest(builtin: Scenario, builtin_report: Path):
    data = json.loads((builtin_report / "manifest.json").read_text(encoding="utf-8"))
    for station in data["stations"]:  # element files are named relative to the JSON file, as in manifest.yaml
        assert not Path(station["orbit"]["elements_file"]).is_absolute()
    again = load_scenario(builtin_report / "manifest.json")
    assert again.flights == builtin.flights
    assert again.astronauts == builtin.astronauts
    assert again == builtin


def test_flights_calendar_matches_launches_and_stays(builtin: Scenario, builtin_report: Path):
    cal = icalendar.Calendar.from_ical((builtin_report / "flights.ics").read_bytes())
    events = {str(e["uid"]): e for e in cal.walk("VEVENT")}
    active = [f for f in builtin.flights if f.status.value != "cancelled"]
    assert active
    for flight in active:
        launch = events[f"{builtin.id}.{flight.id}.launch@crewplan"]
        start = launch.decoded("dtstart")
        if isinstance(flight.launch, dt.datetime):
            assert start == flight.launch
        else:
            assert start == flight.launch
        for person in flight.crew():
            assert builtin.astronaut(person).name in str(launch["description"])
        last = flight.undocking_day()
        if last is not None:
            stay = events[f"{builtin.id}.{flight.id}.stay@crewplan"]
            assert stay.decoded("dtstart") == flight.docking_day
            assert stay.decoded("dtend") == last + dt.timedelta(days=1)


def test_training_exports_match_the_training_plan(minimal: Scenario, tmp_path: Path):
    manifest = with_trainee(minimal)
    paths = write_exports(manifest, tmp_path)
    plan = training_plans(manifest)["cand-pk-1"]
    assert plan.steps, "the fixture's trainee needs the basic course"
    with paths["training/cand-pk-1.csv"].open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert [(r["course"], r["start"], r["end"]) for r in rows] == [
        (s.course, s.start.isoformat(), s.end.isoformat()) for s in plan.steps]
    assert rows[0]["course"] == "basic-course" and rows[0]["start"] == "2026-01-05"
    cal = icalendar.Calendar.from_ical(paths["training.ics"].read_bytes())
    starts = sorted(day_of(e.decoded("dtstart")) for e in cal.walk("VEVENT"))
    assert starts == [dt.date(2026, 1, 5)]
    assert "training/cand-cn-1.csv" not in paths  # already qualified: no plan file

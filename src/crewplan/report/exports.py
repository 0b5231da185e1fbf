"""Exports other tools read: the manifest as CSV and JSON, flights and training as iCalendar, and each
astronaut's training plan as CSV.

- ``manifest.csv``: one row per seat (an uncrewed flight gets one row with empty seat columns); times in
  ISO 8601 UTC with a ``Z``, days as ``YYYY-MM-DD``.
- ``manifest.json``: the whole manifest as crewplan reads it (``Scenario.model_validate`` gives it back).
- ``flights.ics``: per flight, a launch event (timed when the liftoff is known, else all-day) and an
  all-day event for the stay from docking to undocking.
- ``training.ics`` and ``training/<astronaut>.csv`` / ``.ics``: the training layer's plan for each
  astronaut assigned to a planned flight (:func:`crewplan.report.people.training_plans`), written by the
  training layer's own exporters (:func:`crewplan.training.to_csv`, :func:`crewplan.training.to_ics`).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from pathlib import Path
from typing import Any

import icalendar

from crewplan.domain import Scenario, Seat
from crewplan.report.people import training_plans
from crewplan.scenario.save import scenario_data
from crewplan.timeutil import iso_z
from crewplan.training import TrainingPlan, to_csv, to_ics
from crewplan.training.export import cell

MANIFEST_COLUMNS = ("flight", "flight_name", "status", "station", "vehicle_type", "vehicle", "site", "pad", "port",
                    "launch_utc", "docking", "undocking", "landing", "role", "astronaut", "astronaut_name", "agency",
                    "returns_on")
PRODID = "-//crewplan//report//EN"


OPENMCT_FILE = "openmct-plan.json"


def _when(value: dt.date | dt.datetime | None) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return iso_z(value)
    return value.isoformat()


def manifest_rows(scenario: Scenario) -> list[dict[str, str]]:
    """One row per seat of every flight, by launch."""
    people = {a.id: a for a in scenario.astronauts}
    rows: list[dict[str, str]] = []
    for flight in sorted(scenario.flights, key=lambda f: (f.launch_day, f.id)):
        undocking = flight.undocking or (flight.undocking_day() if flight.stay_days is not None else None)
        base = {
            "flight": flight.id, "flight_name": flight.name, "status": flight.status.value,
            "station": flight.station, "vehicle_type": flight.vehicle_type, "vehicle": flight.vehicle or "",
            "site": flight.site, "pad": flight.pad or "", "port": flight.port or "",
            "launch_utc": _when(flight.launch), "docking": _when(flight.docking or flight.docking_day),
            "undocking": _when(undocking), "landing": _when(flight.landing),
        }
        seats: list[Seat | None] = [s for s in flight.seats if s.astronaut] or [None]
        for seat in seats:
            person = people.get(seat.astronaut or "") if seat else None
            rows.append({**base, "role": seat.role.value if seat else "",
                         "astronaut": (seat.astronaut or "") if seat else "",
                         "astronaut_name": person.name if person else "",
                         "agency": person.agency if person else "",
                         "returns_on": (seat.returns_on or flight.id) if seat else ""})
    return rows


def csv_text(columns: tuple[str, ...], rows: list[dict[str, str]]) -> str:
    """Rows as CSV (a header line, cells made safe for spreadsheets by :func:`crewplan.training.export.cell`)."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(columns), lineterminator="\n")
    writer.writeheader()
    writer.writerows({k: cell(v) for k, v in row.items()} for row in rows)
    return out.getvalue()


def write_csv(path: Path, columns: tuple[str, ...], rows: list[dict[str, str]]) -> Path:
    path.write_text(csv_text(columns, rows), encoding="utf-8", newline="")
    return path


def manifest_json(scenario: Scenario, base_dir: Path | None = None) -> dict[str, Any]:
    """The manifest as JSON data: every field, defaults left out, as :class:`Scenario` reads it back; element
    file paths relative to ``base_dir`` (the folder the JSON file is written to), as in ``manifest.yaml``."""
    return scenario_data(scenario, base_dir)


def flights_calendar(scenario: Scenario) -> icalendar.Calendar:
    """Launch and stay events of every flight that flew or is planned."""
    cal = _calendar(f"{scenario.name}: flights")
    people = {a.id: a for a in scenario.astronauts}
    for flight in sorted(scenario.flights, key=lambda f: (f.launch_day, f.id)):
        if flight.status.value in ("cancelled",):
            continue
        crew = ", ".join(f"{people[p].name} ({people[p].agency})" if p in people else p for p in flight.crew())
        description = f"{flight.name} to {flight.station} from {flight.site}; status {flight.status.value}; " + (
            f"crew: {crew}" if crew else "uncrewed")
        launch = icalendar.Event()
        launch.add("uid", f"{scenario.id}.{flight.id}.launch@crewplan")
        launch.add("summary", f"Launch: {flight.name}")
        launch.add("description", description)
        launch.add("location", flight.site)
        launch.add("categories", ["launch", flight.station])
        if isinstance(flight.launch, dt.datetime):
            launch.add("dtstart", flight.launch)
            launch.add("dtend", flight.launch + dt.timedelta(minutes=10))
        else:
            launch.add("dtstart", flight.launch)
            launch.add("dtend", flight.launch + dt.timedelta(days=1))
        launch.add("dtstamp", _stamp(scenario))
        cal.add_component(launch)
        last = flight.undocking_day()
        if last is not None:
            stay = icalendar.Event()
            stay.add("uid", f"{scenario.id}.{flight.id}.stay@crewplan")
            stay.add("summary", f"Docked: {flight.name} at {flight.station}" + (f" ({flight.port})" if flight.port
                                                                                  else ""))
            stay.add("description", description)
            stay.add("categories", ["stay", flight.station])
            stay.add("dtstart", flight.docking_day)
            stay.add("dtend", last + dt.timedelta(days=1))
            stay.add("dtstamp", _stamp(scenario))
            cal.add_component(stay)
    return cal


def training_calendar(scenario: Scenario, plans: dict[str, TrainingPlan]) -> icalendar.Calendar:
    """Every astronaut's training plan in one calendar (the events of :func:`crewplan.training.to_ics`)."""
    cal = _calendar(f"{scenario.name}: training")
    for plan in plans.values():
        for event in icalendar.Calendar.from_ical(to_ics(plan, scenario)).walk("VEVENT"):
            cal.add_component(event)
    return cal


def _calendar(name: str) -> icalendar.Calendar:
    cal = icalendar.Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("x-wr-calname", name)
    return cal


def _stamp(scenario: Scenario) -> dt.datetime:
    """DTSTAMP from the plan header's creation time (reproducible files), else the horizon start."""
    created = scenario.plan.created_utc if scenario.plan else None
    if created:
        try:
            return dt.datetime.fromisoformat(created.replace("Z", "+00:00")).astimezone(dt.UTC)
        except ValueError:
            pass
    start = scenario.settings.horizon_start
    return dt.datetime(start.year, start.month, start.day, tzinfo=dt.UTC)


def write_openmct(scenario: Scenario, out_dir: Path, findings: list[dict[str, Any]] | None = None) -> Path:
    """``openmct-plan.json``: the manifest as an Open MCT plan (:func:`crewplan.report.lanes.openmct_plan`),
    with the lifeboat gaps of ``findings`` (the checker's, as JSON) when given."""
    from crewplan.report.lanes import openmct_plan

    path = out_dir / OPENMCT_FILE
    plan = openmct_plan({"scenario": scenario_data(scenario)}, findings or [])
    path.write_text(json.dumps(plan, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    return path


def write_exports(scenario: Scenario, out_dir: Path, findings: list[dict[str, Any]] | None = None
                  ) -> dict[str, Path]:
    """Write every export into ``out_dir``; returns them by name. ``findings`` (the checker's, as JSON) mark
    the lifeboat gaps of the Open MCT plan."""
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = {
        "manifest.csv": write_csv(out_dir / "manifest.csv", MANIFEST_COLUMNS, manifest_rows(scenario)),
        OPENMCT_FILE: write_openmct(scenario, out_dir, findings),
    }
    json_path = out_dir / "manifest.json"
    json_path.write_text(json.dumps(manifest_json(scenario, out_dir), indent=2, ensure_ascii=False) + "\n",
                         encoding="utf-8")
    paths["manifest.json"] = json_path
    plans = training_plans(scenario)
    for name, cal in (("flights.ics", flights_calendar(scenario)),
                      ("training.ics", training_calendar(scenario, plans))):
        path = out_dir / name
        path.write_bytes(cal.to_ical())
        paths[name] = path
    training_dir = out_dir / "training"
    training_dir.mkdir(exist_ok=True)
    for person, plan in plans.items():
        if not plan.steps:
            continue
        csv_path, ics_path = training_dir / f"{person}.csv", training_dir / f"{person}.ics"
        csv_path.write_text(to_csv(plan), encoding="utf-8")
        ics_path.write_bytes(to_ics(plan, scenario))
        paths[f"training/{person}.csv"], paths[f"training/{person}.ics"] = csv_path, ics_path
    return paths

"""Export a training plan as iCalendar (one all-day event per course session) or CSV."""

from __future__ import annotations

import csv
import datetime as dt
import io

from icalendar import Calendar, Event

from crewplan.domain import Scenario
from crewplan.training.plan import TrainingPlan

CSV_COLUMNS = ("astronaut", "course", "name", "provider", "facility", "start", "end", "grants", "expires")


def to_ics(plan: TrainingPlan, scenario: Scenario | None = None) -> bytes:
    """An iCalendar file: each step is an all-day event from its start to its end day (exclusive end)."""
    cal = Calendar()
    cal.add("prodid", "-//crewplan//training plan//EN")
    cal.add("version", "2.0")
    facilities = {f.id: f for f in scenario.facilities} if scenario else {}
    for step in plan.steps:
        event = Event()
        event.add("uid", f"{plan.astronaut}-{step.course}-{step.start.isoformat()}@crewplan")
        event.add("summary", f"{step.name} ({plan.astronaut})")
        event.add("dtstart", step.start)
        event.add("dtend", max(step.end, step.start + dt.timedelta(days=1)))
        event.add("dtstamp", dt.datetime.combine(step.start, dt.time(), tzinfo=dt.UTC))
        where = facilities.get(step.facility or "")
        if where is not None:
            event.add("location", f"{where.name}" + (f", {where.location}" if where.location else ""))
        elif step.facility:
            event.add("location", step.facility)
        event.add("description", f"Provider {step.provider}; grants {', '.join(step.grants)}"
                  + (f"; valid until {step.expires.isoformat()}" if step.expires else ""))
        cal.add_component(event)
    return bytes(cal.to_ical())


FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
"""A spreadsheet reads a cell starting with one of these as a formula (CSV injection, OWASP)."""


def cell(value: str) -> str:
    """A CSV cell a spreadsheet shows as text: text that would start a formula gets a leading apostrophe."""
    return "'" + value if value.startswith(FORMULA_START) else value


def to_csv(plan: TrainingPlan) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for s in plan.steps:
        writer.writerow(cell(v) for v in (plan.astronaut, s.course, s.name, s.provider, s.facility or "",
                                          s.start.isoformat(), s.end.isoformat(), " ".join(s.grants),
                                          s.expires.isoformat() if s.expires else ""))
    return out.getvalue()

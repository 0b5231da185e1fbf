"""Earliest-ready dates, prerequisite chains, expiry, cycles, impossible chains and exports."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from check_mini import base, build
from icalendar import Calendar

from crewplan.training import (
    CurriculumCycleError,
    TrainingError,
    earliest_ready,
    find_cycle,
    plan_for_seat,
    to_csv,
    to_ics,
)

D = dt.date.fromisoformat


def test_prerequisite_chain_and_session_dates() -> None:
    plan = earliest_ready(build(base()), "p2", ["sz-cmdr"], not_before=D("2030-01-01"))
    assert [(s.course, s.start, s.end) for s in plan.steps] == [
        ("basic-training", D("2030-01-07"), D("2030-07-08")),
        ("sz-crew-course", D("2030-09-02"), D("2030-12-23")),
        ("sz-cmdr-course", D("2031-04-05"), D("2031-05-31")),
    ]
    assert plan.ready_day == D("2031-05-31")


def test_already_held_needs_no_course() -> None:
    plan = earliest_ready(build(base()), "c1", ["sz-crew", "sz-cmdr"])
    assert plan.steps == () and set(plan.already_held) == {"sz-crew", "sz-cmdr"}


def test_expiry_before_landing_picks_a_later_session() -> None:
    data = base()
    data["qualifications"][1]["validity_months"] = 6
    early = earliest_ready(build(data), "p2", ["sz-crew"], valid_through=D("2031-05-01"))
    assert early.ready_day == D("2030-12-23")  # expires 2031-06-23, after 2031-05-01
    late = earliest_ready(build(data), "p2", ["sz-crew"], valid_through=D("2031-08-01"))
    assert late.ready_day == D("2031-06-23")  # the 2030 session would expire before landing
    assert late.steps[-1].expires == D("2031-12-23")


def test_capacity_of_a_session_counts() -> None:
    booked = {("sz-crew-course", D("2030-09-02")): 3}
    plan = earliest_ready(build(base()), "p2", ["sz-crew"], booked=booked)
    assert plan.ready_day == D("2031-06-23")  # next session 2031-03-03 + 16 weeks


def test_cycle_is_a_clear_input_error() -> None:
    data = base()
    data["courses"][0]["prerequisites"] = ["sz-crew"]  # basic needs sz-crew, which needs basic
    scenario = build(data)
    assert find_cycle(scenario) is not None
    with pytest.raises(CurriculumCycleError, match=r"prerequisite cycle: .*(basic|sz-crew)"):
        earliest_ready(scenario, "p2", ["sz-crew"])


def test_impossible_chain_names_the_broken_link() -> None:
    with pytest.raises(TrainingError, match="no course grants soyuz-cmdr"):
        earliest_ready(build(base()), "p2", ["soyuz-cmdr"])
    with pytest.raises(TrainingError, match="no session"):
        earliest_ready(build(base()), "p2", ["sz-crew"], not_before=D("2032-01-01"))


def test_course_closed_to_agencies_outside_its_agreement() -> None:
    with pytest.raises(TrainingError, match="not open to NASA"):
        earliest_ready(build(base()), "n1", ["sz-crew"])


def test_plan_for_seat_and_exports() -> None:
    scenario = build(base())
    plan = plan_for_seat(scenario, "p2", "sz-e")
    ics = Calendar.from_ical(to_ics(plan, scenario))
    events = [c for c in ics.walk() if c.name == "VEVENT"]
    assert len(events) == len(plan.steps) == 2
    assert events[0]["LOCATION"] == "Astronaut Center of China, Beijing"
    rows = list(csv.DictReader(io.StringIO(to_csv(plan))))
    assert [r["course"] for r in rows] == ["basic-training", "sz-crew-course"]
    assert rows[1]["end"] == "2030-12-23"

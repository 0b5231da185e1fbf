"""Per-astronaut timelines: training, flights and rest, as labelled day spans.

Training has two sources. Training still to do is what the manifest books (``bookings``), else the training
layer's plan for each planned seat (:func:`crewplan.training.plan_for_seat`). Training done is read from the
qualifications a person holds:
a qualification earned on a day through a course of ``duration_weeks`` means that course ran over the
weeks before it (a qualification no course grants has no span: nothing says when it was trained).
Flight spans run from launch to landing; rest spans from landing for the scenario's ``rest_days_min``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Literal

from crewplan.check.context import Stay
from crewplan.domain import FlightStatus, Scenario
from crewplan.errors import CrewplanError
from crewplan.rules import rest_after
from crewplan.training import TrainingPlan, booked_plans, plan_for_seat

Kind = Literal["training", "flight", "rest"]


@dataclass(frozen=True)
class Span:
    """One bar of a person's timeline; ``first``..``last`` both included."""

    astronaut: str
    kind: Kind
    first: dt.date
    last: dt.date
    label: str
    ref: str
    """The course, or the up-flight, the span belongs to."""


def training_plans(scenario: Scenario) -> dict[str, TrainingPlan]:
    """The training of every astronaut on a planned flight: the manifest's booked course sessions, and for a
    person with none booked, the training layer's plan for each assigned seat, merged per astronaut.

    A seat the training layer finds no way to qualify for is left out here; the checker reports it.
    """
    merged: dict[str, TrainingPlan] = booked_plans(scenario)
    booked = set(merged)
    for flight in sorted(scenario.flights, key=lambda f: (f.launch_day, f.id)):
        if flight.status is not FlightStatus.PLANNED:
            continue
        for seat in flight.seats:
            if not seat.astronaut or seat.astronaut in booked:
                continue
            try:
                plan = plan_for_seat(scenario, seat.astronaut, flight.id, seat.role)
            except (CrewplanError, KeyError):
                continue
            before = merged.get(seat.astronaut)
            if before is None:
                merged[seat.astronaut] = plan
                continue
            steps = {(s.course, s.start): s for s in (*before.steps, *plan.steps)}
            merged[seat.astronaut] = TrainingPlan(
                seat.astronaut, tuple(dict.fromkeys((*before.targets, *plan.targets))),
                max(before.ready_day, plan.ready_day), tuple(sorted(steps.values(), key=lambda s: (s.start, s.course))),
                tuple(dict.fromkeys((*before.already_held, *plan.already_held))),
                max((d for d in (before.valid_through, plan.valid_through) if d is not None), default=None))
    return merged


def planned_training_spans(plans: dict[str, TrainingPlan]) -> list[Span]:
    """One span per course session of the plans; the last day is the day before the qualification is earned."""
    return [Span(person, "training", step.start, max(step.start, step.end - dt.timedelta(days=1)),
                 f"{step.name} (planned)", step.course)
            for person, plan in plans.items() for step in plan.steps]


def training_spans(scenario: Scenario) -> list[Span]:
    """Course spans ending on the day each held qualification was earned."""
    by_grant: dict[str, list[tuple[str, str, float]]] = {}
    for course in scenario.courses:
        for qualification in course.grants:
            by_grant.setdefault(qualification, []).append((course.id, course.name, course.duration_weeks))
    out: list[Span] = []
    for person in scenario.astronauts:
        seen: set[tuple[str, dt.date]] = set()
        for held in person.qualifications:
            for course_id, name, weeks in by_grant.get(held.qualification, [])[:1]:
                if (course_id, held.earned) in seen:
                    continue
                seen.add((course_id, held.earned))
                first = held.earned - dt.timedelta(days=round(weeks * 7))
                out.append(Span(person.id, "training", first, held.earned - dt.timedelta(days=1), name, course_id))
    return out


def flight_spans(scenario: Scenario, stays: list[Stay]) -> list[Span]:
    """Flight (launch to landing) and rest spans of every stay (the rest its length asks for)."""
    out: list[Span] = []
    for stay in stays:
        rest = dt.timedelta(days=rest_after(scenario.settings, (stay.landing_day - stay.launch_day).days))
        label = stay.up.name if stay.back.id == stay.up.id else f"{stay.up.name} / {stay.back.name}"
        out.append(Span(stay.astronaut, "flight", stay.launch_day, stay.landing_day, label, stay.up.id))
        if rest:
            out.append(Span(stay.astronaut, "rest", stay.landing_day + dt.timedelta(days=1),
                            stay.landing_day + rest, "rest", stay.up.id))
    return out


def timelines(scenario: Scenario, stays: list[Stay]) -> dict[str, list[Span]]:
    """Every span by astronaut, for the people who fly in the manifest, ordered by their first flight."""
    flying = flight_spans(scenario, stays)
    first_flight: dict[str, dt.date] = {}
    for span in flying:
        if span.kind == "flight":
            first_flight[span.astronaut] = min(first_flight.get(span.astronaut, span.first), span.first)
    out: dict[str, list[Span]] = {a: [] for a in sorted(first_flight, key=lambda a: (first_flight[a], a))}
    planned = planned_training_spans(training_plans(scenario))
    for span in [*training_spans(scenario), *planned, *flying]:
        if span.astronaut in out:
            out[span.astronaut].append(span)
    return out

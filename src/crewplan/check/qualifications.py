"""Rule 3: each seat's role requirements: qualifications valid from launch to landing, languages,
categories. A flown flight whose crew has no qualification record is a warning (the data is silent, the
flight happened), never a violation."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from crewplan.check.context import CheckContext
from crewplan.check.violations import Entities, Severity, Violation
from crewplan.domain import Astronaut, Flight, FlightStatus, HeldQualification, Role


def held_through(person: Astronaut, qualification: str, first: dt.date, last: dt.date) -> HeldQualification | None:
    """A record of ``qualification`` earned by ``first`` and not expired before ``last`` is over."""
    for held in person.qualifications:
        if held.qualification == qualification and held.earned <= first and (
                held.expires is None or held.expires > last):
            return held
    return None


def _lapse(person: Astronaut, qualification: str, launch: dt.date) -> dt.date:
    """The first day of the mission without ``qualification``: its expiry if held at launch, else launch."""
    ends = [h.expires for h in person.qualifications if h.qualification == qualification
            and h.earned <= launch and h.expires is not None and h.expires > launch]
    return max(ends) if ends else launch


def _ready_fix(ctx: CheckContext, person: Astronaut, flight: Flight, role: Role) -> str | None:
    from crewplan.training import TrainingError, plan_for_seat

    try:
        plan = plan_for_seat(ctx.scenario, person.id, flight.id, role)
    except TrainingError as error:
        return f"no training path: {error}"
    return f"train {person.id}: qualified on {plan.ready_day.isoformat()} ({len(plan.steps)} course(s))"


def check(ctx: CheckContext) -> Iterator[Violation]:
    ends = {(s.astronaut, s.up.id): s.landing_day for s in ctx.stays}
    for flight in ctx.flights:
        vtype = ctx.vtype(flight)
        landing = ctx.landing_day(flight)
        days = ctx.in_horizon(flight.launch_day, landing)
        if vtype is None or days is None:
            continue
        flown = flight.status is FlightStatus.FLOWN
        unrecorded: list[str] = []
        for seat in flight.seats:
            person = ctx.people.get(seat.astronaut or "")
            spec = vtype.role(seat.role)
            if person is None or spec is None:
                continue
            stay_end = ends.get((person.id, flight.id), landing)
            ents = Entities(astronauts=(person.id,), flights=(flight.id,))
            missing: list[str] = []
            for q in spec.qualifications:
                if held_through(person, q, flight.launch_day, stay_end):
                    continue
                if flown and not any(h.qualification == q for h in person.qualifications):
                    unrecorded.append(person.id)
                    continue
                missing.append(q)
            if missing:
                first = min(_lapse(person, q, flight.launch_day) for q in missing)
                span = ctx.in_horizon(first, stay_end)
                if span:
                    fix = _ready_fix(ctx, person, flight, seat.role)
                    yield Violation.on_days(
                        "qualification", f"{person.name} lacks {', '.join(missing)} for the {seat.role.value} "
                        f"seat on {flight.name} ({flight.launch_day.isoformat()} to {stay_end.isoformat()})",
                        ents.model_copy(update={"qualifications": tuple(missing)}), *span,
                        fixes=tuple(f for f in (fix, "give the seat to someone qualified") if f))
            for need in spec.languages:
                level = max((s.level for s in person.languages if s.language == need.language), default=None)
                if level is None and flown:
                    continue
                if level is None or level < need.level_min:
                    yield Violation.on_days(
                        "qualification", f"{person.name} speaks {need.language} at level {level or 0}; the "
                        f"{seat.role.value} seat on {flight.name} needs {need.level_min}", ents, *days,
                        fixes=(f"language training for {person.id}", "give the seat to someone else"))
            if person.category not in spec.categories:
                # Role requirements are planning rules; on a flown flight they are reported, not enforced
                # (a private pilot flew Ax-1 and Ax-2 in the pilot seat).
                yield Violation.on_days(
                    "qualification", f"{person.name} is a {person.category.value.replace('_', ' ')}; the "
                    f"{seat.role.value} seat on {flight.name} takes "
                    f"{', '.join(c.value for c in spec.categories)}", ents, *days,
                    fixes=("change the seat's role", "give the seat to someone else"),
                    severity=Severity.WARNING if flown else Severity.VIOLATION)
        if unrecorded:
            people = tuple(dict.fromkeys(unrecorded))
            yield Violation.on_days(
                "qualification", f"{flight.name} flew; no qualification records for {ctx.names(people)} "
                "(assumed qualified)", Entities(astronauts=people, flights=(flight.id,)), *days,
                severity=Severity.WARNING)


def check_training_on_the_ground(ctx: CheckContext) -> Iterator[Violation]:
    """A qualification earned from a course that ran while its holder was in space (a warning).

    The course is taken to be the shortest one that grants the qualification (the most lenient reading),
    running up to the day the qualification was earned. This is a warning, not a violation, for now: the
    planner reads each candidacy's training on its own and may still plan a course during a flight (see
    docs/planner.md, "Known limits").
    """
    shortest: dict[str, int] = {}
    for course in ctx.scenario.courses:
        course_days = round(course.duration_weeks * 7)
        for q in course.grants:
            shortest[q] = min(course_days, shortest.get(q, course_days))
    stays: dict[str, list[tuple[dt.date, dt.date, str]]] = {}
    for stay in ctx.stays:
        stays.setdefault(stay.astronaut, []).append((stay.up.launch_day, stay.landing_day, stay.up.id))
    for person_id, spans in stays.items():
        person = ctx.people.get(person_id)
        if person is None:
            continue
        for held in person.qualifications:
            length = shortest.get(held.qualification)
            if length is None:
                continue
            start = held.earned - dt.timedelta(days=length)
            for launch, landing, flight_id in spans:
                if start < landing and held.earned > launch:
                    days = ctx.in_horizon(max(start, launch), min(held.earned, landing))
                    if days is None:
                        continue
                    yield Violation.on_days(
                        "qualification.training",
                        f"{person.name} earned {held.qualification} on {held.earned.isoformat()} from a course of "
                        f"{length} days that runs while they are in space on {flight_id} "
                        f"({launch.isoformat()} to {landing.isoformat()})",
                        Entities(astronauts=(person.id,), flights=(flight_id,),
                                 qualifications=(held.qualification,)), *days,
                        severity=Severity.WARNING,
                        fixes=(f"take the course before {launch.isoformat()} or after {landing.isoformat()}",
                               f"fly {person.id} on another flight"))

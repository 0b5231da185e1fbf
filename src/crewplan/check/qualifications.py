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
    """A qualification earned from a course that ran while its holder was in space: a violation when the
    stay is on a planned flight (the planner books courses on the ground), a warning on a flown one (the
    record's qualification dates are the only evidence).

    The course is taken to be the shortest one that grants the qualification (the most lenient reading),
    running up to the day the qualification was earned. Booked sessions are checked exactly by
    :func:`check_bookings`.
    """
    shortest: dict[str, int] = {}
    for course in ctx.scenario.courses:
        course_days = round(course.duration_weeks * 7)
        for q in course.grants:
            shortest[q] = min(course_days, shortest.get(q, course_days))
    stays: dict[str, list[tuple[dt.date, dt.date, str]]] = {}
    for stay in ctx.stays:
        stays.setdefault(stay.astronaut, []).append((stay.up.launch_day, stay.landing_day, stay.up.id))
    planned = {f.id for f in ctx.flights if f.status is FlightStatus.PLANNED}
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
                        severity=Severity.VIOLATION if flight_id in planned else Severity.WARNING,
                        fixes=(f"take the course before {launch.isoformat()} or after {landing.isoformat()}",
                               f"fly {person.id} on another flight"))


def check_bookings(ctx: CheckContext) -> Iterator[Violation]:
    """Booked course sessions: none runs while its trainee is in space, in quarantine before a launch or in
    recovery after a landing (``training.in_space``); none takes more trainees than its session's capacity
    (``training.capacity``)."""
    settings = ctx.scenario.settings
    before = dt.timedelta(days=settings.preflight_quarantine_days)
    after = dt.timedelta(days=settings.postflight_recovery_days)
    stays: dict[str, list[tuple[dt.date, dt.date, str]]] = {}
    for stay in ctx.stays:
        stays.setdefault(stay.astronaut, []).append((stay.launch_day, stay.landing_day, stay.up.id))
    courses = {c.id: c for c in ctx.scenario.courses}
    taken: dict[tuple[str, dt.date], list[str]] = {}
    for b in ctx.scenario.bookings:
        taken.setdefault((b.course, b.start), []).append(b.astronaut)
        for launch, landing, flight_id in stays.get(b.astronaut, []):
            first, last = launch - before, landing + after
            if b.start <= last and first < b.end:
                days = ctx.in_horizon(max(b.start, first), min(b.end, last))
                if days is None:
                    continue
                what = "in space" if b.start <= landing and launch < b.end else "in quarantine or recovery"
                yield Violation.on_days(
                    "training.in_space", f"{ctx.name(b.astronaut)} is booked on {b.course} from "
                    f"{b.start.isoformat()} to {b.end.isoformat()} while {what} for {flight_id} ("
                    f"{first.isoformat()} to {last.isoformat()} with {before.days} days' quarantine and "
                    f"{after.days} days' recovery)", Entities(astronauts=(b.astronaut,), flights=(flight_id,)),
                    *days, fixes=(f"book a session of {b.course} that ends by {first.isoformat()} or starts after "
                                  f"{last.isoformat()}", f"fly {b.astronaut} on another flight"))
    for (course_id, start), people in sorted(taken.items()):
        course = courses.get(course_id)
        session = next((s for s in course.sessions if s.start == start), None) if course else None
        if session is None or len(people) <= session.capacity:
            continue
        days = ctx.in_horizon(start, start)
        if days:
            yield Violation.on_days(
                "training.capacity", f"{len(people)} trainees booked on the {start.isoformat()} session of "
                f"{course_id}, which takes {session.capacity}", Entities(astronauts=tuple(sorted(people))), *days,
                fixes=("book some of them on another session", f"add a session of {course_id}"))

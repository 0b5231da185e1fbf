"""Earliest-ready dates and the training plans that achieve them.

For each qualification a seat role needs, the planner of this module picks the earliest course session
(after ``not_before``) whose prerequisites can be held on its first day and whose qualification stays valid
through ``valid_through`` (the landing day), recursively along the prerequisite chain. A course without
listed sessions runs on demand (it can start any day). Session capacity counts trainees already booked in
``booked``.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass, field

from crewplan.domain import Course, FlightStatus, Role, Scenario, day_of
from crewplan.training.curriculum import (
    CurriculumCycleError,
    TrainingError,
    check_curriculum,
    course_open,
    granting,
)


def add_months(day: dt.date, months: int) -> dt.date:
    year, month = divmod(day.month - 1 + months, 12)
    year += day.year
    return dt.date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


@dataclass(frozen=True)
class TrainingStep:
    """One course session in a plan. ``end`` is the day the qualifications are earned."""

    course: str
    name: str
    provider: str
    facility: str | None
    start: dt.date
    end: dt.date
    grants: tuple[str, ...]
    expires: dt.date | None


@dataclass(frozen=True)
class TrainingPlan:
    astronaut: str
    targets: tuple[str, ...]
    ready_day: dt.date
    """The first day every target qualification is held."""
    steps: tuple[TrainingStep, ...] = ()
    already_held: tuple[str, ...] = ()
    valid_through: dt.date | None = None


@dataclass
class _Planner:
    scenario: Scenario
    astronaut: str
    not_before: dt.date
    booked: dict[tuple[str, dt.date], int] = field(default_factory=dict)
    exclude_flight: str | None = None
    blocked: tuple[tuple[dt.date, dt.date], ...] = ()
    """Further days no course may run on (the planner's quarantine and recovery around stays)."""

    def __post_init__(self) -> None:
        check_curriculum(self.scenario)
        self.person = self.scenario.astronaut(self.astronaut)
        self.grants = granting(self.scenario)
        self.quals = {q.id: q for q in self.scenario.qualifications}
        self.busy = sorted([*stays_of(self.scenario, self.astronaut, exclude_flight=self.exclude_flight),
                            *self.blocked])

    def away(self, start: dt.date, end: dt.date) -> tuple[dt.date, dt.date] | None:
        """A stay in space that overlaps a course running from ``start`` to ``end``, if any."""
        return next(((a, b) for a, b in self.busy if a < end and start <= b), None)

    def expiry(self, q: str, earned: dt.date) -> dt.date | None:
        spec = self.quals.get(q)
        return add_months(earned, spec.validity_months) if spec and spec.validity_months else None

    def obtain(self, q: str, valid_through: dt.date | None, stack: tuple[str, ...] = (),
               by: dt.date | None = None) -> tuple[dt.date, list[TrainingStep]]:
        """Earliest day ``q`` is held and valid through ``valid_through``, and the steps to get there; with
        ``by``, the latest sessions that still grant it by that day (training just in time)."""
        if q in stack:
            raise CurriculumCycleError([*stack[stack.index(q):], q])
        for held in sorted(self.person.qualifications, key=lambda h: h.earned):
            if held.qualification == q and (held.expires is None or valid_through is None
                                            or held.expires > valid_through):
                return held.earned, []
        courses = self.grants.get(q, [])
        if not courses:
            raise TrainingError(f"no course grants {q} and {self.person.name} does not hold it")
        best: tuple[dt.date, list[TrainingStep]] | None = None
        reasons: list[str] = []
        for course in courses:
            try:
                found = self.session(course, q, valid_through, (*stack, q), by)
            except TrainingError as error:
                reasons.append(str(error))
                continue
            if best is None or (found[0] > best[0] if by is not None else found[0] < best[0]):
                best = found
        if best is None:
            raise TrainingError("; ".join(reasons))
        return best

    def session(self, course: Course, q: str, valid_through: dt.date | None, stack: tuple[str, ...],
                by: dt.date | None = None) -> tuple[dt.date, list[TrainingStep]]:
        length = dt.timedelta(days=round(course.duration_weeks * 7))
        starts = sorted(s.start for s in course.sessions if s.start >= self.not_before)
        capacity = {s.start: s.capacity for s in course.sessions}
        if not course.sessions:
            starts = [self.not_before if by is None else by - length]
        elif not starts:
            raise TrainingError(f"course {course.id} has no session on or after {self.not_before.isoformat()}")
        if by is not None:  # the latest sessions first, each ending by ``by``
            starts = sorted((d for d in starts if self.not_before <= d and d + length <= by), reverse=True)
            if not starts:
                raise TrainingError(f"no session of {course.id} between {self.not_before.isoformat()} and "
                                    f"{by.isoformat()}")
        why = f"no session of {course.id} works"
        for start in starts:
            if course.sessions and self.booked.get((course.id, start), 0) >= capacity[start]:
                why = f"every later session of {course.id} is full"
                continue
            if course.refresher and not all(any(h.qualification == g and h.earned <= start
                                                    for h in self.person.qualifications) for g in course.grants):
                why = f"{course.id} refreshes {', '.join(course.grants)}, which {self.person.name} never held"
                continue
            if not course_open(self.scenario, course, self.person.agency, start):
                why = f"{course.id} ({course.provider}) is not open to {self.person.agency} astronauts"
                continue
            flying = self.away(start, start + length)
            if flying is not None:
                why = (f"{self.person.name} is in space from {flying[0].isoformat()} to {flying[1].isoformat()}, "
                       f"during every remaining session of {course.id}")
                continue
            steps: list[TrainingStep] = []
            ok = True
            if not course.sessions and by is None:
                ready = start
                for p in course.prerequisites:
                    earned, sub = self.obtain(p, None, stack)
                    ready = max(ready, earned)
                    steps += sub
                start = ready
            for p in course.prerequisites:
                earned, sub = self.obtain(p, start, stack, start if by is not None else None)
                if earned > start:
                    ok = False
                    why = f"prerequisite {p} of {course.id} cannot be held by a session start"
                    break
                steps += sub
            if not ok:
                continue
            end = start + length
            expires = self.expiry(q, end)
            if valid_through and expires and expires <= valid_through:
                why = f"{q} from {course.id} would expire on {expires.isoformat()}, before {valid_through.isoformat()}"
                continue
            steps.append(TrainingStep(course.id, course.name, course.provider, course.facility, start, end,
                                      course.grants, expires))
            return end, steps
        raise TrainingError(why)


def stays_of(scenario: Scenario, astronaut: str, *, exclude_flight: str | None = None
             ) -> list[tuple[dt.date, dt.date]]:
    """The days ``astronaut`` is in space on flights of the scenario: from the launch of the flight up to the
    landing of the vehicle that brings them home (cancelled flights and ``exclude_flight``, the flight being
    trained for, excluded; an open end counts to the up-flight's planned undocking)."""
    flights = {f.id: f for f in scenario.flights}
    stays = []
    for flight in scenario.flights:
        if flight.status is FlightStatus.CANCELLED or flight.id == exclude_flight:
            continue
        for seat in flight.seats:
            if seat.astronaut != astronaut:
                continue
            back = flights.get(seat.returns_on or flight.id, flight)
            end = (day_of(back.landing) if back.landing else back.undocking_day()) or flight.undocking_day()
            stays.append((flight.launch_day, end or flight.launch_day))
    return sorted(stays)


def earliest_ready(scenario: Scenario, astronaut: str, qualifications: tuple[str, ...] | list[str], *,
                   not_before: dt.date | None = None, valid_through: dt.date | None = None,
                   booked: dict[tuple[str, dt.date], int] | None = None,
                   exclude_flight: str | None = None, by: dt.date | None = None,
                   blocked: tuple[tuple[dt.date, dt.date], ...] = ()) -> TrainingPlan:
    """The earliest day ``astronaut`` can hold every qualification in ``qualifications`` (each valid through
    ``valid_through``), and the plan that achieves it. Sessions that overlap a stay in space of the
    astronaut (other than on ``exclude_flight``, the flight being trained for) or a ``blocked`` span are not
    used. With ``by``, the plan takes the latest sessions that grant everything by that day instead (training
    just in time: it keeps the months before free for earlier flights and lasts longest after launch).

    Raises:
        CurriculumCycleError: the prerequisites form a cycle (bad input).
        TrainingError: no path exists; the message names the broken link.
    """
    start = not_before or scenario.settings.horizon_start
    planner = _Planner(scenario, astronaut, start, dict(booked or {}), exclude_flight, blocked)
    ready = dt.date.min
    steps: dict[tuple[str, dt.date], TrainingStep] = {}
    held: list[str] = []
    for q in qualifications:
        earned, sub = planner.obtain(q, valid_through, (), by)
        if not sub:
            held.append(q)
        ready = max(ready, earned)
        for step in sub:
            steps.setdefault((step.course, step.start), step)
    if ready == dt.date.min:
        ready = start
    ordered = tuple(sorted(steps.values(), key=lambda s: (s.start, s.course)))
    return TrainingPlan(astronaut, tuple(qualifications), ready, ordered, tuple(held), valid_through)


def seat_qualifications(scenario: Scenario, flight_id: str, role: Role) -> tuple[str, ...]:
    flight = scenario.flight(flight_id)
    spec = scenario.vehicle_type(flight.vehicle_type).role(role)
    return spec.qualifications if spec else ()


def plan_for_seat(scenario: Scenario, astronaut: str, flight_id: str, role: Role | None = None, *,
                  not_before: dt.date | None = None) -> TrainingPlan:
    """Training for ``astronaut`` to take a ``role`` seat on ``flight_id`` (default: their seat's role, or
    the vehicle's least demanding role), valid from launch through the flight's landing."""
    flight = scenario.flight(flight_id)
    vtype = scenario.vehicle_type(flight.vehicle_type)
    if role is None:
        role = next((s.role for s in flight.seats if s.astronaut == astronaut), None)
    if role is None and vtype.roles:
        role = min(vtype.roles, key=lambda r: len(r.qualifications)).role
    quals = seat_qualifications(scenario, flight_id, role) if role else ()
    landing = flight.landing or flight.undocking
    end = None
    if landing is not None:
        end = landing if isinstance(landing, dt.date) and not isinstance(landing, dt.datetime) else landing.date()
    elif flight.undocking_day():
        end = flight.undocking_day()
    return earliest_ready(scenario, astronaut, quals, not_before=not_before, valid_through=end,
                          exclude_flight=flight_id)


def booked_plans(scenario: Scenario) -> dict[str, TrainingPlan]:
    """The training a scenario's ``bookings`` hold (a planned manifest's course sessions), per astronaut."""
    courses = {c.id: c for c in scenario.courses}
    quals = {q.id: q for q in scenario.qualifications}
    steps: dict[str, list[TrainingStep]] = {}
    for b in sorted(scenario.bookings, key=lambda b: (b.start, b.course)):
        course = courses.get(b.course)
        if course is None:
            continue
        months = [quals[q].validity_months for q in course.grants if q in quals and quals[q].validity_months]
        expires = add_months(b.end, min(m for m in months if m)) if months else None
        steps.setdefault(b.astronaut, []).append(TrainingStep(course.id, course.name, course.provider,
                                                              course.facility, b.start, b.end, course.grants,
                                                              expires))
    return {person: TrainingPlan(person, tuple(dict.fromkeys(q for s in got for q in s.grants)),
                                 max(s.end for s in got), tuple(got))
            for person, got in steps.items()}

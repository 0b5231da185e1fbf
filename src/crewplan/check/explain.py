"""May this person take a seat on this flight? If not, exactly why, and from when could they?

The answer is the checker's own: the manifest is checked with and without the person in the seat, and
every hard finding the seat adds is a reason. Each reason carries, where one exists, the first day it stops
holding (training finished, a rule out of force, rest done); a body that does not fit has none.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from crewplan.check import FAMILIES, check_scenario
from crewplan.check.violations import Severity, Violation
from crewplan.domain import Flight, Role, Scenario, Seat
from crewplan.errors import UsageError
from crewplan.rules import active_intervals
from crewplan.training import TrainingError, TrainingPlan, plan_for_seat

ONE_DAY = dt.timedelta(days=1)


@dataclass(frozen=True)
class Reason:
    rule: str
    message: str
    citation: str | None = None
    ready_from: dt.date | None = None
    """The first day this reason no longer holds, if any."""
    fixed_by_training: bool = False
    """Training that ends by launch removes this reason (DESIGN §4 rule 3)."""


@dataclass(frozen=True)
class Explanation:
    astronaut: str
    flight: str
    role: Role | None
    launch_day: dt.date
    reasons: tuple[Reason, ...] = ()
    notes: tuple[str, ...] = ()
    training: TrainingPlan | None = None
    training_error: str | None = None
    violations: tuple[Violation, ...] = field(default=(), repr=False)

    @property
    def allowed(self) -> bool:
        return all(r.fixed_by_training for r in self.reasons)

    @property
    def ready_from(self) -> dt.date | None:
        """The first day every reason is gone, or ``None`` when some reason has no end."""
        days = [r.ready_from for r in self.reasons if not r.fixed_by_training]
        if not days:
            return self.launch_day
        if any(d is None for d in days):
            return None
        return max(d for d in days if d is not None)

    def as_json(self) -> dict[str, object]:
        return {
            "astronaut": self.astronaut,
            "flight": self.flight,
            "role": self.role.value if self.role else None,
            "allowed": self.allowed,
            "launch_day": self.launch_day.isoformat(),
            "ready_from": self.ready_from.isoformat() if self.ready_from else None,
            "reasons": [{"rule": r.rule, "message": r.message, "citation": r.citation,
                         "ready_from": r.ready_from.isoformat() if r.ready_from else None,
                         "fixed_by_training": r.fixed_by_training} for r in self.reasons],
            "notes": list(self.notes),
            "training": None if self.training is None else {
                "ready_day": self.training.ready_day.isoformat(),
                "steps": [{"course": s.course, "start": s.start.isoformat(), "end": s.end.isoformat()}
                          for s in self.training.steps]},
            "training_error": self.training_error,
        }


def _seat(scenario: Scenario, flight: Flight, astronaut: str, role: Role | None
          ) -> tuple[Flight, Role | None, str | None]:
    """``flight`` with ``astronaut`` in a seat: their own, else an empty one, else in place of someone in a
    seat they could hold (a full flight is a question of who flies, not of whether this person may).
    Returns the flight, the role, and whom they replaced."""
    seats = list(flight.seats)
    for i, seat in enumerate(seats):
        if seat.astronaut == astronaut:
            if role is not None and role != seat.role:
                seats[i] = seat.model_copy(update={"role": role})
            return flight.model_copy(update={"seats": tuple(seats)}), role or seat.role, None
    vtype = scenario.vehicle_type(flight.vehicle_type)
    person = scenario.astronaut(astronaut)

    def rank(i: int) -> tuple[bool, bool, int]:
        spec = vtype.role(seats[i].role)
        return (seats[i].astronaut is not None,
                spec is None or person.category not in spec.categories,
                len(spec.qualifications) if spec else 0)

    options = [i for i, s in enumerate(seats) if role is None or s.role == role]
    if options:
        i = min(options, key=rank)
        replaced = seats[i].astronaut
        seats[i] = seats[i].model_copy(update={"astronaut": astronaut, "returns_on": None})
        return flight.model_copy(update={"seats": tuple(seats), "uncrewed": False}), seats[i].role, replaced
    chosen = role or next((r.role for r in vtype.roles if person.category in r.categories and not r.required),
                          vtype.roles[0].role if vtype.roles else Role.CREW)
    seats.append(Seat(role=chosen, astronaut=astronaut))
    return flight.model_copy(update={"seats": tuple(seats), "uncrewed": False}), chosen, None


def _without(flight: Flight, people: set[str]) -> Flight:
    seats = tuple(s.model_copy(update={"astronaut": None, "returns_on": None}) if s.astronaut in people else s
                  for s in flight.seats)
    return flight.model_copy(update={"seats": seats})


def _key(v: Violation) -> tuple[str, str, dt.date, dt.date]:
    return (v.rule, v.message, v.first_day, v.last_day)


def explain(scenario: Scenario, astronaut: str, flight_id: str, role: Role | None = None) -> Explanation:
    """Why ``astronaut`` may or may not take a seat (of ``role``, default theirs or the best free one) on
    ``flight_id``.

    Raises:
        UsageError: unknown astronaut or flight.
    """
    if not scenario.has("astronauts", astronaut):
        raise UsageError(f"no astronaut {astronaut!r} in scenario {scenario.id}")
    if not scenario.has("flights", flight_id):
        raise UsageError(f"no flight {flight_id!r} in scenario {scenario.id}")
    flight = scenario.flight(flight_id)
    seated, chosen, replaced = _seat(scenario, flight, astronaut, role)
    others = tuple(f for f in scenario.flights if f.id != flight_id)
    with_person = scenario.model_copy(update={"flights": (*others, seated)})
    without = scenario.model_copy(update={"flights": (*others, _without(flight, {astronaut, replaced or ""}))})
    landing = seated.undocking_day() or seated.launch_day
    horizon = (min(scenario.settings.horizon_start, seated.launch_day),
               max(scenario.settings.horizon_end, landing))
    families = [f for f in FAMILIES if f != "window"]
    before = {_key(v) for v in check_scenario(without, families=families, horizon=horizon).violations}
    after = check_scenario(with_person, families=families, horizon=horizon)
    added = [v for v in after.violations if _key(v) not in before and v.severity is Severity.VIOLATION]
    notes = [w.message for w in after.warnings if astronaut in w.entities.astronauts]
    if replaced:
        notes.insert(0, f"{flight.name} has no free {chosen.value if chosen else ''} seat; {astronaut} was "
                        f"checked in place of {replaced}")

    training: TrainingPlan | None = None
    training_error: str | None = None
    if any(v.rule == "qualification" for v in added):
        try:
            training = plan_for_seat(with_person, astronaut, flight_id, chosen)
        except TrainingError as error:
            training_error = str(error)
    reasons = [_reason(scenario, v, seated, training, training_error) for v in added]
    return Explanation(astronaut, flight_id, chosen, seated.launch_day, tuple(reasons), tuple(notes), training,
                       training_error, tuple(added))


def _reason(scenario: Scenario, v: Violation, flight: Flight, training: TrainingPlan | None,
            training_error: str | None) -> Reason:
    launch = flight.launch_day
    if v.rule == "qualification":
        if training is None:
            return Reason(v.rule, f"{v.message}; no training path: {training_error}")
        if training.ready_day <= launch:
            return Reason(v.rule, f"{v.message}; training would end on {training.ready_day.isoformat()}, "
                          f"before launch on {launch.isoformat()}", ready_from=training.ready_day,
                          fixed_by_training=True)
        return Reason(v.rule, f"{v.message}; training would end on {training.ready_day.isoformat()}, after launch "
                      f"on {launch.isoformat()}: qualified for a flight launching on or after "
                      f"{training.ready_day.isoformat()}", ready_from=training.ready_day)
    if v.rule.startswith("legality."):
        rule = scenario.rule(v.rule.removeprefix("legality."))
        active = active_intervals(rule, scenario)
        current = next(((a, b) for a, b in active if a <= launch <= b), None)
        ready = None if current is None or current[1] >= dt.date(2999, 1, 1) else current[1] + ONE_DAY
        when = f"the rule stops applying on {ready.isoformat()}" if ready else "the rule has no end in the scenario"
        if rule.unless_agreement and scenario.has("agreements", rule.unless_agreement):
            deal = scenario.agreement(rule.unless_agreement)
            until = deal.valid_until.isoformat() if deal.valid_until else "open-ended"
            when = (f"allowed only while {deal.name} is in force ({deal.valid_from.isoformat()} to {until}); "
                    f"launch is {launch.isoformat()}; " + when)
        return Reason(v.rule, f"{v.message} ({when})", rule.citation, ready)
    if v.rule == "seat.fit":
        return Reason(v.rule, f"{v.message} (no date fixes this on this vehicle type)")
    if v.rule in ("crew.rest", "crew.available", "crew.overlap"):
        ready = next((dt.date.fromisoformat(f.split()[-1]) for f in v.fixes if "on or after" in f), None)
        if ready is None and v.rule != "crew.available":
            ready = v.last_day + ONE_DAY
        return Reason(v.rule, v.message, ready_from=ready)
    return Reason(v.rule, v.message, v.citation)

"""May this person take a seat on this flight? If not, exactly why, and from when could they?

The answer is the checker's own: the manifest is checked with and without the person in the seat (the
actual seat, with its ``returns_on``), and every hard finding the seat adds is a reason. Findings that exist
without the person (other people's problems, a station already over capacity, a lifeboat gap already there)
and a required role left unfilled only because its seat is still open in the plan are not reasons.

Each reason carries, where one exists, the first day it stops holding (training finished, a rule out of
force, an agreement in force, rest done); otherwise what would remove it. A qualification that training
earns before launch is not a reason for refusal: the answer is "yes, once trained" with the plan.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from crewplan.check import FAMILIES, check_scenario
from crewplan.check.context import CheckContext
from crewplan.check.violations import Severity, Violation
from crewplan.domain import Flight, FlightStatus, Role, Scenario, Seat, day_of
from crewplan.errors import UsageError, known_ids
from crewplan.rules import active_intervals
from crewplan.rules.days import MAX_DAY
from crewplan.training import TrainingError, TrainingPlan, earliest_ready, plan_for_seat
from crewplan.training.plan import seat_qualifications

ONE_DAY = dt.timedelta(days=1)


@dataclass(frozen=True)
class Reason:
    rule: str
    message: str
    citation: str | None = None
    ready_from: dt.date | None = None
    """The first day this reason no longer holds, if any."""
    fixed_by_training: bool = False
    """Training that ends by launch removes this reason (DESIGN §4 rule 3): a condition, not a refusal."""
    fix: str | None = None
    """What would remove this reason when no date does."""
    permanent: bool = False
    """A rule with no end date in the scenario bars the seat."""


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
    returns_on: str | None = None
    """The flight that brings the person home (the seat's ``returns_on``, else this flight)."""
    landing_day: dt.date | None = None
    """The day the return vehicle lands."""

    @property
    def allowed(self) -> bool:
        return all(r.fixed_by_training for r in self.reasons)

    @property
    def needs_training(self) -> bool:
        """Allowed on condition of the training plan."""
        return self.allowed and any(r.fixed_by_training for r in self.reasons)

    @property
    def answer(self) -> str:
        return "no" if not self.allowed else "yes, once trained" if self.needs_training else "yes"

    @property
    def blocking(self) -> tuple[Reason, ...]:
        return tuple(r for r in self.reasons if not r.fixed_by_training)

    @property
    def barred(self) -> bool:
        """A rule with no end date bars the seat: no date makes it possible while the rules stand."""
        return any(r.permanent for r in self.blocking)

    @property
    def ready_from(self) -> dt.date | None:
        """Allowed: the first day the person is ready (training done, else launch). Refused: the first day every
        reason is gone, or ``None`` when some reason has no end date."""
        if self.allowed:
            if self.needs_training and self.training is not None:
                return self.training.ready_day
            return self.launch_day
        days = [r.ready_from for r in self.reasons]
        if any(d is None for d in (r.ready_from for r in self.blocking)):
            return None
        return max(d for d in days if d is not None)

    def could_fly(self) -> str | None:
        """When or how the person could take such a seat; ``None`` when they may take this one."""
        if self.allowed:
            return None
        if self.barred:
            rules = ", ".join(dict.fromkeys(r.rule for r in self.blocking if r.permanent))
            fixes = [r.fix for r in self.blocking if r.permanent and r.fix]
            extra = f" (unless {'; '.join(dict.fromkeys(fixes))})" if fixes else ""
            return f"not while these rules stand: {rules} has no end date{extra}"
        ready = self.ready_from
        if ready is not None:
            return f"a flight launching on or after {ready.isoformat()}"
        fixes = [r.fix for r in self.blocking if r.ready_from is None and r.fix]
        dated = [r.ready_from for r in self.reasons if r.ready_from is not None]
        when = f" (not before {max(dated).isoformat()})" if dated else ""
        return f"not on this seat as it stands; fix: {'; and '.join(dict.fromkeys(fixes)) or 'none known'}{when}"

    def as_json(self) -> dict[str, object]:
        return {
            "astronaut": self.astronaut,
            "flight": self.flight,
            "role": self.role.value if self.role else None,
            "answer": self.answer,
            "allowed": self.allowed,
            "needs_training": self.needs_training,
            "launch_day": self.launch_day.isoformat(),
            "returns_on": self.returns_on,
            "landing_day": self.landing_day.isoformat() if self.landing_day else None,
            "ready_from": self.ready_from.isoformat() if self.ready_from else None,
            "could_fly": self.could_fly(),
            "reasons": [{"rule": r.rule, "message": r.message, "citation": r.citation,
                         "ready_from": r.ready_from.isoformat() if r.ready_from else None,
                         "fixed_by_training": r.fixed_by_training, "fix": r.fix, "permanent": r.permanent}
                        for r in self.reasons],
            "notes": list(self.notes),
            "training": None if self.training is None else {
                "ready_day": self.training.ready_day.isoformat(),
                "valid_through": (self.training.valid_through.isoformat() if self.training.valid_through
                                  else None),
                "steps": [{"course": s.course, "start": s.start.isoformat(), "end": s.end.isoformat()}
                          for s in self.training.steps]},
            "training_error": self.training_error,
        }


def _copy(scenario: Scenario, **update: object) -> Scenario:
    """``model_copy`` without the copied id index (``Scenario._index`` is a cached property: a plain copy
    would keep answering ``scenario.flight(id)`` with the flight before the update)."""
    new = scenario.model_copy(update=update)
    new.__dict__.pop("_index", None)
    return new


def _seat(scenario: Scenario, flight: Flight, astronaut: str, role: Role | None
          ) -> tuple[Flight, Role | None, str | None]:
    """``flight`` with ``astronaut`` in a seat: their own, else an empty one, else in place of someone in a
    seat they could hold (a full flight is a question of who flies, not of whether this person may). The
    seat keeps its plan (its ``returns_on``): the person is checked in the actual seat.
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
        seats[i] = seats[i].model_copy(update={"astronaut": astronaut})
        return flight.model_copy(update={"seats": tuple(seats), "uncrewed": False}), seats[i].role, replaced
    chosen = role or next((r.role for r in vtype.roles if person.category in r.categories and not r.required),
                          vtype.roles[0].role if vtype.roles else Role.CREW)
    seats.append(Seat(role=chosen, astronaut=astronaut))
    return flight.model_copy(update={"seats": tuple(seats), "uncrewed": False}), chosen, None


def _without(flight: Flight, people: set[str]) -> Flight:
    """``flight`` with the seats of ``people`` open again (an open seat keeps its plan, e.g. ``returns_on``)."""
    seats = tuple(s.model_copy(update={"astronaut": None}) if s.astronaut in people else s for s in flight.seats)
    return flight.model_copy(update={"seats": seats})


def _key(v: Violation) -> tuple[str, str, dt.date, dt.date]:
    return (v.rule, v.message, v.first_day, v.last_day)


def _covered(days: tuple[dt.date, dt.date], spans: list[tuple[dt.date, dt.date]]) -> bool:
    """Every day of ``days`` lies in one of ``spans``."""
    day = days[0]
    for first, last in sorted(spans):
        if first > day:
            break
        if last >= day:
            day = last + ONE_DAY
        if day > days[1]:
            return True
    return day > days[1]


def _same_problem(after: Violation, before: Violation) -> bool:
    """``after`` (with the person) is the problem ``before`` (without them) already was."""
    if after.rule != before.rule:
        return False
    if after.rule == "station.capacity":
        # The count of people changes with the person; the problem (this station, this kind) does not.
        kind = "even during a handover"
        return (after.entities.stations == before.entities.stations
                and (kind in after.message) == (kind in before.message))
    if after.rule == "lifeboat":
        # Already without a lifeboat on those days, and nobody else loses a seat because of this person.
        return (after.entities.stations == before.entities.stations
                and set(after.entities.astronauts) <= set(before.entities.astronauts))
    return after.entities == before.entities


def _caused(after: list[Violation], before: list[Violation]) -> list[Violation]:
    """Hard findings of ``after`` that do not exist in ``before``."""
    keys = {_key(v) for v in before}
    out = []
    for v in after:
        if _key(v) in keys:
            continue
        spans = [(b.first_day, b.last_day) for b in before if _same_problem(v, b)]
        if spans and _covered((v.first_day, v.last_day), spans):
            continue
        out.append(v)
    return out


def _open_role(v: Violation, flight: Flight) -> Role | None:
    """The role of a ``seat.role`` finding "crewed but has no ROLE" on ``flight`` when that role's seat is
    still open in the plan (the planner fills it; the person asking is not the cause)."""
    if v.rule != "seat.role" or v.entities.flights != (flight.id,) or v.entities.astronauts:
        return None
    for seat in flight.seats:
        if seat.astronaut is None and v.message == f"{flight.name} is crewed but has no {seat.role.value}":
            return seat.role
    return None


def _closed(flight: Flight) -> str | None:
    """Why no seat on ``flight`` can be taken at all (it has flown, or flies without crew), if so."""
    if flight.status is FlightStatus.FLOWN:
        return (f"{flight.name} flew on {flight.launch_day.isoformat()}: its seats are history, not open; ask about "
                "a planned flight (crewplan ls flights)")
    if flight.status in (FlightStatus.CANCELLED, FlightStatus.ABORTED):
        return f"{flight.name} is {flight.status.value}: it has no seats to take"
    if flight.uncrewed:
        return f"{flight.name} flies uncrewed: it has no seats to take"
    return None


_KIND_ORDER = {"law": 0, "export_control": 1, "access": 2, "policy": 3}


def explain(scenario: Scenario, astronaut: str, flight_id: str, role: Role | None = None) -> Explanation:
    """Why ``astronaut`` may or may not take a seat (of ``role``, default theirs or the best free one) on
    ``flight_id``.

    Raises:
        UsageError: unknown astronaut or flight.
    """
    if not scenario.has("astronauts", astronaut):
        known = known_ids(astronaut, (a.id for a in scenario.astronauts), "astronaut")
        raise UsageError(f"--astronaut {astronaut!r}: no astronaut with this id in scenario {scenario.id}; "
                         f"expected {known}")
    if not scenario.has("flights", flight_id):
        known = known_ids(flight_id, (f.id for f in scenario.flights), "flight")
        raise UsageError(f"--flight {flight_id!r}: no flight with this id in scenario {scenario.id}; "
                         f"expected {known}")
    scenario = _copy(scenario)  # a caller's model_copy may carry a stale id index
    flight = scenario.flight(flight_id)
    closed = _closed(flight)
    if closed is not None:
        return Explanation(astronaut, flight_id, role, flight.launch_day, (Reason("seat.closed", closed),))
    seated, chosen, replaced = _seat(scenario, flight, astronaut, role)
    others = tuple(f for f in scenario.flights if f.id != flight_id)
    with_person = _copy(scenario, flights=(*others, seated))
    without = _copy(scenario, flights=(*others, _without(flight, {astronaut, replaced or ""})))
    seat = next(s for s in seated.seats if s.astronaut == astronaut)
    back = with_person.flight(seat.returns_on) if seat.returns_on and with_person.has(
        "flights", seat.returns_on) else seated
    landing = max(_landing(back), seated.launch_day)
    horizon = (min(scenario.settings.horizon_start, seated.launch_day),
               max(scenario.settings.horizon_end, landing, _landing(seated)))
    stay = next((s for s in CheckContext(with_person, horizon).stays
                 if s.astronaut == astronaut and s.up.id == flight_id), None)
    if stay is not None:
        back, landing = stay.back, stay.landing_day
    families = [f for f in FAMILIES if f != "window"]
    before_report = check_scenario(without, families=families, horizon=horizon)
    after = check_scenario(with_person, families=families, horizon=horizon)
    before = [v for v in before_report.violations if v.severity is Severity.VIOLATION]
    hard_after = [v for v in after.violations if v.severity is Severity.VIOLATION and not v.waived]
    caused = _caused(hard_after, before)
    added = list(caused)
    notes: list[str] = []
    if replaced:
        notes.append(f"{flight.name} has no free {chosen.value if chosen else ''} seat; {astronaut} was "
                     f"checked in place of {replaced}")
    if back.id != seated.id:
        notes.append(f"the seat returns on {back.name} ({back.id}): home on {landing.isoformat()}, "
                     f"{(landing - seated.launch_day).days} days after launch")
    if any(seat.astronaut is None for seat in seated.seats):
        # A flight whose other seats the plan has yet to fill is short of crew because of them, not this seat.
        thin = [v for v in added if v.rule in ("crew.size", "station.crew")]
        if thin:
            added = [v for v in added if v not in thin]
            notes.append(f"{flight.name} has seats still open in the plan; its crew size and the station's minimum "
                         "crew are checked once they are filled (not counted against this seat)")
    open_roles = [r for r in (_open_role(v, seated) for v in added) if r is not None]
    if open_roles:
        added = [v for v in added if _open_role(v, seated) is None]
        notes.append(f"{flight.name}'s {', '.join(r.value for r in dict.fromkeys(open_roles))} seat is still "
                     "open in the plan (not counted against this seat)")
    notes += [f"already a problem without this seat (not counted against it): {v.message}" for v in hard_after
              if astronaut in v.entities.astronauts and v not in caused]
    notes += [f"resolves: {v.message}" for v in _caused([v for v in before if not v.waived], hard_after)]
    notes += [w.message for w in after.warnings if astronaut in w.entities.astronauts]

    training: TrainingPlan | None = None
    training_error: str | None = None
    if any(v.rule == "qualification" and v.entities.qualifications for v in added):
        try:
            if chosen is None:
                training = plan_for_seat(with_person, astronaut, flight_id, chosen)
            else:
                # Valid from launch through the landing of the vehicle that brings the person home.
                training = earliest_ready(with_person, astronaut, seat_qualifications(with_person, flight_id, chosen),
                                          valid_through=landing, exclude_flight=flight_id)
        except TrainingError as error:
            training_error = str(error)
    reasons = [_reason(scenario, v, seated, training, training_error) for v in added]
    # Permanent bars first, laws before export control, access and policy rules (the law is the reason a
    # planner quotes; a policy that repeats it comes after).
    kinds = {f"legality.{rule.id}": _KIND_ORDER.get(rule.kind.value, 9) for rule in scenario.rules}
    reasons.sort(key=lambda r: (not r.permanent, r.fixed_by_training, kinds.get(r.rule, 9)))
    return Explanation(astronaut, flight_id, chosen, seated.launch_day, tuple(reasons), tuple(notes), training,
                       training_error, tuple(added), back.id, landing)


def _landing(flight: Flight) -> dt.date:
    when = flight.landing or flight.undocking
    return day_of(when) if when is not None else (flight.undocking_day() or flight.launch_day)


def _plan_text(training: TrainingPlan) -> str:
    steps = ", ".join(f"{s.course} {s.start.isoformat()} to {s.end.isoformat()}" for s in training.steps)
    return f"training plan: {steps}" if steps else "the qualifications already held"


def _reason(scenario: Scenario, v: Violation, flight: Flight, training: TrainingPlan | None,
            training_error: str | None) -> Reason:
    launch = flight.launch_day
    if v.rule == "qualification" and v.entities.qualifications:
        if training is None:
            return Reason(v.rule, f"{v.message}; no training path: {training_error}",
                          fix=f"a training path for {', '.join(v.entities.qualifications)} ({training_error})")
        trained = training.ready_day.isoformat()
        if training.ready_day <= launch:
            return Reason(v.rule, f"{v.message}; ready from {trained} after {_plan_text(training)} "
                          f"(launch {launch.isoformat()})", ready_from=training.ready_day, fixed_by_training=True)
        return Reason(v.rule, f"{v.message}; ready from {trained} after {_plan_text(training)}, after launch on "
                      f"{launch.isoformat()}: qualified for a flight launching on or after {trained}",
                      ready_from=training.ready_day)
    if v.rule == "qualification":
        # Language or category: no training plan in the scenario covers them.
        return Reason(v.rule, v.message, fix=v.fixes[0] if v.fixes else None)
    if v.rule.startswith("legality.") and scenario.has("rules", v.rule.removeprefix("legality.")):
        rule = scenario.rule(v.rule.removeprefix("legality."))
        active = active_intervals(rule, scenario)
        current = next(((a, b) for a, b in active if a <= v.first_day <= b), None)
        ready = None if current is None or current[1] >= MAX_DAY else current[1] + ONE_DAY
        when = f"the rule stops applying on {ready.isoformat()}" if ready else "the rule has no end in the scenario"
        fix = None
        if rule.unless_agreement and scenario.has("agreements", rule.unless_agreement):
            deal = scenario.agreement(rule.unless_agreement)
            until = deal.valid_until.isoformat() if deal.valid_until else "open-ended"
            if ready is not None and ready == deal.valid_from:
                when = f"allowed from {ready.isoformat()}, when {deal.name} comes into force"
            else:
                ended = (f"ended on {until}" if deal.valid_until and deal.valid_until < launch
                         else f"in force {deal.valid_from.isoformat()} to {until}")
                when = f"allowed only while {deal.name} is in force ({ended}); launch is {launch.isoformat()}; {when}"
            fix = f"{deal.name} (or a renewal) is in force at launch"
        return Reason(v.rule, f"{v.message} ({when})", rule.citation, ready, fix=fix, permanent=ready is None)
    if v.rule == "seat.fit":
        vtype = v.entities.vehicle_types[0] if v.entities.vehicle_types else flight.vehicle_type
        return Reason(v.rule, f"{v.message} (no date fixes this on this vehicle type)",
                      fix=f"fly them on a vehicle type whose seats fit them (not {vtype})")
    if v.rule in ("crew.rest", "crew.overlap"):
        ready = next((dt.date.fromisoformat(f.split()[-1]) for f in v.fixes if "on or after" in f), None)
        return Reason(v.rule, v.message, ready_from=ready or v.last_day + ONE_DAY)
    if v.rule == "crew.available":
        return _availability(scenario, v, flight)
    return Reason(v.rule, v.message, v.citation, fix=v.fixes[0] if v.fixes else None)


def _availability(scenario: Scenario, v: Violation, flight: Flight) -> Reason:
    person = scenario.astronaut(v.entities.astronauts[0]) if v.entities.astronauts else None
    if v.entities.events:
        event = next((e for e in scenario.events if e.id == v.entities.events[0]), None)
        until = day_of(event.until) if event is not None and event.until else None
        return Reason(v.rule, v.message, ready_from=until, fix=None if until else "the grounding lifted")
    if person is not None and person.available_from and flight.launch_day < person.available_from:
        return Reason(v.rule, v.message, ready_from=person.available_from)
    if person is not None and person.available_until:
        return Reason(v.rule, v.message, fix=f"a stay ending by {person.available_until.isoformat()}")
    return Reason(v.rule, v.message, fix="medical clearance")

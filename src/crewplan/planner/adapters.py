"""The planner's only doors into the other layers: eligibility, training, launch windows, the checker.

Each function wraps one API of another layer (rules, training, orbit, check) so that a change there is
one edit here. These are data preparation (which astronaut may sit where, when they can be ready, which
days a site can launch); the CP-SAT constraints themselves are the planner's own reading of the rules.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from crewplan.domain import Astronaut, Flight, Role, Scenario, Station, VehicleType
from crewplan.rules import SeatFacts, active_intervals, rules_hit
from crewplan.rules.days import Interval, intersect


@dataclass(frozen=True)
class Readiness:
    """When a person can hold every qualification of a seat, and how much training that takes."""

    ready_day: dt.date | None
    training_days: int
    reason: str | None = None
    earned: tuple[tuple[str, dt.date, dt.date | None], ...] = ()
    """(qualification, earned day, expiry) of the qualifications the training plan adds."""
    valid_until: dt.date | None = None
    """The first day one of the seat's qualifications has expired (None: never)."""
    steps: tuple[tuple[str, dt.date, dt.date], ...] = ()
    """(course, first day, day the qualifications are earned) of each course session the plan books."""


def readiness(scenario: Scenario, astronaut: str, qualifications: tuple[str, ...], *, not_before: dt.date,
              valid_through: dt.date, by: dt.date | None = None,
              blocked: tuple[tuple[dt.date, dt.date], ...] = ()) -> Readiness:
    """Earliest day ``astronaut`` holds ``qualifications`` valid through ``valid_through`` (training layer);
    with ``by``, the latest training that has them held by that day."""
    from crewplan.training import TrainingError, earliest_ready

    if not qualifications:
        return Readiness(not_before, 0)
    try:
        plan = earliest_ready(scenario, astronaut, qualifications, not_before=not_before,
                              valid_through=valid_through, by=by, blocked=blocked)
    except TrainingError as error:
        return Readiness(None, 0, str(error))
    days = sum((s.end - s.start).days for s in plan.steps)
    earned = tuple((q, s.end, s.expires) for s in plan.steps for q in s.grants)
    person = scenario.astronaut(astronaut)
    ends: list[dt.date] = []
    for q in qualifications:
        got = [e for (g, _, e) in earned if g == q]
        if got:
            if all(e is not None for e in got):
                ends.append(max(e for e in got if e is not None))
            continue
        held = [h for h in person.qualifications if h.qualification == q
                and (h.expires is None or h.expires > valid_through)]
        if held and all(h.expires is not None for h in held):
            ends.append(max(h.expires for h in held if h.expires is not None))
    steps = tuple((s.course, s.start, s.end) for s in plan.steps)
    return Readiness(plan.ready_day, days, None, earned, min(ends) if ends else None, steps)


class Legality:
    """Which legality rules forbid a person a flight, on which days (the rules layer)."""

    def __init__(self, scenario: Scenario) -> None:
        self.scenario = scenario
        self.active: dict[str, list[Interval]] = {r.id: active_intervals(r, scenario) for r in scenario.rules}
        self.stations = {s.id: s for s in scenario.stations}

    def forbidding(self, person: Astronaut, flight: Flight, vtype: VehicleType, days: Interval,
                   co_crew: tuple[Astronaut, ...] = ()) -> list[str]:
        """Ids of ``forbid`` rules that hold for ``person`` on ``flight`` on some day of ``days``."""
        if not self.scenario.rules:
            return []
        station: Station = self.stations[flight.station]
        facts = SeatFacts(person, flight, vtype, station, co_crew)
        out = []
        for hit in rules_hit(self.scenario, facts, self.active):
            if hit.forbids and intersect([days], hit.active) and not _waived(self.scenario, hit.rule.id, person.id,
                                                                               flight.id):
                out.append(hit.rule.id)
        return out

    def has_co_crew_rules(self) -> bool:
        return any(_mentions_co_crew(r.when) for r in self.scenario.rules)


def _mentions_co_crew(cond: Any) -> bool:
    if cond is None:
        return False
    if cond.co_crew_agency or cond.co_crew_nationality:
        return True
    return any(_mentions_co_crew(c) for c in (*cond.all, *cond.any, cond.not_))


def _waived(scenario: Scenario, rule_id: str, person: str, flight: str) -> bool:
    """A waiver that covers every day of this person's finding under ``legality.<rule_id>``."""
    from crewplan.domain import WaiverScope

    for w in scenario.waivers:
        if w.rule not in (rule_id, f"legality.{rule_id}") or w.start or w.end:
            continue
        if w.scope is WaiverScope.RULE:
            return True
        if (not w.astronauts or person in w.astronauts) and (not w.flights or flight in w.flights):
            return True
    return False


def misfits(person: Astronaut, vtype: VehicleType) -> list[str]:
    from crewplan.check.seatfit import misfits as check_misfits

    return check_misfits(person, vtype.seat_fit)


def window_days(scenario: Scenario, station: Station, pairs: list[tuple[str, str]], first: dt.date,
                last: dt.date) -> dict[tuple[str, str], dict[dt.date, dt.datetime]] | None:
    """Usable launch days (with the recommended liftoff) per (site, vehicle type), from the orbit layer.

    Returns ``None`` when the orbit layer cannot give windows for this station (no element sets, sgp4
    failure); the caller then treats every day as a launch day and says so.
    """
    try:
        from crewplan.errors import CrewplanError
        from crewplan.orbit.elements import station_elements
        from crewplan.orbit.propagate import predictable_span
        from crewplan.orbit.windows import find_windows_many
    except ImportError:
        return None
    sites = {s.id: s for s in scenario.launch_sites}
    vtypes = {v.id: v for v in scenario.vehicle_types}
    try:
        records = station_elements(station)
        start = dt.datetime(first.year, first.month, first.day, tzinfo=dt.UTC)
        end = dt.datetime(last.year, last.month, last.day, tzinfo=dt.UTC) + dt.timedelta(days=1)
        predictable_span(records, start, end, f"the element sets of {station.id}")
        found = find_windows_many(records, [(sites[s], vtypes[v]) for s, v in pairs], start, end,
                                  station=station.id)
    except (CrewplanError, KeyError, ValueError):
        return None
    out: dict[tuple[str, str], dict[dt.date, dt.datetime]] = {}
    for pair, windows in zip(pairs, found, strict=True):
        days: dict[dt.date, dt.datetime] = {}
        for w in windows:
            if w.usable:
                days.setdefault(w.launch_utc.date(), w.launch_utc.replace(microsecond=0))
        out[pair] = days
    return out


def run_checker(scenario: Scenario) -> Any:
    """The independent checker's report on ``scenario``."""
    from crewplan.check import check_scenario

    return check_scenario(scenario)


def role_spec(vtype: VehicleType, role: Role) -> Any:
    return vtype.role(role)

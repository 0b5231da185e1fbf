"""Rule 6: people aboard at most the handover crew always, and more than the nominal crew for at most
``handover_days_max`` days in a row, read exactly as the checker reads it.

The handover cap is one cumulative constraint per station. For the nominal part: a run of days above the
nominal crew begins on a day someone arrives, so it is enough that for each crewed arrival on day ``l`` one
of the days ``l .. l + H`` has at most the nominal crew aboard. For each such day ``d`` a literal
``ok(station, d)`` enforces ``aboard(d) <= nominal``; ``aboard(d)`` sums, per occupancy that may cover ``d``,
a variable at least its head count when it does cover ``d`` (coverage read off the launch-day booleans,
or off reified bounds where a stay is free). Arrivals closer than ``H`` days are allowed whenever the
crew aboard in fact drops back (as MS-23/Crew-6 did 14 days apart). On days a ``station.capacity`` waiver
covers (the agencies accepted more aboard, as the ISS held 9-12 in 2024) neither limit binds, as the checker
reads it.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from ortools.sat.python import cp_model

from crewplan.planner.constraints.common import Occupancy, interval, launched_by, occupancies
from crewplan.planner.instance import Instance
from crewplan.planner.objective import ObjectiveTerm
from crewplan.planner.variables import FlightVars, Variables
from crewplan.rules.waivers import waiver_rule_matches


def build(model: cp_model.CpModel, v: Variables, inst: Instance) -> list[ObjectiveTerm]:
    by_station: dict[str, list[Occupancy]] = defaultdict(list)
    for occ in occupancies(model, v, inst):
        if v.flights[occ.back].info.undock_hi < 0:
            continue
        by_station[occ.station].append(occ)
    for station in inst.scenario.stations:
        occs = by_station.get(station.id, [])
        if not occs:
            continue
        cap = station.capacity
        full = [interval(model, o.start, o.end, o.present, f"aboard({o.key})") for o in occs]
        demands = [o.demand for o in occs]
        limit = cap.handover_crew
        first = min(v.flights[o.up].info.launch_lo for o in occs)
        last = max(v.flights[o.back].info.undock_hi for o in occs) + 1
        open_days = _unwaived_runs(inst, first, last)
        if open_days != [(first, last)]:
            # Waived days (a station.capacity waiver: the agencies accepted more aboard) hold any number:
            # the limit is raised by the most that can be aboard, and fixed blocks use that margin up on every
            # day no waiver covers.
            margin = sum(1 if o.rider else min(len(o.people), v.flights[o.up].info.seats) for o in occs)
            for a, b in open_days:
                full.append(model.new_fixed_size_interval_var(a, b - a, f"unwaived({station.id},{a})"))
                demands.append(margin)
            limit += margin
        model.add_cumulative(full, demands, limit)
        lit = v.assumption(f"station.capacity:{station.id}", rule="station.capacity", station=station.id)
        _nominal_runs(model, v, station.id, occs, cap.nominal_crew, cap.handover_days_max, lit)
    return []


def _nominal_runs(model: cp_model.CpModel, v: Variables, station: str, occs: list[Occupancy], nominal: int,
                  hand: int, lit: Any) -> None:
    days = _Days(model, v, station, occs, nominal)
    for fid, fv in v.flights.items():
        info = fv.info
        if info.station != station or info.launch_hi + hand < 0 or not any(o.up == fid for o in occs):
            continue
        for day, launched in fv.launch_at.items():
            # The run may go on through days a waiver accepts (as the checker reads it), to the first one
            # it does not.
            last = day + hand
            while _waived(v.inst, last) and last <= v.inst.horizon_end:
                last += 1
            checks = [days.ok(d) for d in range(day, last + 1)]
            if any(c is True for c in checks):
                continue
            model.add_bool_or([c for c in checks if c is not False]).only_enforce_if([launched, fv.crewed, lit])


def _waived(inst: Instance, day: int) -> bool:
    """Whether a ``station.capacity`` waiver covers ``day`` (its dates; one that names people is left to the
    checker: who is aboard is a plan decision)."""
    when = inst.date(day)
    return any(waiver_rule_matches(w, "station.capacity") and not w.astronauts
               and (w.start is None or w.start <= when) and (w.end is None or when <= w.end)
               for w in inst.scenario.waivers)


def _unwaived_runs(inst: Instance, first: int, last: int) -> list[tuple[int, int]]:
    """The runs ``[a, b)`` of days in ``[first, last)`` that no capacity waiver covers."""
    out: list[tuple[int, int]] = []
    start = None
    for day in range(first, last):
        if _waived(inst, day):
            if start is not None:
                out.append((start, day))
                start = None
        elif start is None:
            start = day
    if start is not None:
        out.append((start, last))
    return out


class _Days:
    """``ok(d)``: a literal that holds only if at most the nominal crew is aboard on day ``d`` (``True`` when no
    plan can put more aboard)."""

    def __init__(self, model: cp_model.CpModel, v: Variables, station: str, occs: list[Occupancy],
                 nominal: int) -> None:
        self.model, self.v, self.station, self.occs, self.nominal = model, v, station, occs, nominal
        self.cache: dict[int, Any] = {}

    def ok(self, day: int) -> Any:
        if day in self.cache:
            return self.cache[day]
        here = [o for o in self.occs if self._may_cover(o, day)]
        if sum(self._most(o) for o in here) <= self.nominal:
            self.cache[day] = True
            return True
        parts = [self._aboard(o, day) for o in here]
        literal = self.model.new_bool_var(f"nominal_ok({self.station},{day})")
        self.model.add(sum(parts) <= self.nominal).only_enforce_if(literal)
        self.cache[day] = literal
        return literal

    def _most(self, o: Occupancy) -> int:
        """The most people the occupancy can hold."""
        return 1 if o.rider else min(len(o.people), self.v.flights[o.up].info.seats)

    def _may_cover(self, o: Occupancy, day: int) -> bool:
        up, back = self.v.flights[o.up].info, self.v.flights[o.back].info
        return up.launch_lo <= day <= back.undock_hi

    def _aboard(self, o: Occupancy, day: int) -> Any:
        """At least the occupancy's head count when it covers ``day``, else free down to 0."""
        up, back = self.v.flights[o.up], self.v.flights[o.back]
        started = launched_by(up, day)
        staying = _still_docked(self.model, back, day, f"{self.station},{o.key},{day}")
        most = self._most(o)
        if isinstance(started, int) and isinstance(staying, int) and started and staying and not o.rider:
            return o.demand
        part = self.model.new_int_var(0, most, f"aboard({o.key},{day})")
        if o.rider:  # demand 1, present the return literal
            self.model.add(part >= started + staying + o.present - 2)
        else:  # demand is the class's head count (0 when unused)
            self.model.add(part >= o.demand - most * (2 - started - staying))
        return part


def _still_docked(model: cp_model.CpModel, fv: FlightVars, day: int, name: str) -> Any:
    """1 when the flight undocks on or after ``day`` (its people still aboard); may be 0 when it can be earlier."""
    info = fv.info
    if info.undock_lo >= day:
        return 1
    if info.undock_hi < day:
        return 0
    lo, hi = info.stay_days
    if lo == hi:
        return sum(b for d, b in fv.launch_at.items() if d + lo >= day)
    staying = model.new_bool_var(f"docked({name})")
    model.add(fv.undock <= day - 1).only_enforce_if(~staying)
    return staying

"""Rule 13's station part: while a station is crewed, at least its ``min_crew`` aboard; from its
``continuous_from`` day on, never nobody (relaxable per station: ``station.crew:<station>``).

In a replan the rule is a heavily weighted goal instead (``station_crew_shortfalls``, like the lifeboat gap):
a disruption may leave no plan that keeps it (the crew qualified to fly next is not ready in time), and the
plan then keeps the shortfalls as few as it can and reports them as forced.

People aboard only drop on the day after someone's vehicle undocks, so the rule is checked exactly on those
days: for each possible undocking day ``u`` of any stay, the head count on ``u + 1``. The count is exact
(not a bound): each stay contributes its head count when its up-flight has launched and its home vehicle is
still docked, read off the launch-day booleans (or, where a stay is free, a reified bound).
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from ortools.sat.python import cp_model

from crewplan.planner.constraints.common import Occupancy, launched_by, occupancies
from crewplan.planner.instance import Instance
from crewplan.planner.objective import ObjectiveTerm
from crewplan.planner.variables import FlightVars, Variables

SHORTFALL_WEIGHT = 5000.0
"""Replan: per day the crew drops below the station's minimum (or to nobody while continuously crewed)."""


def build(model: cp_model.CpModel, v: Variables, inst: Instance) -> list[ObjectiveTerm]:
    shortfalls: list[Any] = []
    by_station: dict[str, list[Occupancy]] = defaultdict(list)
    for occ in occupancies(model, v, inst):
        if v.flights[occ.back].info.undock_hi >= 0:
            by_station[occ.station].append(occ)
    for station in inst.scenario.stations:
        occs = by_station.get(station.id, [])
        if not occs or (station.min_crew is None and station.continuous_from is None):
            continue
        lit = v.assumption(f"station.crew:{station.id}", rule="station.crew", station=station.id)
        since = inst.day(station.continuous_from) if station.continuous_from else None
        counter = _Count(model, v, station.id)
        for day in _drop_days(v, occs, inst.horizon_end):
            here = [o for o in occs if _may_cover(v, o, day)]
            aboard = sum(counter.part(o, day) for o in here)
            keep = [lit]
            if inst.replan:
                short = model.new_bool_var(f"crew_short({station.id},{day})")
                shortfalls.append(short)
                keep = [lit, ~short]
            if since is not None and day >= since:
                model.add(aboard >= (station.min_crew or 1)).only_enforce_if(keep)
            elif station.min_crew:
                crewed = model.new_bool_var(f"crewed({station.id},{day})")
                model.add(aboard >= station.min_crew).only_enforce_if([crewed, *keep])
                model.add(aboard == 0).only_enforce_if([~crewed, *keep])
    if not shortfalls:
        return []
    return [ObjectiveTerm("station_crew_shortfalls", SHORTFALL_WEIGHT, sum(shortfalls), -1, "days crew drops")]


def _drop_days(v: Variables, occs: list[Occupancy], last: int) -> list[int]:
    """The days after each possible undocking of a stay's home vehicle, within the planned period."""
    days: set[int] = set()
    for o in occs:
        info = v.flights[o.back].info
        days.update(d + 1 for d in range(max(info.undock_lo, -1), info.undock_hi + 1))
    return sorted(d for d in days if 0 <= d <= last)


def _may_cover(v: Variables, o: Occupancy, day: int) -> bool:
    return v.flights[o.up].info.launch_lo <= day <= v.flights[o.back].info.undock_hi


class _Count:
    """Exact 0/1 expressions for "this stay covers day d", and the head count it adds."""

    def __init__(self, model: cp_model.CpModel, v: Variables, station: str) -> None:
        self.model, self.v, self.station = model, v, station
        self.docked: dict[tuple[str, int], Any] = {}

    def part(self, o: Occupancy, day: int) -> Any:
        cover = self._cover(o, day)
        if isinstance(cover, int) and cover == 0:
            return 0
        if o.rider:
            if isinstance(cover, int):
                return o.present
            both = self.model.new_bool_var(f"aboard_exact({o.key},{day})")
            self.model.add_implication(both, o.present)
            self.model.add(both <= cover)
            self.model.add(both >= o.present + cover - 1)
            return both
        if isinstance(cover, int):
            return o.demand
        most = min(len(o.people), self.v.flights[o.up].info.seats)
        count = self.model.new_int_var(0, most, f"aboard_exact({o.key},{day})")
        self.model.add(count <= o.demand)
        self.model.add(count <= most * cover)
        self.model.add(count >= o.demand - most * (1 - cover))
        return count

    def _cover(self, o: Occupancy, day: int) -> Any:
        up, back = self.v.flights[o.up], self.v.flights[o.back]
        lo, hi = back.info.stay_days
        if o.up == o.back and lo == hi:
            return _between(up, day - lo, day)
        started, staying = launched_by(up, day), self._staying(back, day)
        if isinstance(started, int) and isinstance(staying, int):
            return started * staying
        if isinstance(started, int):
            return staying if started else 0
        if isinstance(staying, int):
            return started if staying else 0
        both = self.model.new_bool_var(f"covers({o.key},{day})")
        self.model.add(both <= started)
        self.model.add(both <= staying)
        self.model.add(both >= started + staying - 1)
        return both

    def _staying(self, fv: FlightVars, day: int) -> Any:
        """1 exactly when the flight undocks on or after ``day``."""
        info = fv.info
        if info.undock_lo >= day:
            return 1
        if info.undock_hi < day:
            return 0
        lo, hi = info.stay_days
        if lo == hi:
            return sum(b for d, b in fv.launch_at.items() if d + lo >= day)
        key = (info.id, day)
        if key not in self.docked:
            staying = self.model.new_bool_var(f"docked_exact({info.id},{day})")
            self.model.add(fv.undock >= day).only_enforce_if(staying)
            self.model.add(fv.undock <= day - 1).only_enforce_if(~staying)
            self.docked[key] = staying
        return self.docked[key]


def _between(fv: FlightVars, first: int, last: int) -> Any:
    """1 exactly when the flight launches on a day in ``first .. last``."""
    if first <= fv.info.launch_lo and fv.info.launch_hi <= last:
        return 1
    if fv.info.launch_hi < first or fv.info.launch_lo > last:
        return 0
    return sum(b for d, b in fv.launch_at.items() if first <= d <= last)

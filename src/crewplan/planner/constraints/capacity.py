"""Rule 6: people aboard at most the handover crew always, and more than the nominal crew for at most
``handover_days_max`` days in a row.

The nominal part is encoded soundly but conservatively with intervals instead of day counters: every
stay counts toward the nominal limit only from ``H`` days after its arrival (its *grace*), and the graces
of crewed arrivals at one station do not overlap or touch. Then the people beyond the nominal crew on any
day are all within one arrival's grace, so no run above nominal lasts more than ``H`` days.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from ortools.sat.python import cp_model

from crewplan.planner.constraints.common import interval, occupancies
from crewplan.planner.instance import Instance
from crewplan.planner.objective import ObjectiveTerm
from crewplan.planner.variables import Variables


def build(model: cp_model.CpModel, v: Variables, inst: Instance) -> list[ObjectiveTerm]:
    by_station: dict[str, list[Any]] = defaultdict(list)
    for occ in occupancies(model, v, inst):
        if v.flights[occ.back].info.undock_hi < 0:
            continue
        by_station[occ.station].append(occ)
    for station in inst.scenario.stations:
        occs = by_station.get(station.id, [])
        if not occs:
            continue
        cap = station.capacity
        hand = cap.handover_days_max
        full = [interval(model, o.start, o.end, o.present, f"aboard({o.key})") for o in occs]
        model.add_cumulative(full, [o.demand for o in occs], cap.handover_crew)
        shrunk, demands = [], []
        for o in occs:
            grace = min(hand, o.min_days)
            shrunk.append(interval(model, o.start + grace, o.end, o.present, f"nominal({o.key})"))
            demands.append(o.demand)
        lit = v.assumption(f"station.capacity:{station.id}", rule="station.capacity", station=station.id)
        if v.use_assumptions:
            # Cumulative constraints take no enforcement literal: when explaining, a relaxed station gets
            # a capacity as large as its crowd can be.
            big = model.new_int_var(cap.nominal_crew, cap.nominal_crew + 100, f"nominal_cap({station.id})")
            model.add(big == cap.nominal_crew).only_enforce_if(lit)
            model.add_cumulative(shrunk, demands, big)
        else:
            model.add_cumulative(shrunk, demands, cap.nominal_crew)
        if hand > 0:
            graces = []
            for fid, fv in v.flights.items():
                info = fv.info
                if info.station != station.id or info.launch_hi + hand < 0:
                    continue
                graces.append(model.new_optional_fixed_size_interval_var(fv.launch, hand + 1, fv.crewed,
                                                                         f"grace({fid})"))
            if len(graces) > 1:
                model.add_no_overlap(graces)
    return []

"""Optional flights (an uncrewed relief of a ready vehicle): each may launch on its own "not flown" day far
past the horizon instead of a real one. Flown, it costs ``added_flight``; not flown, nobody may count on it:
no one goes home in it (its seats are not there)."""

from __future__ import annotations

from typing import Any

from ortools.sat.python import cp_model

from crewplan.planner.instance import Instance
from crewplan.planner.objective import ObjectiveTerm
from crewplan.planner.variables import Variables


def build(model: cp_model.CpModel, v: Variables, inst: Instance) -> list[ObjectiveTerm]:
    flown: Any = 0
    for fid, fv in v.flights.items():
        skip = fv.info.skip_day
        if skip is None:
            continue
        gone = fv.launch_at[skip]
        flown += 1 - gone
        for (_key, back), y in v.y.items():
            if back == fid and not isinstance(y, int):
                model.add_implication(gone, ~y)
        for sc in inst.classes:
            if sc.returns_on == fid or sc.flight == fid:
                for c in sc.candidates:
                    model.add_implication(gone, ~v.x[(sc.key, c.astronaut)])
    if isinstance(flown, int):
        return []
    return [ObjectiveTerm("flights_added", inst.scenario.settings.weights.added_flight, flown, -1, "flights")]

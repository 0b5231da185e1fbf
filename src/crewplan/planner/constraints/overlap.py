"""Rule 2: a person is on at most one flight at a time and rests ``rest_days_min`` between landing and
the next launch. One no-overlap constraint per person over [launch, landing + rest) of every mission they
may fly (open-seat candidacies, decided seats with each possible return, decided past missions)."""

from __future__ import annotations

import itertools
from collections import defaultdict
from typing import Any

from ortools.sat.python import cp_model

from crewplan.planner.constraints.common import interval, occupancies
from crewplan.planner.instance import Instance
from crewplan.planner.objective import ObjectiveTerm
from crewplan.planner.variables import Variables


def build(model: cp_model.CpModel, v: Variables, inst: Instance) -> list[ObjectiveTerm]:
    rest = max(inst.rest_days, 1)
    per_person: dict[str, list[Any]] = defaultdict(list)
    spans: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for occ in occupancies(model, v, inst):
        lo = v.flights[occ.up].info.launch_lo
        hi = v.flights[occ.back].info.undock_hi + rest
        for person, lit in occ.people:
            iv = interval(model, occ.start, occ.end - 1 + rest, lit, f"mission({occ.key},{person})")
            per_person[person].append(iv)
            spans[person].append((lo, hi))
    for h in inst.history:
        if h.astronaut in per_person:
            per_person[h.astronaut].append(model.new_fixed_size_interval_var(h.launch, h.landing + rest - h.launch,
                                                                             f"flown({h.astronaut},{h.launch})"))
            spans[h.astronaut].append((h.launch, h.landing + rest))
    for person, ivs in per_person.items():
        if len(ivs) > 1 and _may_meet(spans[person]):
            model.add_no_overlap(ivs)
    return []


def _may_meet(spans: list[tuple[int, int]]) -> bool:
    spans = sorted(spans)
    return any(b[0] < a[1] for a, b in itertools.pairwise(spans)) or any(
        s[0] < t[1] and t[0] < s[1] for i, s in enumerate(spans) for t in spans[i + 1:])

"""Rule 2: a person is on at most one flight at a time and rests between landing and the next launch
(``rest_days_min``; ``ground_days_after_long_min`` after a long-duration mission), over [launch, landing +
rest) of every mission they may fly (open-seat candidacies, decided seats with each possible return, decided
past missions). A mission whose length the model decides gets the rest of its longest possible length (the
same as the checker's whenever the length range does not straddle ``long_mission_days_min``).

Where every mission of a person has fixed days (the usual case in planning: launch days and stays are
decided by the programme), the rule is a set of cliques: at each mission's start, at most one of the
missions covering that day. These ``at_most_one`` constraints are exact for intervals (Helly property) and
give the LP relaxation far more than a no-overlap constraint; missions that meet no other are left out.
Otherwise one no-overlap constraint per person over optional intervals.
"""

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
    missions: dict[str, list[tuple[Any, Any, Any, str]]] = defaultdict(list)
    spans: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for occ in occupancies(model, v, inst):
        lo = v.flights[occ.up].info.launch_lo
        last = v.flights[occ.back].info.undock_hi
        rest = max(inst.rest_after(last - lo), 1)
        for person, lit in occ.people:
            missions[person].append((occ.start, occ.end - 1 + rest, lit, f"mission({occ.key},{person})"))
            spans[person].append((lo, last + rest))
    for h in inst.history:
        if h.astronaut in missions:
            rest = max(inst.rest_after(h.landing - h.launch), 1)
            missions[h.astronaut].append((h.launch, h.landing + rest, 1, f"flown({h.astronaut},{h.launch})"))
            spans[h.astronaut].append((h.launch, h.landing + rest))
    for person, ms in missions.items():
        if len(ms) <= 1 or not _may_meet(spans[person]):
            continue
        if all(isinstance(s, int) and isinstance(e, int) for s, e, _, _ in ms):
            for free, decided in fixed_cliques([(s, e, lit) for s, e, lit, _ in ms]):
                if decided:
                    for lit in free:
                        model.add(lit == 0)
                else:
                    model.add_at_most_one(free)
            continue
        ivs = []
        for s, e, lit, name in ms:
            if isinstance(lit, int):
                ivs.append(model.new_fixed_size_interval_var(s, e - s, name))
            else:
                ivs.append(interval(model, s, e, lit, name))
        model.add_no_overlap(ivs)
    return []


def fixed_cliques(items: list[tuple[int, int, Any]]) -> list[tuple[list[Any], bool]]:
    """Maximal sets of half-open day ranges [start, end) sharing a day: (free literals, whether a decided
    mission, a constant 1, is among them). A constant 0 is dropped; cliques of one free literal and no
    decided mission are left out."""
    events = sorted([(s, 1, i) for i, (s, e, _) in enumerate(items) if e > s]
                    + [(e, 0, i) for i, (s, e, _) in enumerate(items) if e > s])
    active: set[int] = set()
    grew = False
    out: list[list[Any]] = []
    for _day, kind, i in events:  # ends (kind 0) sort before starts on the same day: half-open ranges
        if kind == 0:
            if grew and len(active) > 1:
                out.append([items[j][2] for j in sorted(active)])
            grew = False
            active.discard(i)
        else:
            active.add(i)
            grew = True
    cliques: list[tuple[list[Any], bool]] = []
    for lits in out:
        decided = any(isinstance(lit, int) and lit >= 1 for lit in lits)
        free = [lit for lit in lits if not isinstance(lit, int)]
        if (decided and free) or len(free) > 1:
            cliques.append((free, decided))
    return cliques


def _may_meet(spans: list[tuple[int, int]]) -> bool:
    spans = sorted(spans)
    return any(b[0] < a[1] for a, b in itertools.pairwise(spans)) or any(
        s[0] < t[1] and t[0] < s[1] for i, s in enumerate(spans) for t in spans[i + 1:])

"""Rule 7: every day, every person aboard has a seat on a docked, sound lifeboat that fits them.

Each person relies on the vehicle they came up in, then on the vehicle they go home in (seat liners move
with them, so no third vehicle is assumed). For a stay up on ``f`` and home on ``b``:

- ``b`` is a lifeboat, within its docked life and not damaged on any day until it undocks;
- ``b`` is still docked when the person arrives (``undock(b) >= launch(f)``);
- when ``b != f``, ``b`` docks by the day after ``f`` stops covering them: ``f`` undocks, is damaged, or
  passes its docked life (``launch(b) <= cover_end(f) + 1``);
- a vehicle brings home at most its seats; and on each day someone who relies on it arrives, those going
  home in it who are up there by then and its own crew still waiting for their later vehicle fit in its
  seats (a visitor may take the seat of someone who has moved to the vehicle that came for them).

Planned seats must meet these exactly (relaxable per flight: ``lifeboat:<flight>``). A decided person
caught by a disruption (replan) may have a forced gap: it is counted in person-days and penalised
(``lifeboat_gap_days``), and the plan reports it.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from ortools.sat.python import cp_model

from crewplan.planner.constraints.common import Occupancy, launched_by, occupancies
from crewplan.planner.instance import FlightInfo, Instance
from crewplan.planner.objective import LIFEBOAT_GAP_WEIGHT, ObjectiveTerm
from crewplan.planner.variables import Variables


def build(model: cp_model.CpModel, v: Variables, inst: Instance) -> list[ObjectiveTerm]:
    gaps: list[Any] = []
    home: dict[str, list[tuple[Occupancy, Any]]] = defaultdict(list)
    waiting: dict[str, list[tuple[Occupancy, Any]]] = defaultdict(list)
    for occ in occupancies(model, v, inst):
        f, b = v.flights[occ.up], v.flights[occ.back]
        if b.info.undock_hi < 0:
            continue
        if _decided(f.info) and _decided(b.info) and not (occ.rider and len(_options(inst, occ)) > 1):
            # Nothing to decide: a decided stay is the checker's business, not the planner's.
            home[occ.back].append((occ, 1 if occ.rider else occ.demand))
            continue
        if occ.rider and inst.replan:
            gap = model.new_int_var(0, 4000, f"gap({occ.key})")
            model.add(gap == 0).only_enforce_if(~occ.present)
            gaps.append(gap)
            slack: Any = gap
            enforce = [occ.present]
        else:
            slack = 0
            lit = v.assumption(f"lifeboat:{occ.up}", rule="lifeboat", flight=occ.up)
            enforce = [occ.present, lit]
        # The vehicle that brings them home must be a sound lifeboat until it leaves.
        if not b.info.lifeboat:
            model.add_bool_or([lit.Not() for lit in enforce])
        if b.info.damage_day is not None:
            # A damaged vehicle may not bring anyone home: they must be gone before the damage.
            model.add(b.undock <= b.info.damage_day - 1).only_enforce_if(enforce)
        model.add(b.undock - b.launch <= b.info.docked_life_days + slack).only_enforce_if(enforce)
        model.add(b.undock >= f.launch).only_enforce_if(enforce)
        if occ.up != occ.back:
            if f.info.lifeboat:
                model.add(b.launch <= f.undock + 1 + slack).only_enforce_if(enforce)
                model.add(b.launch <= f.launch + f.info.docked_life_days + 1 + slack).only_enforce_if(enforce)
                if f.info.damage_day is not None:
                    model.add(b.launch <= f.info.damage_day + slack).only_enforce_if(enforce)
            else:
                model.add(b.launch <= f.launch + slack).only_enforce_if(enforce)
            if b.info.launch_hi > f.info.launch_lo and not (occ.rider and inst.replan):
                waiting[occ.up].append((occ, occ.demand if not occ.rider else occ.present))
            elif b.info.launch_hi > f.info.launch_lo and f.info.lifeboat and f.info.damage_day is None:
                # Caught up there by a disruption, waiting for a later vehicle: either a seat of the vehicle
                # they came in is theirs meanwhile, or every day of the wait is a lifeboat gap day.
                seated = model.new_bool_var(f"waits_seated({occ.key})")
                model.add_implication(seated, occ.present)
                waiting[occ.up].append((occ, seated))
                model.add(slack >= b.launch - max(0, f.info.launch_lo)).only_enforce_if([occ.present, ~seated])
        home[occ.back].append((occ, occ.demand if not occ.rider else occ.present))
    for fid, fv in v.flights.items():
        if home.get(fid):
            model.add(sum(w for _, w in home[fid]) <= fv.info.seats)  # all aboard when it leaves
        if waiting.get(fid):
            _seats_while_waiting(model, v, fid, home.get(fid, []), waiting[fid])
    if not gaps:
        return []
    return [ObjectiveTerm("lifeboat_gap_days", LIFEBOAT_GAP_WEIGHT, sum(gaps), -1, "person-days")]


def _seats_while_waiting(model: cp_model.CpModel, v: Variables, fid: str, home: list[tuple[Occupancy, Any]],
                         waiting: list[tuple[Occupancy, Any]]) -> None:
    """The seats of ``fid`` on each day someone who relies on it arrives: those going home in it who are up
    there by then, and those who came up in it still waiting for their later vehicle (they move to it the day
    it docks), fit in its seats. A visitor going home in it may take a seat a waiting person has left."""
    fv = v.flights[fid]
    arrivals = {fid} | {o.up for o, _ in home if o.up != fid}
    for up in sorted(arrivals):
        for day, launched in v.flights[up].launch_at.items():
            parts = [_part(model, weight, _most(v, o), launched_by(v.flights[o.up], day), f"home({o.key},{day})")
                     for o, weight in home]
            for o, weight in waiting:
                here = launched_by(fv, day)
                gone = launched_by(v.flights[o.back], day)
                parts.append(_part(model, weight, _most(v, o), _and_not(here, gone), f"wait({o.key},{day})"))
            parts = [p for p in parts if not (isinstance(p, int) and p == 0)]
            if parts:
                model.add(sum(parts) <= fv.info.seats).only_enforce_if(launched)


def _most(v: Variables, o: Occupancy) -> int:
    return 1 if o.rider else max(1, min(len(o.people), v.flights[o.up].info.seats))


def _part(model: cp_model.CpModel, weight: Any, most: int, when: Any, name: str) -> Any:
    """At least ``weight`` (a head count up to ``most``, or a literal) when ``when`` (a 0/1 expression) holds,
    else free down to 0."""
    if isinstance(when, int):
        return weight if when else 0
    part = model.new_int_var(0, most, name)
    model.add(part >= weight - most * (1 - when))
    return part


def _and_not(here: Any, gone: Any) -> Any:
    """``here and not gone`` as a 0/1 expression, when both are constants or one decides it."""
    if isinstance(gone, int):
        return here if not gone else 0
    if isinstance(here, int):
        return (1 - gone) if here else 0
    return here - gone  # 1 only when here = 1 and gone = 0 (gone implies here: the later one launches later)


def _decided(info: FlightInfo) -> bool:
    return info.fixed and info.stay_days[0] == info.stay_days[1]


def _options(inst: Instance, occ: Occupancy) -> list[str]:
    rider = next((r for r in inst.riders if occ.key.startswith(r.key + "->")), None)
    return rider.returns if rider else [occ.back]

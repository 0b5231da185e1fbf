"""Replan: count each change from the previous manifest (a person added to or removed from a flight, or
moved from one seat to another, which is one change; a launch day, port or undocking day moved; a decided
person's return vehicle changed), penalised by ``change_from_previous`` per change, and the days each
person's landing moves (a decided person's, and the planned crew's of a flight whose stay changes: a crew
sent home months early is a larger change than one kept a week longer), penalised by ``landing_day_moved``
per person-day."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from ortools.sat.python import cp_model

from crewplan.planner.instance import Instance, Rider
from crewplan.planner.objective import ObjectiveTerm
from crewplan.planner.variables import Variables


def build(model: cp_model.CpModel, v: Variables, inst: Instance) -> list[ObjectiveTerm]:
    if not inst.replan:
        return []
    changes: Any = 0
    landings: Any = 0
    in_role: dict[tuple[str, str, str], list[Any]] = defaultdict(list)
    for (key, a), x in v.x.items():
        fid, role, _ = key.split("/")
        in_role[(fid, role, a)].append(x)
    riders = {(r.flight, r.astronaut) for r in inst.riders}
    removed: dict[str, Any] = defaultdict(int)
    added: dict[str, Any] = defaultdict(int)
    for fid, fv in v.flights.items():
        info = fv.info
        before = inst.previous_crew.get(fid, {})
        if not info.fixed:
            for a, role in before.items():
                if (fid, a) in riders:
                    continue
                xs = in_role.get((fid, role, a), [])
                removed[a] += 1 - sum(xs) if xs else 1
            for (f2, role, a), xs in in_role.items():
                if f2 == fid and before.get(a) != role:
                    added[a] += sum(xs)
        if info.previous_launch is not None and len(fv.launch_at) > 1:
            same = fv.launch_at.get(info.previous_launch)
            changes += (1 - same) if same is not None else 1
        if info.previous_port and len(fv.port_at) > 1 and info.previous_port in fv.port_at:
            changes += 1 - fv.port_at[info.previous_port]
        if info.previous_undock is not None and info.stay_days[0] != info.stay_days[1]:
            moved = model.new_bool_var(f"undock_moved({fid})")
            model.add(fv.undock == info.previous_undock).only_enforce_if(~moved)
            changes += moved
            if not info.fixed and before:
                # The crew planned on it see their mission lengthened or cut by as many days.
                landings += len(before) * _days_moved(model, fv.undock, info.previous_undock,
                                                      info.undock_lo, info.undock_hi, f"stay_moved({fid})")
    for a in set(removed) | set(added):
        changes += removed[a] + added[a] - _moved(model, a, removed[a], added[a])
    for r in inst.riders:
        if len(r.returns) > 1:
            changes += 1 - v.y[(r.key, r.previous)]
        landings += _landing_moved(model, v, inst, r)
    weights = inst.scenario.settings.weights
    return [ObjectiveTerm("changes_from_previous", weights.change_from_previous, changes, -1, "changes"),
            ObjectiveTerm("landing_days_moved", weights.landing_day_moved, landings, -1, "person-days")]


def _days_moved(model: cp_model.CpModel, day: Any, before: int, lo: int, hi: int, name: str) -> Any:
    """``|day - before|`` as a variable."""
    days = model.new_int_var(0, max(abs(hi - before), abs(before - lo)) + 1, name)
    model.add(days >= day - before)
    model.add(days >= before - day)
    return days


def _moved(model: cp_model.CpModel, person: str, removed: Any, added: Any) -> Any:
    """A person taken off one seat and put on another (a displaced crew re-flown, a role swapped) is one
    change, not two: the pairs matched between what they lost and what they got."""
    if isinstance(removed, int) and isinstance(added, int):
        return min(removed, added)
    if (isinstance(removed, int) and removed <= 0) or (isinstance(added, int) and added <= 0):
        return 0
    moved = model.new_int_var(0, 50, f"moved({person})")
    model.add(moved <= removed)
    model.add(moved <= added)
    return moved


def _landing_moved(model: cp_model.CpModel, v: Variables, inst: Instance, r: Rider) -> Any:
    """Days a decided person's landing moves from the previous plan (earlier or later), as an expression."""
    before = inst.flights[r.previous].previous_undock
    if before is None:
        return 0
    options = [(b, v.flights[b]) for b in r.returns]
    if all(fv.info.stay_days[0] == fv.info.stay_days[1] and len(fv.launch_at) == 1 for _, fv in options):
        return sum(abs(fv.info.undock_lo - before) * v.y[(r.key, b)] for b, fv in options
                   if not isinstance(v.y[(r.key, b)], int)) if len(options) > 1 else abs(
                       options[0][1].info.undock_lo - before)
    span = max(abs(fv.info.undock_hi - before) + abs(fv.info.undock_lo - before) for _, fv in options) + 1
    days = model.new_int_var(0, span, f"landing_moved({r.key})")
    for b, fv in options:
        home = v.y[(r.key, b)]
        model.add(days >= fv.undock - before).only_enforce_if(home)
        model.add(days >= before - fv.undock).only_enforce_if(home)
    return days

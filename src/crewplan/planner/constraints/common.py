"""Occupancies: who is aboard a station from which day to which, shared by capacity, lifeboat, overlap."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ortools.sat.python import cp_model

from crewplan.planner.instance import Instance
from crewplan.planner.variables import FlightVars, Variables


@dataclass
class Occupancy:
    """People of one seat class (or one decided person with one return choice) aboard a station.

    Aboard from ``start`` (launch day of ``up``) to ``end`` (exclusive: the day after ``back`` undocks).
    """

    key: str
    station: str
    up: str
    back: str
    start: Any
    end: Any
    demand: Any
    present: Any
    min_days: int
    rider: bool
    people: list[tuple[str, Any]]
    """(astronaut, literal) of who may be in it."""


def class_counts(model: cp_model.CpModel, v: Variables, inst: Instance) -> dict[str, tuple[Any, Any]]:
    """class key -> (count expression, used literal), created once per model."""
    cache: dict[str, tuple[Any, Any]] = getattr(v, "_class_counts", {})
    if cache:
        return cache
    for sc in inst.classes:
        xs = [v.x[(sc.key, c.astronaut)] for c in sc.candidates]
        used = model.new_bool_var(f"used({sc.key})")
        count = model.new_int_var(0, sc.count, f"count({sc.key})")
        model.add(count == sum(xs))
        if xs:
            model.add(count >= 1).only_enforce_if(used)
            model.add(count == 0).only_enforce_if(~used)
        else:
            model.add(used == 0)
        cache[sc.key] = (count, used)
    v._class_counts = cache  # type: ignore[attr-defined]
    return cache


def occupancies(model: cp_model.CpModel, v: Variables, inst: Instance) -> list[Occupancy]:
    cached: list[Occupancy] | None = getattr(v, "_occupancies", None)
    if cached is not None:
        return cached
    counts = class_counts(model, v, inst)
    out: list[Occupancy] = []
    for sc in inst.classes:
        f, b = v.flights[sc.flight], v.flights[sc.returns_on]
        count, used = counts[sc.key]
        lo = b.info.undock_lo + 1 - f.info.launch_hi
        out.append(Occupancy(sc.key, f.info.station, sc.flight, sc.returns_on, f.launch, b.undock + 1, count, used,
                             max(0, lo), False, [(c.astronaut, v.x[(sc.key, c.astronaut)]) for c in sc.candidates]))
    for r in inst.riders:
        f = v.flights[r.flight]
        for back in r.returns:
            b = v.flights[back]
            lit = v.y[(r.key, back)]
            lo = b.info.undock_lo + 1 - f.info.launch_hi
            out.append(Occupancy(f"{r.key}->{back}", f.info.station, r.flight, back, f.launch, b.undock + 1, 1, lit,
                                 max(0, lo), True, [(r.astronaut, lit)]))
    v._occupancies = out  # type: ignore[attr-defined]
    return out


def interval(model: cp_model.CpModel, start: Any, end: Any, present: Any, name: str) -> Any:
    """An optional interval [start, end) whose size is end - start (forced >= 0 when present)."""
    size = model.new_int_var(0, 100_000, f"size({name})")
    return model.new_optional_interval_var(start, size, end, present, name)


def launched_by(fv: FlightVars, day: int) -> Any:
    """1 exactly when the flight has launched by ``day`` (a linear expression of its launch-day booleans)."""
    if fv.info.launch_hi <= day:
        return 1
    if fv.info.launch_lo > day:
        return 0
    return sum(b for d, b in fv.launch_at.items() if d <= day)

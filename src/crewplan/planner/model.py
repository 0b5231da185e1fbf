"""Assemble the CP-SAT model: variables, then every rule family's constraints and objective terms."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from ortools.sat.python import cp_model

from crewplan.planner.constraints import FAMILIES
from crewplan.planner.instance import Instance
from crewplan.planner.objective import ObjectiveTerm, add_objective
from crewplan.planner.variables import Variables


@dataclass
class BuiltModel:
    model: cp_model.CpModel
    vars: Variables
    terms: list[ObjectiveTerm]


def build_model(inst: Instance, families: Iterable[str] | None = None, *, assumptions: bool = False) -> BuiltModel:
    """The model of ``inst`` with the given rule families (default: all), objective included.

    With ``assumptions`` every relaxable rule instance is guarded by a free literal (for explanations).
    """
    model = cp_model.CpModel()
    v = Variables(model, inst)
    v.use_assumptions = assumptions
    wanted = list(FAMILIES) if families is None else list(families)
    unknown = set(wanted) - set(FAMILIES)
    if unknown:
        raise ValueError(f"unknown constraint families {sorted(unknown)}; known: {', '.join(FAMILIES)}")
    terms: list[ObjectiveTerm] = []
    # seats defines crewed/crew counts that capacity and ports read: always first when present.
    for name in FAMILIES:
        if name in wanted:
            terms += FAMILIES[name](model, v, inst)
    add_objective(model, terms)
    return BuiltModel(model, v, terms)

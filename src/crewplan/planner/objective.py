"""Named objective terms: each constraint module returns the terms it owns; the solve reports them one by one.

The model maximises ``sum(sense * weight * quantity)``. Weights come from the scenario
(``settings.weights``); quantities are integer expressions of the model (seats, days, hours, changes).
CP-SAT needs integer coefficients, so each weight is scaled by ``SCALE`` and rounded.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ortools.sat.python import cp_model

SCALE = 100
"""Weights are kept to 1/100 of a unit in the model."""

LIFEBOAT_GAP_WEIGHT = 1000.0
"""Replan penalty per person-day without a sound lifeboat after a disruption (a forced gap)."""


@dataclass
class ObjectiveTerm:
    """One named soft goal: ``sense`` +1 rewards, -1 penalises ``weight * quantity``."""

    name: str
    weight: float
    quantity: Any
    sense: int
    unit: str

    def scaled(self) -> int:
        return round(self.weight * SCALE)


def add_objective(model: cp_model.CpModel, terms: list[ObjectiveTerm]) -> None:
    expr = sum(t.sense * t.scaled() * t.quantity for t in terms if t.scaled())
    model.maximize(expr)


def evaluate(terms: list[ObjectiveTerm], value: Any) -> dict[str, float]:
    """Each term's contribution (sense * weight * quantity) under ``value`` (e.g. ``solver.value``).

    Terms of the same name are summed.
    """
    out: dict[str, float] = {}
    for t in terms:
        q = value(t.quantity) if not isinstance(t.quantity, int) else t.quantity
        out[t.name] = out.get(t.name, 0.0) + t.sense * t.scaled() * q / SCALE
    return out


def quantities(terms: list[ObjectiveTerm], value: Any) -> dict[str, float]:
    out: dict[str, float] = {}
    for t in terms:
        q = value(t.quantity) if not isinstance(t.quantity, int) else t.quantity
        out[t.name] = out.get(t.name, 0.0) + q
    return out

"""Replan after a disruption: add the events, fix everything before the first event's day, and find the
feasible plan with the fewest weighted changes from the previous manifest."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from crewplan.domain import Event, Scenario, day_of
from crewplan.errors import UsageError
from crewplan.planner.instance import Instance, PlanOptions, build_instance
from crewplan.planner.manifest import copy_scenario
from crewplan.planner.solve import ProgressCallback, SolveOptions, SolveResult, solve


@dataclass
class ReplanResult:
    instance: Instance
    result: SolveResult
    scenario: Scenario
    """The previous manifest with the events added (what was replanned)."""


def with_events(scenario: Scenario, events: list[Event]) -> Scenario:
    """The manifest with ``events`` added (checked already: :func:`crewplan.scenario.events.validate_events`)."""
    return copy_scenario(scenario, events=(*scenario.events, *events), plan=None)


def replan(previous: Scenario, events: list[Event], options: SolveOptions | None = None,
           progress: ProgressCallback | None = None, shift_days: int = 30) -> ReplanResult:
    """The least-change plan after ``events``, from the manifest ``previous``."""
    scenario, inst = replan_instance(previous, events, shift_days)
    return ReplanResult(inst, solve(inst, options, progress), scenario)


def replan_instance(previous: Scenario, events: list[Event], shift_days: int = 30) -> tuple[Scenario, Instance]:
    """The manifest with the events added, and its planning instance from the first event's day on."""
    if not events:
        raise UsageError("replan needs at least one event (--event or --events)")
    scenario = with_events(previous, events)
    origin: dt.date = min(day_of(e.date) for e in events)
    return scenario, build_instance(scenario, PlanOptions(origin=origin, replan=True, shift_days=shift_days))

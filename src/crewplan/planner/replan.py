"""Replan after a disruption: add the events, fix everything before the first event's day, and find the
feasible plan with the fewest weighted changes from the previous manifest."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import yaml

from crewplan.domain import Event, EventKind, Scenario, day_of
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


def parse_event(text: str, number: int = 1) -> Event:
    """An event from ``KIND key=value ...``, e.g. ``vehicle_damaged flight=soyuz-ms-22 date=2022-12-14``."""
    parts = text.split()
    if not parts:
        raise UsageError("an empty --event; expected e.g. 'vehicle_damaged flight=soyuz-ms-22 date=2022-12-14'")
    kinds = ", ".join(k.value for k in EventKind)
    try:
        kind = EventKind(parts[0])
    except ValueError:
        raise UsageError(f"unknown event kind {parts[0]!r}; expected one of {kinds}") from None
    data: dict[str, Any] = {"id": f"event-{number}", "kind": kind.value, "description": text}
    for item in parts[1:]:
        if "=" not in item:
            raise UsageError(f"event field {item!r} is not key=value (e.g. date=2026-05-01)")
        key, value = item.split("=", 1)
        data[key] = int(value) if key == "slip_days" else value
    try:
        return Event.model_validate(data)
    except ValueError as error:
        raise UsageError(f"event {text!r}: {error}") from None


def read_events(path: str) -> list[Event]:
    with open(path, encoding="utf-8") as stream:
        data = yaml.safe_load(stream)
    items = data.get("events", data) if isinstance(data, dict) else data
    if not isinstance(items, list):
        raise UsageError(f"{path}: expected a list of events (or a mapping with an events: list)")
    try:
        return [Event.model_validate(item) for item in items]
    except ValueError as error:
        raise UsageError(f"{path}: {error}") from None


def with_events(scenario: Scenario, events: list[Event]) -> Scenario:
    known = {e.id for e in scenario.events}
    fresh = []
    for n, e in enumerate(events, start=1):
        if e.id in known:
            e = e.model_copy(update={"id": f"{e.id}-{n}"})
        fresh.append(e)
    for e in fresh:
        if e.flight and not scenario.has("flights", e.flight):
            raise UsageError(f"event {e.id}: no flight {e.flight!r} in the manifest")
        if e.astronaut and not scenario.has("astronauts", e.astronaut):
            raise UsageError(f"event {e.id}: no astronaut {e.astronaut!r} in the manifest")
    return copy_scenario(scenario, events=(*scenario.events, *fresh), plan=None)


def replan(previous: Scenario, events: list[Event], options: SolveOptions | None = None,
           progress: ProgressCallback | None = None, shift_days: int = 30) -> ReplanResult:
    """The least-change plan after ``events``, from the manifest ``previous``."""
    if not events:
        raise UsageError("replan needs at least one event (--event or --events)")
    scenario = with_events(previous, events)
    origin: dt.date = min(day_of(e.date) for e in events)
    inst = build_instance(scenario, PlanOptions(origin=origin, replan=True, shift_days=shift_days))
    return ReplanResult(inst, solve(inst, options, progress), scenario)

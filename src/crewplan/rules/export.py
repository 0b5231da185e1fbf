"""Which export-control rules bar a *viewer* from an item's details: the scenario's own ``export_control``
rules, read for a person who looks at data rather than one who takes a seat (the service's policy uses this;
the checker reads the same rules for seats through :mod:`crewplan.rules.conditions`).

An item is a module (with its segment), a vehicle type or an experiment (with the module it runs in). A rule
bars a viewer from it when its condition holds with the viewer in the person's place and the item in the
hardware's: person leaves (``astronaut_nationality``, ``astronaut_agency``) are read off the viewer; export
class leaves hold when they name the item's class; ``module_owner``/``segment_operator`` leaves when the item
is (or runs in) such a module; ``vehicle_operator``/``vehicle_type`` leaves when the item is such a vehicle.
Leaves about a flight (station, launch site, co-crew, category) say nothing about a viewer and are taken to
hold, and a ``not`` is ignored: where the rule is unclear the item is hidden (the safe side). A rule counts
only if it names some hardware, and only on the days it is in force (:func:`active_intervals`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from crewplan.domain import Condition, Rule, RuleKind, Scenario
from crewplan.rules.days import contains
from crewplan.rules.legality import active_intervals


@dataclass(frozen=True)
class Item:
    """What a rule may look at about one item."""

    kind: str
    """``module``, ``vehicle`` or ``experiment``."""
    id: str
    export_class: str | None = None
    module_owner: str | None = None
    segment_operator: str | None = None
    vehicle_operator: str | None = None
    vehicle_type: str | None = None


@dataclass(frozen=True)
class Viewer:
    agency: str
    nationalities: tuple[str, ...]


def _names_hardware(cond: Condition) -> bool:
    own = (cond.vehicle_operator or cond.vehicle_type or cond.vehicle_export_class or cond.module_owner
           or cond.module_export_class or cond.segment_operator)
    return bool(own) or any(_names_hardware(c) for c in (*cond.all, *cond.any))


def _holds(cond: Condition, viewer: Viewer, item: Item) -> bool:
    if cond.astronaut_agency and viewer.agency not in cond.astronaut_agency:
        return False
    if cond.astronaut_nationality and not set(viewer.nationalities) & set(cond.astronaut_nationality):
        return False
    classes = (*cond.vehicle_export_class, *cond.module_export_class)
    if classes and item.export_class not in classes:
        return False
    if cond.module_owner and item.module_owner not in cond.module_owner:
        return False
    if cond.segment_operator and item.segment_operator not in cond.segment_operator:
        return False
    if cond.vehicle_operator and item.vehicle_operator not in cond.vehicle_operator:
        return False
    if cond.vehicle_type and item.vehicle_type not in cond.vehicle_type:
        return False
    if cond.all and not all(_holds(c, viewer, item) for c in cond.all):
        return False
    return not (cond.any and not any(_holds(c, viewer, item) for c in cond.any))


def barring_rules(scenario: Scenario, viewer: Viewer, item: Item, day: dt.date) -> list[Rule]:
    """The scenario's export-control rules in force on ``day`` that bar ``viewer`` from ``item``'s details."""
    return [rule for rule in scenario.rules
            if rule.kind is RuleKind.EXPORT_CONTROL and _names_hardware(rule.when)
            and _holds(rule.when, viewer, item) and contains(active_intervals(rule, scenario), day)]


def items(scenario: Scenario) -> list[Item]:
    """Every module, vehicle type and experiment of the scenario, with the facts rules read."""
    found: list[Item] = []
    modules: dict[str, Item] = {}
    for station in scenario.stations:
        for segment in station.segments:
            for m in segment.modules:
                item = Item("module", m.id, m.export_control_class, m.owner, segment.operator)
                modules[m.id] = item
                found.append(item)
    for v in scenario.vehicle_types:
        found.append(Item("vehicle", v.id, v.export_control_class, vehicle_operator=v.operator, vehicle_type=v.id))
    for e in scenario.experiments:
        home = modules.get(e.module or "")
        found.append(Item("experiment", e.id, e.export_control_class,
                          home.module_owner if home else None, home.segment_operator if home else None))
    return found

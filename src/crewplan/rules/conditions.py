"""Evaluate a rule's :class:`~crewplan.domain.Condition` for one person in one seat on one flight.

Leaves set on one condition node are ANDed. Module leaves (``module_owner``, ``module_export_class``,
``segment_operator``) hold when *one* module present on the station satisfies all of them; co-crew leaves
hold when *one* other person on the flight satisfies all of them. ``all``/``any``/``not`` combine nodes.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from crewplan.domain import Astronaut, Condition, Flight, Module, Segment, Station, VehicleType


@dataclass(frozen=True)
class SeatFacts:
    """What a condition may look at: the person, their flight and vehicle, the station, the co-crew."""

    astronaut: Astronaut
    flight: Flight
    vehicle_type: VehicleType
    station: Station
    co_crew: tuple[Astronaut, ...] = ()
    day: dt.date | None = None
    """Modules present on this day count (default: the flight's docking day)."""

    def modules(self) -> list[tuple[Module, Segment]]:
        day = self.day or self.flight.docking_day
        return [
            (m, seg)
            for seg in self.station.segments
            for m in seg.modules
            if (m.added is None or m.added <= day) and (m.removed is None or m.removed > day)
        ]


def _module_ok(cond: Condition, module: Module, segment: Segment) -> bool:
    if cond.module_owner and module.owner not in cond.module_owner:
        return False
    if cond.module_export_class and module.export_control_class not in cond.module_export_class:
        return False
    return not (cond.segment_operator and segment.operator not in cond.segment_operator)


def _has_module_leaves(cond: Condition) -> bool:
    return bool(cond.module_owner or cond.module_export_class or cond.segment_operator)


def matching_modules(cond: Condition, facts: SeatFacts) -> list[Module]:
    """Modules that satisfy the module leaves of ``cond`` (and of its ``all`` children)."""
    nodes = [cond, *cond.all]
    found: list[Module] = []
    for node in nodes:
        if _has_module_leaves(node):
            found.extend(m for m, seg in facts.modules() if _module_ok(node, m, seg) and m not in found)
    return found


def matches(cond: Condition, facts: SeatFacts) -> bool:
    """Whether ``cond`` holds for this seat."""
    person, flight, vtype, station = facts.astronaut, facts.flight, facts.vehicle_type, facts.station
    if cond.astronaut_agency and person.agency not in cond.astronaut_agency:
        return False
    if cond.astronaut_nationality and not set(person.nationalities) & set(cond.astronaut_nationality):
        return False
    if cond.astronaut_category and person.category not in cond.astronaut_category:
        return False
    if cond.vehicle_operator and vtype.operator not in cond.vehicle_operator:
        return False
    if cond.vehicle_type and vtype.id not in cond.vehicle_type:
        return False
    if cond.vehicle_export_class and vtype.export_control_class not in cond.vehicle_export_class:
        return False
    if cond.station and station.id not in cond.station:
        return False
    if cond.station_operator and station.operator not in cond.station_operator:
        return False
    if cond.launch_site and flight.site not in cond.launch_site:
        return False
    if _has_module_leaves(cond) and not any(_module_ok(cond, m, seg) for m, seg in facts.modules()):
        return False
    if cond.co_crew_agency or cond.co_crew_nationality:
        def co_ok(other: Astronaut) -> bool:
            if cond.co_crew_agency and other.agency not in cond.co_crew_agency:
                return False
            return not (cond.co_crew_nationality
                        and not set(other.nationalities) & set(cond.co_crew_nationality))

        if not any(co_ok(o) for o in facts.co_crew if o.id != person.id):
            return False
    if cond.all and not all(matches(c, facts) for c in cond.all):
        return False
    if cond.any and not any(matches(c, facts) for c in cond.any):
        return False
    return not (cond.not_ is not None and matches(cond.not_, facts))

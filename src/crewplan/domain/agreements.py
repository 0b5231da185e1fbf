"""Agreements between agencies, legality rules as data, and waivers."""

from __future__ import annotations

from enum import StrEnum

from pydantic import Field, model_validator

from crewplan.domain.base import Day, Id, Model, Text
from crewplan.domain.people import Category
from crewplan.domain.vehicles import Role


class SeatGrant(Model):
    """``seats`` seats that ``grantor`` (the vehicle or station operator) grants to ``grantee``'s astronauts."""

    id: Id
    grantor: Id
    grantee: Id
    seats: int = Field(ge=1, le=1000)
    vehicle_types: tuple[Id, ...] = ()
    stations: tuple[Id, ...] = ()
    earliest: Day | None = None
    deadline: Day | None = None
    """Granted seats must have flown by this day."""
    max_stay_days: int | None = Field(default=None, ge=1, le=2000)
    note: Text | None = None


class Barter(Model):
    """Seat-for-seat exchange between two agencies: the difference in seats flown on each other's vehicles
    stays within ``max_imbalance_seats``."""

    agencies: tuple[Id, Id]
    max_imbalance_seats: int = Field(default=1, ge=0, le=100)


class Agreement(Model):
    id: Id
    name: Text
    parties: tuple[Id, ...] = Field(min_length=2)
    signed: Day | None = None
    valid_from: Day
    valid_until: Day | None = None
    hypothetical: bool = False
    """Not a signed agreement: a planning what-if (e.g. a CMSA-Roscosmos exchange after the 2014 talks)."""
    seat_grants: tuple[SeatGrant, ...] = ()
    barter: Barter | None = None
    courses: tuple[Id, ...] = ()
    """Courses one party provides to the other's astronauts under this agreement."""
    seat_roles: tuple[Role, ...] = ()
    """Seat roles a party's people may hold on the other party's vehicles while in force (e.g. commander),
    beyond the roles' own ``agencies``."""
    source: Text | None = None
    note: Text | None = None

    @model_validator(mode="after")
    def _order(self) -> Agreement:
        if self.valid_until is not None and self.valid_until < self.valid_from:
            raise ValueError(f"valid_until {self.valid_until} is before valid_from {self.valid_from}")
        if self.signed is not None and self.valid_until is not None and self.valid_until < self.signed:
            raise ValueError(f"valid_until {self.valid_until} is before signed {self.signed}")
        return self


class Condition(Model):
    """A composable predicate over one person's seat on one flight.

    Every leaf that is set must hold (they are ANDed); ``all``, ``any`` and ``not`` combine conditions.
    Leaves:

    - ``astronaut_agency``, ``astronaut_nationality``, ``astronaut_category``: the person;
    - ``vehicle_operator``, ``vehicle_type``, ``vehicle_export_class``: the vehicle they fly;
    - ``station``, ``station_operator``, ``launch_site``: where the flight goes and from where;
    - ``module_owner``, ``module_export_class``, ``segment_operator``: hardware aboard the station;
    - ``co_crew_agency``, ``co_crew_nationality``: someone else on the same flight.
    """

    all: tuple[Condition, ...] = ()
    any: tuple[Condition, ...] = ()
    not_: Condition | None = Field(default=None, alias="not")
    astronaut_agency: tuple[Id, ...] = ()
    astronaut_nationality: tuple[str, ...] = ()
    astronaut_category: tuple[Category, ...] = ()
    vehicle_operator: tuple[Id, ...] = ()
    vehicle_type: tuple[Id, ...] = ()
    vehicle_export_class: tuple[str, ...] = ()
    station: tuple[Id, ...] = ()
    station_operator: tuple[Id, ...] = ()
    launch_site: tuple[Id, ...] = ()
    module_owner: tuple[Id, ...] = ()
    module_export_class: tuple[str, ...] = ()
    segment_operator: tuple[Id, ...] = ()
    co_crew_agency: tuple[Id, ...] = ()
    co_crew_nationality: tuple[str, ...] = ()

    model_config = Model.model_config | {"populate_by_name": True}

    @model_validator(mode="after")
    def _not_empty(self) -> Condition:
        if not any(getattr(self, name) for name in type(self).model_fields):
            raise ValueError("an empty condition; give at least one leaf such as astronaut_agency: [NASA]")
        return self


class RuleKind(StrEnum):
    LAW = "law"
    EXPORT_CONTROL = "export_control"
    ACCESS = "access"
    POLICY = "policy"


class Effect(StrEnum):
    FORBID = "forbid"
    """A seat that matches is a hard violation."""
    RESTRICT = "restrict"
    """A seat that matches is allowed, but the person may not use the matching hardware (reported)."""


class Rule(Model):
    """A legality rule as data, with its citation. ``when`` describes what the rule forbids (or restricts)."""

    id: Id
    name: Text
    kind: RuleKind = RuleKind.LAW
    citation: Text
    summary: Text
    effect: Effect = Effect.FORBID
    when: Condition
    valid_from: Day | None = None
    valid_until: Day | None = None
    unless_agreement: Id | None = None
    """The rule does not apply on days when this agreement is in force."""
    source: Text | None = None

    @model_validator(mode="after")
    def _order(self) -> Rule:
        if self.valid_from and self.valid_until and self.valid_until < self.valid_from:
            raise ValueError(f"valid_until {self.valid_until} is before valid_from {self.valid_from}")
        return self


class WaiverScope(StrEnum):
    CASE = "case"
    RULE = "rule"


class Waiver(Model):
    """Someone accepted a violation: for one case (people, flights, dates) or for the whole rule."""

    id: Id
    rule: Id
    scope: WaiverScope = WaiverScope.CASE
    astronauts: tuple[Id, ...] = ()
    flights: tuple[Id, ...] = ()
    start: Day | None = None
    end: Day | None = None
    accepted_by: Text
    reason: Text
    date: Day | None = None
    source: Text | None = None

    @model_validator(mode="after")
    def _order(self) -> Waiver:
        if self.start and self.end and self.end < self.start:
            raise ValueError(f"end {self.end} is before start {self.start}")
        return self

"""The scenario: every entity of a planning problem, plus settings and (for a manifest) the plan header."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping
from functools import cached_property
from typing import Any

from pydantic import Field, model_validator

from crewplan.domain.agreements import Agreement, Rule, Waiver
from crewplan.domain.base import Day, Id, Model, Text, day_of
from crewplan.domain.disruptions import DisruptionRate
from crewplan.domain.docking import DockingAdapter, DockingSystem
from crewplan.domain.events import Event
from crewplan.domain.flights import Flight
from crewplan.domain.people import Agency, Astronaut, Booking, Course, Facility, Qualification
from crewplan.domain.places import LaunchSite, Station
from crewplan.domain.science import Experiment, Proposal
from crewplan.domain.vehicles import Vehicle, VehicleType
from crewplan.errors import known_ids

WEIGHT_MAX = 1e6
"""The largest objective weight: the solver's integer objective must hold weight x quantity x 100 with room."""


class ObjectiveWeights(Model):
    """Weights of the planner's soft goals (per unit named in each field).

    Units: objective points per unit of the goal's quantity (seat, seat-day, day, hour, change, ...).
    """

    planned_flight_crewed: float = Field(default=2000.0, ge=0, le=WEIGHT_MAX)
    """Per planned crewed flight that flies crewed (unless the plan requires it as a hard rule)."""
    seat_filled: float = Field(default=200.0, ge=0, le=WEIGHT_MAX)
    """Per open seat the plan fills."""
    agreement_seat_flown: float = Field(default=1000.0, ge=0, le=WEIGHT_MAX)
    agreement_seat_early_per_day: float = Field(default=1.0, ge=0, le=WEIGHT_MAX)
    proposal_flown: float = Field(default=500.0, ge=0, le=WEIGHT_MAX)
    fair_share: float = Field(default=50.0, ge=0, le=WEIGHT_MAX)
    barter_imbalance: float = Field(default=100.0, ge=0, le=WEIGHT_MAX)
    experienced_commander: float = Field(default=20.0, ge=0, le=WEIGHT_MAX)
    experiment_crew_hours: float = Field(default=1.0, ge=0, le=WEIGHT_MAX)
    training_days: float = Field(default=0.1, ge=0, le=WEIGHT_MAX)
    change_from_previous: float = Field(default=200.0, ge=0, le=WEIGHT_MAX)
    added_flight: float = Field(default=1000.0, ge=0, le=WEIGHT_MAX)
    """Per optional flight flown (an added relief launch: a vehicle readied, a launch campaign)."""
    landing_day_moved: float = Field(default=1.0, ge=0, le=WEIGHT_MAX)
    """Replan: per day a person already in space lands earlier or later than the previous plan said."""


class Settings(Model):
    """Scenario-wide planning settings."""

    horizon_start: Day
    horizon_end: Day
    rest_days_min: int = Field(default=90, ge=0, le=3650)
    """Minimum days on the ground between landing and the next launch for the same person."""
    long_mission_days_min: int = Field(default=60, ge=1, le=3650)
    """A mission of at least this many days (launch to landing) is a long-duration mission."""
    ground_days_after_long_min: int | None = Field(default=None, ge=0, le=3650)
    """Minimum days on the ground after a long-duration mission before the same person launches again
    (``None``: ``rest_days_min``; the larger of the two applies)."""
    preflight_quarantine_days: int = Field(default=0, ge=0, le=365)
    """Days before each launch in quarantine: no course runs on them for the crew."""
    postflight_recovery_days: int = Field(default=0, ge=0, le=365)
    """Days after each landing in recovery: no course runs on them for the crew."""
    real_people_planned_before: Day | None = None
    """Real people (not ``fictional``) take planned seats only on flights launching before this day (the
    end of the public record: their later assignments are not known); later planned flights are for the
    fictional candidates. ``None``: no limit."""
    foreign_relief_allowed: bool = True
    """Whether ``crewplan replan --foreign-relief`` may offer a vehicle from outside a station's programme
    (another agency's, or one serving another station) as the relief after a damage; ``false`` refuses the
    option (a scenario whose partners rule it out)."""
    weights: ObjectiveWeights = ObjectiveWeights()

    @model_validator(mode="after")
    def _order(self) -> Settings:
        if self.horizon_end <= self.horizon_start:
            raise ValueError(f"horizon_end {self.horizon_end} is not after horizon_start {self.horizon_start}")
        return self


class PlanHeader(Model):
    """What a manifest records about the solve that made it."""

    solver: Text
    status: Text
    objective: float | None = None
    bound: float | None = None
    terms: dict[str, float] = Field(default_factory=dict)
    time_s: float | None = Field(default=None, ge=0)
    scenario_hash: str | None = None
    """SHA-256 of the scenario the plan was made from (without its own plan header)."""
    manifest_hash: str | None = None
    """SHA-256 of this manifest as written, header included (``crewplan.scenario.save.manifest_hash``): a
    manifest changed afterwards no longer matches, and crewplan says so when it reads it."""
    created_utc: Text | None = None
    stopped_by: Text | None = None
    """Why the search ended: ``proof``, ``gap`` (the --gap limit) or ``time limit``."""
    gap: float | None = Field(default=None, ge=0)
    """Relative gap between objective and bound when the plan was written (0 when proven optimal)."""


class Scenario(Model):
    """A planning problem: the entities, by section, each list keyed by ``id``."""

    id: Id
    name: Text
    description: Text | None = None
    settings: Settings
    agencies: tuple[Agency, ...] = ()
    astronauts: tuple[Astronaut, ...] = ()
    qualifications: tuple[Qualification, ...] = ()
    facilities: tuple[Facility, ...] = ()
    courses: tuple[Course, ...] = ()
    vehicle_types: tuple[VehicleType, ...] = ()
    vehicles: tuple[Vehicle, ...] = ()
    docking_systems: tuple[DockingSystem, ...] = ()
    docking_adapters: tuple[DockingAdapter, ...] = ()
    stations: tuple[Station, ...] = ()
    launch_sites: tuple[LaunchSite, ...] = ()
    flights: tuple[Flight, ...] = ()
    agreements: tuple[Agreement, ...] = ()
    rules: tuple[Rule, ...] = ()
    waivers: tuple[Waiver, ...] = ()
    experiments: tuple[Experiment, ...] = ()
    proposals: tuple[Proposal, ...] = ()
    events: tuple[Event, ...] = ()
    disruption_rates: tuple[DisruptionRate, ...] = ()
    bookings: tuple[Booking, ...] = ()
    plan: PlanHeader | None = None

    def model_copy(self, *, update: Mapping[str, Any] | None = None, deep: bool = False) -> Scenario:
        """A copy with ``update`` applied; the id index is rebuilt on first use, never copied stale."""
        copy = super().model_copy(update=update, deep=deep)
        copy.__dict__.pop("_index", None)
        return copy

    # --- id lookups -------------------------------------------------------------------------------
    @cached_property
    def _index(self) -> dict[str, dict[str, Any]]:
        return {name: {item.id: item for item in getattr(self, name)} for name in SECTIONS}

    def agency(self, key: str) -> Agency:
        return self._get("agencies", key)  # type: ignore[no-any-return]

    def astronaut(self, key: str) -> Astronaut:
        return self._get("astronauts", key)  # type: ignore[no-any-return]

    def vehicle_type(self, key: str) -> VehicleType:
        return self._get("vehicle_types", key)  # type: ignore[no-any-return]

    def station(self, key: str) -> Station:
        return self._get("stations", key)  # type: ignore[no-any-return]

    def launch_site(self, key: str) -> LaunchSite:
        return self._get("launch_sites", key)  # type: ignore[no-any-return]

    def flight(self, key: str) -> Flight:
        return self._get("flights", key)  # type: ignore[no-any-return]

    def agreement(self, key: str) -> Agreement:
        return self._get("agreements", key)  # type: ignore[no-any-return]

    def experiment(self, key: str) -> Experiment:
        return self._get("experiments", key)  # type: ignore[no-any-return]

    def rule(self, key: str) -> Rule:
        return self._get("rules", key)  # type: ignore[no-any-return]

    def course(self, key: str) -> Course:
        return self._get("courses", key)  # type: ignore[no-any-return]

    def qualification(self, key: str) -> Qualification:
        return self._get("qualifications", key)  # type: ignore[no-any-return]

    def has(self, section: str, key: str) -> bool:
        return key in self._index[section]

    def _get(self, section: str, key: str) -> Any:
        try:
            return self._index[section][key]
        except KeyError:
            known = known_ids(key, self._index[section], SECTION_NOUN[section], limit=12)
            raise KeyError(f"no {SECTION_NOUN[section]} with id {key!r}; expected {known}") from None

    def flights_by_year(self) -> dict[int, list[Flight]]:
        years: dict[int, list[Flight]] = {}
        for flight in sorted(self.flights, key=lambda f: f.launch_day):
            years.setdefault(flight.launch_day.year, []).append(flight)
        return years

    def planning_origin(self) -> dt.date:
        """The first day the planner decides: the first launch of a planned (not optional) flight, not before
        the horizon; everything before it is the decided record."""
        planned = [day_of(f.launch) for f in self.flights if f.status.value == "planned" and not f.optional]
        return max(self.settings.horizon_start, min(planned)) if planned else self.settings.horizon_start

    def horizon_days(self) -> Iterator[dt.date]:
        day = self.settings.horizon_start
        while day <= self.settings.horizon_end:
            yield day
            day += dt.timedelta(days=1)


SECTIONS: tuple[str, ...] = (
    "agencies",
    "astronauts",
    "qualifications",
    "facilities",
    "courses",
    "vehicle_types",
    "vehicles",
    "docking_systems",
    "docking_adapters",
    "stations",
    "launch_sites",
    "flights",
    "agreements",
    "rules",
    "waivers",
    "experiments",
    "proposals",
    "events",
    "disruption_rates",
    "bookings",
)
"""The list sections of a scenario file, in the order they are written."""

SECTION_NOUN = {
    "agencies": "agency",
    "astronauts": "astronaut",
    "qualifications": "qualification",
    "facilities": "facility",
    "courses": "course",
    "vehicle_types": "vehicle type",
    "vehicles": "vehicle",
    "stations": "station",
    "launch_sites": "launch site",
    "flights": "flight",
    "agreements": "agreement",
    "rules": "rule",
    "waivers": "waiver",
    "experiments": "experiment",
    "proposals": "proposal",
    "events": "event",
    "disruption_rates": "disruption rate",
    "docking_systems": "docking system",
    "docking_adapters": "docking adapter",
    "bookings": "booking",
}

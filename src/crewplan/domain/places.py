"""Stations (segments, modules, ports, capacity, orbit) and launch sites."""

from __future__ import annotations

import datetime as dt

from pydantic import Field, model_validator

from crewplan.domain.base import Day, Id, Model, Text


class Module(Model):
    """A station module, with its owner and export-control class, present from ``added`` to ``removed``."""

    id: Id
    name: Text
    owner: Id
    added: Day | None = None
    removed: Day | None = None
    export_control_class: str | None = None
    note: Text | None = None

    @model_validator(mode="after")
    def _order(self) -> Module:
        if self.added and self.removed and self.removed <= self.added:
            raise ValueError(f"removed {self.removed} is not after added {self.added}")
        return self


class Segment(Model):
    """A part of a station with one operator and access rules (e.g. ISS Russian and US segments)."""

    id: Id
    name: Text
    operator: Id
    modules: tuple[Module, ...] = ()


class Port(Model):
    """A docking port on a module, of a docking standard, usable from ``available_from`` until the day
    before ``available_until`` (e.g. Nauka nadir, taken by the Prichal node on 2021-11-26)."""

    id: Id
    name: Text
    module: Id
    standard: Id
    available_from: Day | None = None
    available_until: Day | None = None
    note: Text | None = None

    @model_validator(mode="after")
    def _order(self) -> Port:
        if self.available_from and self.available_until and self.available_until <= self.available_from:
            raise ValueError(f"available_until {self.available_until} is not after available_from "
                             f"{self.available_from}")
        return self

    def available_on(self, day: dt.date) -> bool:
        """Whether a vehicle may hold the port on ``day``."""
        if self.available_from is not None and day < self.available_from:
            return False
        return self.available_until is None or day < self.available_until


class Capacity(Model):
    """People aboard: at most ``nominal_crew``, or ``handover_crew`` for up to ``handover_days_max`` in a row."""

    nominal_crew: int = Field(ge=1, le=100)
    handover_crew: int = Field(ge=1, le=100)
    handover_days_max: int = Field(default=10, ge=0, le=365)
    source: Text | None = None

    @model_validator(mode="after")
    def _order(self) -> Capacity:
        if self.handover_crew < self.nominal_crew:
            raise ValueError(f"handover_crew {self.handover_crew} is below nominal_crew {self.nominal_crew}")
        return self


class ElementSet(Model):
    """A two-line element set given inline."""

    name: str | None = None
    line1: str = Field(min_length=69, max_length=80)
    line2: str = Field(min_length=69, max_length=80)


class StationOrbit(Model):
    """The station's orbit: real element sets (a ``.tle`` or OMM file, or inline) and nominal values."""

    norad_id: int | None = Field(default=None, ge=1, le=999_999_999)
    elements_file: str | None = None
    """Path to a TLE or OMM file, relative to the scenario file."""
    elements: tuple[ElementSet, ...] = ()
    inclination_deg: float = Field(ge=0, le=180)
    altitude_km: float = Field(ge=100, le=2000)
    source: Text | None = None


class BerthingPort(Model):
    """A port where a vehicle captured by the station's arm is berthed (the ISS's Common Berthing Mechanism
    ports), not one it docks at: ``crewplan rescue`` asks it for a vehicle that could berth instead of
    docking. The planner and the checker place docked vehicles only (every crew vehicle docks)."""

    id: Id
    name: Text
    module: Id
    system: Id
    """The berthing mechanism (``cbm``), matched against a vehicle type's ``berthing_system``."""
    source: Text | None = None
    note: Text | None = None


class Station(Model):
    id: Id
    name: Text
    operator: Id
    segments: tuple[Segment, ...] = Field(min_length=1)
    ports: tuple[Port, ...] = Field(min_length=1)
    arm: Text | None = None
    """The robotic arm that can capture a free-flying vehicle and berth it (none: nothing can be berthed)."""
    berthing_ports: tuple[BerthingPort, ...] = ()
    capacity: Capacity
    orbit: StationOrbit
    standby_rescue_days: int | None = Field(default=None, ge=1, le=365)
    """If set, while crew is aboard a rescue vehicle must be launchable within this many days."""
    min_crew: int | None = Field(default=None, ge=1, le=100)
    """While anyone is aboard, at least this many are (no solo or two-person stays where it is 3)."""
    continuous_from: Day | None = None
    """Crewed without a break from this day on (the operator requires continuous occupation)."""
    crew_source: Text | None = None
    """Where ``min_crew`` and ``continuous_from`` come from."""
    source: Text | None = None
    note: Text | None = None

    def modules(self) -> tuple[Module, ...]:
        return tuple(m for s in self.segments for m in s.modules)

    def port(self, port_id: str) -> Port | None:
        return next((p for p in self.ports if p.id == port_id), None)

    def segment_of(self, module_id: str) -> Segment | None:
        return next((s for s in self.segments if any(m.id == module_id for m in s.modules)), None)


class AzimuthRange(Model):
    """Allowed launch azimuths, degrees clockwise from north."""

    min_deg: float = Field(ge=0, le=360)
    max_deg: float = Field(ge=0, le=360)

    @model_validator(mode="after")
    def _order(self) -> AzimuthRange:
        if self.max_deg < self.min_deg:
            raise ValueError(f"max_deg {self.max_deg} is below min_deg {self.min_deg}")
        return self

    def contains(self, azimuth_deg: float) -> bool:
        return self.min_deg <= azimuth_deg % 360.0 <= self.max_deg


class Pad(Model):
    id: Id
    name: Text
    vehicle_types: tuple[Id, ...] = ()
    available_from: Day | None = None
    available_until: Day | None = None

    @model_validator(mode="after")
    def _order(self) -> Pad:
        if self.available_from and self.available_until and self.available_until < self.available_from:
            raise ValueError(f"available_until {self.available_until} is before available_from "
                             f"{self.available_from}")
        return self


class LaunchSite(Model):
    """A launch site: geodetic WGS84 coordinates, allowed azimuths, pads."""

    id: Id
    name: Text
    country: str = Field(pattern=r"^[A-Z]{2}$")
    operator: Id | None = None
    latitude_deg: float = Field(ge=-90, le=90)
    longitude_deg: float = Field(ge=-180, le=180)
    altitude_m: float = Field(default=0.0, ge=-500, le=9000)
    azimuths: tuple[AzimuthRange, ...] = Field(min_length=1)
    pads: tuple[Pad, ...] = ()
    turnaround_days: int = Field(default=0, ge=0, le=365)
    crewed: bool = True
    source: Text | None = None
    note: Text | None = None

    def azimuth_allowed(self, azimuth_deg: float) -> bool:
        return any(r.contains(azimuth_deg) for r in self.azimuths)

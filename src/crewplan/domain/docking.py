"""Docking systems as data: which systems mate with which, and how sure the public record is of it.

A port carries one system (``Port.standard``), a vehicle type one (``VehicleType.docking_standard``). They
dock when the two are the same system, or when a ``mates`` entry of one names the other: ``verified`` (flown,
or documented by the builder), ``claimed`` (a party's statement), ``disputed`` (sources disagree).

A port's ``standard`` is its own mechanism. An adapter (``docking_adapters``: IDA-2 turned Harmony forward's
APAS-95 into IDSS on 2016-08-19) is dated data: from its ``installed_date`` until its ``removed_date`` the port
presents the adapter's system instead (``port_system_on``). A planned adapter counts from its planned date, as
a planned flight counts from its planned launch; a lost one (IDA-1, destroyed with CRS-7) never does. The
checker, the planner and ``crewplan rescue`` all ask ``port_system_on``, so the three read it alike.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from enum import StrEnum

from pydantic import model_validator

from crewplan.domain.base import Day, Id, Model, Text


class Certainty(StrEnum):
    VERIFIED = "verified"
    CLAIMED = "claimed"
    DISPUTED = "disputed"


class Mate(Model):
    system: Id
    status: Certainty
    source: Text | None = None
    note: Text | None = None


class DockingSystem(Model):
    id: Id
    name: Text
    mates: tuple[Mate, ...] = ()
    """Other systems this one docks with (beyond itself)."""
    source: Text | None = None
    note: Text | None = None


class AdapterStatus(StrEnum):
    INSTALLED = "installed"
    """On the port since ``installed_date`` (until ``removed_date`` if it was taken off)."""
    PLANNED = "planned"
    """To be installed on ``installed_date``; plans count on it from that day."""
    LOST = "lost"
    """Never installed (destroyed or cancelled): kept as history, never in service."""


class DockingAdapter(Model):
    """A passive adapter on a station's port that makes the port present another docking system."""

    id: Id
    name: Text
    station: Id
    port: Id
    base_system: Id
    """The port's own system, which the adapter mounts on."""
    presents_system: Id
    """The system the adapter offers to arriving vehicles."""
    status: AdapterStatus
    installed_date: Day | None = None
    removed_date: Day | None = None
    source: Text | None = None
    note: Text | None = None

    @model_validator(mode="after")
    def _consistent(self) -> DockingAdapter:
        if self.base_system == self.presents_system:
            raise ValueError(f"base_system and presents_system are both {self.base_system!r}: an adapter "
                             "converts one system into another")
        if self.status is AdapterStatus.LOST:
            if self.installed_date is not None:
                raise ValueError("a lost adapter has no installed_date (it never entered service); give status "
                                 "installed with a removed_date for one taken off the station")
        elif self.installed_date is None:
            raise ValueError(f"status {self.status.value} needs an installed_date (the day it enters service)")
        if self.removed_date is not None and (self.installed_date is None or self.removed_date <= self.installed_date):
            raise ValueError(f"removed_date {self.removed_date} is not after installed_date {self.installed_date}")
        return self

    def in_service_on(self, day: dt.date) -> bool:
        if self.status is AdapterStatus.LOST or self.installed_date is None or day < self.installed_date:
            return False
        return self.removed_date is None or day < self.removed_date


def port_system_on(adapters: Iterable[DockingAdapter], station: str, port: str, standard: str,
                   day: dt.date) -> str:
    """The docking system port ``port`` of ``station`` (own system ``standard``) presents on ``day``."""
    for adapter in adapters:
        if adapter.station == station and adapter.port == port and adapter.in_service_on(day):
            return adapter.presents_system
    return standard


def port_systems(adapters: Iterable[DockingAdapter], station: str, port: str, standard: str) -> set[str]:
    """Every system the port presents at some time (its own, and each adapter's that ever enters service)."""
    return {standard} | {a.presents_system for a in adapters if a.station == station and a.port == port
                         and a.status is not AdapterStatus.LOST}


def days_not_presenting(adapters: Iterable[DockingAdapter], station: str, port: str, standard: str,
                        system: str, first: dt.date, last: dt.date) -> list[tuple[dt.date, dt.date]]:
    """The runs of days in ``first..last`` on which the port does not present ``system``."""
    fitting = [a for a in adapters if a.station == station and a.port == port]
    if not fitting:  # the port's own system all along
        return [] if standard == system else [(first, last)]
    runs: list[tuple[dt.date, dt.date]] = []
    start: dt.date | None = None
    day = first
    while day <= last:
        ok = port_system_on(fitting, station, port, standard, day) == system
        if not ok and start is None:
            start = day
        if ok and start is not None:
            runs.append((start, day - dt.timedelta(days=1)))
            start = None
        day += dt.timedelta(days=1)
    if start is not None:
        runs.append((start, last))
    return runs

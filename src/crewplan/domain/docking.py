"""Docking systems as data: which systems mate with which, and how sure the public record is of it.

A port carries one system (``Port.standard``), a vehicle type one (``VehicleType.docking_standard``). They
dock when the two are the same system, or when a ``mates`` entry of one names the other: ``verified`` (flown,
or documented by the builder), ``claimed`` (a party's statement), ``disputed`` (sources disagree). An adapter
that converts a port (IDA: APAS-95 to IDSS) is modelled by the port's own ``standard``: the port offers what
the adapter presents.
"""

from __future__ import annotations

from enum import StrEnum

from crewplan.domain.base import Id, Model, Text


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

"""Agreements: when they are in force, which seats count toward grants and barter balances."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from crewplan.domain import Agreement, Flight, SeatGrant, SeatRole, VehicleType
from crewplan.rules.days import MAX_DAY, Interval


def in_force_intervals(agreement: Agreement) -> list[Interval]:
    """The days an agreement is in force (``valid_from`` to ``valid_until``, both included)."""
    return [(agreement.valid_from, agreement.valid_until or MAX_DAY)]


def in_force(agreement: Agreement, day: object) -> bool:
    last = agreement.valid_until or MAX_DAY
    return agreement.valid_from <= day <= last  # type: ignore[operator]


def seat_provider(flight: Flight, vehicle_type: VehicleType) -> str:
    """The agency that provides a seat on ``flight``: the vehicle type's operator."""
    del flight
    return vehicle_type.operator


def grant_counts(grant: SeatGrant, agreement: Agreement, astronaut_agency: str, flight: Flight,
                 vehicle_type: VehicleType, station_operator: str) -> bool:
    """Whether a seat of a ``astronaut_agency`` person on ``flight`` uses ``grant``."""
    if astronaut_agency != grant.grantee:
        return False
    if grant.grantor not in (vehicle_type.operator, station_operator):
        return False
    if grant.vehicle_types and vehicle_type.id not in grant.vehicle_types:
        return False
    if grant.stations and flight.station not in grant.stations:
        return False
    day = flight.launch_day
    if grant.earliest and day < grant.earliest:
        return False
    if grant.deadline and day > grant.deadline:
        return False
    return in_force(agreement, day)


def may_hold_role(agreements: Iterable[Agreement], spec: SeatRole, astronaut_agency: str, operator: str,
                  day: dt.date) -> bool:
    """Whether a ``astronaut_agency`` person may hold the seat role ``spec`` of a vehicle ``operator`` flies,
    on ``day``: the role names no agencies, names theirs, or an agreement in force between the two opens it."""
    if not spec.agencies or astronaut_agency in spec.agencies:
        return True
    return any(spec.role in a.seat_roles and in_force(a, day) and {astronaut_agency, operator} <= set(a.parties)
               for a in agreements)

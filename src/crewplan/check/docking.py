"""Rule 8: each docked vehicle holds a port of its docking standard; one vehicle per port at a time.

A port is held from the docking day up to (not including) the undocking day, so one vehicle may leave a
port and another arrive there on the same day. A relocation holds the new port from its day. A port
presents its own standard, or an adapter's system while the adapter is in service (``port_system_on``):
a vehicle holding it on a day it presents another system breaks the rule on that day.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from crewplan.check.context import CheckContext
from crewplan.check.violations import Entities, Severity, Violation
from crewplan.domain import (
    Flight,
    FlightStatus,
    Port,
    Station,
    VehicleType,
    day_of,
    days_not_presenting,
    port_system_on,
)

ONE = dt.timedelta(days=1)


def holdings(ctx: CheckContext, flight: Flight) -> list[tuple[str, dt.date, dt.date]]:
    """``(port, first, end)`` pieces, ``end`` exclusive."""
    first, last = ctx.docked[flight.id]
    end = max(last, first + ONE) if last > first else first + ONE
    pieces: list[tuple[str, dt.date, dt.date]] = []
    port, start = flight.port, first
    for move in sorted(flight.port_moves, key=lambda m: day_of(m.date)):
        day = day_of(move.date)
        if port and day > start:
            pieces.append((port, start, min(day, end)))
        port, start = move.port, max(day, first)
    if port and start < end:
        pieces.append((port, start, end))
    return pieces


def _wrong_system(ctx: CheckContext, station: Station, port: Port, vtype: VehicleType, first: dt.date,
                  last: dt.date) -> list[tuple[dt.date, dt.date]]:
    """The runs of days in ``first..last`` on which ``port`` does not present ``vtype``'s system."""
    return days_not_presenting(ctx.scenario.docking_adapters, station.id, port.id, port.standard,
                               vtype.docking_standard, first, last)


def _fitting(ctx: CheckContext, station: Station, vtype: VehicleType, first: dt.date, last: dt.date,
             but: str | None = None) -> tuple[str, ...]:
    return tuple(f"dock at {p.id}" for p in station.ports
                 if p.id != but and not _wrong_system(ctx, station, p, vtype, first, last))


def _presented(ctx: CheckContext, station: Station, port: Port, day: dt.date) -> str:
    shown = port_system_on(ctx.scenario.docking_adapters, station.id, port.id, port.standard, day)
    return shown if shown == port.standard else f"{shown} through an adapter"


def check(ctx: CheckContext) -> Iterator[Violation]:
    stations = {s.id: s for s in ctx.scenario.stations}
    by_port: dict[tuple[str, str], list[tuple[dt.date, dt.date, Flight]]] = {}
    for flight in ctx.flights:
        station, vtype = stations.get(flight.station), ctx.vtype(flight)
        first, last = ctx.docked[flight.id]
        days = ctx.in_horizon(first, last)
        if station is None or vtype is None or days is None:
            continue
        ents = Entities(flights=(flight.id,), stations=(station.id,), vehicle_types=(vtype.id,))
        stay_last = max(first, last - ONE)
        if flight.undocking_day() is None:
            yield Violation.on_days(
                "docking.port", f"{flight.name} has no undocking, landing or stay; assumed docked to the end "
                "of the horizon", ents, *days, severity=Severity.WARNING)
        if flight.port is None:
            planned = flight.status is FlightStatus.PLANNED
            yield Violation.on_days(
                "docking.port", f"{flight.name} has no docking port" + ("" if planned else " recorded"),
                ents, *days, severity=Severity.VIOLATION if planned else Severity.WARNING,
                fixes=_fitting(ctx, station, vtype, first, stay_last))
        for port_id, start, end in holdings(ctx, flight):
            port = station.port(port_id)
            if port is None:
                yield Violation.on_days(
                    "docking.port", f"{flight.name} docks at {port_id}, which {station.name} does not have",
                    ents.model_copy(update={"ports": (port_id,)}), *days,
                    fixes=_fitting(ctx, station, vtype, first, stay_last))
                continue
            for wrong_first, wrong_last in _wrong_system(ctx, station, port, vtype, start, end - ONE):
                wrong_days = ctx.in_horizon(wrong_first, wrong_last)
                if wrong_days:
                    yield Violation.on_days(
                        "docking.port", f"{flight.name} ({vtype.name}, {vtype.docking_standard}) cannot dock at "
                        f"{port.name} ({_presented(ctx, station, port, wrong_first)})",
                        ents.model_copy(update={"ports": (port_id,)}), *wrong_days,
                        fixes=_fitting(ctx, station, vtype, start, end - ONE, but=port_id))
            closed: list[tuple[dt.date, dt.date]] = []
            if port.available_from is not None and start < port.available_from:
                closed.append((start, min(end, port.available_from) - ONE))
            if port.available_until is not None and end - ONE >= port.available_until:
                closed.append((max(start, port.available_until), end - ONE))
            for first, last in closed:
                days_closed = ctx.in_horizon(first, last)
                if days_closed:
                    when = " ".join(filter(None, (
                        f"from {port.available_from}" if port.available_from else "",
                        f"until {port.available_until}" if port.available_until else "")))
                    yield Violation.on_days(
                        "docking.port", f"{flight.name} holds {port.name}, which is only usable {when}",
                        ents.model_copy(update={"ports": (port_id,)}), *days_closed,
                        fixes=_fitting(ctx, station, vtype, start, end - ONE, but=port_id))
            by_port.setdefault((station.id, port_id), []).append((start, end, flight))
    for (station_id, port_id), pieces in by_port.items():
        pieces.sort(key=lambda p: (p[0], p[2].id))
        for i, (s1, e1, f1) in enumerate(pieces):
            for s2, e2, f2 in pieces[i + 1:]:
                if s2 >= e1:
                    break
                days = ctx.in_horizon(max(s1, s2), min(e1, e2) - ONE)
                if days and f1.id != f2.id:
                    yield Violation.on_days(
                        "docking.port", f"{f1.name} and {f2.name} both hold port {port_id} of {station_id}",
                        Entities(flights=(f1.id, f2.id), stations=(station_id,), ports=(port_id,)), *days,
                        fixes=(f"move {f2.id} to another port of the same standard",
                               f"undock {f1.id} before {f2.id} docks"))

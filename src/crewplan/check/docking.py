"""Rule 8: each docked vehicle holds a port of its docking standard; one vehicle per port at a time.

A port is held from the docking day up to (not including) the undocking day, so one vehicle may leave a
port and another arrive there on the same day. A relocation holds the new port from its day.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from crewplan.check.context import CheckContext
from crewplan.check.violations import Entities, Severity, Violation
from crewplan.domain import Flight, FlightStatus, day_of

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
        if flight.undocking_day() is None:
            yield Violation.on_days(
                "docking.port", f"{flight.name} has no undocking, landing or stay; assumed docked to the end "
                "of the horizon", ents, *days, severity=Severity.WARNING)
        if flight.port is None:
            planned = flight.status is FlightStatus.PLANNED
            yield Violation.on_days(
                "docking.port", f"{flight.name} has no docking port" + ("" if planned else " recorded"),
                ents, *days, severity=Severity.VIOLATION if planned else Severity.WARNING,
                fixes=tuple(f"dock at {p.id}" for p in station.ports if p.standard == vtype.docking_standard))
        for port_id, start, end in holdings(ctx, flight):
            port = station.port(port_id)
            if port is None:
                yield Violation.on_days(
                    "docking.port", f"{flight.name} docks at {port_id}, which {station.name} does not have",
                    ents.model_copy(update={"ports": (port_id,)}), *days,
                    fixes=tuple(f"dock at {p.id}" for p in station.ports if p.standard == vtype.docking_standard))
                continue
            if port.standard != vtype.docking_standard:
                yield Violation.on_days(
                    "docking.port", f"{flight.name} ({vtype.name}, {vtype.docking_standard}) cannot dock at "
                    f"{port.name} ({port.standard})", ents.model_copy(update={"ports": (port_id,)}), *days,
                    fixes=tuple(f"dock at {p.id}" for p in station.ports if p.standard == vtype.docking_standard))
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
                        fixes=tuple(f"dock at {p.id}" for p in station.ports
                                    if p.standard == vtype.docking_standard and p.id != port_id))
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

"""Small manifests for the report tests, made from the minimal test scenario."""

from __future__ import annotations

import datetime as dt

from crewplan.domain import Event, EventKind, Scenario, Seat


def with_gap(minimal: Scenario) -> Scenario:
    """The minimal manifest with Shenzhou-23 damaged on 2026-06-01 while its crew is aboard.

    Shenzhou-22 left on 2026-05-01 and Shenzhou-23 stays docked to 2026-10-22 (docked 2026-04-25, 180 days),
    so its commander has no lifeboat from 2026-06-01 to 2026-10-22, both days included.
    """
    damage = Event(id="sz23-damage", kind=EventKind.VEHICLE_DAMAGED, date=dt.date(2026, 6, 1), flight="SZ-23",
                   description="Coolant leak (test)")
    return rebuilt(minimal, events=(*minimal.events, damage))


def with_trainee(minimal: Scenario) -> Scenario:
    """The minimal manifest with the SUPARCO payload specialist seated on Shenzhou-23 (needs the basic course)."""
    flights = []
    for flight in minimal.flights:
        if flight.id == "SZ-23":
            seats = tuple(Seat(role=s.role, astronaut="cand-pk-1") if s.role.value == "payload_specialist" else s
                          for s in flight.seats)
            flight = flight.model_copy(update={"seats": seats})
        flights.append(flight)
    return rebuilt(minimal, flights=tuple(flights))


def rebuilt(scenario: Scenario, **update: object) -> Scenario:
    """``scenario`` with sections replaced, validated afresh (no cached lookups carried over)."""
    return Scenario.model_validate(scenario.model_copy(update=update).model_dump(by_alias=True))

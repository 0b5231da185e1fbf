"""What every rule family needs, computed once: who is aboard when, which vehicle is docked when.

Day-level time (DESIGN §8): a person is aboard from their up-flight's docking day to the undocking day of
the flight they return on (``returns_on``, default their own), both days included. A vehicle is docked
from its docking day to its undocking day, both included. A ``vehicle_damaged`` event makes that vehicle
unfit as a lifeboat from the event's day on.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import cached_property

from crewplan.domain import Astronaut, EventKind, Flight, FlightStatus, Scenario, VehicleType, day_of
from crewplan.rules.days import Interval

ACTIVE = (FlightStatus.FLOWN, FlightStatus.PLANNED)


@dataclass(frozen=True)
class Stay:
    """One person's time at a station: up on ``up``, home on ``back``."""

    astronaut: str
    role_flight: str
    up: Flight
    back: Flight
    station: str
    launch_day: dt.date
    first_day: dt.date
    last_day: dt.date
    landing_day: dt.date

    @property
    def legs(self) -> list[Flight]:
        """The vehicles the person rides: up, and home when that is another one."""
        return [self.up] if self.back.id == self.up.id else [self.up, self.back]


@dataclass
class CheckContext:
    scenario: Scenario
    horizon: Interval
    flights: list[Flight] = field(default_factory=list)
    """Flights that flew or are planned (not cancelled, not aborted), by launch day."""

    def __post_init__(self) -> None:
        s = self.scenario
        self.flights = sorted((f for f in s.flights if f.status in ACTIVE), key=lambda f: (f.launch_day, f.id))
        self.flight_by_id = {f.id: f for f in s.flights}
        self.vtypes: dict[str, VehicleType] = {v.id: v for v in s.vehicle_types}
        self.people: dict[str, Astronaut] = {a.id: a for a in s.astronauts}
        self.damage: dict[str, tuple[dt.date, str]] = {}
        for event in sorted(s.events, key=lambda e: day_of(e.date)):
            if event.kind is EventKind.VEHICLE_DAMAGED and event.flight and event.flight not in self.damage:
                self.damage[event.flight] = (day_of(event.date), event.id)

    def vtype(self, flight: Flight) -> VehicleType | None:
        return self.vtypes.get(flight.vehicle_type)

    def undocking_day(self, flight: Flight) -> dt.date:
        """The undocking day, or the horizon's end when the scenario does not say."""
        return flight.undocking_day() or max(self.horizon[1], flight.docking_day)

    def landing_day(self, flight: Flight) -> dt.date:
        return day_of(flight.landing) if flight.landing else self.undocking_day(flight)

    @cached_property
    def docked(self) -> dict[str, Interval]:
        """Docked days of every active flight's vehicle."""
        return {f.id: (f.docking_day, self.undocking_day(f)) for f in self.flights}

    @cached_property
    def stays(self) -> list[Stay]:
        out: list[Stay] = []
        for flight in self.flights:
            for seat in flight.seats:
                if not seat.astronaut:
                    continue
                back = self.flight_by_id.get(seat.returns_on or flight.id, flight)
                out.append(Stay(
                    astronaut=seat.astronaut, role_flight=flight.id, up=flight, back=back,
                    station=flight.station, launch_day=flight.launch_day, first_day=flight.docking_day,
                    last_day=max(self.undocking_day(back), flight.docking_day),
                    landing_day=max(self.landing_day(back), flight.docking_day),
                ))
        return out

    @cached_property
    def returners(self) -> dict[str, list[str]]:
        """Flight id -> the people it brings home."""
        out: dict[str, list[str]] = {}
        for stay in self.stays:
            out.setdefault(stay.back.id, []).append(stay.astronaut)
        return out

    def name(self, astronaut_id: str) -> str:
        person = self.people.get(astronaut_id)
        return person.name if person else astronaut_id

    def names(self, ids: list[str] | tuple[str, ...]) -> str:
        return ", ".join(self.name(i) for i in ids)

    def in_horizon(self, first: dt.date, last: dt.date) -> Interval | None:
        lo, hi = max(first, self.horizon[0]), min(last, self.horizon[1])
        return (lo, hi) if lo <= hi else None

"""Flights: one launch of a vehicle to a station, with seats, crew and the vehicle each person returns on."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from pydantic import Field, model_validator

from crewplan.domain.base import Day, Id, Model, Text, When, day_of
from crewplan.domain.vehicles import Role


class FlightStatus(StrEnum):
    FLOWN = "flown"
    PLANNED = "planned"
    CANCELLED = "cancelled"
    ABORTED = "aborted"


class Seat(Model):
    """A seat on the way up. ``returns_on`` names the flight whose vehicle brings the person home
    (default: this flight's)."""

    role: Role
    astronaut: Id | None = None
    returns_on: Id | None = None
    pinned: bool = False
    """The planner must keep this assignment (a decision already taken)."""
    note: Text | None = None


class PortMove(Model):
    """A relocation of the docked vehicle to another port on a day."""

    date: When
    port: Id


class FlightRevision(Model):
    """How a flight stood in the plan before a decision changed it on ``until`` (the record of what was
    planned: :func:`crewplan.scenario.cut.scenario_at` rebuilds the manifest of a past day from it). Fields
    left out are as flown."""

    until: Day
    """The day of the decision that changed it: the plan held through that day's morning."""
    launch: When | None = None
    stay_days: int | None = Field(default=None, ge=0, le=2000)
    uncrewed: bool | None = None
    seats: tuple[Seat, ...] | None = None
    """The crew then assigned (an empty seat: no one named yet)."""
    port: Id | None = None
    source: Text
    note: Text | None = None


class Flight(Model):
    """One launch of a vehicle to a station.

    For flown flights ``launch`` is the real liftoff; for planned ones it is the earliest allowed day and
    ``launch_latest`` the latest. ``docking``/``undocking`` default to the launch day and the landing day.
    """

    id: Id
    name: Text
    vehicle_type: Id
    vehicle: Id | None = None
    station: Id
    site: Id
    pad: Id | None = None
    status: FlightStatus = FlightStatus.PLANNED
    launch: When
    launch_latest: When | None = None
    docking: When | None = None
    port: Id | None = None
    port_moves: tuple[PortMove, ...] = ()
    undocking: When | None = None
    landing: When | None = None
    stay_days: int | None = Field(default=None, ge=0, le=2000)
    """Planned stay for a flight whose landing is not fixed yet."""
    stay_slack_days: int = Field(default=0, ge=0, le=365)
    """A planned stay may end up to this many days earlier or later (to meet the next crew for a handover)."""
    uncrewed: bool = False
    optional: bool = False
    """A flight the planner may fly or leave out (an uncrewed relief of a ready vehicle, or an extra crewed
    rotation): flown only where it pays for its cost (``weights.added_flight``); one left out is written
    ``cancelled`` (its seats empty) and stays optional."""
    seats: tuple[Seat, ...] = ()
    purpose: str = "rotation"
    planned_as: tuple[FlightRevision, ...] = ()
    """Earlier plans of this flight, oldest first (each held until its ``until`` day)."""
    source: Text | None = None
    note: Text | None = None

    @model_validator(mode="after")
    def _order(self) -> Flight:
        launch = day_of(self.launch)
        for name in ("launch_latest", "docking", "undocking", "landing"):
            value = getattr(self, name)
            if value is not None and day_of(value) < launch:
                raise ValueError(f"{name} {day_of(value)} is before launch {launch}")
        if self.docking and self.undocking and day_of(self.undocking) < day_of(self.docking):
            raise ValueError(f"undocking {day_of(self.undocking)} is before docking {day_of(self.docking)}")
        if self.undocking and self.landing and day_of(self.landing) < day_of(self.undocking):
            raise ValueError(f"landing {day_of(self.landing)} is before undocking {day_of(self.undocking)}")
        if self.uncrewed and any(s.astronaut for s in self.seats):
            raise ValueError("an uncrewed flight has an astronaut in a seat")
        people = [s.astronaut for s in self.seats if s.astronaut]
        dupes = sorted({p for p in people if people.count(p) > 1})
        if dupes:
            raise ValueError(f"astronaut {dupes[0]!r} holds more than one seat on this flight")
        untils = [r.until for r in self.planned_as]
        if untils != sorted(set(untils)):
            raise ValueError("planned_as: revisions must be in order of their until days, one per day")
        return self

    @property
    def crewed(self) -> bool:
        return any(s.astronaut for s in self.seats)

    @property
    def launch_day(self) -> dt.date:
        return day_of(self.launch)

    @property
    def docking_day(self) -> dt.date:
        return day_of(self.docking) if self.docking else self.launch_day

    def undocking_day(self) -> dt.date | None:
        """The day the vehicle leaves the station, if known (undocking, else landing, else launch + stay)."""
        if self.undocking:
            return day_of(self.undocking)
        if self.landing:
            return day_of(self.landing)
        if self.stay_days is not None:
            return self.docking_day + dt.timedelta(days=self.stay_days)
        return None

    def crew(self) -> tuple[str, ...]:
        return tuple(s.astronaut for s in self.seats if s.astronaut)

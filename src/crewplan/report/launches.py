"""Launch windows around the coming flights, from the orbit layer, for the report's windows chart.

"Coming" flights are the manifest's planned flights, earliest first; a manifest with none (a record of
flown history) shows its last flown flights instead, and says so. For each, the windows of its site into
its station's orbit are searched from ``MARGIN_DAYS`` before its earliest launch day to ``MARGIN_DAYS``
after its latest (at most ``SPAN_DAYS_MAX`` days after the earliest, so that a day stays readable), with
the station's element sets (the latest set not after each instant). A chosen liftoff later than that span
widens it to include the liftoff.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from crewplan.domain import Flight, FlightStatus, Scenario, day_of
from crewplan.errors import CrewplanError
from crewplan.orbit.elements import ElementRecord, station_elements
from crewplan.orbit.windows import LaunchWindow, find_windows
from crewplan.timeutil import start_of_day

MARGIN_DAYS = 3
SPAN_DAYS_MAX = 21
MAX_FLIGHTS = 6


@dataclass
class FlightWindows:
    """The windows around one flight, and the liftoff the manifest chose."""

    flight: Flight
    windows: list[LaunchWindow] = field(default_factory=list)
    liftoff: dt.datetime | None = None
    """The manifest's liftoff instant; ``None`` when it gives only a day."""
    error: str | None = None
    """Why no windows could be computed (no element sets, propagation failed, ...)."""


@dataclass
class Launches:
    flights: list[FlightWindows]
    coming: bool
    """``True``: planned flights; ``False``: no planned flights, the last flown ones are shown."""


def coming_flights(scenario: Scenario, limit: int = MAX_FLIGHTS) -> tuple[list[Flight], bool]:
    planned = sorted((f for f in scenario.flights if f.status is FlightStatus.PLANNED),
                     key=lambda f: (f.launch_day, f.id))
    if planned:
        return planned[:limit], True
    flown = sorted((f for f in scenario.flights if f.status is FlightStatus.FLOWN),
                   key=lambda f: (f.launch_day, f.id))
    return flown[-limit:], False


def launches(scenario: Scenario, limit: int = MAX_FLIGHTS) -> Launches:
    """Windows around each coming flight (at most ``limit``)."""
    chosen, coming = coming_flights(scenario, limit)
    out: list[FlightWindows] = []
    records_by_station: dict[str, list[ElementRecord]] = {}
    for flight in chosen:
        item = FlightWindows(flight)
        if isinstance(flight.launch, dt.datetime):
            item.liftoff = flight.launch
        try:
            station = scenario.station(flight.station)
            site = scenario.launch_site(flight.site)
            vtype = scenario.vehicle_type(flight.vehicle_type)
            if station.id not in records_by_station:
                records_by_station[station.id] = station_elements(station)
            records = records_by_station[station.id]
            latest = day_of(flight.launch_latest) if flight.launch_latest else flight.launch_day
            latest = min(latest, flight.launch_day + dt.timedelta(days=SPAN_DAYS_MAX))
            start = start_of_day(flight.launch_day - dt.timedelta(days=MARGIN_DAYS))
            end = start_of_day(latest + dt.timedelta(days=MARGIN_DAYS + 1))
            item.windows = find_windows(records, site, vtype, start, end, station=station.id)
        except (CrewplanError, KeyError) as error:
            item.error = str(error).splitlines()[0] if str(error) else type(error).__name__
        out.append(item)
    return Launches(out, coming)

"""Station occupancy and lifeboat seats, day by day, for the report's charts.

The reading of time is the checker's (:mod:`crewplan.check.context`): a person is aboard from their
up-flight's docking day to the undocking day of the flight they return on, both days included; a vehicle
is docked from its docking day to its undocking day. Whether a docked vehicle is a lifeboat on a day
(capable type, not damaged, within its certified docked life) is the checker's
:meth:`crewplan.check.lifeboat.Lifeboats.status`, so the chart and the ``lifeboat`` rule cannot disagree on
it.

``lifeboat_seats`` counts seats. A **gap day** is a day with more people aboard than lifeboat seats, or a
day of a ``lifeboat`` finding of the checker at that station (a person whose liner, fit or legality leaves
them without a usable seat even when seats are free).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from crewplan.check import CheckReport
from crewplan.check.context import CheckContext, Stay
from crewplan.check.lifeboat import Lifeboats
from crewplan.check.violations import Severity, Violation
from crewplan.domain import Scenario

ONE_DAY = dt.timedelta(days=1)

Interval = tuple[dt.date, dt.date]
"""Inclusive day interval ``(first, last)``."""


@dataclass
class StationDays:
    """Day-by-day counts for one station, ``days[0]``..``days[-1]``."""

    station: str
    name: str
    nominal_crew: int
    handover_crew: int
    handover_days_max: int
    days: list[dt.date] = field(default_factory=list)
    aboard: list[int] = field(default_factory=list)
    lifeboat_seats: list[int] = field(default_factory=list)
    checker_gaps: list[Interval] = field(default_factory=list)
    """Days of the checker's ``lifeboat`` findings at this station (empty when no check report is given)."""

    @property
    def short_days(self) -> list[dt.date]:
        """Days with more people aboard than lifeboat seats."""
        return [d for d, n, s in zip(self.days, self.aboard, self.lifeboat_seats, strict=True) if n > s]

    @property
    def gap_days(self) -> list[dt.date]:
        """Short days and the days of the checker's lifeboat findings, sorted, within the chart's days."""
        found = set(self.short_days)
        lo, hi = (self.days[0], self.days[-1]) if self.days else (dt.date.max, dt.date.min)
        for first, last in self.checker_gaps:
            day = max(first, lo)
            while day <= min(last, hi):
                found.add(day)
                day += ONE_DAY
        return sorted(found)

    @property
    def gaps(self) -> list[Interval]:
        """Gap days merged into runs."""
        return runs(self.gap_days)

    @property
    def over_nominal(self) -> list[Interval]:
        """Runs of days with more people aboard than the nominal crew (handovers, or worse)."""
        return runs([d for d, n in zip(self.days, self.aboard, strict=True) if n > self.nominal_crew])

    @property
    def over_handover(self) -> list[Interval]:
        """Runs of days with more people aboard than even a handover allows."""
        return runs([d for d, n in zip(self.days, self.aboard, strict=True) if n > self.handover_crew])


@dataclass
class Occupancy:
    """Stays and per-station day counts of a manifest."""

    context: CheckContext
    stations: dict[str, StationDays]

    @property
    def stays(self) -> list[Stay]:
        return self.context.stays


def runs(days: list[dt.date]) -> list[Interval]:
    """Sorted days merged into inclusive runs of consecutive days."""
    out: list[Interval] = []
    for day in days:
        if out and day == out[-1][1] + ONE_DAY:
            out[-1] = (out[-1][0], day)
        else:
            out.append((day, day))
    return out


def span_of(scenario: Scenario) -> Interval:
    """The days the report covers: the horizon, widened back to the first stay or docking so that flown
    history before the horizon shows too."""
    firsts = [f.docking_day for f in scenario.flights]
    start = min([scenario.settings.horizon_start, *firsts])
    return start, scenario.settings.horizon_end


def occupancy(scenario: Scenario, check: CheckReport | Iterable[Violation] | None = None) -> Occupancy:
    """People aboard and lifeboat seats per station per day over :func:`span_of`.

    Args:
        scenario: a scenario or manifest.
        check: the checker's report of it (or its findings); its ``lifeboat`` violations are added to the gap
            days.
    """
    first, last = span_of(scenario)
    ctx = CheckContext(scenario, (first, last))
    boats = Lifeboats(ctx)
    n = (last - first).days + 1
    stations: dict[str, StationDays] = {}
    for station in scenario.stations:
        cap = station.capacity
        stations[station.id] = StationDays(
            station.id, station.name, cap.nominal_crew, cap.handover_crew, cap.handover_days_max,
            days=[first + dt.timedelta(days=i) for i in range(n)], aboard=[0] * n, lifeboat_seats=[0] * n)
    for stay in ctx.stays:
        days = stations.get(stay.station)
        if days is not None:
            for i in _indices(first, n, stay.first_day, stay.last_day):
                days.aboard[i] += 1
    for flight in ctx.flights:
        days = stations.get(flight.station)
        if days is None:
            continue
        dock_first, dock_last = ctx.docked[flight.id]
        for i in _indices(first, n, dock_first, dock_last):
            days.lifeboat_seats[i] += boats.status(flight, days.days[i]).seats
    if check is not None:
        for finding in check.violations if isinstance(check, CheckReport) else check:
            if finding.rule == "lifeboat" and finding.severity is Severity.VIOLATION:
                for station_id in finding.entities.stations:
                    if station_id in stations:
                        stations[station_id].checker_gaps.append((finding.first_day, finding.last_day))
    return Occupancy(context=ctx, stations=stations)


def _indices(origin: dt.date, n: int, first: dt.date, last: dt.date) -> range:
    return range(max((first - origin).days, 0), min((last - origin).days, n - 1) + 1)

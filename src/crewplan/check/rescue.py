"""Rule 11: where a station operator demands it, while crew is aboard a rescue vehicle can be launched
within the station's ``standby_rescue_days``.

Standby model (the rolling backup of CMSA): on a day ``d`` the rescue vehicle is the vehicle of a later
flight to the station (not yet launched on ``d``, of a lifeboat-capable type with seats) whose launch site
is not closed over the whole span ``d`` .. ``d + standby_rescue_days``. The standby days are the operator's
readiness promise and already include the pad's turnaround. When no later lifeboat-capable flight is in
the manifest, nothing stands by.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from crewplan.check.context import CheckContext
from crewplan.check.timeline import runs, segments
from crewplan.check.violations import Entities, Violation
from crewplan.domain import EventKind, FlightStatus, day_of
from crewplan.rules.days import MAX_DAY, ONE_DAY


def check(ctx: CheckContext) -> Iterator[Violation]:
    launches: dict[str, list[dt.date]] = {}
    for f in ctx.scenario.flights:
        if f.status is not FlightStatus.CANCELLED:
            launches.setdefault(f.site, []).append(f.launch_day)
    for days in launches.values():
        days.sort()
    closed: dict[str, list[tuple[dt.date, dt.date]]] = {}
    for e in ctx.scenario.events:
        if e.kind is EventKind.PAD_UNAVAILABLE and e.site and not e.pad:
            until = day_of(e.until) - ONE_DAY if e.until else MAX_DAY
            closed.setdefault(e.site, []).append((day_of(e.date), until))

    def site_ready(site_id: str, day: dt.date, within: int) -> bool:
        horizon = day + dt.timedelta(days=within)
        return not any(a <= day and b >= horizon for a, b in closed.get(site_id, []))

    for station in ctx.scenario.stations:
        within = station.standby_rescue_days
        if within is None:
            continue
        rescuers = [f for f in ctx.flights if f.station == station.id and (v := ctx.vtype(f)) is not None
                    and v.lifeboat_capable and v.seats > 0]
        cuts = {f.launch_day + ONE_DAY for f in rescuers}
        latest: dict[str, dt.date] = {}
        for f in rescuers:
            latest[f.site] = max(latest.get(f.site, f.launch_day), f.launch_day)
        bad: list[tuple[dt.date, dt.date]] = []
        for seg in segments(ctx, station.id, cuts):
            if not seg.stays:
                continue
            day = seg.first
            while day <= seg.last:
                if not any(last > day and site_ready(site, day, within) for site, last in latest.items()):
                    bad.append((day, day))
                day += ONE_DAY
        for first, last in runs(bad):
            people = tuple(sorted({s.astronaut for seg in segments(ctx, station.id)
                                   if seg.first <= last and seg.last >= first for s in seg.stays}))
            yield Violation.on_days(
                "rescue.standby", f"no rescue vehicle could launch to {station.name} within {within} days from "
                f"{first.isoformat()} to {last.isoformat()} while crew is aboard",
                Entities(astronauts=people, stations=(station.id,)), first, last,
                fixes=(f"keep a lifeboat-capable vehicle on standby for {station.id} (plan the next flight)",
                       "reopen the launch site or stand by a vehicle at another site"))

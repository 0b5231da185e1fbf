"""Rule 9, launch windows: each launch lies in a usable window of its site into the station's orbit.

Uses the orbit layer (:func:`crewplan.orbit.windows.find_windows`, the station's element sets). A launch
given as an instant must fall between a usable window's ``open_utc`` and ``close_utc``; a launch given as
a day (or a day range up to ``launch_latest``) needs one usable window on one of those days. "Usable" means
the launch azimuth is within the site's limits. The orbit layer is imported only when this rule runs.
"""

from __future__ import annotations

import datetime as dt
import importlib
import importlib.util
from collections.abc import Iterator
from typing import Any

from crewplan.check.context import CheckContext
from crewplan.check.violations import Entities, Severity, Violation
from crewplan.domain import day_of
from crewplan.errors import CrewplanError
from crewplan.timeutil import iso_z, start_of_day


def _module(name: str) -> Any:
    try:
        return importlib.import_module(name)
    except ImportError:
        return None


def available() -> bool:
    return importlib.util.find_spec("crewplan.orbit.windows") is not None


def unavailable_reason() -> str:
    return "not checked: the orbit layer (crewplan.orbit.windows) is not available"


def check(ctx: CheckContext) -> Iterator[Violation]:
    windows_mod = _module("crewplan.orbit.windows")
    elements_mod = _module("crewplan.orbit.elements")
    if windows_mod is None or elements_mod is None:
        return
    sites = {s.id: s for s in ctx.scenario.launch_sites}
    stations = {s.id: s for s in ctx.scenario.stations}
    records: dict[str, Any] = {}
    lo, hi = ctx.horizon
    for flight in ctx.flights:
        if not lo <= flight.launch_day <= hi:
            continue
        site, station, vtype = sites.get(flight.site), stations.get(flight.station), ctx.vtype(flight)
        if site is None or station is None or vtype is None:
            continue
        ents = Entities(flights=(flight.id,), sites=(site.id,), stations=(station.id,))
        if station.id not in records:
            try:
                records[station.id] = elements_mod.station_elements(station)
            except CrewplanError as error:
                records[station.id] = error
        recs = records[station.id]
        if isinstance(recs, CrewplanError):
            yield Violation.on_days("launch.window", f"{flight.name}: window not checked ({recs})", ents,
                                    flight.launch_day, flight.launch_day, severity=Severity.WARNING)
            continue
        exact = isinstance(flight.launch, dt.datetime)
        last_day = day_of(flight.launch_latest) if flight.launch_latest else flight.launch_day
        start = flight.launch - dt.timedelta(hours=12) if exact else start_of_day(flight.launch_day)
        end = flight.launch + dt.timedelta(hours=12) if exact else start_of_day(last_day + dt.timedelta(days=1))
        try:
            if not exact and windows_mod.usable_launch_days(recs, site, vtype, start, end):
                continue  # a usable window on one of the launch days; no need to locate it
            found = windows_mod.find_windows(recs, site, vtype, start, end, station=station.id)
        except CrewplanError as error:
            yield Violation.on_days("launch.window", f"{flight.name}: window not computed ({error})", ents,
                                    flight.launch_day, flight.launch_day, severity=Severity.WARNING)
            continue
        usable = [w for w in found if w.usable]
        if exact:
            launch = flight.launch
            assert isinstance(launch, dt.datetime)
            if any(w.open_utc <= launch <= w.close_utc for w in usable):
                continue
            nearest = sorted(usable, key=lambda w: abs((w.launch_utc - launch).total_seconds()))[:2]
            yield Violation.on_days(
                "launch.window", f"{flight.name} lifts off at {iso_z(launch)} from {site.name}, outside every "
                f"usable window into the {station.name} orbit", ents, flight.launch_day, flight.launch_day,
                fixes=tuple(f"launch at {iso_z(w.launch_utc)} (window {iso_z(w.open_utc)} to {iso_z(w.close_utc)}, "
                            f"azimuth {w.azimuth_deg:.1f} deg)" for w in nearest) or ("launch on another day",))
        elif not usable:
            why = (f"{len(found)} window(s), none within the site's azimuth limits" if found
                   else "the site never passes through the orbit plane")
            yield Violation.on_days(
                "launch.window", f"{flight.name}: no usable window from {site.name} into the {station.name} orbit "
                f"on {flight.launch_day.isoformat()}" + (f" to {last_day.isoformat()}" if last_day != flight.launch_day
                                                          else "") + f" ({why})",
                ents, flight.launch_day, last_day,
                fixes=("launch on another day", "launch from a site whose azimuths reach the orbit"))

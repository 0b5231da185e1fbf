"""``crewplan windows``, ``crewplan orbits`` (DESIGN §6) and ``crewplan reach`` (issue 14)."""

from __future__ import annotations

import datetime as dt
import math
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich import box
from rich.table import Table

from crewplan.commands.common import JsonOption, ScenarioOption, console, err_console, finite, load, print_json
from crewplan.domain import Scenario
from crewplan.domain.places import LaunchSite, Station
from crewplan.domain.vehicles import VehicleType
from crewplan.errors import UsageError
from crewplan.orbit.elements import ElementRecord, read_elements, station_elements
from crewplan.orbit.periods import CircularOrbit, nodal_period_minutes, orbits_between, period_minutes
from crewplan.orbit.propagate import predictable_span
from crewplan.orbit.routes import default_vehicle

if TYPE_CHECKING:
    from crewplan.orbit.windows import LaunchWindow
from crewplan.timeutil import iso_z, parse_utc

STALE_ELEMENTS_DAYS = 30.0
"""Beyond this many days from the nearest element set, a note warns that windows drift (drag, manoeuvres)."""

ElementsOption = Annotated[
    Path | None,
    typer.Option("--elements", help="TLE or OMM (XML, JSON, CSV) file to use instead of the station's sets; "
                 "each window uses the latest set not after it.", show_default=False),
]


def register(app: typer.Typer) -> None:
    app.command("windows")(windows)
    app.command("orbits")(orbits)
    app.command("reach")(reach)


def reach(
    station: Annotated[str | None, typer.Option("--station", help="Only this station (default: every one).",
                                                show_default=False)] = None,
    scenario_path: ScenarioOption = None,
    as_json: JsonOption = False,
) -> None:
    """Which launch site can put a vehicle into which station's orbit: the plane's azimuths at the site
    (sin A = cos i / cos latitude) against the site's allowed corridors, with the vehicle types that fly
    from it. A site north of the plane never passes under it."""
    from crewplan.orbit.reach import reach_table

    scenario = load(scenario_path)
    if station is not None:
        _lookup(scenario, "station", station, "--station")
    rows = [r for r in reach_table(scenario) if station is None or r.station == station]
    if as_json:
        print_json({"reach": [r.to_json() for r in rows]})
        return
    table = Table(title="Reach: launch sites against station orbits", box=box.SIMPLE_HEAD)
    for column in ("station", "site", "reaches", "azimuth NE / SE", "vehicle types", "why"):
        table.add_column(column, overflow="fold")
    for r in rows:
        azimuths = (f"{r.ascending_azimuth_deg:.1f}° / {r.descending_azimuth_deg:.1f}°"
                    if r.ascending_azimuth_deg is not None and r.descending_azimuth_deg is not None else "-")
        table.add_row(r.station, r.site, ("yes" if r.reachable else "no") + (" (marginal)" if r.marginal else ""),
                      azimuths, ", ".join(r.vehicle_types) or "-", r.reason)
    console.print(table)


def _lookup(scenario: Scenario, section: str, key: str, flag: str) -> Any:
    try:
        return getattr(scenario, section)(key)
    except KeyError as error:
        raise UsageError(f"{flag} {key!r}: {error.args[0]}") from None


def _stale_note(records: list[ElementRecord], start: dt.datetime, end: dt.datetime) -> str | None:
    first, last = records[0].epoch_utc, records[-1].epoch_utc
    gap = max((start - last).total_seconds(), (first - end).total_seconds(), 0.0) / 86_400.0
    if gap > STALE_ELEMENTS_DAYS:
        return (f"note: the span is {gap:.0f} days from the nearest element set ({iso_z(first)} to "
                f"{iso_z(last)}); windows drift by minutes per week of extrapolation (drag, reboosts)")
    return None


def _what_if_note(vehicle: VehicleType, site: LaunchSite, station: Station, records: list[ElementRecord],
                  begin: dt.datetime, any_pass: bool) -> str | None:
    """Say so when the question is a what-if: a vehicle that does not fly from the site, or a site the orbit
    plane never passes over."""
    if vehicle.launch_sites and site.id not in vehicle.launch_sites:
        return (f"note: {vehicle.id} does not launch from {site.id} in the scenario (its sites: "
                f"{', '.join(vehicle.launch_sites)}); the windows answer a what-if")
    if not any_pass:
        from crewplan.orbit.elements import select_elements

        inclination = math.degrees(select_elements(records, begin).satrec.inclo)
        reach = min(inclination, 180.0 - inclination)
        if abs(site.latitude_deg) > reach:
            return (f"note: {site.id} lies at {site.latitude_deg:.1f}° latitude, beyond the {station.id} orbit's "
                    f"{inclination:.1f}° inclination: the plane never passes over it, so no direct launch reaches it")
    return None


def windows(
    station: Annotated[str, typer.Option("--station", help="Station id (e.g. css, iss).")],
    site: Annotated[str, typer.Option("--site", help="Launch site id (e.g. jiuquan, baikonur-31).")],
    start: Annotated[str, typer.Option("--start", help="First day (or instant), ISO 8601 UTC.")],
    days: Annotated[float, typer.Option("--days", help="Length of the span, days.",
                                        parser=finite(0.001, 3660))] = 1.0,
    vehicle: Annotated[str | None, typer.Option("--vehicle", help="Vehicle type id (default: the type that "
                                                "flies from the site to the station).",
                                                show_default=False)] = None,
    elements: ElementsOption = None,
    include_all: Annotated[bool, typer.Option("--all", help="Also list passes outside the site's allowed "
                                              "azimuths (usable: false).")] = False,
    scenario_path: ScenarioOption = None,
    as_json: JsonOption = False,
) -> None:
    """Launch windows: when the site passes through the station's orbital plane, with azimuth and phase."""
    begin = parse_utc(start, "--start")
    given = read_elements(elements) if elements is not None else None  # cheap checks before the scenario
    scenario = load(scenario_path)
    the_station: Station = _lookup(scenario, "station", station, "--station")
    the_site: LaunchSite = _lookup(scenario, "launch_site", site, "--site")
    the_vehicle = (_lookup(scenario, "vehicle_type", vehicle, "--vehicle") if vehicle
                   else default_vehicle(scenario, the_station, the_site))
    end = begin + dt.timedelta(days=days)
    records = given if given is not None else station_elements(the_station)
    predictable_span(records, begin, end, f"the element sets of {the_station.id}" if given is None else
                     str(elements))
    from crewplan.orbit.windows import find_windows  # SciPy's root finders load only for this command

    found = find_windows(records, the_site, the_vehicle, begin, end, station=the_station.id)
    shown = found if include_all else [w for w in found if w.usable]
    for note in (_stale_note(records, begin, end), _what_if_note(the_vehicle, the_site, the_station, records,
                                                                  begin, bool(found))):
        if note:
            err_console.print(note)
    if as_json:
        print_json([w.to_json() for w in shown])
        return
    console.print(_windows_table(shown, the_station, the_site, the_vehicle, begin, end, len(found), include_all))


def _windows_table(shown: list[LaunchWindow], station: Station, site: LaunchSite, vehicle: VehicleType,
                   begin: dt.datetime, end: dt.datetime, total: int, include_all: bool) -> Table:
    title = (f"Launch windows {site.id} -> {station.id} ({vehicle.id})\n{iso_z(begin)} to {iso_z(end)}: "
             f"{len(shown)} shown of {total} in-plane passes")
    table = Table(title=title, title_justify="left", box=box.SIMPLE_HEAD, pad_edge=False, collapse_padding=True)
    columns = ["liftoff (UTC)", "pass", "window", "az", "phase", "rendezvous"]
    for column in [*columns, "ok"] if include_all else columns:
        table.add_column(column, no_wrap=True)
    for w in shown:
        half_s = (w.close_utc - w.launch_utc).total_seconds()
        profile = f"{w.rendezvous_profile} {w.rendezvous_hours:g} h" if w.rendezvous_profile else "-"
        row = [iso_z(w.launch_utc)[:-1].replace("T", " "), w.pass_, f"±{half_s:.0f} s", f"{w.azimuth_deg:.1f}°",
               f"{w.phase_deg:+.1f}°", profile]
        table.add_row(*row, *(["yes" if w.usable else "no"] if include_all else []))
    return table


def orbits(
    start: Annotated[str, typer.Option("--start", help="From, ISO 8601 UTC.")],
    end: Annotated[str, typer.Option("--end", help="To, ISO 8601 UTC.")],
    station: Annotated[str | None, typer.Option("--station", help="Station id: its element sets.",
                                                show_default=False)] = None,
    elements: Annotated[Path | None, typer.Option("--elements", help="TLE or OMM file.",
                                                  show_default=False)] = None,
    altitude_km: Annotated[float | None, typer.Option("--altitude-km", help="Circular orbit: altitude, km.",
                                                      parser=finite(100, 100_000), show_default=False)] = None,
    inclination_deg: Annotated[float | None, typer.Option("--inclination-deg",
                                                          help="Circular orbit: inclination, degrees.",
                                                          parser=finite(0, 180), show_default=False)] = None,
    scenario_path: ScenarioOption = None,
    as_json: JsonOption = False,
) -> None:
    """Orbital period and the number of orbits flown between two instants."""
    begin = parse_utc(start, "--start")
    finish = parse_utc(end, "--end")
    if finish < begin:
        raise UsageError(f"--end {iso_z(finish)} is before --start {iso_z(begin)}")
    circular = altitude_km is not None or inclination_deg is not None
    chosen = sum((station is not None, elements is not None, circular))
    if chosen != 1:
        raise UsageError("give exactly one orbit: --station ID, --elements FILE, or --altitude-km KM with "
                         "--inclination-deg DEG")
    if scenario_path is not None and station is None:
        raise UsageError("--scenario only names where --station is defined; with --elements or a circular orbit "
                         "it has no use (leave it out)")
    orbit: CircularOrbit | list[ElementRecord]
    if circular:
        if altitude_km is None or inclination_deg is None:
            raise UsageError("a circular orbit needs both --altitude-km and --inclination-deg")
        orbit = CircularOrbit(altitude_km, inclination_deg)
        label = f"circular {altitude_km:g} km, {inclination_deg:g}°"
        nodal = nodal_period_minutes(orbit)
    else:
        if station is not None:
            scenario = load(scenario_path)
            orbit = station_elements(_lookup(scenario, "station", station, "--station"))
            label = f"station {station}"
        else:
            assert elements is not None
            orbit = read_elements(elements)
            label = str(elements)
        from crewplan.orbit.elements import select_elements

        predictable_span(orbit, begin, finish, label)
        nodal = nodal_period_minutes(select_elements(orbit, begin))
    period = period_minutes(orbit, begin) if not circular else period_minutes(orbit)
    count = orbits_between(orbit, begin, finish)
    document = {
        "orbit": label,
        "start_utc": iso_z(begin),
        "end_utc": iso_z(finish),
        "period_minutes": round(period, 4),
        "nodal_period_minutes": round(nodal, 4),
        "orbits": round(count, 4),
        "complete_orbits": math.floor(count + 1e-9),
    }
    if as_json:
        print_json(document)
        return
    console.print(f"{label}: period {period:.2f} min (node to node {nodal:.2f} min); "
                  f"{count:.2f} orbits from {iso_z(begin)} to {iso_z(finish)} "
                  f"({document['complete_orbits']} complete)")

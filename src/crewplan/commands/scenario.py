"""``crewplan scenario validate``, ``crewplan scenario show`` and ``crewplan scenario at``."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table
from rich.text import Text

from crewplan.commands.common import EXIT_USAGE, JsonOption, ScenarioOption, console, either, load, print_json, styled
from crewplan.domain import Astronaut, FlightStatus, Scenario, day_of, port_system_on
from crewplan.errors import ScenarioError, UsageError
from crewplan.scenario.save import scenario_data

PathArgument = Annotated[
    Path | None,
    typer.Argument(help="Scenario file or folder (default: the built-in scenario tiangong-iss).",
                   show_default=False),
]


def register(app: typer.Typer) -> None:
    group = typer.Typer(help="Validate and show scenario files.", no_args_is_help=True)
    group.command("validate")(validate)
    group.command("show")(show)
    group.command("at")(at)
    app.add_typer(group, name="scenario")


def validate(path: PathArgument = None, scenario_path: ScenarioOption = None, as_json: JsonOption = False) -> None:
    """Validate a scenario; list every problem as file:line: field: message (exit 2 if any).

    With --json: {"valid": true, "id": ..., "counts": {...}} or, exit 2, {"valid": false, "problems": [{"file",
    "line", "path", "message", "got", "expected"}, ...]}.
    """
    try:
        scenario = load(either(path, scenario_path))
    except ScenarioError as error:
        if not as_json:
            raise
        print_json({"valid": False, "problems": [dataclasses.asdict(p) for p in error.problems]})
        raise typer.Exit(EXIT_USAGE) from None
    counts = _counts(scenario)
    if as_json:
        print_json({"valid": True, "id": scenario.id, "counts": counts})
        return
    summary = ", ".join(f"{n} {name.replace('_', ' ')}" for name, n in counts.items() if n)
    console.print(styled("[green]valid[/green]: {id} ({name}): {summary}", id=scenario.id, name=scenario.name,
                         summary=summary))


def show(path: PathArgument = None, scenario_path: ScenarioOption = None, as_json: JsonOption = False) -> None:
    """Show a scenario: stations, vehicles, launch sites, flights by year, agreements and rules."""
    scenario = load(either(path, scenario_path))
    if as_json:
        print_json(scenario_data(scenario))
        return
    console.print(styled("[bold]{name}[/bold] ({id}), horizon {a} to {b}", name=scenario.name, id=scenario.id,
                         a=scenario.settings.horizon_start, b=scenario.settings.horizon_end))
    if scenario.description:
        console.print(Text(scenario.description.strip()))
    for table in (_stations(scenario), _vehicle_types(scenario), _sites(scenario), _flights(scenario),
                  _agreements(scenario), _rules(scenario)):
        console.print(table)
    fictional = sum(a.fictional for a in scenario.astronauts)
    console.print(f"{len(scenario.astronauts)} astronauts ({fictional} fictional planning candidates), "
                  f"{len(scenario.courses)} courses, {len(scenario.experiments)} experiments, "
                  f"{len(scenario.proposals)} proposals, {len(scenario.events)} events.")


def at(day: Annotated[str, typer.Argument(metavar="DATE", help="The day, YYYY-MM-DD: the manifest as it stood "
                                          "on its morning.", show_default=False)],
       path: PathArgument = None,
       out: Annotated[Path | None, typer.Option("--out", help="Write the manifest here (one .yaml file; its "
                                                "element sets are copied beside it into elements/). Required.",
                                                show_default=False)] = None,
       horizon_end: Annotated[str | None, typer.Option(
           "--horizon-end", metavar="DATE", help="Plan to this day (default: the scenario's own horizon end); "
           "flights launching later are left out.", show_default=False)] = None,
       scenario_path: ScenarioOption = None) -> None:
    """Cut the record at DATE: the manifest as the planners of that morning had it, to replan from.

    What happened before DATE stays as flown; a flight in orbit on DATE stays as long as it was then planned
    to; a flight launched on DATE or later becomes a planned flight again, with the launch day, stay and
    crew it then had (its planned_as revisions; without one, as it flew); later events, bookings and
    waivers are dropped. Example: crewplan scenario at 2022-12-14 --horizon-end 2023-12-31 --out
    before-ms22.yaml, then crewplan replan before-ms22.yaml --event 'vehicle_damaged flight=soyuz-ms-22
    date=2022-12-14'.
    """
    from crewplan.scenario.cut import scenario_at
    from crewplan.scenario.save import save_scenario, scenario_target, with_elements_in

    if out is None:
        raise UsageError("scenario at needs --out FILE.yaml: where to write the manifest of that morning")
    cut_day, last = _day(day, "DATE"), _day(horizon_end, "--horizon-end") if horizon_end else None
    scenario = load(either(path, scenario_path))
    cut = scenario_at(scenario, cut_day, last)
    target = scenario_target(out)  # checked (and its folder made) before the element sets are copied
    written = save_scenario(with_elements_in(cut, target.parent), target)
    planned = sum(1 for f in cut.flights if f.status is FlightStatus.PLANNED)
    console.print(styled("[green]wrote[/green] {out}: {id} on the morning of {day}, {n} planned flights to {end}",
                         out=str(written), id=cut.id, day=cut_day.isoformat(), n=str(planned),
                         end=cut.settings.horizon_end.isoformat()))


def _day(text: str, what: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise UsageError(f"{what}: {text!r} is not a day; expected YYYY-MM-DD, e.g. 2022-12-14") from None


def _row(table: Table, *cells: str) -> None:
    """Add a row of plain text: names from a scenario file are not rich markup (``[/x]`` would crash)."""
    table.add_row(*(Text(cell) for cell in cells))


def _counts(scenario: Scenario) -> dict[str, int]:
    from crewplan.domain import SECTIONS

    return {name: len(getattr(scenario, name)) for name in SECTIONS}


def _stations(s: Scenario) -> Table:
    table = Table(title="Stations", title_justify="left")
    for column in ("id", "name", "operator", "modules", "ports", "crew", "orbit"):
        table.add_column(column)
    for st in s.stations:
        standards: dict[str, int] = {}
        for port in st.ports:  # as the port presents itself at the start of the horizon
            shown = port_system_on(s.docking_adapters, st.id, port.id, port.standard, s.settings.horizon_start)
            label = shown if shown == port.standard else f"{shown} (adapter on {port.standard})"
            standards[label] = standards.get(label, 0) + 1
        ports = ", ".join(f"{n} {standard}" for standard, n in standards.items())
        table.add_row(st.id, st.name, st.operator, str(len(st.modules())), ports,
                      f"{st.capacity.nominal_crew} ({st.capacity.handover_crew} at handover)",
                      f"{st.orbit.altitude_km:.0f} km, {st.orbit.inclination_deg:.2f}°")
    return table


def _vehicle_types(s: Scenario) -> Table:
    table = Table(title="Vehicle types", title_justify="left")
    for column in ("id", "operator", "seats", "docking", "docked life", "lifeboat", "seat fit"):
        table.add_column(column)
    for t in s.vehicle_types:
        fit = t.seat_fit
        parts = []
        if fit.height_cm_min or fit.height_cm_max:
            parts.append(f"{fit.height_cm_min or 0:g}–{fit.height_cm_max or 0:g} cm")
        if fit.mass_kg_min or fit.mass_kg_max:
            parts.append(f"{fit.mass_kg_min or 0:g}–{fit.mass_kg_max or 0:g} kg")
        table.add_row(t.id, t.operator, str(t.seats), t.docking_standard, f"{t.docked_life_days} d",
                      "yes" if t.lifeboat_capable else "no", ", ".join(parts) or "not published")
    return table


def _sites(s: Scenario) -> Table:
    table = Table(title="Launch sites", title_justify="left")
    for column in ("id", "name", "lat °", "lon °", "azimuths °", "pads"):
        table.add_column(column)
    for site in s.launch_sites:
        azimuths = ", ".join(f"{r.min_deg:g}–{r.max_deg:g}" for r in site.azimuths)
        _row(table, site.id, site.name, f"{site.latitude_deg:.4f}", f"{site.longitude_deg:.4f}", azimuths,
                      ", ".join(p.id for p in site.pads))
    return table


def _flights(s: Scenario) -> Table:
    table = Table(title="Flights by year", title_justify="left")
    for column in ("year", "flight", "station", "launch", "landing", "status", "crew"):
        table.add_column(column)
    for year, flights in s.flights_by_year().items():
        for index, f in enumerate(flights):
            crew = ", ".join(_surname(s.astronaut(a)) for a in f.crew()) if f.crewed else (
                "uncrewed" if f.uncrewed else f"{len(f.seats)} open seat(s)")
            open_seats = sum(1 for seat in f.seats if seat.astronaut is None)
            if f.crewed and open_seats:
                crew += f" + {open_seats} open"
            landing = day_of(f.landing).isoformat() if f.landing else (
                f"+{f.stay_days} d" if f.stay_days is not None else "")
            _row(table, str(year) if index == 0 else "", f.name, f.station, f.launch_day.isoformat(), landing,
                          f.status.value, crew)
    return table


def _surname(person: Astronaut) -> str:
    """A short name for tables: the family name (written first in Chinese names, last otherwise)."""
    words = person.name.split()
    if person.fictional or len(words) < 2:
        return person.name
    return words[0] if "CN" in person.nationalities else words[-1]


def _agreements(s: Scenario) -> Table:
    table = Table(title="Agreements", title_justify="left")
    for column in ("id", "parties", "valid", "seats granted", "note"):
        table.add_column(column)
    for a in s.agreements:
        until = a.valid_until.isoformat() if a.valid_until else "open"
        grants = ", ".join(f"{g.seats} {g.grantor}→{g.grantee}" for g in a.seat_grants)
        if a.barter:
            grants = ", ".join(filter(None, [grants, f"barter ±{a.barter.max_imbalance_seats}"]))
        _row(table, a.id, " + ".join(a.parties), f"{a.valid_from} – {until}", grants or "-",
                      "hypothetical" if a.hypothetical else "")
    return table


def _rules(s: Scenario) -> Table:
    table = Table(title="Rules", title_justify="left")
    for column in ("id", "effect", "rule", "citation"):
        table.add_column(column)
    for r in s.rules:
        citation = r.citation if len(r.citation) <= 70 else r.citation[:67] + "..."
        table.add_row(r.id, r.effect.value, r.name, citation)
    return table

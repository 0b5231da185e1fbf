"""``crewplan rescue --station ID --date DAY``: which vehicle of any agency could reach the station first,
dock, and bring whom home (issue 14)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

import typer
from rich import box
from rich.table import Table

from crewplan.commands.common import JsonOption, ScenarioOption, console, load, print_json
from crewplan.errors import UsageError


def register(app: typer.Typer) -> None:
    app.command("rescue")(rescue)


def rescue(
    station: Annotated[str, typer.Option("--station", help="Station id (e.g. css, iss).")],
    date: Annotated[str, typer.Option("--date", help="The day the station needs help, YYYY-MM-DD (UTC): its "
                                      "lifeboat is damaged that day.")],
    scenario_path: ScenarioOption = None,
    as_json: JsonOption = False,
) -> None:
    """Every crew vehicle type of every agency against the station on the day, ranked by arrival: the vehicles
    docked there with free seats, then those that could launch (a site that reaches the orbit, a port its
    docking system mates with, the next vehicle brought forward by its readiness, the first launch window
    and the rendezvous); for each, who aboard may ride it (law, seat fit), or why it cannot come and what
    would change that. The flights are read as planned on the morning of the day."""
    from crewplan.rescue.candidates import candidates

    try:
        day = dt.date.fromisoformat(date)
    except ValueError:
        raise UsageError(f"--date {date!r}: not a day; expected YYYY-MM-DD such as 2022-12-15") from None
    scenario = load(scenario_path)
    try:
        scenario.station(station)
    except KeyError as error:
        raise UsageError(f"--station {station!r}: {error.args[0]}") from None
    found = candidates(scenario, station, day)
    if as_json:
        print_json({"station": station, "date": day.isoformat(), "candidates": [c.to_json() for c in found]})
        return
    table = Table(title=f"Who could come to {station} on {day.isoformat()}", box=box.SIMPLE_HEAD)
    for column in ("vehicle", "answer", "arrives (UTC)", "free seats", "who may ride", "why not / what would help"):
        table.add_column(column, overflow="fold")
    for c in found:
        what = f"{c.vehicle_type} ({c.operator})" + (f", {c.docked_flight} docked" if c.docked_flight else
                                                    f", next: {c.next_flight}" if c.next_flight else "")
        arrives = c.arrival_utc.strftime("%Y-%m-%d %H:%M") if c.arrival_utc else "-"
        seats = f"{c.seats}" + (f" ({c.seats_with_min_crew} with its minimum crew)"
                                if not c.docked_flight and c.seats_with_min_crew != c.seats else "")
        riders = ", ".join(r.name + ("" if r.may_ride else " (no)") for r in c.riders) or "-"
        why = "; ".join(c.reasons + [f"would help: {f}" for f in c.fixes]) or "-"
        table.add_row(what, "yes" if c.answer else "no", arrives, seats, riders, why)
    console.print(table)

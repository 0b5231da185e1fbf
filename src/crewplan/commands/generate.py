"""``crewplan generate``: a synthetic multi-station programme for benchmarks and the planner."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from crewplan.commands.common import console
from crewplan.scenario import dump_scenario, save_scenario
from crewplan.scenario.generate import generate_scenario


def register(app: typer.Typer) -> None:
    app.command("generate")(generate)


def generate(
    stations: Annotated[int, typer.Option("--stations", help="Number of stations.")] = 6,
    years: Annotated[int, typer.Option("--years", help="Length of the programme in years.")] = 10,
    astronauts: Annotated[int, typer.Option("--astronauts", help="Number of astronauts.")] = 500,
    flights: Annotated[int, typer.Option("--flights", help="Number of crewed flights.")] = 300,
    seed: Annotated[int, typer.Option("--seed", help="Random seed (same seed, same programme).")] = 1,
    out: Annotated[Path | None, typer.Option("--out", help="Write the YAML here (default: stdout).",
                                             show_default=False)] = None,
) -> None:
    """Generate a fictional programme that holds every hard rule; YAML to --out or stdout."""
    scenario = generate_scenario(stations, years, astronauts, flights, seed)
    if out is None:
        typer.echo(dump_scenario(scenario), nl=False)
        return
    path = save_scenario(scenario, out)
    console.print(f"wrote {path}: {len(scenario.stations)} stations, {len(scenario.astronauts)} astronauts, "
                  f"{len(scenario.flights)} flights")

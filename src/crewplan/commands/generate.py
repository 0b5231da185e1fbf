"""``crewplan generate``: a synthetic multi-station programme for benchmarks and the planner."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from crewplan.commands.common import Run, console, interruptible
from crewplan.scenario import dump_scenario, save_scenario
from crewplan.scenario.generate import (
    LAUNCH_SLACK_DAYS_MAX,
    MAX_ASTRONAUTS,
    MAX_FLIGHTS,
    fingerprint,
    generate_scenario,
)


def register(app: typer.Typer) -> None:
    app.command("generate")(generate)


def generate(
    stations: Annotated[int, typer.Option("--stations", help="Number of stations.", min=1, max=50)] = 6,
    years: Annotated[int, typer.Option("--years", help="Length of the programme in years.", min=1, max=50)] = 10,
    astronauts: Annotated[int, typer.Option("--astronauts", help="Number of astronauts (at least 8 per station).",
                                            min=8, max=MAX_ASTRONAUTS)] = 500,
    flights: Annotated[int, typer.Option("--flights", help="Number of crewed flights (at least one per station).",
                                         min=1, max=MAX_FLIGHTS)] = 300,
    seed: Annotated[int, typer.Option("--seed", help="Random seed (same seed, same programme; another seed "
                                      "changes the people, their order and qualifications, the sites and the "
                                      "dates).", min=0, max=2**63 - 1)] = 1,
    launch_slack_days: Annotated[int, typer.Option(
        "--launch-slack-days", help="Each launch is free within this many days either side of its generated "
        "date (0: launch days fixed).", min=0, max=LAUNCH_SLACK_DAYS_MAX)] = 0,
    out: Annotated[Path | None, typer.Option("--out", help="Write the YAML here (default: stdout).",
                                             show_default=False)] = None,
) -> None:
    """Generate a fictional programme that holds every hard rule; YAML to --out or stdout."""
    with interruptible(Run(out)) as run:
        scenario = generate_scenario(stations, years, astronauts, flights, seed,
                                     launch_slack_days=launch_slack_days)
        if out is None:
            typer.echo(dump_scenario(scenario), nl=False)
            return
        path = save_scenario(scenario, out)
        run.written = True
    console.print(f"wrote {path}: {len(scenario.stations)} stations, {len(scenario.astronauts)} astronauts, "
                  f"{len(scenario.flights)} flights (fingerprint {fingerprint(scenario)})")

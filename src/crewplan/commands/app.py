"""The Typer application: every command registered, in the order a planner asks its questions."""

from __future__ import annotations

from typing import Annotated

import typer

from crewplan.commands import check as check_commands
from crewplan.commands import db as db_commands
from crewplan.commands import generate as generate_commands
from crewplan.commands import listing as listing_commands
from crewplan.commands import orbit as orbit_commands
from crewplan.commands import plan as plan_commands
from crewplan.commands import report as report_commands
from crewplan.commands import rescue as rescue_commands
from crewplan.commands import robustness as robustness_commands
from crewplan.commands import scenario as scenario_commands
from crewplan.commands import serve as serve_commands

app = typer.Typer(
    name="crewplan",
    help="Plan international crew exchanges on crewed space stations.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

def _version(value: bool) -> None:
    if value:
        from crewplan import __version__

        typer.echo(f"crewplan {__version__}")
        raise typer.Exit()


@app.callback()
def _main_options(
    version: Annotated[bool, typer.Option("--version", help="Print the version and exit.", callback=_version,
                                          is_eager=True)] = False,
) -> None:
    """Plan international crew exchanges on crewed space stations."""


# The order of the --help listing: the questions in the order a planner asks them.
scenario_commands.register(app)
listing_commands.register(app)
orbit_commands.register(app)
check_commands.register(app)
plan_commands.register(app)
rescue_commands.register(app)
report_commands.register(app)
robustness_commands.register(app)
generate_commands.register(app)
db_commands.register(app)
serve_commands.register(app)

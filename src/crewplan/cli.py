"""The ``crewplan`` command line (Typer).

Exit codes (DESIGN §6, README): 0 success; 1 hard violations found or no feasible plan; 2 bad input or
usage; 3 (replan) a plan written with findings the events force; 70 an internal error (a bug); 130
interrupted. Bad input never shows a traceback: every :class:`~crewplan.errors.InputError` is printed as its
message. Any other exception is a bug: a one-line message names the file holding its traceback (set
``CREWPLAN_DEBUG=1`` to see it on stderr).
"""

from __future__ import annotations

import os
import sys
import tempfile
import traceback
from typing import Annotated

import typer

from crewplan.commands import check as check_commands
from crewplan.commands import generate as generate_commands
from crewplan.commands import listing as listing_commands
from crewplan.commands import orbit as orbit_commands
from crewplan.commands import plan as plan_commands
from crewplan.commands import report as report_commands
from crewplan.commands import scenario as scenario_commands
from crewplan.commands.common import EXIT_BUG, EXIT_FINDINGS, EXIT_INTERRUPTED, EXIT_USAGE, err_console
from crewplan.errors import CrewplanError, InputError

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
report_commands.register(app)
generate_commands.register(app)


def main(argv: list[str] | None = None) -> None:
    """Run the command line; map crewplan's errors to exit codes and plain messages.

    Typer handles usage errors itself (exit 2, with the usage line); crewplan's own errors arrive here.
    """
    try:
        app(args=argv, prog_name="crewplan")
    except InputError as error:
        err_console.print(f"error: {error}")
        sys.exit(EXIT_USAGE)
    except CrewplanError as error:
        err_console.print(f"error: {error}")
        sys.exit(EXIT_FINDINGS)
    except KeyboardInterrupt:
        err_console.print("interrupted")
        sys.exit(EXIT_INTERRUPTED)
    except Exception as error:  # a bug: say so in one line, keep the traceback for the report
        if os.environ.get("CREWPLAN_DEBUG"):
            raise
        sys.exit(_internal_error(error))


def _internal_error(error: Exception) -> int:
    text = "".join(traceback.format_exception(error))
    try:
        handle, path = tempfile.mkstemp(prefix="crewplan-error-", suffix=".txt")
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            stream.write(text)
        where = f"the details are in {path}"
    except OSError:
        where = "set CREWPLAN_DEBUG=1 to see the details"
    err_console.print(f"internal error (a bug in crewplan, not in your input): {type(error).__name__}: {error}; "
                      f"{where}; please report it")
    return EXIT_BUG


if __name__ == "__main__":
    main()

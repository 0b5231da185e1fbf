"""The ``crewplan`` command line (Typer).

Exit codes (DESIGN §6): 0 success; 1 hard violations found or no feasible plan; 2 bad input or usage.
Bad input never shows a traceback: every :class:`~crewplan.errors.InputError` is printed as its message.
"""

from __future__ import annotations

import sys

import typer

from crewplan.commands import check as check_commands
from crewplan.commands import generate as generate_commands
from crewplan.commands import orbit as orbit_commands
from crewplan.commands import plan as plan_commands
from crewplan.commands import report as report_commands
from crewplan.commands import scenario as scenario_commands
from crewplan.commands.common import err_console
from crewplan.errors import CrewplanError, InputError

app = typer.Typer(
    name="crewplan",
    help="Plan international crew exchanges on crewed space stations.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

# The order of the --help listing: the questions in the order a planner asks them.
scenario_commands.register(app)
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
        sys.exit(2)
    except CrewplanError as error:
        err_console.print(f"error: {error}")
        sys.exit(1)
    except KeyboardInterrupt:
        err_console.print("interrupted")
        sys.exit(130)


if __name__ == "__main__":
    main()

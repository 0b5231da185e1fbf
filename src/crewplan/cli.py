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
from typing import Any

EXIT_INTERRUPTED = 130
"""As ``crewplan.commands.common.EXIT_INTERRUPTED`` (kept here: Ctrl-C may come before that module has loaded)."""


def __getattr__(name: str) -> Any:
    """``crewplan.cli.app``, built on first use (so that ``main`` can catch Ctrl-C during the imports)."""
    if name == "app":
        from crewplan.commands.app import app

        return app
    raise AttributeError(f"module 'crewplan.cli' has no attribute {name!r}")


def main(argv: list[str] | None = None) -> None:
    """Run the command line; map crewplan's errors to exit codes and plain messages.

    Typer handles usage errors itself (exit 2, with the usage line); crewplan's own errors arrive here.
    """
    try:
        from crewplan.commands.app import app
        from crewplan.commands.common import EXIT_BUG, EXIT_FINDINGS, EXIT_USAGE, err_console
        from crewplan.errors import CrewplanError, InputError
    except KeyboardInterrupt:  # Ctrl-C while the libraries load
        sys.stderr.write("interrupted: nothing was written\n")
        sys.exit(EXIT_INTERRUPTED)
    from crewplan.commands.common import ANNOUNCED

    try:
        app(args=argv, prog_name="crewplan")
    except SystemExit as done:
        if done.code == EXIT_INTERRUPTED and not ANNOUNCED["interrupt"]:
            err_console.print("interrupted")  # Typer turns Ctrl-C in a command into exit 130 without a word
        raise
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
        sys.exit(_internal_error(error, err_console, EXIT_BUG))


def _internal_error(error: Exception, err_console: Any, code: int) -> int:
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
    return code


if __name__ == "__main__":
    main()

"""Options, exit codes and output helpers shared by the commands."""

from __future__ import annotations

import contextlib
import json
import math
import signal
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.markup import escape
from rich.text import Text

from crewplan import files
from crewplan.domain import Scenario
from crewplan.scenario import load_scenario
from crewplan.scenario.save import plan_header_problem

EXIT_OK = 0
EXIT_FINDINGS = 1
"""Hard violations found (check), no feasible plan (plan, replan), or a person may not fly (explain)."""
EXIT_USAGE = 2
"""Bad input or usage: the message says what was wrong and what would be valid."""
EXIT_FORCED = 3
"""replan: a plan was written, but the events force findings that it keeps as short as it can (listed)."""
EXIT_BUG = 70
"""An internal error (a bug in crewplan): the message says where the details were saved."""
EXIT_INTERRUPTED = 130
"""Ctrl-C (SIGINT): the run stopped; files it would have written are as they were."""

# emoji=False: a report such as ``file.yaml:100: ...`` must not print ``file.yaml💯 ...``. markup=False: text
# from a scenario file (``[/x]``) is never read as rich markup; styled lines go through ``styled``.
console = Console(highlight=False, emoji=False, markup=False)
err_console = Console(stderr=True, highlight=False, markup=False, emoji=False, soft_wrap=True)

ScenarioOption = Annotated[
    Path | None,
    typer.Option("--scenario", help="Scenario file or folder (default: the built-in scenario tiangong-iss).",
                 show_default=False),
]
JsonOption = Annotated[bool, typer.Option("--json", help="Print one JSON document and nothing else.")]


def styled(template: str, **values: object) -> Text:
    """A line with rich markup in ``template`` only: every ``{name}`` value is escaped, so text from a file
    (a name such as ``[/x]``) prints as written."""
    return Text.from_markup(template.format(**{k: escape(str(v)) for k, v in values.items()}), emoji=False)


def finite(low: float, high: float) -> Any:
    """A parser for a float option between ``low`` and ``high`` (both included) that names ``nan``/``inf``."""

    def parse(text: str) -> float:
        try:
            number = float(text)
        except (TypeError, ValueError):
            raise typer.BadParameter(f"{text!r} is not a number; expected {low:g} to {high:g}") from None
        if not math.isfinite(number):
            raise typer.BadParameter(f"{text!r} is not a finite number; expected {low:g} to {high:g}")
        if not low <= number <= high:
            raise typer.BadParameter(f"{text} is out of range; expected {low:g} to {high:g}")
        return number

    return parse


QuietOption = Annotated[bool, typer.Option("--quiet", "-q", help="No progress on stderr.")]


def load(path: Path | None) -> Scenario:
    """Load the scenario at ``path``, or the built-in one; warn on stderr when a manifest's plan header does not
    match its contents (it was edited after crewplan wrote it)."""
    scenario = load_scenario(path)
    problem = plan_header_problem(scenario)
    if problem:
        err_console.print(f"warning: {path or 'the built-in scenario'}: {problem}")
    return scenario


def either(path: Path | None, scenario: Path | None, what: str = "PATH") -> Path | None:
    """The scenario given as a positional ``what`` or as ``--scenario`` (not both)."""
    if path is not None and scenario is not None:
        from crewplan.errors import UsageError

        raise UsageError(f"give the scenario either as {what} or as --scenario, not both")
    return path if path is not None else scenario


ANNOUNCED: dict[str, bool] = {"interrupt": False}
"""Whether a command has already told the user about a Ctrl-C (the entry point says it otherwise)."""


@dataclass
class Run:
    """What a command has written so far (for the message when it is interrupted)."""

    out: Path | None = None
    written: bool = False


@contextlib.contextmanager
def interruptible(run: Run) -> Iterator[Run]:
    """Turn Ctrl-C into a message that says what was (not) written, and exit code 130.

    The Ctrl-C handler notes the interrupt (:data:`crewplan.files.interrupted`) before it raises: an exception
    raised inside a weakref callback is dropped by Python, so the note makes sure the output folder is not
    committed and the command still ends with 130, and Python's note of the dropped exception (a traceback
    on stderr) is not printed: the command says what happened in one line."""
    previous = None
    hook = sys.unraisablehook
    if threading.current_thread() is threading.main_thread():
        previous = signal.signal(signal.SIGINT, _on_interrupt)
        sys.unraisablehook = _unraisable
    try:
        yield run
        if files.interrupted.is_set():
            raise KeyboardInterrupt
    except KeyboardInterrupt:
        ANNOUNCED["interrupt"] = True
        if run.out is None:
            err_console.print("interrupted: nothing was written")
        elif run.written:
            err_console.print(f"interrupted: {run.out} had already been written in full")
        else:
            err_console.print(f"interrupted: nothing was written; {run.out} is as it was")
        raise typer.Exit(EXIT_INTERRUPTED) from None
    finally:
        if previous is not None:
            signal.signal(signal.SIGINT, previous)
            sys.unraisablehook = hook
        files.interrupted.clear()


def _on_interrupt(_signum: int, _frame: object) -> None:
    files.interrupted.set()
    raise KeyboardInterrupt


def _unraisable(info: Any) -> None:
    """A Ctrl-C that Python could not raise (it came inside a weakref callback or a finalizer) is noted, not
    printed; any other unraisable exception is reported as Python would."""
    if isinstance(info.exc_value, KeyboardInterrupt):
        files.interrupted.set()
        return
    sys.__unraisablehook__(info)


def print_json(document: Any) -> None:
    """Print one JSON document on stdout (no colour, no wrapping)."""
    typer.echo(json.dumps(document, indent=2, ensure_ascii=False, default=str))

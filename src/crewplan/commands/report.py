"""``crewplan report MANIFEST [--out DIR]``: the HTML report and the exports of a manifest."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

from crewplan.commands.common import console, load

if TYPE_CHECKING:
    from crewplan.check import CheckReport
    from crewplan.domain import Scenario

ManifestArgument = Annotated[
    Path | None,
    typer.Argument(help="Manifest (or scenario) file or folder (default: the built-in scenario, whose flown "
                        "flights are themselves a manifest).", show_default=False),
]
OutOption = Annotated[Path, typer.Option("--out", help="Folder for report.html and the exports.")]


def register(app: typer.Typer) -> None:
    app.command("report")(report)


def report(manifest: ManifestArgument = None, out: OutOption = Path("out")) -> None:
    """Write report.html (charts inline, opens from disk) and the exports (CSV, JSON, iCalendar) into --out.

    Prints a summary table and the report's path. Violations are shown in the report; the exit code is 0
    whenever the report was written (``crewplan check`` gives the pass/fail verdict).
    """
    from crewplan.check import check_scenario  # imported here: the report's chart code loads matplotlib
    from crewplan.report import summary_table

    scenario = load(manifest)
    check = check_scenario(scenario)
    path = write_report_with_progress(scenario, out, check)
    console.print(summary_table(scenario, check))
    console.print(f"report: {path.resolve()}")


def write_report_with_progress(scenario: Scenario, out: Path, check: CheckReport | None = None) -> Path:
    """:func:`crewplan.report.write_report` with a progress bar on the terminal (nothing when not a TTY)."""
    from crewplan.report import STEPS, write_report

    columns = (SpinnerColumn(), TextColumn("{task.description}"), BarColumn(), TimeElapsedColumn())
    with Progress(*columns, console=console, transient=True) as progress:
        task = progress.add_task("report", total=len(STEPS))

        def step(name: str) -> None:
            progress.update(task, description=name, completed=STEPS.index(name) if name in STEPS else 0)

        path = write_report(scenario, out, check, progress=step)
        progress.update(task, completed=len(STEPS))
    return path

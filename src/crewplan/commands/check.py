"""``crewplan check`` and ``crewplan explain``."""

from __future__ import annotations

from itertools import groupby
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from crewplan.check import CheckReport, check_scenario
from crewplan.check.explain import Explanation, explain
from crewplan.commands.common import JsonOption, ScenarioOption, console, load, print_json
from crewplan.domain import Role
from crewplan.errors import UsageError

PathArgument = Annotated[
    Path | None,
    typer.Argument(help="Manifest or scenario file or folder (default: the built-in scenario tiangong-iss).",
                   show_default=False),
]


def register(app: typer.Typer) -> None:
    app.command("check")(check)
    app.command("explain")(explain_command)


def check(path: PathArgument = None, scenario: ScenarioOption = None, as_json: JsonOption = False) -> None:
    """Check every hard rule day by day; exit 1 when hard violations remain (waived ones do not count)."""
    if path is not None and scenario is not None:
        raise UsageError("give the manifest either as PATH or as --scenario, not both")
    report = check_scenario(load(path or scenario))
    if as_json:
        print_json(report.as_json())
    else:
        _print_report(report)
    if not report.ok:
        raise typer.Exit(1)


def _print_report(report: CheckReport) -> None:
    console.print(f"[bold]check[/bold] {report.scenario}: {report.horizon_start} to {report.horizon_end}")
    for title, items in (("Violations", report.violations), ("Warnings", report.warnings)):
        if not items:
            continue
        for rule, group in groupby(sorted(items, key=lambda v: (v.rule, v.start_utc)), key=lambda v: v.rule):
            table = Table(title=f"{title}: {rule}", title_justify="left", show_lines=True)
            for column in ("first day", "last day", "finding", "fixes"):
                table.add_column(column, overflow="fold")
            for v in group:
                status = "[yellow]waived[/yellow] " if v.waived else ""
                cite = f"\n[dim]{v.citation}[/dim]" if v.citation else ""
                table.add_row(v.first_day.isoformat(), v.last_day.isoformat(), f"{status}{v.message}{cite}",
                              "\n".join(f"- {f}" for f in v.fixes))
            console.print(table)
    for note in report.skipped:
        console.print(f"[dim]skipped {note}[/dim]")
    s = report.summary()
    colour = "green" if report.ok else "red"
    console.print(f"[{colour}]{s['hard']} hard violation(s)[/{colour}], {s['waived']} waived, "
                  f"{s['warnings']} warning(s)")


RoleOption = Annotated[
    Role | None, typer.Option("--role", help="Seat role to ask about (default: their seat, or the best free one).",
                              show_default=False),
]


def explain_command(
    manifest: Annotated[Path | None, typer.Argument(help="Manifest or scenario (default: built-in).",
                                                    show_default=False)] = None,
    astronaut: Annotated[str, typer.Option("--astronaut", help="Astronaut id.")] = "",
    flight: Annotated[str, typer.Option("--flight", help="Flight id.")] = "",
    role: RoleOption = None,
    scenario: ScenarioOption = None,
    as_json: JsonOption = False,
) -> None:
    """May this person take a seat on this flight? If not, why, and from when could they (exit 1 if not)."""
    if not astronaut or not flight:
        raise UsageError("explain needs --astronaut ID and --flight ID")
    answer = explain(load(manifest or scenario), astronaut, flight, role)
    if as_json:
        print_json(answer.as_json())
    else:
        _print_explanation(answer)
    if not answer.allowed:
        raise typer.Exit(1)


def _print_explanation(a: Explanation) -> None:
    role = a.role.value.replace("_", " ") if a.role else "a"
    launch = f"(launch {a.launch_day.isoformat()})"
    if a.needs_training and a.ready_from:
        console.print(f"[green]yes, once trained[/green]: {a.astronaut} may take the {role} seat on {a.flight} "
                      f"{launch}, ready from {a.ready_from.isoformat()} after the training plan below")
    elif a.allowed:
        console.print(f"[green]yes[/green]: {a.astronaut} may take the {role} seat on {a.flight} {launch}")
    else:
        console.print(f"[red]no[/red]: {a.astronaut} may not take the {role} seat on {a.flight} {launch}")
    for r in a.reasons:
        mark = "[green]training in time[/green]" if r.fixed_by_training else f"[red]{r.rule}[/red]"
        when = f" [dim](from {r.ready_from.isoformat()})[/dim]" if r.ready_from and not r.fixed_by_training else ""
        console.print(f"  - {mark}: {r.message}{when}")
        if r.citation:
            console.print(f"    [dim]{r.citation}[/dim]")
    if a.training and a.training.steps:
        through = f" (valid through {a.training.valid_through.isoformat()})" if a.training.valid_through else ""
        console.print(f"  training plan{through}:")
        for s in a.training.steps:
            console.print(f"    {s.start.isoformat()} to {s.end.isoformat()}  {s.name} ({s.provider})")
    could = a.could_fly()
    if could:
        console.print(f"  could fly: {could}")
    for note in a.notes:
        console.print(f"  [dim]note: {note}[/dim]")

"""``crewplan check`` and ``crewplan explain``."""

from __future__ import annotations

from itertools import groupby
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table
from rich.text import Text

from crewplan.check import CheckReport, check_scenario
from crewplan.check.explain import Explanation, explain
from crewplan.commands.common import JsonOption, ScenarioOption, console, either, load, print_json, styled
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
    report = check_scenario(load(either(path, scenario)))
    if as_json:
        print_json(report.as_json())
    else:
        _print_report(report)
    if not report.ok:
        raise typer.Exit(1)


def _print_report(report: CheckReport) -> None:
    console.print(styled("[bold]check[/bold] {s}: {a} to {b}", s=report.scenario, a=report.horizon_start,
                         b=report.horizon_end))
    for title, items in (("Violations", report.violations), ("Warnings", report.warnings)):
        if not items:
            continue
        for rule, group in groupby(sorted(items, key=lambda v: (v.rule, v.start_utc)), key=lambda v: v.rule):
            table = Table(title=f"{title}: {rule}", title_justify="left", show_lines=True)
            for column in ("first day", "last day", "finding", "fixes"):
                table.add_column(column, overflow="fold")
            for v in group:
                finding = styled("[yellow]waived[/yellow] {m}" if v.waived else "{m}", m=v.message)
                if v.citation:
                    finding.append("\n" + v.citation, style="dim")
                table.add_row(v.first_day.isoformat(), v.last_day.isoformat(), finding,
                              "\n".join(f"- {f}" for f in v.fixes))
            console.print(table)
    for note in report.skipped:
        console.print(styled("[dim]skipped {n}[/dim]", n=note))
    s = report.summary()
    colour = "green" if report.ok else "red"
    console.print(styled(f"[{colour}]{{h}} hard violation(s)[/{colour}], {{w}} waived, {{n}} warning(s)",
                         h=s["hard"], w=s["waived"], n=s["warnings"]))


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
    answer = explain(load(either(manifest, scenario, "MANIFEST")), astronaut, flight, role)
    if as_json:
        print_json(answer.as_json())
    else:
        _print_explanation(answer)
    if not answer.allowed:
        raise typer.Exit(1)


def _print_explanation(a: Explanation) -> None:
    seat = f"the {a.role.value.replace('_', ' ')} seat" if a.role else "a seat"
    facts = {"who": a.astronaut, "seat": seat, "flight": a.flight, "launch": f"(launch {a.launch_day.isoformat()})"}
    if a.needs_training and a.ready_from:
        console.print(styled("[green]yes, once trained[/green]: {who} may take {seat} on {flight} {launch}, "
                             "ready from {ready} after the training plan below", ready=a.ready_from.isoformat(),
                             **facts))
    elif a.allowed:
        console.print(styled("[green]yes[/green]: {who} may take {seat} on {flight} {launch}", **facts))
    else:
        console.print(styled("[red]no[/red]: {who} may not take {seat} on {flight} {launch}", **facts))
    for r in a.reasons:
        if r.fixed_by_training:
            line = styled("  - [green]training in time[/green]: {m}", m=r.message)
        else:
            line = styled("  - [red]{rule}[/red]: {m}", rule=r.rule, m=r.message)
            if r.ready_from:
                line.append(f" (from {r.ready_from.isoformat()})", style="dim")
        console.print(line)
        if r.citation:
            console.print(Text(f"    {r.citation}", style="dim"))
    if a.training and a.training.steps:
        through = f" (valid through {a.training.valid_through.isoformat()})" if a.training.valid_through else ""
        console.print(f"  training plan{through}:")
        for s in a.training.steps:
            console.print(f"    {s.start.isoformat()} to {s.end.isoformat()}  {s.name} ({s.provider})")
    could = a.could_fly()
    if could:
        console.print(f"  could fly: {could}")
    for note in a.notes:
        console.print(Text(f"  note: {note}", style="dim"))

"""``crewplan plan`` and ``crewplan replan``: solve, write the manifest, check it, summarise."""

from __future__ import annotations

import contextlib
import datetime as dt
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.live import Live
from rich.markup import escape
from rich.table import Table

from crewplan.commands.common import JsonOption, ScenarioOption, console, err_console, load, print_json
from crewplan.errors import InfeasibleError, UsageError
from crewplan.scenario import load_scenario, save_scenario

if TYPE_CHECKING:
    # The planner (OR-Tools, pandas) is imported by the commands that run it, not by every ``crewplan`` call.
    from crewplan.domain import Scenario
    from crewplan.planner.instance import Instance
    from crewplan.planner.solve import Progress, ProgressCallback, SolveResult

OutOption = Annotated[Path | None, typer.Option("--out", help="Folder to write manifest.yaml into.")]
TimeOption = Annotated[float, typer.Option("--time-limit", help="Solver time limit, seconds.", min=0.1)]
WorkersOption = Annotated[int, typer.Option("--workers", help="Solver threads.", min=1, max=64)]
SeedOption = Annotated[int, typer.Option("--seed", help="Solver random seed.")]
GapOption = Annotated[float, typer.Option("--gap", help="Stop at this relative gap (0: prove optimality).",
                                          min=0.0, max=1.0)]


def register(app: typer.Typer) -> None:
    app.command("plan")(plan)
    app.command("replan")(replan_command)


def plan(scenario: ScenarioOption = None, out: OutOption = None, time_limit: TimeOption = 60.0,
         workers: WorkersOption = 2, seed: SeedOption = 0, gap: GapOption = 0.0,
         require_crewed: Annotated[bool, typer.Option("--require-crewed",
                                                      help="Planned crewed flights must fly crewed.")] = False,
         as_json: JsonOption = False) -> None:
    """Plan the scenario: who flies in which seat, which launch day and port; write and check the manifest."""
    from crewplan.planner.instance import PlanOptions, build_instance
    from crewplan.planner.solve import SolveOptions, solve

    source = load(scenario)
    with _step("launch windows, eligibility and training for every open seat", as_json):
        inst = build_instance(source, PlanOptions(require_crewed=require_crewed))
    options = SolveOptions(time_limit_s=time_limit, workers=workers, seed=seed, gap_limit=gap)
    result = _solve_with_display(lambda cb: solve(inst, options, cb), as_json)
    _finish(inst, result, source, out, as_json, "plan")


def replan_command(
        manifest_path: Annotated[Path, typer.Argument(metavar="MANIFEST", help="The previous manifest.")],
        event: Annotated[list[str] | None, typer.Option("--event", help="KIND key=value ... (repeatable), e.g. "
                                                        "'vehicle_damaged flight=soyuz-ms-22 date=2022-12-14'")] = None,
        events: Annotated[Path | None, typer.Option("--events", help="YAML file with a list of events.")] = None,
        out: OutOption = None, time_limit: TimeOption = 60.0, workers: WorkersOption = 2, seed: SeedOption = 0,
        shift_days: Annotated[int, typer.Option("--shift-days", help="How far a planned launch may move.")] = 30,
        as_json: JsonOption = False) -> None:
    """Replan after disruptions: keep the past, find the feasible plan with the fewest weighted changes."""
    from crewplan.planner.replan import ReplanResult, parse_event, read_events, replan
    from crewplan.planner.solve import SolveOptions

    previous = load_scenario(manifest_path)
    items = [parse_event(t, n) for n, t in enumerate(event or [], start=1)]
    if events:
        items += read_events(str(events))
    if not items:
        raise UsageError("give at least one --event or an --events file")
    options = SolveOptions(time_limit_s=time_limit, workers=workers, seed=seed)
    holder: dict[str, ReplanResult] = {}

    def run(cb: ProgressCallback | None) -> SolveResult:
        rr = replan(previous, items, options, cb, shift_days)
        holder["rr"] = rr
        return rr.result

    result = _solve_with_display(run, as_json)
    rr = holder["rr"]
    _finish(rr.instance, result, rr.scenario, out, as_json, "replan")


@contextlib.contextmanager
def _step(what: str, quiet: bool) -> Iterator[None]:
    """A spinner on stderr while a long step runs (nothing with --json or when stderr is not a terminal)."""
    if quiet or not err_console.is_terminal:
        yield
        return
    with err_console.status(what):
        yield


def _solve_with_display(run: Callable[[ProgressCallback | None], SolveResult], quiet: bool) -> SolveResult:
    if quiet or not sys.stderr.isatty():
        return run(None)
    table_state: dict[str, Progress | None] = {"p": None}

    def render() -> Table:
        t = Table(title="solving (CP-SAT)", title_justify="left")
        for c in ("elapsed", "incumbent", "bound", "gap", "solutions"):
            t.add_column(c, justify="right")
        p = table_state["p"]
        if p is not None:
            t.add_row(f"{p.elapsed_s:.1f} s", "-" if p.objective is None else f"{p.objective:,.1f}",
                      f"{p.bound:,.1f}", "-" if p.gap is None else f"{100 * p.gap:.2f}%", str(p.solutions))
        return t

    with Live(render(), console=err_console, refresh_per_second=4, transient=True) as live:
        def cb(p: Progress) -> None:
            table_state["p"] = p
            live.update(render())

        return run(cb)


def _finish(inst: Instance, result: SolveResult, source: Scenario, out: Path | None, as_json: bool,
            what: str) -> None:
    from crewplan.planner.adapters import run_checker
    from crewplan.planner.explain import explain
    from crewplan.planner.manifest import manifest
    from crewplan.planner.summary import summarize

    if not result.feasible:
        if result.status == "INFEASIBLE":
            why = explain(inst)
            if as_json:
                print_json({"status": result.status, "time_s": result.time_s, "explanation": why.as_json()})
                raise typer.Exit(1)
            raise InfeasibleError(why.text(), why)
        if as_json:
            print_json({"status": result.status, "time_s": result.time_s})
            raise typer.Exit(1)
        raise InfeasibleError(f"no plan found within the time limit ({result.time_s:.1f} s, status "
                              f"{result.status}); raise --time-limit")
    made = manifest(inst, result, created_utc=dt.datetime.now(dt.UTC), source=source)
    written = save_scenario(made, out / "manifest.yaml") if out else None
    report = run_checker(made)
    report_path: Path | None = None
    if out is not None:
        report_path = _write_report(made, out, report, quiet=as_json)
    origin = inst.origin
    history = [v for v in report.violations if v.last_day < origin]
    planned = [v for v in report.violations if v.last_day >= origin]
    summary = summarize(made, origin)
    doc = {"status": result.status, "objective": result.objective, "bound": result.bound, "gap": result.gap,
           "time_s": round(result.time_s, 3), "first_feasible_s": result.first_feasible_s,
           "terms": result.terms, "quantities": result.quantities, "origin": origin.isoformat(),
           "manifest": str(written) if written else None,
           "report": str(report_path.resolve()) if report_path else None,
           "check": {"violations_in_plan": [v.as_json() for v in planned],
                     "violations_before_origin": len(history), "warnings": len(report.warnings)},
           **summary}
    if as_json:
        print_json(doc)
    else:
        _print(doc, what, inst)
    if planned:
        raise typer.Exit(1)


def _write_report(made: Scenario, out: Path, check: Any, *, quiet: bool) -> Path:
    """report.html and the exports beside the manifest (a progress bar on a terminal unless ``quiet``)."""
    if quiet:
        from crewplan.report import write_report

        return write_report(made, out, check)
    from crewplan.commands.report import write_report_with_progress

    return write_report_with_progress(made, out, check)


def _print(doc: dict[str, Any], what: str, inst: Instance) -> None:
    gap = doc["gap"]
    console.print(f"[bold]{what}[/bold]: {doc['status']} objective {doc['objective']:,.1f}, bound "
                  f"{doc['bound']:,.1f}" + (f" (gap {100 * gap:.2f}%)" if gap else "")
                  + f", {doc['time_s']:.1f} s; decisions from {doc['origin']}")
    terms = Table(title="Objective terms", title_justify="left")
    for c in ("term", "quantity", "contribution"):
        terms.add_column(c, justify="right" if c != "term" else "left")
    for name, value in doc["terms"].items():
        terms.add_row(name, f"{doc['quantities'][name]:g}", f"{value:,.1f}")
    console.print(terms)
    flights = Table(title="Planned flights", title_justify="left")
    for c in ("flight", "launch", "port", "crew"):
        flights.add_column(c)
    for f in doc["flights"]:
        flights.add_row(f["flight"], f["launch"], f["port"] or "-", ", ".join(f["crew"]) or "(uncrewed)")
    console.print(flights)
    ag = Table(title="Agreements", title_justify="left")
    for c in ("grant", "to", "seats", "deadline", "flown"):
        ag.add_column(c)
    for g in doc["agreements"]:
        flown = ", ".join(f"{x['astronaut']} on {x['flight']}" for x in g["flown"]) or "none"
        ag.add_row(g["grant"] + (" (hypothetical)" if g["hypothetical"] else ""), g["grantee"], str(g["seats"]),
                   g["deadline"] or "-", flown)
    console.print(ag)
    pr = Table(title="Astronaut-flight proposals", title_justify="left")
    for c in ("proposal", "astronaut", "status", "flies on"):
        pr.add_column(c)
    for p in doc["proposals"]:
        pr.add_row(p["proposal"], p["astronaut"] or "-", p["status"], p["flight"] or "not flown")
    console.print(pr)
    console.print("Seats per agency (planned flights): " + ", ".join(
        f"{a['agency']} {a['seats']}" for a in doc["agencies"]))
    chk = doc["check"]
    if chk["violations_in_plan"]:
        console.print(f"[red]checker: {len(chk['violations_in_plan'])} violation(s) in the planned period[/red]")
        for v in chk["violations_in_plan"]:
            console.print(escape(f"  [{v['rule']}] {v['message']}"))
    else:
        console.print("[green]checker: the plan passes every hard rule from "
                      f"{doc['origin']}[/green]")
    if chk["violations_before_origin"]:
        console.print(f"checker: {chk['violations_before_origin']} finding(s) in the decided history before "
                      f"{doc['origin']} (not planner decisions)")
    if not inst.windows_from_orbit:
        console.print("note: launch windows not available from the orbit layer; every day treated as a launch day")
    if doc["manifest"]:
        console.print(f"manifest written to {doc['manifest']}")
    if doc.get("report"):
        console.print(f"report: {doc['report']}")

"""``crewplan plan`` and ``crewplan replan``: solve, check, write the output folder as one unit, summarise.

Exit codes: 0 a plan was written and passes every hard rule in its planned period; 1 no plan (proven
infeasible, none found in time, or the solver's best breaks a rule the checker enforces: nothing is written);
2 bad input; 3 (replan) a plan was written, but the events force findings it keeps as short as it can;
130 interrupted (nothing written).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.table import Table
from rich.text import Text

from crewplan.commands.common import (
    EXIT_FINDINGS,
    EXIT_FORCED,
    JsonOption,
    QuietOption,
    Run,
    ScenarioOption,
    console,
    either,
    err_console,
    finite,
    interruptible,
    load,
    print_json,
    styled,
)
from crewplan.commands.progress import Reporter
from crewplan.errors import InfeasibleError, UsageError
from crewplan.files import check_output_folder, output_folder
from crewplan.scenario import save_scenario

if TYPE_CHECKING:
    # The planner (OR-Tools, pandas) is imported by the commands that run it, not by every ``crewplan`` call.
    from crewplan.check import CheckReport, Violation
    from crewplan.domain import Scenario
    from crewplan.planner.instance import Instance
    from crewplan.planner.solve import SolveResult

OutOption = Annotated[Path | None, typer.Option(
    "--out", help="Folder for manifest.yaml, report.html and the exports, written as one unit: it is replaced "
    "whole when the run succeeds and left as it was when it fails or is interrupted.", show_default=False)]
TimeOption = Annotated[float, typer.Option("--time-limit", help="Solver time limit, seconds.",
                                           parser=finite(0.1, 7 * 86_400))]
WorkersOption = Annotated[int, typer.Option("--workers", help="Solver threads.", min=1, max=64)]
WorkOption = Annotated[float | None, typer.Option(
    "--work-limit", help="Stop after this much of the solver's deterministic time (its work units, a few "
    "seconds each): a plan stopped by it is the same on every run and machine, unlike one stopped by "
    "--time-limit.", parser=finite(0.1, 7 * 86_400), show_default=False)]
RaceOption = Annotated[bool, typer.Option(
    "--race", help="Let the solver threads race instead of taking turns: often faster, but a plan of the same "
    "objective may differ from run to run (by default the same --seed and --workers give the same plan on "
    "every run, unless the time limit stops the search).")]
SeedOption = Annotated[int, typer.Option("--seed", help="Solver random seed.", min=0, max=2**31 - 1)]
GapOption = Annotated[float, typer.Option("--gap", help="Stop at this relative gap (0: prove optimality). A plan "
                                          "stopped early is reported FEASIBLE with its gap, never OPTIMAL.",
                                          parser=finite(0.0, 1.0))]
EVENTS_HELP = ("Disruptions, each KIND key=value ...: vehicle_damaged flight=F date=D (the vehicle no longer "
               "serves as a lifeboat nor brings crew home); launch_slip flight=F date=D slip_days=N (F cannot "
               "launch before D+N); astronaut_grounded astronaut=A date=D [until=U]; pad_unavailable site=S "
               "[pad=P] date=D [until=U]; rule_added rule=R date=D; rule_ended rule=R date=D. Optional: id=, "
               "description=. Repeatable.")


def register(app: typer.Typer) -> None:
    app.command("plan")(plan)
    app.command("replan")(replan_command)


def plan(scenario: ScenarioOption = None, out: OutOption = None, time_limit: TimeOption = 120.0,
         workers: WorkersOption = 2, seed: SeedOption = 0, gap: GapOption = 0.0, race: RaceOption = False,
         work_limit: WorkOption = None,
         require_crewed: Annotated[bool, typer.Option("--require-crewed",
                                                      help="Planned crewed flights must fly crewed.")] = False,
         as_json: JsonOption = False, quiet: QuietOption = False) -> None:
    """Plan the scenario: who flies in which seat, which launch day and port; check and write the manifest."""
    reporter = Reporter("plan", quiet=quiet)
    with interruptible(Run(out)) as run:
        from crewplan.planner.instance import PlanOptions, build_instance
        from crewplan.planner.solve import SolveOptions, solve

        if out is not None:
            check_output_folder(out)
        source = load(scenario)
        with reporter.step("launch windows, eligibility and training for every open seat"):
            inst = build_instance(source, PlanOptions(require_crewed=require_crewed))
        options = SolveOptions(time_limit_s=time_limit, workers=workers, seed=seed, gap_limit=gap,
                               deterministic=not race, work_limit=work_limit)
        result = reporter.solve(lambda cb, stage: solve(inst, options, cb, stage=stage), time_limit)
        _finish(inst, result, source, run, as_json, "plan", reporter)


def replan_command(
        manifest_path: Annotated[Path | None, typer.Argument(
            metavar="MANIFEST", help="The previous manifest (or give it as --scenario).", show_default=False)] = None,
        event: Annotated[list[str] | None, typer.Option("--event", help=EVENTS_HELP, show_default=False)] = None,
        events: Annotated[Path | None, typer.Option(
            "--events", help="YAML file of events: a list of mappings with the fields of --event (id, kind, date, "
            "flight, astronaut, site, pad, rule, slip_days, until, description), or a mapping with an events: "
            "list.", show_default=False)] = None,
        out: OutOption = None, time_limit: TimeOption = 120.0, workers: WorkersOption = 2, seed: SeedOption = 0,
        race: RaceOption = False, work_limit: WorkOption = None,
        shift_days: Annotated[int, typer.Option("--shift-days", help="How far a planned launch may move later, days "
                                                "(earlier: as far as its vehicle type's readiness data allows at "
                                                "its site; without readiness data, this far too).",
                                                min=0, max=3650)] = 30,
        stay_shift_days: Annotated[int, typer.Option(
            "--stay-shift-days", help="How far a planned flight's stay may grow or shrink, days (default: "
            "only its own stay_slack_days; never past its vehicle's docked life). Each person-day of change "
            "costs weights.landing_day_moved.", min=0, max=3650)] = 0,
        all_stations: Annotated[bool, typer.Option(
            "--all-stations", help="May change flights of every station (default: only of the stations the "
            "events touch; the others are kept exactly as planned).")] = False,
        foreign_relief: Annotated[bool, typer.Option(
            "--foreign-relief", help="After a damage, offer as an optional uncrewed relief each vehicle from "
            "outside the station's programme (another agency's, or one serving another station) that "
            "crewplan rescue says could come and someone may ride home; flown only where it pays "
            "(weights.added_flight). Refused for a scenario with settings.foreign_relief_allowed: false.")] = False,
        scenario: ScenarioOption = None, as_json: JsonOption = False, quiet: QuietOption = False) -> None:
    """Replan after disruptions: keep the past, find the feasible plan with the fewest weighted changes.

    Only the stations the events touch change (--all-stations: any). A launch moves later by up to
    --shift-days and earlier as far as its vehicle's readiness data allows; a planned stay by its own slack
    (--stay-shift-days: further, within the vehicle's docked life); the people up there may come home
    in another docked vehicle. The output lists every change (crew removed, moved, added; a ride home, a
    launch day, a stay; a flight flying uncrewed) with its reason, and each stranded person's days without a
    lifeboat seat (--json: "changes", "lifeboat_days").

    To replan a disruption of the record from what was known that morning, cut the record first:
    crewplan scenario at 2022-12-14 --horizon-end 2023-12-31 --out before.yaml, then crewplan replan
    before.yaml --event 'vehicle_damaged flight=soyuz-ms-22 date=2022-12-14'.

    Exit codes: 0 the plan passes every hard rule from the first event on; 3 it was written, but the events
    force findings (a lifeboat gap no launch can close) that it keeps as short as it can; 1 no plan.
    """
    reporter = Reporter("replan", quiet=quiet)
    with interruptible(Run(out)) as run:
        from crewplan.planner.replan import previous_decision, replan_instance
        from crewplan.planner.solve import SolveOptions, solve
        from crewplan.scenario.events import parse_event, read_events_file, validate_events
        from crewplan.scenario.loader import LineMap

        path = either(manifest_path, scenario, "MANIFEST")
        if path is None:
            raise UsageError("replan needs the previous manifest: crewplan replan MANIFEST --event ...")
        raw: list[tuple[Any, LineMap, tuple[str | int, ...]]] = []
        for number, text in enumerate(event or [], start=1):
            data, lines = parse_event(text, number)
            raw.append((data, lines, ()))
        if events is not None:
            items, lines = read_events_file(events)
            raw += [(item, lines, ("events", index)) for index, item in enumerate(items)]
        if not raw:
            raise UsageError("give at least one --event KIND key=value ... or an --events FILE; see "
                             "crewplan replan --help")
        if out is not None:
            check_output_folder(out)
        previous = load(path)
        checked = validate_events(previous, raw)
        extra: tuple[Any, ...] = ()
        offers: list[Any] | None = None
        if foreign_relief:
            from crewplan.rescue.relief import relief_offers

            with reporter.step("asking every vehicle of every agency (crewplan rescue) for a relief"):
                extra, offers = relief_offers(previous, checked)
        with reporter.step("launch windows, eligibility and training from the first event on"):
            replanned, inst = replan_instance(previous, checked, shift_days, all_stations, stay_shift_days, extra)
        options = SolveOptions(time_limit_s=time_limit, workers=workers, seed=seed, deterministic=not race,
                               work_limit=work_limit)
        start = previous_decision(inst)
        result = reporter.solve(lambda cb, stage: solve(inst, options, cb, stage=stage, hint=start), time_limit)
        _finish(inst, result, replanned, run, as_json, "replan", reporter,
                None if offers is None else [o.to_json() for o in offers])


def _finish(inst: Instance, result: SolveResult, source: Scenario, run: Run, as_json: bool, what: str,
            reporter: Reporter, reliefs: list[dict[str, Any]] | None = None) -> None:
    from crewplan.planner.explain import explain
    from crewplan.planner.outcome import conclude
    from crewplan.planner.summary import summarize

    if not result.feasible:
        if result.status == "INFEASIBLE":
            with reporter.step("finding a minimal set of conflicting rules"):
                why = explain(inst)
            if as_json:
                print_json({"status": result.status, "time_s": result.time_s, "written": False,
                            "explanation": why.as_json(), "notes": inst.notes})
                raise typer.Exit(EXIT_FINDINGS)
            text = why.text() if not why.feasible else (
                "no plan satisfies every hard rule, and no rule the planner can relax explains it")
            notes = "".join(f"\n  note: {n}" for n in inst.notes)
            raise InfeasibleError(f"{text}{notes}\nnothing was written", why)
        if as_json:
            print_json({"status": result.status, "time_s": result.time_s, "written": False})
            raise typer.Exit(EXIT_FINDINGS)
        raise InfeasibleError(f"no plan found within the time limit ({result.time_s:.1f} s, status "
                              f"{result.status}); nothing was written; raise --time-limit")
    with reporter.step("checking the plan with the independent checker"):
        outcome = conclude(inst, result, source, dt.datetime.now(dt.UTC))
    made, check, forced, illegal = outcome.manifest, outcome.check, outcome.forced, outcome.illegal
    origin = inst.origin
    if illegal:
        _reject(result, illegal, as_json, what)
    written: Path | None = None
    report_path: Path | None = None
    if run.out is not None:
        written, report_path = _write(made, run, check, reporter)
    history = [v for v in check.violations if v.last_day < origin]
    doc = {"status": result.status, "stopped_by": result.stopped_by, "objective": result.objective,
           "bound": result.bound, "gap": result.gap, "time_s": round(result.time_s, 3),
           "first_feasible_s": result.first_feasible_s, "terms": result.terms, "quantities": result.quantities,
           "origin": origin.isoformat(), "written": written is not None,
           "manifest": str(written) if written else None,
           "report": str(report_path.resolve()) if report_path else None,
           "check": {"violations_in_plan": [v.as_json() for v in forced], "forced": len(forced),
                     "violations_before_origin": len(history), "warnings": len(check.warnings)},
           **summarize(made, origin)}
    if what == "replan":
        from crewplan.domain import FlightStatus, day_of
        from crewplan.planner.diff import changes, lifeboat_days

        events = [e for e in inst.scenario.events if day_of(e.date) >= origin]
        doc["changes"] = [c.as_json() for c in changes(source, made, events, origin)]
        doc["lifeboat_days"] = lifeboat_days(forced)
        if reliefs is not None:
            flown = {f.id for f in made.flights if f.optional and f.status is not FlightStatus.CANCELLED}
            doc["foreign_relief"] = [{**r, "flown": r["offered"] in flown} for r in reliefs]
    if as_json:
        print_json(doc)
    else:
        _print(doc, what, inst)
    if forced:
        raise typer.Exit(EXIT_FORCED)


def _reject(result: SolveResult, illegal: list[Violation], as_json: bool, what: str) -> None:
    """The solver's plan breaks a rule the checker enforces: write nothing, say so, exit 1."""
    if as_json:
        print_json({"status": "REJECTED", "solver_status": result.status, "written": False,
                    "violations_in_plan": [v.as_json() for v in illegal]})
        raise typer.Exit(EXIT_FINDINGS)
    err_console.print(f"{what}: found no plan that passes the checker: the solver's best ({result.status}) breaks "
                      f"{len(illegal)} hard rule(s) in the planned period; nothing was written. The planner and "
                      "the checker read a rule differently, which is a bug in crewplan: please report it with "
                      "the scenario.")
    for v in illegal:
        err_console.print(f"  [{v.rule}] {v.message}")
    raise typer.Exit(EXIT_FINDINGS)


def _write(made: Scenario, run: Run, check: CheckReport, reporter: Reporter) -> tuple[Path, Path]:
    """The manifest (with its element sets), report.html and the exports, swapped in as one folder."""
    from crewplan.planner.manifest import seal
    from crewplan.report import write_report
    from crewplan.scenario.save import with_elements_in

    assert run.out is not None
    with reporter.step(f"writing {run.out} (manifest, report, exports)"), output_folder(run.out) as folder:
        final = seal(with_elements_in(made, folder.path))
        save_scenario(final, folder.path / "manifest.yaml")
        write_report(final, folder.path, check)
        folder.commit(f"Manifest: manifest.yaml ({final.plan.status if final.plan else ''})\n")
        run.written = True
    return run.out / "manifest.yaml", run.out / "report.html"


def _print(doc: dict[str, Any], what: str, inst: Instance) -> None:
    gap = doc["gap"]
    why = {"gap": "stopped at the --gap limit", "time limit": "stopped by the time limit",
           "work limit": "stopped by the work limit"}.get(doc["stopped_by"], "")
    console.print(styled(f"[bold]{what}[/bold]: {{rest}}", rest=(
        f"{doc['status']} objective {doc['objective']:,.1f}, bound {doc['bound']:,.1f}"
        + (f" (gap {100 * gap:.{2 if gap >= 1e-4 else 4}f}%{', ' + why if why else ''})" if gap else "")
        + f", {doc['time_s']:.1f} s; decisions from {doc['origin']}")))
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
    _print_people(doc)
    if "changes" in doc:
        _print_changes(doc)
    if "foreign_relief" in doc:
        _print_reliefs(doc["foreign_relief"])
    chk = doc["check"]
    if chk["violations_in_plan"]:
        how = ("no plan avoids them, and none keeps them shorter (proven optimal)" if doc["status"] == "OPTIMAL" else
               "this plan keeps them as short as the search found; not proven the shortest")
        console.print(Text(f"checker: {len(chk['violations_in_plan'])} finding(s) the events force in the planned "
                           f"period ({how})", style="yellow"))
        for v in chk["violations_in_plan"]:
            console.print(f"  [{v['rule']}] {v['message']}")
    else:
        console.print(Text(f"checker: the plan passes every hard rule from {doc['origin']}", style="green"))
    if chk["violations_before_origin"]:
        console.print(f"checker: {chk['violations_before_origin']} finding(s) in the decided history before "
                      f"{doc['origin']} (not planner decisions)")
    if not inst.windows_from_orbit:
        console.print("note: launch windows not available from the orbit layer; every day treated as a launch day")
    if doc["manifest"]:
        console.print(f"manifest written to {doc['manifest']}")
    else:
        console.print("nothing written (give --out DIR to write the manifest, report and exports)")
    if doc.get("report"):
        console.print(f"report: {doc['report']}")


def _print_people(doc: dict[str, Any]) -> None:
    """Per agency seats and seat-days against their grants; per person flights, days in space, courses."""
    agencies = Table(title="Agencies (planned period)", title_justify="left")
    for c in ("agency", "seats", "seat-days", "share of seat-days", "grant seats flown"):
        agencies.add_column(c, justify="left" if c == "agency" else "right")
    for a in doc["agencies"]:
        grants = f"{a['grant_seats_flown']} of {a['grant_seats']}" if a["grant_seats"] else "-"
        agencies.add_row(a["agency"], str(a["seats"]), f"{a['seat_days']:,}", f"{a['seat_days_share_pct']:.1f}%",
                         grants)
    console.print(agencies)
    people = Table(title="People (planned period)", title_justify="left")
    for c in ("astronaut", "agency", "flights", "days in space", "courses booked"):
        people.add_column(c, justify="right" if c == "days in space" else "left")
    for p in doc["people"]:
        people.add_row(p["astronaut"], p["agency"] or "-", ", ".join(p["flights"]), f"{p['days_in_space']:,}",
                       ", ".join(p["courses"]) or "-")
    console.print(people)


def _print_reliefs(reliefs: list[dict[str, Any]]) -> None:
    console.print(Text(f"Foreign reliefs asked ({len(reliefs)})", style="italic"))
    for r in reliefs:
        verdict = ("flown" if r["flown"] else "offered, not flown") if r["offered"] else "not offered"
        console.print(f"  {r['vehicle_type']} ({r['operator']}) for {r['station']} on {r['date']}: {verdict}: "
                      f"{r['reason']}", markup=False, highlight=False)
    if not reliefs:
        console.print("  none to ask: no vehicle was damaged while docked, or every vehicle type already serves "
                      "the station")


def _print_changes(doc: dict[str, Any]) -> None:
    """Replan: every change from the previous manifest with its reason; the stranded people's lifeboat days."""
    console.print(Text(f"Changes from the previous manifest ({len(doc['changes'])})", style="italic"))
    for c in doc["changes"]:
        who = f" {c['astronaut']}" if c["astronaut"] else ""
        console.print(Text(f"  {c['flight']}: {c['kind']}{who}: {c['before']} -> {c['after']}; {c['why']}"))
    if doc["lifeboat_days"]:
        boats = Table(title="Days without a seat on a sound lifeboat", title_justify="left")
        for c in ("astronaut", "station", "from", "to", "days"):
            boats.add_column(c, justify="right" if c == "days" else "left")
        for r in doc["lifeboat_days"]:
            boats.add_row(r["astronaut"], r["station"], r["first_day"], r["last_day"], str(r["days"]))
        console.print(boats)

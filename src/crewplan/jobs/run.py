"""One solve job's work, without the database: the same steps as ``crewplan plan`` / ``crewplan replan``
(same instance, same solver options and defaults, same conclusion by :mod:`crewplan.planner.outcome`), so a
job on a revision gives the plan the command line gives on its file."""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from crewplan.domain import Scenario
from crewplan.errors import UsageError

PLAN_DEFAULTS: dict[str, Any] = {"time_limit_s": 120.0, "workers": 2, "seed": 0, "gap": 0.0, "race": False,
                                 "work_limit": None, "require_crewed": False}
"""A plan job's options and their defaults: those of ``crewplan plan``."""
REPLAN_DEFAULTS: dict[str, Any] = {"time_limit_s": 120.0, "workers": 2, "seed": 0, "race": False,
                                   "work_limit": None, "events": [], "shift_days": 30, "stay_shift_days": 0,
                                   "all_stations": False, "foreign_relief": False}
"""A replan job's options and their defaults: those of ``crewplan replan`` (``events``: the ids of the
revision's events to replan for, at least one)."""


@dataclass
class JobOutcome:
    """How a job ended: ``status`` succeeded, cancelled (stopped early; its best plan kept when it had one)
    or failed; the manifest to store (None: nothing to store) and the result to show."""

    status: str
    result: dict[str, Any] = field(default_factory=dict)
    manifest: Scenario | None = None
    error: str | None = None
    message: str = ""


Report = Callable[[dict[str, Any]], None]
"""Hears of progress: ``{"stage": ...}`` while preparing, then the search's incumbent, bound and gap."""


def options_for(kind: str, given: dict[str, Any]) -> dict[str, Any]:
    """A job's options with their defaults (unknown names refused)."""
    defaults = PLAN_DEFAULTS if kind == "plan" else REPLAN_DEFAULTS
    unknown = sorted(set(given) - set(defaults))
    if unknown:
        raise UsageError(f"{kind} job option {unknown[0]!r} is not known; expected one of {', '.join(defaults)}")
    return {**defaults, **given}


def run(kind: str, options: dict[str, Any], scenario: Scenario, report: Report, stop: threading.Event
        ) -> JobOutcome:
    """Solve ``scenario`` as a ``kind`` job with ``options`` (see :func:`options_for`); ``stop`` ends the
    search early with its best plan."""
    from crewplan.planner.instance import PlanOptions, build_instance
    from crewplan.planner.solve import SolveOptions, solve

    opts = options_for(kind, options)
    solve_options = SolveOptions(time_limit_s=opts["time_limit_s"], workers=opts["workers"], seed=opts["seed"],
                                 gap_limit=opts.get("gap", 0.0), deterministic=not opts["race"],
                                 work_limit=opts["work_limit"])
    report({"stage": "instance"})
    source, hint = scenario, None
    if kind == "plan":
        inst = build_instance(scenario, PlanOptions(require_crewed=opts["require_crewed"]))
    else:
        from crewplan.planner.replan import previous_decision, replan_instance

        previous, events = _split_events(scenario, opts["events"])
        extra: tuple[Any, ...] = ()
        if opts.get("foreign_relief"):
            from crewplan.rescue.relief import relief_offers

            extra, _offers = relief_offers(previous, events)
        source, inst = replan_instance(previous, events, opts["shift_days"], opts["all_stations"],
                                       opts["stay_shift_days"], extra)
        hint = previous_decision(inst)

    def progress(p: Any) -> None:
        report({"stage": "search", "incumbent": p.objective, "bound": p.bound, "gap": p.gap,
                "elapsed_s": round(p.elapsed_s, 3), "solutions": p.solutions})

    result = solve(inst, solve_options, progress, hint=hint, stop=stop,
                   stage=lambda name, _text: report({"stage": name}))
    return conclude_job(inst, result, source, result.stopped_by == "cancelled")


def _split_events(scenario: Scenario, ids: list[str]) -> tuple[Scenario, list[Any]]:
    """The scenario without the named events, and those events (as ``crewplan replan --event`` adds them)."""
    if not ids:
        raise UsageError("a replan job names the revision's events to replan for: options.events, at least one "
                         f"of {', '.join(e.id for e in scenario.events) or '(none: add an event first)'}")
    known = {e.id: e for e in scenario.events}
    missing = [i for i in ids if i not in known]
    if missing:
        raise UsageError(f"event {missing[0]!r} is not in the revision; its events are "
                         f"{', '.join(known) or '(none: add one with POST /plans/ID/edits/events)'}")
    chosen = set(ids)
    kept = tuple(e for e in scenario.events if e.id not in chosen)
    return scenario.model_copy(update={"events": kept}), [known[i] for i in ids]


def conclude_job(inst: Any, result: Any, source: Scenario, cancelled: bool) -> JobOutcome:
    """The job's outcome from the solve's ``result`` (its manifest checked as ``crewplan plan`` checks it)."""
    from crewplan.planner.manifest import seal
    from crewplan.planner.outcome import conclude

    shown = {"status": result.status, "stopped_by": result.stopped_by, "objective": result.objective,
             "bound": result.bound, "gap": result.gap, "terms": result.terms, "time_s": round(result.time_s, 3),
             "first_feasible_s": result.first_feasible_s}
    if not result.feasible:
        if cancelled:
            return JobOutcome("cancelled", shown, error="cancelled before the search found a plan")
        if result.status == "INFEASIBLE":
            return JobOutcome("failed", shown, error="proven infeasible: no plan keeps every hard rule; GET "
                              "/plans/ID/explain on the revision says which rules conflict")
        return JobOutcome("failed", shown, error=f"no plan found within the time limit ({result.time_s:.1f} s, "
                          f"status {result.status}); raise time_limit_s")
    outcome = conclude(inst, result, source, dt.datetime.now(dt.UTC))
    if outcome.illegal:
        rules = sorted({v.rule for v in outcome.illegal})
        return JobOutcome("failed", {**shown, "status": "REJECTED"}, error=(
            f"the solver's best plan breaks {len(outcome.illegal)} hard rule(s) the checker enforces "
            f"({', '.join(rules)}); nothing was written. This is a bug in crewplan: please report it"))
    shown["forced_findings"] = len(outcome.forced)
    status = "cancelled" if cancelled else "succeeded"
    gap = f", gap {100 * result.gap:.2f}%" if result.gap else ""
    message = f"{'cancelled' if cancelled else 'solved'}: {result.status} objective {result.objective:,.1f}{gap}"
    return JobOutcome(status, shown, seal(outcome.manifest), message=message)

"""Planner benchmark: generated programmes S, M, L; CP-SAT vs a greedy hand planner vs the assignment core as
a MIP (HiGHS, else SCIP).

Usage: .venv/bin/python benchmarks/bench_plan.py [--sizes S M L] [--variants fixed flexible tight]
       [--seeds 1 2 3] [--time-limit 120] [--workers 2] [--no-mip] [--json]

Variants (issue 12): ``fixed`` (launch days as generated), ``flexible`` (each launch free within 15 days either
side: ``--launch-slack-days 15``), ``tight`` (8 astronauts per station: 32 for M). Each row records the seed
and the instance's fingerprint (``crewplan.scenario.generate.fingerprint``), so rows of one problem can be told
from rows of another.

For each size, variant and seed (every candidate kept) it records: instance and model build times, when the
warm start (greedy plan completed by CP-SAT with the seats fixed) was known feasible, CP-SAT's first solution,
when the gap first fell to 1% or less, the final status, objective, bound and gap at the time limit, objective
terms, and the checker's violations of the plan; the greedy baseline (earliest-ready candidate first, flight
by flight, no look-ahead), scored by the assignment terms and the checker; the MIP core's status, objective,
bound and time. All times are seconds from the start of that step; ``total_*`` times count from the start of
the instance build.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import sys
import time
from collections.abc import Callable
from typing import Any

from crewplan.check import check_scenario
from crewplan.planner.instance import Instance, PlanOptions, build_instance
from crewplan.planner.manifest import apply_decision, manifest
from crewplan.planner.mip import MipResult, solve_mip
from crewplan.planner.solve import SolveOptions, solve
from crewplan.planner.variables import Decision
from crewplan.scenario.generate import fingerprint, generate_scenario

SIZES: dict[str, dict[str, int]] = {
    "S": {"stations": 2, "years": 3, "astronauts": 60, "flights": 20},
    "M": {"stations": 4, "years": 6, "astronauts": 200, "flights": 100},
    "L": {"stations": 6, "years": 10, "astronauts": 500, "flights": 300},
}


def greedy(inst: Instance) -> Decision:
    """Earliest-ready candidate first, flight by flight, each at its earliest launch day and first port."""
    d = Decision()
    busy: dict[str, list[tuple[int, int]]] = {}
    for fid, f in inst.flights.items():
        d.launch[fid] = f.launch_lo
        d.undock[fid] = f.launch_lo + f.stay_days[0]
        d.port[fid] = f.ports[0] if f.ports else None
    for sc in sorted(inst.classes, key=lambda c: (inst.flights[c.flight].launch_lo, c.key)):
        f = inst.flights[sc.flight]
        start, end = f.launch_lo, inst.flights[sc.returns_on].launch_lo + inst.flights[sc.returns_on].stay_days[0]
        chosen: list[str] = []
        on_flight = {a for k, ps in d.seats.items() if k.startswith(sc.flight + "/") for a in ps}
        for c in sorted(sc.candidates, key=lambda c: (c.ready, c.astronaut)):
            if len(chosen) >= sc.count:
                break
            if c.ready > start or c.astronaut in on_flight:
                continue
            if any(s < end + inst.rest_days and start < e + inst.rest_days for s, e in busy.get(c.astronaut, [])):
                continue
            chosen.append(c.astronaut)
            busy.setdefault(c.astronaut, []).append((start, end))
        if chosen:
            d.seats[sc.key] = chosen
    return d


def _quiet(call: Callable[[], MipResult]) -> MipResult:
    """Run ``call`` with file descriptor 1 sent to /dev/null (HiGHS prints a banner on stdout)."""
    sys.stdout.flush()
    saved = os.dup(1)
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, 1)
        return call()
    finally:
        os.dup2(saved, 1)
        os.close(saved)
        os.close(devnull)


def assignment_score(inst: Instance, decision: Decision) -> float:
    """The assignment terms of the objective (crewed flights, seats, experienced commanders, training)."""
    w = inst.scenario.settings.weights
    cands = {(sc.key, c.astronaut): (sc, c) for sc in inst.classes for c in sc.candidates}
    crewed = {k.split("/")[0] for k, ps in decision.seats.items() if ps} | {r.flight for r in inst.riders}
    total = w.planned_flight_crewed * sum(1 for fid, f in inst.flights.items() if f.must_crew and fid in crewed)
    for key, people in decision.seats.items():
        for a in people:
            sc, c = cands[(key, a)]
            total += w.seat_filled - w.training_days * c.training_days
            if sc.role.value == "commander" and c.experienced:
                total += w.experienced_commander
    return total


VARIANTS = ("fixed", "flexible", "tight")
FLEXIBLE_SLACK_DAYS = 15


def variant_spec(spec: dict[str, int], variant: str) -> tuple[dict[str, int], int]:
    """The generator's sizes and launch slack for a variant of a size."""
    if variant == "flexible":
        return spec, FLEXIBLE_SLACK_DAYS
    if variant == "tight":
        return {**spec, "astronauts": 8 * spec["stations"]}, 0
    return spec, 0


def run(size: str, time_limit_s: float, workers: int, spec: dict[str, int] | None = None,
        mip: bool = True, variant: str = "fixed", seed: int = 1) -> dict[str, Any]:
    spec, slack = variant_spec(spec or SIZES[size], variant)
    scenario = generate_scenario(**spec, seed=seed, launch_slack_days=slack)
    t0 = time.perf_counter()
    inst = build_instance(scenario, PlanOptions(use_orbit=False))
    instance_s = time.perf_counter() - t0
    result = solve(inst, SolveOptions(time_limit_s=time_limit_s, workers=workers, deterministic=False))
    within_1pct = next((p.elapsed_s for p in result.history if p.gap is not None and p.gap <= 0.01), None)
    base = instance_s + result.build_s
    row: dict[str, Any] = {
        "size": size, "variant": variant, "seed": seed, "fingerprint": fingerprint(scenario), **spec,
        "launch_slack_days": slack, "candidates": sum(len(c.candidates) for c in inst.classes),
        "instance_s": round(instance_s, 1), "model_build_s": round(result.build_s, 1),
        "warm_start_feasible": result.hint_feasible, "status": result.status,
        "first_feasible_s": result.first_feasible_s and round(result.first_feasible_s, 1),
        "total_first_feasible_s": result.first_feasible_s and round(base + result.first_feasible_s, 1),
        "total_within_1pct_s": within_1pct and round(base + within_1pct, 1),
        "solve_s": round(result.time_s, 1), "total_s": round(base + result.time_s, 1),
        "objective": result.objective, "bound": result.bound, "gap": result.gap, "terms": result.terms}
    if result.feasible:
        m = manifest(inst, result)
        bad = [v for v in check_scenario(m).violations if v.last_day >= inst.origin]
        row["violations"] = len(bad)
        assert result.decision is not None
        row["assignment_score"] = assignment_score(inst, result.decision)
        row["cp_sat_seats"] = sum(len(v) for v in result.decision.seats.values())
    row["peak_rss_mib_after_cp_sat"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
    g = greedy(inst)
    gv = [v for v in check_scenario(apply_decision(inst, g)).violations if v.last_day >= inst.origin]
    row["greedy"] = {"seats": sum(len(v) for v in g.seats.values()), "assignment_score": assignment_score(inst, g),
                     "violations": len(gv), "rules": sorted({v.rule for v in gv})}
    if mip:
        mr = _quiet(lambda: solve_mip(inst, time_limit_s, workers))
        row["mip"] = {"solver": mr.solver, "status": mr.status, "objective": mr.objective, "bound": mr.bound,
                      "gap": mr.gap, "time_s": round(mr.time_s, 1), "build_s": round(mr.build_s, 1),
                      "variables": mr.variables, "constraints": mr.constraints}
    row["peak_rss_mib"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
    return row


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", nargs="+", default=["S", "M", "L"], choices=list(SIZES))
    parser.add_argument("--variants", nargs="+", default=["fixed"], choices=VARIANTS)
    parser.add_argument("--seeds", nargs="+", type=int, default=[1])
    parser.add_argument("--time-limit", type=float, default=120.0)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--no-mip", action="store_true", help="Skip the MIP core.")
    args = parser.parse_args()
    rows = []
    for size in args.sizes:
        for variant in args.variants:
            for seed in args.seeds:
                rows.append(run(size, args.time_limit, args.workers, mip=not args.no_mip, variant=variant,
                                seed=seed))
                if not args.json:
                    print(json.dumps(rows[-1], default=str), flush=True)
    if args.json:
        print(json.dumps(rows, indent=2, default=str))


if __name__ == "__main__":
    main()

"""Planner benchmark: generated programmes S, M, L; CP-SAT vs a greedy hand planner; and (optionally) the
same assignment core as a MIP.

Usage: .venv/bin/python benchmarks/bench_plan.py [--sizes S M L] [--time-limit 120] [--json]

For each size it records: instance build time, time to first feasible, final status, objective, bound and
gap at the time limit, objective terms, and the checker's violations of the plan; the greedy baseline
(earliest-ready candidate first, flight by flight, no look-ahead) is scored by the same objective terms
where possible and by the checker.
"""

from __future__ import annotations

import argparse
import json
import resource
import time
from typing import Any

from crewplan.check import check_scenario
from crewplan.planner.instance import Instance, PlanOptions, build_instance
from crewplan.planner.manifest import manifest
from crewplan.planner.solve import SolveOptions, solve
from crewplan.planner.variables import Decision
from crewplan.scenario.generate import generate_scenario

SIZES: dict[str, dict[str, int]] = {
    "S": {"stations": 2, "years": 3, "astronauts": 60, "flights": 20},
    "M": {"stations": 4, "years": 6, "astronauts": 200, "flights": 100},
    "L": {"stations": 6, "years": 10, "astronauts": 500, "flights": 300},
}
CANDIDATE_CAP = {"S": None, "M": 40, "L": 12}


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


def run(size: str, time_limit_s: float, workers: int) -> dict[str, Any]:
    spec = SIZES[size]
    scenario = generate_scenario(**spec, seed=1)
    t0 = time.perf_counter()
    inst = build_instance(scenario, PlanOptions(use_orbit=False, max_candidates=CANDIDATE_CAP[size]))
    build_s = time.perf_counter() - t0
    result = solve(inst, SolveOptions(time_limit_s=time_limit_s, workers=workers))
    row: dict[str, Any] = {"size": size, **spec, "build_s": round(build_s, 1), "status": result.status,
                           "first_feasible_s": result.first_feasible_s and round(result.first_feasible_s, 1),
                           "time_s": round(result.time_s, 1), "objective": result.objective, "bound": result.bound,
                           "gap": result.gap, "terms": result.terms,
                           "candidates": sum(len(c.candidates) for c in inst.classes),
                           "candidate_cap": CANDIDATE_CAP[size]}
    if result.feasible:
        m = manifest(inst, result)
        row["violations"] = len([v for v in check_scenario(m).violations if v.last_day >= inst.origin])
    g = greedy(inst)
    from crewplan.planner.manifest import apply_decision

    gm = apply_decision(inst, g)
    gv = [v for v in check_scenario(gm).violations if v.last_day >= inst.origin]
    row["greedy"] = {"seats": sum(len(v) for v in g.seats.values()), "violations": len(gv),
                     "rules": sorted({v.rule for v in gv})}
    if result.decision:
        row["cp_sat_seats"] = sum(len(v) for v in result.decision.seats.values())
    row["peak_rss_mib"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
    return row


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", nargs="+", default=["S", "M", "L"], choices=list(SIZES))
    parser.add_argument("--time-limit", type=float, default=120.0)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    rows = [run(s, args.time_limit, args.workers) for s in args.sizes]
    if args.json:
        print(json.dumps(rows, indent=2, default=str))
        return
    for r in rows:
        print(json.dumps(r, default=str))


if __name__ == "__main__":
    main()

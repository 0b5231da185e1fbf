"""Replan benchmark: the three real disruptions of the built-in record, each replanned from the manifest as it
stood on its morning (``crewplan scenario at``), as in ``tests/planner/test_real_disruptions.py``.

Usage: .venv/bin/python benchmarks/bench_replan.py [--seeds 0 1 2] [--time-limit 120] [--workers 2] [--json]
       [--cases ms22-coolant-leak ...]

For each case and seed it records the instance build time, the solve time, the status, objective and bound,
the days anyone aboard lacks a lifeboat seat, and the number of changes; then per case the median and range
of the solve times over the seeds (deterministic search: the seed changes the search, not the answer's
value once proven).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import statistics
import sys
import time
from pathlib import Path
from typing import Any

import yaml

from crewplan.check import check_scenario
from crewplan.domain import day_of
from crewplan.planner.manifest import manifest
from crewplan.planner.replan import previous_decision, replan_instance
from crewplan.planner.solve import SolveOptions, solve
from crewplan.scenario import load_scenario
from crewplan.scenario.cut import scenario_at
from crewplan.scenario.events import events_from_text

CASES = Path(__file__).parents[1] / "tests" / "data" / "real-disruptions.yaml"


def run(case: dict[str, Any], seed: int, time_limit: float, workers: int) -> dict[str, Any]:
    base = load_scenario(None)
    before = scenario_at(base, case["cut"], case["horizon_end"])
    events = events_from_text(before, [case["event"]])
    t0 = time.perf_counter()
    _, inst = replan_instance(before, events)
    build_s = time.perf_counter() - t0
    result = solve(inst, SolveOptions(time_limit_s=time_limit, workers=workers, seed=seed),
                   hint=previous_decision(inst))
    row: dict[str, Any] = {"case": case["id"], "seed": seed, "build_s": round(build_s, 2),
                           "solve_s": round(result.time_s, 2), "status": result.status,
                           "objective": result.objective, "bound": result.bound}
    if result.feasible:
        after = manifest(inst, result)
        days: set[dt.date] = set()
        for v in check_scenario(after).hard:
            if v.rule == "lifeboat" and v.last_day >= case["cut"]:
                d = day_of(v.first_day)
                while d <= day_of(v.last_day):
                    days.add(d)
                    d += dt.timedelta(days=1)
        row["lifeboat_gap_days"] = len(days)
        row["real_gap_days"] = case["lifeboat_gap_days"]
        row["changes"] = result.quantities.get("changes_from_previous")
    return row


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, nargs="+", default=[0, 1, 2])
    parser.add_argument("--time-limit", type=float, default=120.0)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--cases", nargs="+", default=None)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    cases = [c for c in yaml.safe_load(CASES.read_text()) if args.cases is None or c["id"] in args.cases]
    rows = [run(c, s, args.time_limit, args.workers) for c in cases for s in args.seeds]
    summary = []
    for c in cases:
        times = [r["solve_s"] for r in rows if r["case"] == c["id"]]
        summary.append({"case": c["id"], "median_s": round(statistics.median(times), 2),
                        "min_s": min(times), "max_s": max(times),
                        "statuses": sorted({r["status"] for r in rows if r["case"] == c["id"]})})
    if args.json:
        print(json.dumps({"runs": rows, "summary": summary}, indent=2, default=str))
    else:
        for r in rows:
            print(r)
        for s in summary:
            print(s)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

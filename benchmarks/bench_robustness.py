"""Robustness benchmark (issue 13): samples per second of ``crewplan robustness`` with 1 and 2 Dask worker
processes on this machine, the speed-up from 1 to 2, and a projection of the cost of 10,000 samples on a
cluster of N workers.

Usage: .venv/bin/python benchmarks/bench_robustness.py [--plan builtin|closed-form] [--samples 8]
       [--seeds 3] [--workers 1 2] [--work-limit 20] [--json]

``builtin`` first plans the built-in scenario (``crewplan plan --work-limit 10``, as the demo does) and
studies that plan with the rates its record gives (``disruptions.yaml``); ``closed-form`` is the tiny plan of
``tests/robustness/closed_form.py`` (one Shenzhou crew, damage only: most samples need no replan). For each
worker count and seed, one study of ``--samples`` samples on a fresh local cluster; the time is the study's
own (from connecting to the last sample; the cluster's start is reported apart). Figures are medians and
ranges over the seeds; recorded in docs/benchmarks.md (## Robustness studies (issue 13)).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
from bench_service import cpu_model, load_average, positive_int

PROJECTED_SAMPLES = 10_000
PROJECTED_WORKERS = (2, 16, 64, 256)


def the_plan(name: str, folder: Path) -> Any:
    from crewplan.scenario import load_scenario

    if name == "closed-form":
        from robustness.closed_form import plan

        return plan()
    done = subprocess.run([sys.executable, "-m", "crewplan.cli", "plan", "--work-limit", "10", "--quiet",
                           "--out", str(folder / "plan")], capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"crewplan plan failed: {done.stderr.strip()}")
    return load_scenario(folder / "plan" / "manifest.yaml")


def run(plan: Any, workers: int, seed: int, samples: int, work_limit: float) -> dict[str, Any]:
    from crewplan.robustness.evaluate import SampleSettings
    from crewplan.robustness.study import run_study

    started = time.perf_counter()
    study = run_study([plan], samples, seed, SampleSettings(work_limit=work_limit), workers=workers)
    results = list(study.results[0].values())
    return {"workers": workers, "seed": seed, "samples": len(results), "seconds": study.seconds,
            "wall_s": time.perf_counter() - started, "samples_per_s": len(results) / study.seconds,
            "replans": sum(r.replans for r in results),
            "sample_cpu_s": sum(r.seconds for r in results)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--plan", choices=("builtin", "closed-form"), default="builtin")
    parser.add_argument("--samples", type=positive_int, default=8)
    parser.add_argument("--seeds", type=positive_int, default=3)
    parser.add_argument("--workers", type=positive_int, nargs="+", default=[1, 2])
    parser.add_argument("--work-limit", type=float, default=20.0)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="crewplan-bench-robustness-") as tmp:
        plan = the_plan(args.plan, Path(tmp))
        load_before = load_average()
        runs = [run(plan, w, seed, args.samples, args.work_limit) for w in args.workers for seed in range(args.seeds)]
    by_workers: dict[int, dict[str, Any]] = {}
    for w in args.workers:
        rates = [r["samples_per_s"] for r in runs if r["workers"] == w]
        by_workers[w] = {"median_samples_per_s": statistics.median(rates), "range": [min(rates), max(rates)],
                         "median_replans_per_sample": statistics.median(
                             r["replans"] / r["samples"] for r in runs if r["workers"] == w)}
    one = by_workers.get(1, {}).get("median_samples_per_s")
    two = by_workers.get(2, {}).get("median_samples_per_s")
    speedup = two / one if one and two else None
    per_worker = one or next(iter(by_workers.values()))["median_samples_per_s"]
    efficiency = speedup / 2 if speedup else 1.0
    document = {
        "date_utc": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M"), "machine": f"{cpu_model()}, "
        f"{os.cpu_count()} cores, Python {platform.python_version()}", "load_before": load_before,
        "load_after": load_average(), "command": " ".join([Path(sys.argv[0]).name, *sys.argv[1:]]),
        "plan": args.plan, "samples_per_run": args.samples, "seeds": args.seeds, "work_limit": args.work_limit,
        "by_workers": by_workers, "speedup_1_to_2": speedup, "efficiency_1_to_2": efficiency if speedup else None,
        "projection": {f"{n} workers": {"hours_for_10000": PROJECTED_SAMPLES / (per_worker * n * min(1.0, efficiency))
                                        / 3600} for n in PROJECTED_WORKERS},
        "builtin_1000_on_this_machine_minutes": 1000 / (two or per_worker) / 60, "runs": runs,
    }
    if args.json:
        print(json.dumps(document, indent=1))
        return
    for w, figures in by_workers.items():
        print(f"{w} worker(s): {figures['median_samples_per_s']:.3f} samples/s (range {figures['range'][0]:.3f} to "
              f"{figures['range'][1]:.3f}), {figures['median_replans_per_sample']:.1f} replans per sample")
    if speedup:
        print(f"speed-up 1 -> 2 workers: {speedup:.2f} ({efficiency:.0%} of linear)")
    for n, p in document["projection"].items():
        print(f"10,000 samples on {n}: {p['hours_for_10000']:.2f} h")
    print(f"1,000 samples on this machine: {document['builtin_1000_on_this_machine_minutes']:.1f} min")


if __name__ == "__main__":
    main()

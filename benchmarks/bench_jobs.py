"""Solve-job benchmark (issue 15): what a solve job through ``crewplan serve`` adds to ``crewplan plan``.

Usage: .venv/bin/python benchmarks/bench_jobs.py [--databases sqlite postgresql] [--seeds 0 1 2]
       [--work-limit 10] [--json]

For each database (a fresh SQLite file, or a throwaway PostgreSQL cluster, as in bench_service.py) it seeds
the built-in scenario and one planner, starts a real ``crewplan serve`` on loopback, and for each seed runs
``crewplan plan --json --quiet --seed S --work-limit W`` (its wall time from process start to exit) and a
plan job with the same options (its wall time from the POST to the first poll that sees it finished, polled
every 0.2 s). Both stop at the same deterministic work limit, so they run the same search; the difference is
what the job adds: the queue, the document load, the progress reports, storing the branch. Objectives must
be equal (the benchmark says so if not). Results go to docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_service import BenchError, Skipped, database, load_average, log_in, seed, serving


def cli_plan(seed_value: int, work_limit: float, folder: Path) -> tuple[float, dict[str, Any]]:
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "crewplan.cli", "plan", "--json", "--quiet", "--seed",
                           str(seed_value), "--work-limit", str(work_limit), "--time-limit", "3600"],
                          capture_output=True, text=True, cwd=folder, timeout=7200)
    wall = time.perf_counter() - start
    if done.returncode != 0:
        raise BenchError(f"crewplan plan exited with {done.returncode}: {done.stderr[-500:]}")
    return wall, json.loads(done.stdout)


def job_plan(url: str, plan_id: int, token: str, seed_value: int, work_limit: float) -> tuple[float, dict[str, Any]]:
    headers = {"Authorization": f"Bearer {token}"}
    with httpx.Client(base_url=url, headers=headers, timeout=60) as client:
        start = time.perf_counter()
        answer = client.post(f"/plans/{plan_id}/solve-jobs", json={
            "kind": "plan", "seed": seed_value, "work_limit": work_limit, "time_limit_s": 3600})
        if answer.status_code != 202:
            raise BenchError(f"submit: {answer.status_code} {answer.text[:300]}")
        location = answer.headers["Location"]
        while True:
            job = client.get(location).json()
            if job["status"] in ("succeeded", "failed", "cancelled"):
                wall = time.perf_counter() - start
                break
            time.sleep(0.2)
    if job["status"] != "succeeded":
        raise BenchError(f"job {job['id']} {job['status']}: {job['error']}")
    return wall, job


def bench(kind: str, seeds: list[int], work_limit: float) -> list[dict[str, Any]]:
    rows = []
    with tempfile.TemporaryDirectory(prefix="crewplan-bench-jobs-") as name:
        folder = Path(name)
        with database(kind, folder) as url:
            plan_id = seed(url)
            with serving(url, folder) as server:
                token = log_in(server.url)
                for s in seeds:
                    cli_wall, cli = cli_plan(s, work_limit, folder)
                    job_wall, job = job_plan(server.url, plan_id, token, s, work_limit)
                    rows.append({"database": kind, "seed": s, "cli_wall_s": round(cli_wall, 2),
                                 "cli_solve_s": cli["time_s"], "job_wall_s": round(job_wall, 2),
                                 "job_solve_s": job["result"]["time_s"], "added_s": round(job_wall - cli_wall, 2),
                                 "same_objective": abs(job["result"]["objective"] - cli["objective"]) < 1e-6,
                                 "objective": cli["objective"], "status": cli["status"]})
                    print(json.dumps(rows[-1]), file=sys.stderr, flush=True)
    return rows


def main(argv: list[str]) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--databases", nargs="+", choices=("sqlite", "postgresql"), default=["sqlite", "postgresql"])
    p.add_argument("--seeds", nargs="+", type=int, default=[0, 1, 2])
    p.add_argument("--work-limit", type=float, default=10.0)
    p.add_argument("--json", action="store_true")
    args = p.parse_args(argv)
    if args.work_limit <= 0:
        p.error("--work-limit must be positive")
    before = load_average()
    rows: list[dict[str, Any]] = []
    try:
        for kind in args.databases:
            try:
                rows += bench(kind, args.seeds, args.work_limit)
            except Skipped as why:
                print(f"{kind}: skipped ({why})", file=sys.stderr)
    except BenchError as error:
        print(f"bench_jobs: {error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("bench_jobs: interrupted", file=sys.stderr)
        return 130
    summary = {}
    for kind in args.databases:
        added = [r["added_s"] for r in rows if r["database"] == kind]
        if added:
            summary[kind] = {"added_s_median": statistics.median(added), "added_s_min": min(added),
                             "added_s_max": max(added), "all_same_objective": all(
                                 r["same_objective"] for r in rows if r["database"] == kind)}
    doc = {"rows": rows, "summary": summary, "load_before": before, "load_after": load_average()}
    if args.json:
        print(json.dumps(doc, indent=2))
    else:
        for kind, s in summary.items():
            print(f"{kind}: a job adds {s['added_s_median']:.2f} s (median; {s['added_s_min']:.2f} to "
                  f"{s['added_s_max']:.2f}); same objective: {s['all_same_objective']}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

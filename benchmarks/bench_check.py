"""Benchmark the checker on a generated ten-year programme (6 stations, 500 astronauts, 300 flights).

Run: ``.venv/bin/python benchmarks/bench_check.py [--repeat N]``. Prints the best and median wall time of
the full check, of the check without the launch-window rule (which calls the orbit layer once per flight),
and of the generator. Results are recorded in docs/benchmarks.md (## Checker).
"""

from __future__ import annotations

import argparse
import importlib
import platform
import statistics
import time

from crewplan.check import FAMILIES, check_scenario
from crewplan.scenario.generate import generate_scenario


def timed(fn: object, repeat: int) -> list[float]:
    out = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()  # type: ignore[operator]
        out.append(time.perf_counter() - start)
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    importlib.import_module("crewplan.orbit.windows")  # one-time import (scipy) is not part of a check
    gen = timed(lambda: generate_scenario(6, 10, 500, 300, 1), args.repeat)
    scenario = generate_scenario(6, 10, 500, 300, 1)
    report = check_scenario(scenario)
    no_window = [f for f in FAMILIES if f != "window"]
    full = timed(lambda: check_scenario(scenario), args.repeat)
    core = timed(lambda: check_scenario(scenario, families=no_window), args.repeat)
    print(f"python {platform.python_version()} on {platform.machine()} ({platform.processor() or 'cpu'})")
    print(f"scenario: {len(scenario.stations)} stations, {len(scenario.astronauts)} astronauts, "
          f"{len(scenario.flights)} flights, {scenario.settings.horizon_start} to {scenario.settings.horizon_end}")
    print(f"findings: {report.summary()['hard']} hard, {report.summary()['warnings']} warnings")
    for name, times in (("generate", gen), ("check (all rules)", full), ("check (without launch.window)", core)):
        print(f"{name:32s} best {min(times):.3f} s  median {statistics.median(times):.3f} s")


if __name__ == "__main__":
    main()

"""benchmarks/bench_robustness.py runs on a tiny input (the closed-form plan, a few samples, one and two
workers) and reports what it measures. No speed is asserted: the figures are in docs/benchmarks.md."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parents[1] / "benchmarks" / "bench_robustness.py"


def test_the_robustness_benchmark_runs_on_a_tiny_input() -> None:
    done = subprocess.run([sys.executable, str(BENCH), "--plan", "closed-form", "--samples", "4", "--seeds", "1",
                           "--workers", "1", "2", "--json"], capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert [r["workers"] for r in result["runs"]] == [1, 2]
    assert all(r["samples"] == 4 and r["samples_per_s"] > 0 for r in result["runs"])
    assert result["speedup_1_to_2"] > 0 and set(result["projection"]) == {"2 workers", "16 workers", "64 workers",
                                                                            "256 workers"}

"""benchmarks/bench_service.py runs on a tiny input (SQLite only) and reports what it measures; its bad options
are one-line errors. No speed is asserted: the figures are in docs/benchmarks.md."""

from __future__ import annotations

import json
import math
import subprocess
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parents[1] / "benchmarks" / "bench_service.py"


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, str(BENCH), *args], capture_output=True, text=True, timeout=300)


def test_the_service_benchmark_runs_on_a_tiny_input() -> None:
    done = _run("--databases", "sqlite", "--requests", "5", "--repeats", "2", "--clients", "1", "2",
                "--warmup", "1", "--processes", "2", "--json")
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert result["skipped"] == {}
    assert result["settings"]["requests"] == 5 and result["settings"]["clients"] == [1, 2]
    assert len(result["runs"]) == 2 * 2 * 2  # endpoints x clients x repeats
    for row in result["runs"]:
        assert row["database"] == "sqlite" and row["endpoint"] in ("summary", "check") and row["processes"] == 2
        assert row["errors"] == 0 and row["first_error"] is None
        assert row["requests"] == 5 * row["clients"]
        assert 0 < row["p50_ms"] <= row["p95_ms"] <= row["max_ms"]
        assert row["rps"] > 0 and row["wall_s"] > 0 and row["response_bytes"] > 0
        assert row["server_cpu_ms_per_request"] is None or row["server_cpu_ms_per_request"] >= 0
    assert [(s["endpoint"], s["clients"]) for s in result["summary"]] == [
        ("summary", 1), ("summary", 2), ("check", 1), ("check", 2)]
    for entry in result["summary"]:
        assert entry["repeats"] == 2 and entry["errors"] == 0
        for metric in ("p50_ms", "p95_ms", "rps"):
            figure = entry[metric]
            assert figure["min"] <= figure["median"] <= figure["max"]
            assert all(math.isfinite(v) and v > 0 for v in figure.values())
    # 32 clients were not measured: the target is neither met nor missed
    assert result["target"]["databases"] == {"sqlite": None} and result["target"]["met"] is None
    assert "Traceback" not in done.stderr


def test_bad_options_are_one_line_errors() -> None:
    for args in (["--clients", "0"], ["--requests", "x"], ["--databases", "oracle"], ["--duration", "-1"],
                 ["--repeats", "0"], ["--processes", "0"]):
        done = _run(*args)
        assert done.returncode == 2, args
        assert "error:" in done.stderr and "Traceback" not in done.stderr, done.stderr

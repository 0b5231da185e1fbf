"""The parts added for scale: interval cliques, the warm start, the MIP core, the benchmark on a tiny input."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

from hypothesis import given, settings
from hypothesis import strategies as st

from crewplan.check import check_scenario
from crewplan.planner.constraints.overlap import fixed_cliques
from crewplan.planner.instance import PlanOptions, build_instance
from crewplan.planner.manifest import apply_decision
from crewplan.planner.mip import solve_mip
from crewplan.planner.solve import SolveOptions, solve
from crewplan.planner.warmstart import greedy_decision
from crewplan.scenario.generate import generate_scenario

BENCH = Path(__file__).resolve().parents[2] / "benchmarks" / "bench_plan.py"


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 60), st.integers(1, 30)), min_size=1, max_size=9))
def test_cliques_forbid_exactly_the_overlapping_pairs(spans: list[tuple[int, int]]) -> None:
    items = [(s, s + n, f"m{i}") for i, (s, n) in enumerate(spans)]
    cliques = [set(free) for free, _ in fixed_cliques(items)]
    for i, (s1, e1, a) in enumerate(items):
        for s2, e2, b in items[i + 1:]:
            meet = s1 < e2 and s2 < e1
            assert meet == any({a, b} <= c for c in cliques), (a, b)
    for c in cliques:  # every clique is a set of ranges sharing a day (so at most one is a real rule)
        ranges = [(s, e) for s, e, name in items if name in c]
        assert max(s for s, _ in ranges) < min(e for _, e in ranges)


def test_a_decided_mission_excludes_what_it_meets() -> None:
    out = fixed_cliques([(0, 10, 1), (5, 15, "a"), (20, 30, "b")])
    assert out == [(["a"], True)]


def test_warm_start_is_a_checked_plan_and_solving_keeps_its_value() -> None:
    s = generate_scenario(stations=2, years=2, astronauts=40, flights=10, seed=4)
    inst = build_instance(s, PlanOptions(use_orbit=False))
    hint = greedy_decision(inst)
    assert sum(len(p) for p in hint.seats.values()) > 0
    assert [v.message for v in check_scenario(apply_decision(inst, hint)).violations] == []
    result = solve(inst, SolveOptions(time_limit_s=20))
    assert result.hint_feasible is True
    cold = solve(inst, SolveOptions(time_limit_s=20, warm_start=False))
    assert cold.hint_feasible is None
    assert result.status == cold.status == "OPTIMAL"
    assert result.objective == cold.objective


def test_mip_core_bounds_the_cp_sat_assignment_terms() -> None:
    s = generate_scenario(stations=2, years=2, astronauts=40, flights=10, seed=2)
    inst = build_instance(s, PlanOptions(use_orbit=False))
    cp = solve(inst, SolveOptions(time_limit_s=20))
    mip = solve_mip(inst, time_limit_s=20)
    assert mip.status == "OPTIMAL" and cp.status == "OPTIMAL"
    assert mip.objective is not None and mip.bound is not None
    core_terms = ("planned_flights_crewed", "seats_filled", "experienced_commanders", "training_days")
    cp_core = sum(cp.terms[t] for t in core_terms)
    # The core drops rules (ports, capacity, agreements ...): its optimum is at least CP-SAT's core terms.
    assert mip.objective >= cp_core - 1e-6
    assert abs(sum(mip.terms.values()) - mip.objective) < 1e-6
    assert mip.bound >= mip.objective - 1e-6


def _bench() -> ModuleType:
    spec = importlib.util.spec_from_file_location("bench_plan", BENCH)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["bench_plan"] = module
    spec.loader.exec_module(module)
    return module


def test_benchmark_runs_on_a_tiny_programme() -> None:
    bench = _bench()
    row = bench.run("tiny", 20, 2, spec={"stations": 2, "years": 1, "astronauts": 16, "flights": 4})
    assert row["status"] == "OPTIMAL" and row["violations"] == 0
    assert row["mip"]["status"] == "OPTIMAL"
    assert row["mip"]["objective"] >= row["assignment_score"] - 1e-6
    assert row["greedy"]["assignment_score"] <= row["mip"]["objective"] + 1e-6
    assert len(row["fingerprint"]) == 16 and row["variant"] == "fixed" and row["seed"] == 1


def test_benchmark_variants_are_other_problems() -> None:
    bench = _bench()
    spec = {"stations": 2, "years": 1, "astronauts": 24, "flights": 4}
    rows = [bench.run("tiny", 20, 2, spec=spec, mip=False, variant=v, seed=s)
            for v, s in (("flexible", 1), ("tight", 1), ("fixed", 2))]
    assert rows[0]["launch_slack_days"] == 15 and rows[1]["astronauts"] == 16
    assert len({r["fingerprint"] for r in rows}) == 3
    assert all(r["violations"] == 0 for r in rows), rows

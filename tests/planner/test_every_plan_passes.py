"""Every plan the planner can write passes the independent checker in its planned period.

Two ways: every incumbent CP-SAT finds on the way to the optimum (the plans a time or gap limit would stop
at), checked one by one; and the real command line under random time and gap limits (hypothesis), whose
written manifest is checked again after reading it back. A status says what was proven: OPTIMAL only when
the objective meets the bound.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from ortools.sat.python import cp_model

from crewplan.check import check_scenario
from crewplan.domain import Scenario
from crewplan.planner.instance import PlanOptions, build_instance
from crewplan.planner.manifest import manifest
from crewplan.planner.model import build_model
from crewplan.planner.solve import SolveResult
from crewplan.scenario import load_scenario, save_scenario
from crewplan.scenario.generate import generate_scenario

ENV = {**os.environ, "COLUMNS": "200"}


def incumbents(scenario: Scenario, time_limit_s: float, seed: int) -> tuple[list[Scenario], object]:
    """The manifest of every solution CP-SAT reports, in the order found."""
    inst = build_instance(scenario, PlanOptions())
    built = build_model(inst)
    found = []

    class Record(cp_model.CpSolverSolutionCallback):
        def on_solution_callback(self) -> None:
            found.append((self.objective_value, built.vars.extract(self)))

    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = time_limit_s
    solver.parameters.num_workers = 2
    solver.parameters.random_seed = seed
    solver.solve(built.model, Record())
    plans = [manifest(inst, SolveResult("FEASIBLE", objective, None, {}, {}, 0.0, 0.0, None, decision))
             for objective, decision in found]
    return plans, inst


def planned_violations(m: Scenario, origin: object) -> list[str]:
    report = check_scenario(m)
    return [f"[{v.rule}] {v.message}" for v in report.hard if v.last_day >= origin]


@pytest.mark.timeout(900)
def test_every_incumbent_on_the_builtin_scenario_passes() -> None:
    plans, inst = incumbents(load_scenario(), 60, seed=3)
    assert len(plans) >= 3
    for n, m in enumerate(plans):
        assert planned_violations(m, inst.origin) == [], f"incumbent {n}"


@pytest.mark.timeout(900)
@pytest.mark.parametrize("seed", [1, 2, 3])
def test_every_incumbent_on_small_generated_programmes_passes(seed: int) -> None:
    scenario = generate_scenario(2, 3, 40, 16, seed)
    plans, inst = incumbents(scenario, 30, seed)
    assert plans
    for n, m in enumerate(plans):
        assert planned_violations(m, inst.origin) == [], f"seed {seed}, incumbent {n}"


def _plan(scenario: Path | None, out: Path, time_limit_s: float, gap: float) -> subprocess.CompletedProcess[str]:
    args = [sys.executable, "-m", "crewplan.cli", "plan", "--out", str(out), "--time-limit", f"{time_limit_s:g}",
            "--gap", f"{gap:g}", "--json", "--quiet"]
    if scenario is not None:
        args += ["--scenario", str(scenario)]
    return subprocess.run(args, capture_output=True, text=True, env=ENV, timeout=600)


def _assert_honest(done: subprocess.CompletedProcess[str], out: Path) -> None:
    assert "Traceback" not in done.stderr, done.stderr
    doc = json.loads(done.stdout)
    if done.returncode == 1:
        assert doc["status"] == "UNKNOWN" and not doc["written"], doc  # nothing found in time: nothing written
        return
    assert done.returncode == 0, (doc, done.stderr)
    written = load_scenario(out / "manifest.yaml")
    assert written.plan is not None
    assert planned_violations(written, dt.date.fromisoformat(doc["origin"])) == []
    proven = abs(doc["objective"] - doc["bound"]) < 0.01
    assert (doc["status"] == "OPTIMAL") == proven, doc
    assert written.plan.status == doc["status"]


@pytest.mark.timeout(1800)
@settings(max_examples=5, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(time_limit_s=st.floats(0.5, 8.0), gap=st.sampled_from([0.0, 0.001, 0.01, 0.05, 0.1, 0.3]))
def test_plan_under_random_limits_writes_only_plans_that_pass(tmp_path: Path, time_limit_s: float,
                                                              gap: float) -> None:
    out = tmp_path / f"out-{time_limit_s:.3f}-{gap}"
    _assert_honest(_plan(None, out, time_limit_s, gap), out)


@pytest.mark.timeout(1800)
@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(seed=st.integers(1, 50), time_limit_s=st.floats(0.2, 3.0), gap=st.sampled_from([0.0, 0.02, 0.2]))
def test_plan_of_generated_programmes_under_random_limits(tmp_path: Path, seed: int, time_limit_s: float,
                                                          gap: float) -> None:
    scenario = tmp_path / f"g{seed}.yaml"
    if not scenario.exists():
        save_scenario(generate_scenario(2, 2, 32, 12, seed), scenario)
    out = tmp_path / f"out-{seed}-{time_limit_s:.3f}-{gap}"
    _assert_honest(_plan(scenario, out, time_limit_s, gap), out)

"""Whole-instance properties: every plan passes the independent checker; explain finds the conflict."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from crewplan.check import check_scenario
from crewplan.planner.explain import explain
from crewplan.planner.instance import PlanOptions, build_instance
from crewplan.planner.manifest import manifest
from crewplan.planner.solve import SolveOptions, solve
from crewplan.scenario.generate import generate_scenario
from planner.scenarios import flight, person, scenario


@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 10_000), astronauts=st.integers(12, 30), flights=st.integers(3, 8))
def test_every_plan_passes_the_checker(seed: int, astronauts: int, flights: int) -> None:
    s = generate_scenario(stations=1, years=2, astronauts=astronauts, flights=flights, seed=seed)
    inst = build_instance(s, PlanOptions(use_orbit=False))
    result = solve(inst, SolveOptions(time_limit_s=20, workers=2))
    assert result.feasible, result.status
    m = manifest(inst, result)
    bad = [v for v in check_scenario(m).violations if v.last_day >= inst.origin]
    assert bad == [], [v.message for v in bad]


def test_explain_names_the_agreement_no_candidate_can_fill() -> None:
    people = [person("cn1", "CMSA", "CN"), person("pk1", "PAK", "PK", category="payload_specialist",
                                                   medical="grounded")]
    s = scenario(people, [
        flight("sz", "shenzhou", "css", "2026-04-01", stay_days=180,
               crew=[("commander", None), ("payload_specialist", None)])],
        agreements=[{"id": "cn-pk", "name": "China-Pakistan", "parties": ["CMSA", "PAK"],
                     "valid_from": "2025-01-01",
                     "seat_grants": [{"id": "pk-seat", "grantor": "CMSA", "grantee": "PAK", "seats": 1,
                                      "deadline": "2026-12-31"}]}])
    inst = build_instance(s, PlanOptions(use_orbit=False))
    assert solve(inst, SolveOptions(time_limit_s=10)).status == "INFEASIBLE"
    why = explain(inst, time_limit_s=10, slack_days=0)
    assert not why.feasible and why.minimal
    assert [c.rule for c in why.core] == ["agreement.deadline"]
    assert "pk-seat" in why.core[0].message

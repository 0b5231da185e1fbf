"""Each rule family alone on a small instance, with a few variables fixed: feasible and infeasible cases."""

from __future__ import annotations

from pathlib import Path

import pytest

from crewplan.planner.instance import Instance, PlanOptions, build_instance
from crewplan.planner.solve import SolveOptions, solve
from crewplan.planner.variables import Decision
from crewplan.scenario import load_scenario
from planner.scenarios import flight, person, scenario

MINIMAL = Path(__file__).resolve().parents[1] / "data" / "minimal" / "scenario.yaml"
QUICK = SolveOptions(time_limit_s=10, workers=1)


def _status(inst: Instance, families: list[str], fix: Decision) -> str:
    return solve(inst, QUICK, families=families, fix=fix).status


@pytest.fixture(scope="module")
def minimal() -> Instance:
    return build_instance(load_scenario(MINIMAL), PlanOptions(use_orbit=False))


def test_seats_one_person_per_seat_and_roles(minimal: Instance) -> None:
    ok = Decision(seats={"SZ-23/commander/SZ-23": ["cand-cn-1"]})
    assert _status(minimal, ["seats"], ok) == "OPTIMAL"
    both = Decision(seats={"SZ-23/commander/SZ-23": ["cand-cn-1"], "SZ-23/crew/SZ-23": ["cand-cn-1"]})
    assert _status(minimal, ["seats"], both) == "INFEASIBLE"


def test_seats_required_role_when_crewed(minimal: Instance) -> None:
    no_commander = Decision(seats={"SZ-23/commander/SZ-23": [], "SZ-23/payload_specialist/SZ-22": ["cand-pk-1"]})
    assert _status(minimal, ["seats"], no_commander) == "INFEASIBLE"


def test_seats_qualified_only_after_training(minimal: Instance) -> None:
    # cand-pk-1 needs the basic course (12 weeks from 2026-01-05): ready 2026-03-30, before SZ-23's range.
    pk = next(c for sc in minimal.classes for c in sc.candidates if c.astronaut == "cand-pk-1")
    assert minimal.date(pk.ready).isoformat() == "2026-03-30"
    assert pk.training_days == 84


def test_overlap_one_flight_at_a_time() -> None:
    people = [person(p, "RSA", "RU") for p in ("a", "b")]
    s = scenario(people, [
        flight("s1", "soyuz", "iss", "2026-01-10", stay_days=100, crew=[("commander", None)]),
        flight("s2", "soyuz", "iss", "2026-03-01", stay_days=100, crew=[("commander", None)])])
    inst = build_instance(s, PlanOptions(use_orbit=False))
    same = Decision(seats={"s1/commander/s1": ["a"], "s2/commander/s2": ["a"]})
    assert _status(inst, ["seats", "overlap"], same) == "INFEASIBLE"
    apart = Decision(seats={"s1/commander/s1": ["a"], "s2/commander/s2": ["b"]})
    assert _status(inst, ["seats", "overlap"], apart) == "OPTIMAL"


def test_rest_days_enforced() -> None:
    # s1 lands on 2026-04-20; s2 launches 2026-05-10: 20 days on the ground, 30 required.
    people = [person(p, "RSA", "RU") for p in ("a", "b")]
    s = scenario(people, [
        flight("s1", "soyuz", "iss", "2026-01-10", stay_days=100, crew=[("commander", None)]),
        flight("s2", "soyuz", "iss", "2026-05-10", stay_days=100, crew=[("commander", None)])],
        settings={"rest_days_min": 30})
    inst = build_instance(s, PlanOptions(use_orbit=False))
    fix = Decision(seats={"s1/commander/s1": ["a"], "s2/commander/s2": ["a"]})
    assert _status(inst, ["seats", "overlap"], fix) == "INFEASIBLE"
    fix = Decision(seats={"s1/commander/s1": ["a"], "s2/commander/s2": ["b"]})
    assert _status(inst, ["seats", "overlap"], fix) == "OPTIMAL"


def _css(flights: list[dict[str, object]], n: int = 9) -> Instance:
    people = [person(f"c{i}", "CMSA", "CN") for i in range(n)]
    return build_instance(scenario(people, flights), PlanOptions(use_orbit=False))


def test_capacity_handover_days() -> None:
    crew3 = [("commander", None), ("crew", None), ("crew", None)]
    a = flight("a", "shenzhou", "css", "2026-01-01", stay_days=180, crew=crew3)
    b = flight("b", "shenzhou", "css", "2026-06-25", stay_days=180, crew=crew3)   # 6 days overlap: fine
    c = flight("b", "shenzhou", "css", "2026-06-01", stay_days=180, crew=crew3)   # 30 days overlap: too long
    full = {"a/commander/a": ["c0"], "a/crew/a": ["c1", "c2"], "b/commander/b": ["c3"], "b/crew/b": ["c4", "c5"]}
    assert _status(_css([a, b]), ["seats", "capacity"], Decision(seats=full)) == "OPTIMAL"
    assert _status(_css([a, c]), ["seats", "capacity"], Decision(seats=full)) == "INFEASIBLE"


def test_ports_one_vehicle_per_port() -> None:
    crew1 = [("commander", None)]
    a = flight("a", "shenzhou", "css", "2026-01-01", stay_days=180, crew=crew1)
    b = flight("b", "shenzhou", "css", "2026-03-01", stay_days=180, crew=crew1)
    inst = _css([a, b])
    assert _status(inst, ["ports"], Decision(port={"a": "fwd", "b": "radial"})) == "OPTIMAL"
    assert _status(inst, ["ports"], Decision(port={"a": "fwd", "b": "fwd"})) == "INFEASIBLE"


def test_lifeboat_return_vehicle_must_be_docked_in_time() -> None:
    # The visitor rides up on b and goes home on a, which leaves before b arrives: no lifeboat, no ride.
    a = flight("a", "shenzhou", "css", "2026-01-01", stay_days=30, crew=[("commander", None)])
    b = flight("b", "shenzhou", "css", "2026-03-01", stay_days=180,
               crew=[("commander", None), {"role": "payload_specialist", "returns_on": "a"}])  # type: ignore[list-item]
    b["seats"] = [{"role": "commander"}, {"role": "payload_specialist", "returns_on": "a"}]
    inst = _css([a, b])
    visit = Decision(seats={"b/payload_specialist/a": ["c1"], "b/commander/b": ["c2"]})
    assert _status(inst, ["seats", "lifeboat"], visit) == "INFEASIBLE"
    assert _status(inst, ["seats", "lifeboat"], Decision(seats={"b/payload_specialist/a": []})) == "OPTIMAL"


def test_agreement_deadline(minimal: Instance) -> None:
    # The SUPARCO grant must be flown by 2026-12-31: leaving cand-pk-1 off SZ-23 is infeasible.
    off = Decision(seats={"SZ-23/payload_specialist/SZ-22": ["cand-cn-1"]})
    assert _status(minimal, ["seats", "agreements"], off) == "INFEASIBLE"
    on = Decision(seats={"SZ-23/payload_specialist/SZ-22": ["cand-pk-1"]})
    assert _status(minimal, ["seats", "agreements"], on) == "OPTIMAL"

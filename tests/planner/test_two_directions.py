"""The planner and the checker read every rule alike, in both directions, on small generated programmes:

- every plan the planner returns passes the checker (in its planned period);
- every assignment the checker accepts is feasible in the planner's model: the generator's own crews,
  launch days and ports (a programme built to hold every hard rule, which the checker confirms) are fixed
  in the model, which must then have a solution, and each of those people must be a candidate of their seat.
"""

from __future__ import annotations

from collections import defaultdict

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from crewplan.check import check_scenario
from crewplan.domain import FlightStatus, Scenario
from crewplan.planner.instance import Instance, PlanOptions, build_instance
from crewplan.planner.manifest import manifest
from crewplan.planner.solve import SolveOptions, solve
from crewplan.planner.variables import Decision
from crewplan.scenario.generate import generate_scenario

QUICK = SolveOptions(time_limit_s=30, workers=2)


def _programme(seed: int, stations: int, astronauts: int, flights: int) -> Scenario:
    return generate_scenario(stations=stations, years=2, astronauts=astronauts, flights=flights, seed=seed)


def _as_decision(s: Scenario, inst: Instance) -> Decision:
    """The scenario's own crews, launch days and ports, in the planner's terms."""
    d = Decision()
    crews: dict[str, list[str]] = defaultdict(list)
    for f in s.flights:
        if f.status is not FlightStatus.PLANNED or f.id not in inst.flights or inst.flights[f.id].fixed:
            continue
        d.launch[f.id] = inst.day(f.launch_day)
        d.port[f.id] = f.port
        for seat in f.seats:
            if seat.astronaut:
                crews[f"{f.id}/{seat.role.value}/{seat.returns_on or f.id}"].append(seat.astronaut)
    d.seats = dict(crews)
    return d


@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(1, 10_000), stations=st.integers(1, 2), astronauts=st.integers(24, 40),
       flights=st.integers(4, 8))
@pytest.mark.timeout(900)
def test_both_directions(seed: int, stations: int, astronauts: int, flights: int) -> None:
    s = _programme(seed, stations, astronauts, flights)
    accepted = check_scenario(s)
    assert accepted.hard == [], [v.message for v in accepted.hard]  # the generator's promise
    inst = build_instance(s, PlanOptions(use_orbit=False))
    # Checker -> planner: the accepted assignment is a solution of the model.
    own = _as_decision(s, inst)
    assert sum(len(p) for p in own.seats.values()) >= flights  # not vacuous: every flight carries a crew
    candidates = {(sc.key, c.astronaut) for sc in inst.classes for c in sc.candidates}
    rejected = {sc.key: sc.rejected for sc in inst.classes}
    for key, people in own.seats.items():
        for person in people:
            assert (key, person) in candidates, (key, person, rejected.get(key, {}).get(person))
    fixed = solve(inst, QUICK, fix=own)
    assert fixed.status in ("OPTIMAL", "FEASIBLE"), fixed.status
    # Planner -> checker: the planner's own plan passes.
    free = solve(inst, QUICK)
    assert free.feasible
    made = manifest(inst, free)
    assert [v.message for v in check_scenario(made).hard if v.last_day >= inst.origin] == []

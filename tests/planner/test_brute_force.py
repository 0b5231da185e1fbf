"""The planner's optimum equals a brute-force optimum on instances small enough to enumerate.

The enumeration is written here, independently of the planner: every way to put the kept people (or
nobody) into the seats of the planned flights, filtered by the independent checker, scored by the
scenario's weights read directly (crewed flights, seats filled, barter imbalance). Every plan the planner
returns must also pass the checker.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from crewplan.check import check_scenario
from crewplan.domain import FlightStatus, Scenario
from crewplan.planner.instance import PlanOptions, build_instance
from crewplan.planner.manifest import manifest
from crewplan.planner.solve import SolveOptions, solve
from crewplan.scenario.generate import generate_data


def tiny(seed: int, keep: int, flags: list[str]) -> Scenario:
    """Two stations, one flight each (3 and 4 seats), ``keep`` people per agency with ``flags`` applied."""
    data = generate_data(stations=2, years=1, astronauts=16, flights=2, seed=seed)
    by_agency: dict[str, list[dict[str, Any]]] = {}
    for a in data["astronauts"]:
        by_agency.setdefault(a["agency"], []).append(a)
    people = [a for group in by_agency.values() for a in group[:keep]]
    for a, flag in zip(people, flags, strict=False):
        if flag == "grounded":
            a["medical"] = "grounded"
        elif flag == "payload":
            a["category"] = "payload_specialist"
        elif flag == "tall":
            a["body"] = dict(a["body"], height_cm=195.0)
    data["astronauts"] = people
    for f in data["flights"]:
        f["seats"] = [{"role": s["role"]} for s in f["seats"]]
    return Scenario.model_validate(data)


def assignments(s: Scenario) -> Iterator[dict[str, list[tuple[str, str]]]]:
    """Every assignment of people to the seats of the planned crewed flights (same-role seats unordered)."""
    flights = [f for f in s.flights if f.status is FlightStatus.PLANNED and not f.uncrewed]
    names = [a.id for a in s.astronauts]
    per_flight: list[list[list[tuple[str, str]]]] = []
    for f in flights:
        roles: dict[str, int] = {}
        for seat in f.seats:
            roles[seat.role.value] = roles.get(seat.role.value, 0) + 1
        options: list[list[tuple[str, str]]] = [[]]
        for role, n in roles.items():
            options = [o + [(role, p) for p in chosen] for o in options
                       for k in range(n + 1) for chosen in itertools.combinations(names, k)]
        per_flight.append([o for o in options if len({p for _, p in o}) == len(o)])
    for combo in itertools.product(*per_flight):
        yield {f.id: crew for f, crew in zip(flights, combo, strict=True)}


def with_crews(s: Scenario, crews: dict[str, list[tuple[str, str]]]) -> Scenario:
    flights = []
    for f in s.flights:
        if f.id not in crews:
            flights.append(f)
            continue
        pool = list(crews[f.id])
        seats = []
        for seat in f.seats:
            who = next((p for r, p in pool if r == seat.role.value), None)
            if who is not None:
                pool.remove((seat.role.value, who))
            seats.append(seat.model_copy(update={"astronaut": who}))
        update: dict[str, Any] = {"seats": tuple(seats)}
        if not crews[f.id]:
            update["uncrewed"] = True
        flights.append(f.model_copy(update=update))
    return s.model_copy(update={"flights": tuple(flights)})


def score(s: Scenario, crews: dict[str, list[tuple[str, str]]]) -> float:
    """The objective, from the weights and the crews alone (no planner code)."""
    w = s.settings.weights
    agency = {a.id: a.agency for a in s.astronauts}
    operator = {t.id: t.operator for t in s.vehicle_types}
    total = w.planned_flight_crewed * sum(1 for c in crews.values() if c)
    total += w.seat_filled * sum(len(c) for c in crews.values())
    for ag in s.agreements:
        if ag.barter is None:
            continue
        a, b = ag.barter.agencies
        balance = 0
        for fid, crew in crews.items():
            provider = operator[s.flight(fid).vehicle_type]
            for _, p in crew:
                balance += (agency[p] == a and provider == b) - (agency[p] == b and provider == a)
        total -= w.barter_imbalance * abs(balance)
    return total


def brute_force(s: Scenario) -> float:
    """The best score over every assignment the checker accepts (checked best score first)."""
    scored = sorted(((score(s, crews), n, crews) for n, crews in enumerate(assignments(s))),
                    key=lambda t: (-t[0], t[1]))
    for value, _, crews in scored:
        if not check_scenario(with_crews(s, crews)).violations:
            return value
    raise AssertionError("no assignment passes the checker (everyone on the ground should)")


@settings(max_examples=5, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 10_000), keep=st.integers(1, 2),
       flags=st.lists(st.sampled_from(["ok", "ok", "grounded", "payload", "tall"]), min_size=4, max_size=4))
def test_planner_optimum_equals_brute_force(seed: int, keep: int, flags: list[str]) -> None:
    s = tiny(seed, keep, flags)
    # Preconditions of the independent score: no term it does not compute can be non-zero here.
    assert not s.proposals and not s.experiments
    assert all(g.deadline is None or g.deadline < s.settings.horizon_start
               for ag in s.agreements for g in ag.seat_grants)
    assert not any(f.status is FlightStatus.FLOWN for f in s.flights)  # nobody is an experienced commander
    inst = build_instance(s, PlanOptions(use_orbit=False))
    result = solve(inst, SolveOptions(time_limit_s=20, workers=2))
    assert result.status == "OPTIMAL"
    made = manifest(inst, result)
    assert [v.message for v in check_scenario(made).violations] == []
    assert result.terms.get("training_days", 0.0) == 0.0
    assert result.objective is not None
    assert abs(result.objective - brute_force(s)) < 1e-6


def test_brute_force_sees_the_rules() -> None:
    """The enumeration is not vacuous: the checker rejects some assignments and the optimum crews both."""
    s = tiny(3, 2, ["ok", "ok", "ok", "ok"])
    crews = list(assignments(s))
    rejected = sum(1 for c in crews[:60] if check_scenario(with_crews(s, c)).violations)
    assert rejected > 0
    assert brute_force(s) >= 2 * s.settings.weights.planned_flight_crewed

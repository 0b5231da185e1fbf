"""The rules real manifests keep, each in the planner (feasible and infeasible) and in the checker: the
commander's seat goes to the agencies the role names, a crewed flight carries its vehicle's minimum crew,
a station keeps its minimum crew while crewed and is never empty once continuously crewed, and the nominal
crew is exceeded for at most the handover days (arrivals closer than that are fine when the crew drops)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from crewplan.check import check_scenario
from crewplan.domain import Scenario
from crewplan.planner.instance import PlanOptions, build_instance
from crewplan.planner.manifest import manifest
from crewplan.planner.solve import SolveOptions, solve
from crewplan.planner.variables import Decision
from planner.scenarios import _BASE, flight, person, scenario

QUICK = SolveOptions(time_limit_s=20, workers=2)
FAMILIES = ["seats", "overlap", "training", "capacity", "crew", "lifeboat", "ports"]


def _types(**changes: dict[str, Any]) -> list[dict[str, Any]]:
    out = []
    for vt in _BASE["vehicle_types"]:
        vt = dict(vt)
        for key, value in changes.get(vt["id"], {}).items():
            vt[key] = value
        out.append(vt)
    return out


def _stations(**changes: dict[str, Any]) -> list[dict[str, Any]]:
    return [dict(st, **changes.get(st["id"], {})) for st in _BASE["stations"]]


def _rules(report: Any) -> set[str]:
    return {v.rule for v in report.hard}


def _plan(s: Scenario, fix: Decision | None = None, origin: dt.date | None = None) -> tuple[str, Scenario | None]:
    inst = build_instance(s, PlanOptions(use_orbit=False, origin=origin))
    result = solve(inst, QUICK, families=FAMILIES, fix=fix)
    return result.status, manifest(inst, result) if result.feasible else None


def test_commander_seat_goes_to_the_operator() -> None:
    soyuz = [dict(r) for r in _BASE["vehicle_types"][0]["roles"]]
    soyuz[0]["agencies"] = ["RSA"]
    people = [person("n1", "NASA", "US", ("soyuz-q",)), person("r1", "RSA", "RU")]
    s = scenario(people, [flight("s1", "soyuz", "iss", "2026-01-10", stay_days=100,
                                 crew=[("commander", None), ("flight_engineer", None)])],
                 vehicle_types=_types(soyuz={"roles": soyuz}))
    inst = build_instance(s, PlanOptions(use_orbit=False))
    commanders = next(sc for sc in inst.classes if sc.role.value == "commander")
    assert [c.astronaut for c in commanders.candidates] == ["r1"]
    assert commanders.rejected["n1"].startswith("seat.holder")
    status, made = _plan(s)
    assert status == "OPTIMAL" and made is not None
    assert made.flight("s1").seats[0].astronaut == "r1"
    # The checker reads the rule alike: the NASA astronaut in the commander seat is a violation.
    wrong = made.model_copy(update={"flights": tuple(
        f.model_copy(update={"seats": (f.seats[0].model_copy(update={"astronaut": "n1"}),
                                       f.seats[1].model_copy(update={"astronaut": "r1"}))})
        for f in made.flights)})
    assert "seat.holder" in _rules(check_scenario(wrong))
    # An agreement that opens the role lets them command.
    opened = scenario(people, [flight("s1", "soyuz", "iss", "2026-01-10", stay_days=100,
                                      crew=[("commander", None), ("flight_engineer", None)])],
                      vehicle_types=_types(soyuz={"roles": soyuz}),
                      agreements=[{"id": "swap", "name": "Swap", "parties": ["NASA", "RSA"],
                                   "valid_from": "2020-01-01", "seat_roles": ["commander"]}])
    inst = build_instance(opened, PlanOptions(use_orbit=False))
    commanders = next(sc for sc in inst.classes if sc.role.value == "commander")
    assert {c.astronaut for c in commanders.candidates} == {"n1", "r1"}


def test_crewed_flight_carries_its_minimum_crew() -> None:
    people = [person(p, "RSA", "RU") for p in ("r1", "r2", "r3")]
    s = scenario(people, [flight("s1", "soyuz", "iss", "2026-01-10", stay_days=100,
                                 crew=[("commander", None), ("flight_engineer", None), ("flight_engineer", None)])],
                 vehicle_types=_types(soyuz={"crew_min": 3}))
    two = Decision(seats={"s1/commander/s1": ["r1"], "s1/flight_engineer/s1": ["r2"]})
    assert _plan(s, two)[0] == "INFEASIBLE"
    status, made = _plan(s)
    assert status == "OPTIMAL" and made is not None and len(made.flight("s1").crew()) == 3
    short = made.model_copy(update={"flights": tuple(f.model_copy(update={"seats": (
        *f.seats[:2], f.seats[2].model_copy(update={"astronaut": None}))}) for f in made.flights)})
    assert "crew.size" in _rules(check_scenario(short))


def _rotation(gap_days: int) -> Scenario:
    """Two Shenzhou crews in a row at a station with minimum crew 3, continuously crewed from 2025."""
    people = [person(f"c{i}", "CMSA", "CN") for i in range(1, 7)]
    return scenario(people, [
        flight("z1", "shenzhou", "css", "2025-07-01", status="flown", undocking="2026-01-10", port="fwd",
               crew=[("commander", "c1"), ("crew", "c2"), ("crew", "c3")]),
        flight("z2", "shenzhou", "css", f"2026-01-{5 + gap_days:02d}", stay_days=150, port="radial",
               crew=[("commander", None), ("crew", None), ("crew", None)]),
    ], stations=_stations(css={"min_crew": 3, "continuous_from": "2025-07-01"}),
        settings={"horizon_end": "2026-05-31"})  # z2 is the last crew of the horizon: it stays past its end


def test_a_continuously_crewed_station_is_never_empty() -> None:
    status, made = _plan(_rotation(0))  # z2 can arrive before z1 leaves: a handover
    assert status == "OPTIMAL" and made is not None and len(made.flight("z2").crew()) == 3
    assert "station.crew" not in _rules(check_scenario(made))
    # z2 arrives 5 days after z1 has left, with the planned period starting on 2026-01-01.
    assert _plan(_rotation(10), origin=dt.date(2026, 1, 1))[0] == "INFEASIBLE"
    assert _plan(_rotation(5), origin=dt.date(2026, 1, 1))[0] == "OPTIMAL"  # arrives on the day z1 leaves


def test_minimum_crew_while_crewed() -> None:
    s = _rotation(0)
    two = Decision(seats={"z2/commander/z2": ["c4"], "z2/crew/z2": ["c5"]})
    assert _plan(s, two)[0] == "INFEASIBLE"
    made = _plan(s)[1]
    assert made is not None
    thin = made.model_copy(update={"flights": tuple(
        f if f.id != "z2" else f.model_copy(update={"seats": (
            *f.seats[:2], f.seats[2].model_copy(update={"astronaut": None}))}) for f in made.flights)})
    assert "station.crew" in _rules(check_scenario(thin))


def test_arrivals_closer_than_the_handover_days_when_the_crew_drops_back() -> None:
    """Two Soyuz crews 14 days apart at a station of nominal 3 with 10 handover days: fine when the first
    crew leaves within 10 days of the second's arrival (the old encoding kept arrivals 11 days apart)."""
    people = [person(p, "RSA", "RU") for p in ("r1", "r2", "r3", "r4", "r5", "r6")]
    stations = _stations(iss={"capacity": {"nominal_crew": 3, "handover_crew": 6, "handover_days_max": 10}})
    s = scenario(people, [
        flight("s1", "soyuz", "iss", "2026-01-01", stay_days=20, port="rassvet",
               crew=[("commander", None), ("flight_engineer", None), ("flight_engineer", None)]),
        flight("s2", "soyuz", "iss", "2026-01-15", stay_days=100, port="prichal",
               crew=[("commander", None), ("flight_engineer", None), ("flight_engineer", None)]),
    ], stations=stations)
    status, made = _plan(s)
    assert status == "OPTIMAL" and made is not None
    assert len(made.flight("s1").crew()) == 3 and len(made.flight("s2").crew()) == 3
    assert "station.capacity" not in _rules(check_scenario(made))
    # The same pair with s1 staying 30 days: 16 days above nominal, so one of them flies short of crew.
    longer = scenario(people, [
        flight("s1", "soyuz", "iss", "2026-01-01", stay_days=30, port="rassvet",
               crew=[("commander", None), ("flight_engineer", None), ("flight_engineer", None)]),
        flight("s2", "soyuz", "iss", "2026-01-15", stay_days=100, port="prichal",
               crew=[("commander", None), ("flight_engineer", None), ("flight_engineer", None)]),
    ], stations=stations)
    full = Decision(seats={"s1/commander/s1": ["r1"], "s1/flight_engineer/s1": ["r2", "r3"],
                           "s2/commander/s2": ["r4"], "s2/flight_engineer/s2": ["r5", "r6"]})
    assert _plan(longer, full)[0] == "INFEASIBLE"


def _two_soyuz(stay_days: int, ground_days: int | None) -> Scenario:
    """One cosmonaut and two Soyuz flights, the second launching 200 days after the first lands."""
    second = (dt.date(2026, 1, 10) + dt.timedelta(days=stay_days + 200)).isoformat()
    return scenario([person("r1", "RSA", "RU")], [
        flight("s1", "soyuz", "iss", "2026-01-10", stay_days=stay_days, crew=[("commander", None)]),
        flight("s2", "soyuz", "iss", second, stay_days=stay_days, crew=[("commander", None)]),
    ], vehicle_types=_types(soyuz={"crew_min": 1}),
        settings={"long_mission_days_min": 60, "ground_days_after_long_min": ground_days})


def test_ground_time_after_a_long_mission() -> None:
    both = Decision(seats={"s1/commander/s1": ["r1"], "s2/commander/s2": ["r1"]})
    # 200 days on the ground: enough after a 30-day visit, or when no ground time is set ...
    assert _plan(_two_soyuz(30, 365), both)[0] == "OPTIMAL"
    status, made = _plan(_two_soyuz(150, None), both)
    assert status == "OPTIMAL" and made is not None
    assert "crew.rest" not in _rules(check_scenario(made))
    # ... but not after a 150-day increment when a year is required: the planner refuses, the checker flags it.
    assert _plan(_two_soyuz(150, 365), both)[0] == "INFEASIBLE"
    strict = made.model_copy(update={"settings": made.settings.model_copy(
        update={"ground_days_after_long_min": 365})})
    found = [v for v in check_scenario(strict).hard if v.rule == "crew.rest"]
    assert found and "after a long-duration mission of 150 days" in found[0].message
    status, alone = _plan(_two_soyuz(150, 365))
    assert status == "OPTIMAL" and alone is not None
    assert sum(len(f.crew()) for f in alone.flights) == 1  # one of the two flies, the other stays open


def _soyuz_course(*sessions: tuple[str, int]) -> list[dict[str, Any]]:
    return [{"id": "soyuz-course", "name": "Soyuz course", "provider": "RSA", "duration_weeks": 10,
             "grants": ["soyuz-q"], "sessions": [{"start": d, "capacity": c} for d, c in sessions]}]


def _dragon_then_soyuz(*sessions: tuple[str, int], people: int = 1) -> Scenario:
    """NASA astronauts (Dragon-qualified) who may fly a Dragon from 2026-01-10 (100 days) and a Soyuz from
    2026-09-01; the Soyuz needs soyuz-course, run in ``sessions``."""
    crew = [person(f"n{i}", "NASA", "US") for i in range(1, people + 1)]
    return scenario(crew, [
        flight("d1", "dragon", "iss", "2026-01-10", stay_days=100, crew=[("commander", None)]),
        flight("s2", "soyuz", "iss", "2026-09-01", stay_days=30,
               crew=[("commander", None)] + [("flight_engineer", None)] * (people - 1)),
    ], vehicle_types=_types(dragon={"crew_min": 1}, soyuz={"crew_min": 1}),
        qualifications=[*_BASE["qualifications"]], courses=_soyuz_course(*sessions))


def test_training_never_runs_in_space() -> None:
    both = Decision(seats={"d1/commander/d1": ["n1"], "s2/commander/s2": ["n1"]})
    # The only session runs while n1 would be on d1: n1 flies one of the two.
    during = _dragon_then_soyuz(("2026-02-02", 4))
    assert _plan(during, both)[0] == "INFEASIBLE"
    status, made = _plan(during)
    assert status == "OPTIMAL" and made is not None
    assert not {"training.in_space", "qualification.training"} & _rules(check_scenario(made))
    # With a later session too, the training runs just in time, after d1 has landed: n1 flies both.
    status, made = _plan(_dragon_then_soyuz(("2026-02-02", 4), ("2026-06-01", 4)), both)
    assert status == "OPTIMAL" and made is not None
    assert [(b.course, b.start) for b in made.bookings] == [("soyuz-course", dt.date(2026, 6, 1))]
    report = check_scenario(made)
    assert not {"training.in_space", "qualification.training", "qualification"} & _rules(report)
    # The checker reads a booking during the flight alike.
    moved = made.model_copy(update={"bookings": tuple(b.model_copy(update={
        "start": dt.date(2026, 2, 2), "end": dt.date(2026, 4, 13)}) for b in made.bookings)})
    assert "training.in_space" in _rules(check_scenario(moved))


def test_a_session_takes_at_most_its_capacity() -> None:
    s = _dragon_then_soyuz(("2026-06-01", 1), people=2)
    both = Decision(seats={"s2/commander/s2": ["n1"], "s2/flight_engineer/s2": ["n2"]})
    assert _plan(s, both)[0] == "INFEASIBLE"
    status, made = _plan(s)
    assert status == "OPTIMAL" and made is not None
    assert len(made.bookings) == 1 and "training.capacity" not in _rules(check_scenario(made))
    assert _plan(_dragon_then_soyuz(("2026-06-01", 2), people=2), both)[0] == "OPTIMAL"

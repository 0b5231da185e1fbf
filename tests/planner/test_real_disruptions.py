"""The three real disruptions of the built-in record, replanned from the manifest as it stood on the
morning of each event (``crewplan scenario at``), against what the agencies really did
(``tests/data/real-disruptions.yaml``, with sources): the same kind of response, a lifeboat gap within a
factor of two of the real one, and nothing changed on the other station. Every plan passes the checker
but for the findings the event forces.

The searches are deterministic (the workers take turns) and prove optimality well inside the wall-clock
limit, which is only a guard; their times are in docs/benchmarks.md."""

from __future__ import annotations

import datetime as dt
import importlib.util
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from crewplan.check import check_scenario
from crewplan.domain import Flight, Scenario, day_of
from crewplan.planner.diff import changes
from crewplan.planner.manifest import manifest
from crewplan.planner.replan import replan
from crewplan.planner.solve import SolveOptions
from crewplan.scenario import load_scenario
from crewplan.scenario.cut import scenario_at
from crewplan.scenario.events import events_from_text

CASES = yaml.safe_load((Path(__file__).parents[1] / "data" / "real-disruptions.yaml").read_text())
FORCED = {"lifeboat", "qualification", "station.crew"}


def _home(m: Scenario, person: str, day: dt.date) -> str:
    """The flight that brings ``person`` home from the stay they are on at ``day``."""
    up = max((f for f in m.flights if f.launch_day <= day and person in f.crew()), key=lambda f: f.launch_day)
    return next(s.returns_on or up.id for s in up.seats if s.astronaut == person)


def _flights_of(m: Scenario, person: str) -> set[str]:
    return {f.id for f in m.flights for s in f.seats if s.astronaut == person}


def _shape(f: Flight) -> tuple[Any, ...]:
    return (f.launch_day, f.undocking_day(), f.port, sorted((s.astronaut or "", s.role.value, s.returns_on or "")
                                                            for s in f.seats))


@pytest.fixture(scope="module")
def builtin() -> Scenario:
    return load_scenario(None)


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_replan_gives_the_real_kind_of_response(builtin: Scenario, case: dict[str, Any]) -> None:
    day = case["cut"]
    before = scenario_at(builtin, day, case["horizon_end"])
    events = events_from_text(before, [case["event"]])
    rr = replan(before, events, SolveOptions(time_limit_s=300, workers=2))
    assert rr.result.feasible, rr.result.status
    after = manifest(rr.instance, rr.result)

    # Every hard finding from the event on is one the event forces.
    report = check_scenario(after)
    planned = [v for v in report.hard if v.last_day >= day]
    assert {v.rule for v in planned} <= FORCED, [v.message for v in planned if v.rule not in FORCED]

    # The relief, and who it brings home.
    relief = after.flight(case["relief"])
    assert (relief.crew() == ()) is case["relief_uncrewed"], relief.crew()
    for person in case["stranded"]:
        assert _home(after, person, day) == case["stranded_home"], person
    for person in case.get("displaced", []):
        assert case["reflown_on"] in _flights_of(after, person), person
    if "seats_freed_on" in case:
        fid = case["seats_freed_on"]
        planned_crew = before.flight(fid).crew()
        assert len(planned_crew) - len(after.flight(fid).crew()) == case["seats_freed"]

    # The lifeboat gap: the days anyone aboard lacks a seat on a sound lifeboat.
    gap_days: set[dt.date] = set()
    for v in planned:
        if v.rule == "lifeboat":
            d = day_of(v.first_day)
            while d <= day_of(v.last_day):
                gap_days.add(d)
                d += dt.timedelta(days=1)
    real = case["lifeboat_gap_days"]
    assert real / 2 <= len(gap_days) <= real * 2, (len(gap_days), real)

    # Nothing changed on the other station.
    other = case["other_station"]
    for f in before.flights:
        if f.station == other:
            assert _shape(after.flight(f.id)) == _shape(f), f.id

    # The summary of changes says why: each stranded person's ride home changed because of the damage, and
    # no change is on the other station.
    listed = changes(rr.scenario, after, events, day)
    for person in case["stranded"]:
        assert any(c.kind == "return changed" and c.astronaut == person and "damaged" in c.why for c in listed)
    stations = {f.id: f.station for f in after.flights}
    assert all(stations[c.flight] != other for c in listed), [c for c in listed if stations[c.flight] == other]


def test_the_replan_benchmark_runs_on_one_case() -> None:
    """benchmarks/bench_replan.py runs (on the quickest case, one seed) and reports what it measures."""
    path = Path(__file__).resolve().parents[2] / "benchmarks" / "bench_replan.py"
    spec = importlib.util.spec_from_file_location("bench_replan", path)
    assert spec is not None and spec.loader is not None
    bench = importlib.util.module_from_spec(spec)
    sys.modules["bench_replan"] = bench
    spec.loader.exec_module(bench)
    case = next(c for c in CASES if c["id"] == "sz20-window-damage")
    row = bench.run(case, 0, 120, 2)
    assert row["status"] in ("OPTIMAL", "FEASIBLE") and row["real_gap_days"] == 20
    assert row["lifeboat_gap_days"] > 0 and row["changes"] > 0

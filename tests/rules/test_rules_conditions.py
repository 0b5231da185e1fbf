"""Composable legality conditions, rule validity and waivers."""

from __future__ import annotations

import datetime as dt

from check_mini import base, build

from crewplan.domain import Condition, Rule
from crewplan.rules import SeatFacts, active_intervals, matches, matching_modules, waiver_covers
from crewplan.rules.days import intersect, normalize, subtract

D = dt.date.fromisoformat


def _facts(person: str, flight: str) -> SeatFacts:
    s = build(base())
    f = s.flight(flight)
    return SeatFacts(s.astronaut(person), f, s.vehicle_type(f.vehicle_type), s.station(f.station),
                     tuple(s.astronaut(p) for p in f.crew()))


def test_leaves_are_anded_and_any_not_combine() -> None:
    facts = _facts("n1", "dragon-a")
    assert matches(Condition(astronaut_agency=("NASA",), station=("iss",)), facts)
    assert not matches(Condition(astronaut_agency=("NASA",), station=("css",)), facts)
    assert matches(Condition(any=(Condition(station=("css",)), Condition(vehicle_type=("dragon",)))), facts)
    assert matches(Condition.model_validate({"not": {"astronaut_nationality": ["CN"]}}), facts)


def test_co_crew_and_module_predicates() -> None:
    facts = _facts("n1", "dragon-a")
    assert matches(Condition(co_crew_agency=("ESA",)), facts)
    assert not matches(Condition(co_crew_agency=("CMSA",)), facts)
    cn = _facts("c9", "soyuz-a")
    cond = Condition(astronaut_nationality=("CN",), segment_operator=("NASA",))
    assert matches(cond, cn)
    assert {m.id for m in matching_modules(cond, cn)} == {"harmony", "destiny"}


def test_rule_validity_and_unless_agreement() -> None:
    s = build(base())
    rule = s.rule("esa-on-cmsa")
    # In force except while the ESA-CMSA agreement (2020-01-01 to 2030-12-31) is.
    assert active_intervals(rule, s) == [(D("1900-01-01"), D("2019-12-31")), (D("2031-01-01"), D("2999-12-31"))]
    ranged = Rule(id="r", name="r", citation="c", summary="s", when=Condition(station=("css",)),
                  valid_from=D("2030-01-01"), valid_until=D("2030-12-31"))
    assert active_intervals(ranged, s) == [(D("2030-01-01"), D("2030-12-31"))]


def test_day_interval_arithmetic() -> None:
    a = [(D("2030-01-01"), D("2030-01-10"))]
    assert subtract(a, [(D("2030-01-03"), D("2030-01-04"))]) == [(D("2030-01-01"), D("2030-01-02")),
                                                                  (D("2030-01-05"), D("2030-01-10"))]
    assert intersect(a, [(D("2030-01-08"), D("2030-02-01"))]) == [(D("2030-01-08"), D("2030-01-10"))]
    assert normalize([(D("2030-01-05"), D("2030-01-06")), (D("2030-01-01"), D("2030-01-04"))]) == [
        (D("2030-01-01"), D("2030-01-06"))]


def test_case_waiver_needs_its_people_and_flights() -> None:
    from crewplan.domain import Waiver

    w = Waiver(id="w", rule="lifeboat", astronauts=("a", "b"), flights=("f",), accepted_by="x", reason="y",
               start=D("2030-01-05"))
    assert waiver_covers(w, "lifeboat", ["a"], ["f"], D("2030-01-01"), D("2030-01-10")) == (
        D("2030-01-05"), D("2030-01-10"))
    assert waiver_covers(w, "lifeboat", ["a", "c"], ["f"], D("2030-01-01"), D("2030-01-10")) is None
    assert waiver_covers(w, "lifeboat", ["a"], ["g"], D("2030-01-01"), D("2030-01-10")) is None
    assert waiver_covers(w, "crew.rest", ["a"], ["f"], D("2030-01-01"), D("2030-01-10")) is None

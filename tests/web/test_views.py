"""The pages' pure helpers: dates with the day of the year, no open redirect, plans before their branches,
the timeline's data against the scenario and the checker's findings."""

from __future__ import annotations

import datetime as dt

from crewplan.check import check_scenario
from crewplan.scenario import load_scenario
from crewplan.scenario.save import scenario_data
from crewplan.web import views


def test_dates_carry_the_day_of_the_year() -> None:
    assert views.day("2024-12-31") == "2024-12-31 (366)"  # a leap year
    assert views.day("2025-01-01") == "2025-01-01 (001)"
    assert views.day("2021-06-17T01:22:00Z") == "2021-06-17 (168) 01:22 UTC"
    assert views.day(dt.datetime(2021, 6, 17, 9, 22, tzinfo=dt.timezone(dt.timedelta(hours=8)))) == \
        "2021-06-17 (168) 01:22 UTC"
    assert views.day(None) == "-"


def test_only_paths_of_the_ui_are_followed_after_log_in() -> None:
    assert views.local_path("/ui/plans/3/timeline") == "/ui/plans/3/timeline"
    for bad in ("https://evil.example/", "//evil.example/ui/", "/ui/\\evil", "/plans/1", "javascript:alert(1)"):
        assert views.local_path(bad) == "/ui/plans"


def test_branches_follow_their_plan() -> None:
    rows = [{"id": 3, "parent_id": 1}, {"id": 1, "parent_id": None}, {"id": 2, "parent_id": None},
            {"id": 4, "parent_id": 3}, {"id": 5, "parent_id": 99}]
    assert [(r["id"], r["depth"]) for r in views.plan_tree(rows)] == [(1, 0), (3, 1), (4, 2), (2, 0), (5, 0)]


def test_the_timeline_has_a_bar_per_flight_and_the_checkers_lifeboat_gaps() -> None:
    scenario = load_scenario()
    data = scenario_data(scenario)
    findings = [v.model_dump(mode="json") for v in check_scenario(scenario).violations]
    found = views.timeline({"scenario": data}, findings)
    launched = [f for f in scenario.flights if f.launch]
    assert len(found["bars"]) == len(launched)
    lanes = found["lanes"]
    for bar in found["bars"]:
        flight = scenario.flight(bar["flight"])
        assert lanes[bar["lane"]]["station"] == flight.station
        assert bar["start_ms"] == int(dt.datetime.combine(flight.launch, dt.time(), dt.UTC).timestamp() * 1000)
        assert bar["end_ms"] > bar["start_ms"]
        assert found["start_ms"] < bar["start_ms"] and bar["end_ms"] < found["end_ms"]
    ms22 = next(b for b in found["bars"] if b["flight"] == "soyuz-ms-22")
    assert ms22["damaged_ms"] == int(dt.datetime(2022, 12, 14, tzinfo=dt.UTC).timestamp() * 1000)
    assert ms22["crew"] == [scenario.astronaut(s.astronaut).name for s in scenario.flight("soyuz-ms-22").seats
                            if s.astronaut]
    lifeboat = [f for f in findings if f["rule"] == "lifeboat"]
    assert len(found["gaps"]) == sum(len(f["entities"]["stations"]) for f in lifeboat)
    for gap in found["gaps"]:
        assert lanes[gap["lane"]]["kind"] == "lifeboat"


def test_a_lifeboat_finding_is_a_gap_in_its_stations_lifeboat_lane() -> None:
    data = scenario_data(load_scenario())
    finding = {"rule": "lifeboat", "message": "3 aboard, 2 lifeboat seats", "entities": {"stations": ["css"]},
               "start_utc": "2025-04-30T00:00:00Z", "end_utc": "2025-05-02T00:00:00Z"}
    others = [{**finding, "rule": "station.crew"}, {**finding, "severity": "warning"}]
    found = views.timeline({"scenario": data}, [{**finding, "severity": "violation"}, *others])
    assert len(found["gaps"]) == 1
    gap = found["gaps"][0]
    assert found["lanes"][gap["lane"]] == {"station": "css", "port": "", "label": "CSS · lifeboat gaps",
                                           "kind": "lifeboat"}
    assert gap["end_ms"] - gap["start_ms"] == 2 * views.DAY_MS

"""Plan edits as the service applies them: each result passes the loader's validation."""

from __future__ import annotations

import datetime as dt

import pytest

from crewplan.errors import ScenarioError, UsageError
from crewplan.scenario import edits, load_scenario


def test_moving_a_launch_keeps_the_stay_and_the_range_width() -> None:
    s = load_scenario()
    before = s.flight("soyuz-ms-29")
    moved = edits.move_launch(s, "soyuz-ms-29", before.launch_day + dt.timedelta(days=5)).scenario.flight(
        "soyuz-ms-29")
    assert moved.launch_day == before.launch_day + dt.timedelta(days=5)
    assert moved.stay_days == before.stay_days
    if before.undocking_day() is not None:
        assert moved.undocking_day() == before.undocking_day() + dt.timedelta(days=5)


def test_a_flown_flight_cannot_move_and_an_unknown_one_is_named() -> None:
    s = load_scenario()
    with pytest.raises(UsageError, match="only a planned launch can move"):
        edits.move_launch(s, "shenzhou-20", dt.date(2027, 1, 1))
    with pytest.raises(UsageError, match="no flight with id"):
        edits.move_launch(s, "no-such-flight", dt.date(2027, 1, 1))


def test_pin_release_waiver_and_event_give_valid_scenarios() -> None:
    s = load_scenario()
    with pytest.raises(UsageError, match="has no seat"):
        edits.pin(s, "crew-13", "nobody")
    waived = edits.waive(s, rule="lifeboat", reason="test", until=dt.date(2027, 1, 1), accepted_by="me")
    assert waived.scenario.waivers[-1].end == dt.date(2027, 1, 1)
    event = edits.add_event(s, {"kind": "launch_slip", "date": dt.date(2026, 7, 1), "flight": "soyuz-ms-29",
                                "slip_days": 10, "description": "a test slip"})
    assert event.scenario.events[-1].flight == "soyuz-ms-29" and event.flights == ("soyuz-ms-29",)
    with pytest.raises(ScenarioError):
        edits.add_event(s, {"kind": "launch_slip", "date": dt.date(2026, 7, 1), "flight": "nope", "slip_days": 1,
                              "description": "a slip of no flight"})

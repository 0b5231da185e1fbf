"""``launch.window``: a flown flight whose recorded liftoff lies outside every usable window of the orbit layer.

The built-in data records launch days only; Shenzhou-20 lifted off from Jiuquan at 09:17 UTC on 2025-04-24
(17:17 Beijing time, CMSA), on the descending pass into the CSS orbit. That instant is inside the orbit
layer's window from the shipped CSS element sets; three hours later it is not.
"""

from __future__ import annotations

import datetime as dt

import pytest
from check_mini import day

from crewplan.check import CheckReport, check_scenario
from crewplan.domain import Scenario

FLIGHT = "shenzhou-20"
LIFTOFF = dt.datetime(2025, 4, 24, 9, 17, tzinfo=dt.UTC)


@pytest.fixture(scope="module")
def builtin() -> Scenario:
    from crewplan.scenario import load_scenario

    return load_scenario(None)


def _launched_at(scenario: Scenario, when: dt.datetime) -> Scenario:
    flights = tuple(f.model_copy(update={"launch": when}) if f.id == FLIGHT else f for f in scenario.flights)
    new = scenario.model_copy(update={"flights": flights})
    new.__dict__.pop("_index", None)
    return new


def test_real_liftoff_instant_is_inside_a_window(builtin: Scenario) -> None:
    report = check_scenario(_launched_at(builtin, LIFTOFF), families=["window"])
    assert report.skipped == ()  # the orbit layer is there: the rule ran
    assert [v for v in report.violations + report.warnings if FLIGHT in v.entities.flights] == []


def test_liftoff_shifted_three_hours_is_a_launch_window_violation(builtin: Scenario) -> None:
    shifted = _launched_at(builtin, LIFTOFF + dt.timedelta(hours=3))
    report = check_scenario(shifted, families=["window"])
    assert report.skipped == ()
    assert [(v.rule, v.entities.flights, v.first_day, v.last_day) for v in report.violations] == [
        ("launch.window", (FLIGHT,), day("2025-04-24"), day("2025-04-24"))]
    v = report.violations[0]
    assert v.hard and "12:17:00" in v.message and "outside every usable window" in v.message
    # The fix names the window the real launch used (descending pass, ~09:17 UTC).
    assert any("2025-04-24T09:1" in f for f in v.fixes), v.fixes


def test_shifted_liftoff_adds_only_the_window_finding_to_the_full_check(builtin: Scenario) -> None:
    real = check_scenario(_launched_at(builtin, LIFTOFF))
    shifted = check_scenario(_launched_at(builtin, LIFTOFF + dt.timedelta(hours=3)))

    def key(report: CheckReport) -> set[tuple[str, str, dt.date]]:
        return {(v.rule, v.message, v.first_day) for v in report.violations}

    assert [(rule, first) for rule, _, first in key(shifted) - key(real)] == [("launch.window", day("2025-04-24"))]
    assert key(real) - key(shifted) == set()

"""The generator makes programmes that hold every hard rule, for any size it accepts, and refuses the rest."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from crewplan.check import check_scenario
from crewplan.errors import UsageError
from crewplan.scenario.generate import ROTATION_DAYS_MIN, STAY_DAYS_MAX, generate_scenario


@settings(max_examples=12, deadline=None)
@given(stations=st.integers(1, 8), years=st.integers(1, 4), per_station_year=st.integers(1, 12),
       seed=st.integers(0, 2**32))
def test_generated_programmes_hold_every_hard_rule(stations: int, years: int, per_station_year: int,
                                                   seed: int) -> None:
    flights = stations * years * per_station_year
    scenario = generate_scenario(stations, years, 8 * stations + 4 * flights // years, flights, seed)
    report = check_scenario(scenario)
    assert report.hard == [], [v.message for v in report.hard[:5]]


@pytest.mark.parametrize(("stations", "years", "flights"), [(1, 11, 1), (1, 1, 100), (2, 30, 10)])
def test_sizes_no_rotation_can_fly_are_refused(stations: int, years: int, flights: int) -> None:
    with pytest.raises(UsageError, match=rf"rotation every {ROTATION_DAYS_MIN} to {STAY_DAYS_MAX} days"):
        generate_scenario(stations, years, 8 * stations, flights, 1)


def test_the_seed_changes_the_programme() -> None:
    a, b = generate_scenario(2, 2, 40, 12, 1), generate_scenario(2, 2, 40, 12, 2)
    assert a.astronauts != b.astronauts

"""The generator makes programmes that hold every hard rule, for any size it accepts, and refuses the rest."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from crewplan.check import check_scenario
from crewplan.domain import day_of
from crewplan.errors import UsageError
from crewplan.scenario.generate import ROTATION_DAYS_MIN, STAY_DAYS_MAX, fingerprint, generate_scenario


@settings(max_examples=12, deadline=None)
@given(stations=st.integers(1, 8), years=st.integers(1, 4), per_station_year=st.integers(1, 12),
       seed=st.integers(0, 2**32), slack=st.sampled_from([0, 0, 15, 30]))
def test_generated_programmes_hold_every_hard_rule(stations: int, years: int, per_station_year: int,
                                                   seed: int, slack: int) -> None:
    flights = stations * years * per_station_year
    scenario = generate_scenario(stations, years, 8 * stations + 4 * flights // years, flights, seed,
                                 launch_slack_days=slack)
    report = check_scenario(scenario)
    assert report.hard == [], [v.message for v in report.hard[:5]]


@pytest.mark.parametrize(("stations", "years", "flights"), [(1, 11, 1), (1, 1, 100), (2, 30, 10)])
def test_sizes_no_rotation_can_fly_are_refused(stations: int, years: int, flights: int) -> None:
    with pytest.raises(UsageError, match=rf"rotation every {ROTATION_DAYS_MIN} to {STAY_DAYS_MAX} days"):
        generate_scenario(stations, years, 8 * stations, flights, 1)


def test_the_seed_changes_the_problem_not_only_its_names() -> None:
    made = [generate_scenario(4, 6, 200, 100, seed) for seed in (1, 2, 3, 4)]
    assert len({fingerprint(s) for s in made}) == 4
    assert fingerprint(generate_scenario(4, 6, 200, 100, 1)) == fingerprint(made[0])  # same seed, same problem
    a, b = made[0], made[1]
    assert [f.launch for f in a.flights] != [f.launch for f in b.flights]  # the dates
    assert [f.crew() for f in a.flights] != [f.crew() for f in b.flights]  # who flies
    cmd_a, cmd_b = ({p.id for p in s_.astronauts if any(q.qualification.startswith("cmd-") for q in p.qualifications)}
                    for s_ in (a, b))
    assert cmd_a != cmd_b  # who may command
    assert {p.id for p in a.astronauts} - cmd_a  # not everyone may


def test_launch_slack_frees_each_launch_within_its_days() -> None:
    fixed, free = generate_scenario(2, 3, 60, 20, 5), generate_scenario(2, 3, 60, 20, 5, launch_slack_days=15)
    planned = [f for f in free.flights if f.id != "f0-standby"]
    assert all(f.launch_latest is not None and f.stay_days for f in planned)
    assert all((day_of(f.launch_latest) - f.launch_day).days <= 30 for f in planned)  # type: ignore[arg-type]
    assert any((day_of(f.launch_latest) - f.launch_day).days == 30 for f in planned)  # type: ignore[arg-type]
    assert all(f.launch_latest is None for f in fixed.flights)
    with pytest.raises(UsageError, match="--launch-slack-days 99"):
        generate_scenario(2, 3, 60, 20, 5, launch_slack_days=99)


def test_the_fingerprint_reads_the_problem_not_its_name() -> None:
    a = generate_scenario(2, 2, 40, 12, 1)
    renamed = a.model_copy(update={"id": "other", "name": "Another name", "description": "x"})
    assert fingerprint(renamed) == fingerprint(a)
    moved = a.model_copy(update={"flights": a.flights[1:]})
    assert fingerprint(moved) != fingerprint(a)

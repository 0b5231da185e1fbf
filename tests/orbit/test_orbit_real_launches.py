"""Real crewed launches: the built-in scenario's site, vehicle type and the real element sets before launch
give a usable window on the launch day, on the pass the real vehicle flew, and the other pass is excluded.

Launch days come from tests/data/flights.csv; element sets from tests/data/*-launches.tle (each mission has
sets with epochs within three days before launch). Passes flown: Soyuz and Crew Dragon ascending
(north-east), Shenzhou descending (south-east) (orbit notes §4.4).
"""

from __future__ import annotations

import datetime as dt

import pytest

from crewplan.domain import Scenario
from crewplan.orbit.elements import ElementRecord
from crewplan.orbit.windows import find_windows

MISSIONS = [  # (flights.csv mission, station, site id, vehicle type id, pass flown)
    ("Shenzhou-20", "css", "jiuquan", "shenzhou", "descending"),
    ("Shenzhou-21", "css", "jiuquan", "shenzhou", "descending"),
    ("Shenzhou-22", "css", "jiuquan", "shenzhou", "descending"),
    ("Soyuz MS-27", "iss", "baikonur-31", "soyuz-ms", "ascending"),
    ("Soyuz MS-28", "iss", "baikonur-31", "soyuz-ms", "ascending"),
    ("SpaceX Crew-10", "iss", "ksc-lc39a", "crew-dragon", "ascending"),
    ("SpaceX Crew-11", "iss", "ksc-lc39a", "crew-dragon", "ascending"),
]


@pytest.fixture(scope="module")
def scenario() -> Scenario:
    from crewplan.scenario import load_scenario

    return load_scenario(None)


@pytest.mark.parametrize(("mission", "station", "site", "vehicle", "flown"), MISSIONS, ids=[m[0] for m in MISSIONS])
def test_real_launch_day_has_a_usable_window_on_the_flown_pass(
        mission: str, station: str, site: str, vehicle: str, flown: str, scenario: Scenario,
        flights: dict[str, dict[str, str]], css_records: list[ElementRecord],
        iss_records: list[ElementRecord]) -> None:
    row = flights[mission]
    assert row["station"].lower() == station
    day = dt.datetime.fromisoformat(row["launch_date"]).replace(tzinfo=dt.UTC)
    records = css_records if station == "css" else iss_records
    before = [r for r in records if day - dt.timedelta(days=3) <= r.epoch_utc < day + dt.timedelta(days=1)]
    assert before, f"no element set within three days before {mission}"
    windows = find_windows(records, scenario.launch_site(site), scenario.vehicle_type(vehicle), day,
                           day + dt.timedelta(days=1), station=station)
    usable = [w for w in windows if w.usable]
    assert usable, f"{mission}: no usable window on {day.date()} (passes: {[w.pass_ for w in windows]})"
    assert {w.pass_ for w in usable} == {flown}
    assert any(w.pass_ != flown and not w.usable for w in windows)  # the other pass exists and is excluded
    for window in usable:
        assert window.launch_utc.date() == day.date()
        assert window.open_utc <= window.launch_utc <= window.close_utc
        assert window.rendezvous_profile is not None and window.rendezvous_hours is not None

"""usable_launch_days agrees day for day with the days of find_windows' usable windows."""

import datetime as dt
from pathlib import Path

import pytest

from crewplan.orbit.elements import read_elements
from crewplan.orbit.windows import find_windows, usable_launch_days
from crewplan.scenario import load_scenario

DATA = Path(__file__).resolve().parents[1] / "data"
PAIRS = [
    ("css", "css-48274-launches.tle", "jiuquan", "shenzhou"),
    ("css", "css-48274-launches.tle", "wenchang", "mengzhou"),
    ("iss", "iss-25544-launches.tle", "baikonur-31", "soyuz-ms"),
    ("iss", "iss-25544-launches.tle", "ksc-lc39a", "crew-dragon"),
    ("iss", "iss-25544-launches.tle", "vostochny", "soyuz-ms"),
]


@pytest.fixture(scope="module")
def builtin():
    return load_scenario(None)


@pytest.mark.parametrize(("station", "tle", "site", "vehicle"), PAIRS)
def test_one_day_spans_agree_with_the_exact_search(builtin, station, tle, site, vehicle):
    records = read_elements(DATA / tle)
    the_site, the_vehicle = builtin.launch_site(site), builtin.vehicle_type(vehicle)
    first = dt.datetime(2025, 3, 1, tzinfo=dt.UTC)
    for offset in range(0, 60):
        start = first + dt.timedelta(days=offset)
        end = start + dt.timedelta(days=1)
        exact = {w.launch_utc.date() for w in find_windows(records, the_site, the_vehicle, start, end) if w.usable}
        assert usable_launch_days(records, the_site, the_vehicle, start, end) == exact, start.date()


@pytest.mark.parametrize(("station", "tle", "site", "vehicle"), PAIRS[:3])
def test_a_month_long_span_agrees_with_the_exact_search(builtin, station, tle, site, vehicle):
    records = read_elements(DATA / tle)
    the_site, the_vehicle = builtin.launch_site(site), builtin.vehicle_type(vehicle)
    start = dt.datetime(2025, 6, 1, tzinfo=dt.UTC)
    end = start + dt.timedelta(days=30)
    exact = {w.launch_utc.date() for w in find_windows(records, the_site, the_vehicle, start, end) if w.usable}
    assert exact  # the pair does launch in this month: the comparison is not vacuous
    assert usable_launch_days(records, the_site, the_vehicle, start, end) == exact


def test_most_days_need_no_root_finding(builtin, monkeypatch):
    import crewplan.orbit.windows as windows

    calls = []
    exact_search = windows.find_windows
    monkeypatch.setattr(windows, "find_windows", lambda *a, **k: calls.append(1) or exact_search(*a, **k))
    records = read_elements(DATA / "iss-25544-launches.tle")
    site, vehicle = builtin.launch_site("baikonur-31"), builtin.vehicle_type("soyuz-ms")
    first = dt.datetime(2025, 3, 1, tzinfo=dt.UTC)
    found = [usable_launch_days(records, site, vehicle, first + dt.timedelta(days=i),
                                first + dt.timedelta(days=i + 1)) for i in range(30)]
    assert sum(len(days) for days in found) >= 20  # Baikonur reaches the ISS plane on most days
    assert len(calls) < 10  # ... and most days are settled without locating the crossing

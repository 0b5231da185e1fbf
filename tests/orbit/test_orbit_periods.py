"""Orbital periods and orbit counts: Shenzhou-5, the CSS and ISS from real sets, revolution numbers."""

from __future__ import annotations

import datetime as dt
import itertools
import math

import numpy as np
import pytest
from orbit_helpers import one_second, utc

from crewplan.orbit.elements import ElementRecord
from crewplan.orbit.periods import (
    CircularOrbit,
    circular_elements,
    nodal_period_minutes,
    orbits_between,
    period_minutes,
)
from crewplan.orbit.propagate import propagate
from crewplan.timeutil import to_unix

one_minute = 1.0  # minutes, for periods


def measured_nodal_period_minutes(record: ElementRecord, days: float = 1.0) -> float:
    """Mean time between ascending-node crossings of the propagated orbit, sampled every second."""
    unix = to_unix(record.epoch_utc) + np.arange(0.0, days * 86_400.0, 1.0)
    z = propagate([record], unix).r_km[:, 2]
    k = np.flatnonzero((z[:-1] < 0) & (z[1:] >= 0))
    nodes = unix[k] + z[k] / (z[k] - z[k + 1])
    return float(np.mean(np.diff(nodes)) / 60.0)


def test_shenzhou_5_flew_14_orbits() -> None:
    """Shenzhou-5: 2003-10-15 01:00:03 to 22:22:48 UTC, 332 x 336 km, 42.4° (orbit notes §4.3)."""
    launch, landing = utc(2003, 10, 15, 1, 0, 3), utc(2003, 10, 15, 22, 22, 48)
    orbit = CircularOrbit(altitude_km=(332 + 336) / 2, inclination_deg=42.4)
    assert period_minutes(orbit) == pytest.approx(91.2, abs=0.05)  # the 91.2 min of the orbit notes
    assert math.floor(orbits_between(orbit, launch, landing)) == 14
    # the same count from a synthetic sgp4 element set of that orbit, propagated
    record = circular_elements(334.0, 42.4, launch)
    assert math.floor(orbits_between(record, launch, landing)) == 14
    assert nodal_period_minutes(record) == pytest.approx(measured_nodal_period_minutes(record), abs=one_second / 60)


@pytest.mark.parametrize(("station", "published_minutes"), [("css", 92.2), ("iss", 92.7)])
def test_station_periods_from_real_element_sets(station: str, published_minutes: float,
                                                css_records: list[ElementRecord],
                                                iss_records: list[ElementRecord]) -> None:
    records = css_records if station == "css" else iss_records
    for record in records:
        # altitude changes by a few km over a year (drag, reboosts): within 0.3 min of the published figure
        assert period_minutes(record) == pytest.approx(published_minutes, abs=0.3 * one_minute)
    for record in records[::5]:
        # sgp4's secular rates against node crossings of the propagated orbit: within a second
        assert nodal_period_minutes(record) == pytest.approx(measured_nodal_period_minutes(record),
                                                             abs=one_second / 60)
    # oblateness: the nodal period is ~0.1 % shorter than the mean-motion one in low orbit
    ratio = nodal_period_minutes(records[0]) / period_minutes(records[0])
    assert 0.998 < ratio < 0.9995


def test_orbit_counts_match_the_revolution_numbers_of_consecutive_sets(css_records: list[ElementRecord]) -> None:
    """A set's revolution number steps at each ascending node: the count between two sets a day or two
    apart equals the difference of (revolution number + argument of latitude / 360°)."""
    pairs = [(a, b) for a, b in itertools.pairwise(css_records)
             if dt.timedelta(hours=6) < b.epoch_utc - a.epoch_utc < dt.timedelta(days=2)]
    assert len(pairs) >= 5
    for a, b in pairs:
        turns_a = a.satrec.revnum + (a.satrec.argpo + a.satrec.mo) / (2 * math.pi)
        turns_b = b.satrec.revnum + (b.satrec.argpo + b.satrec.mo) / (2 * math.pi)
        assert orbits_between(css_records, a.epoch_utc, b.epoch_utc) == pytest.approx(turns_b - turns_a, abs=0.02)


def test_orbits_between_refuses_reversed_and_naive_times(css_records: list[ElementRecord]) -> None:
    with pytest.raises(ValueError, match="before start"):
        orbits_between(css_records, utc(2025, 5, 2), utc(2025, 5, 1))
    with pytest.raises(ValueError, match="no time zone"):
        orbits_between(css_records, dt.datetime(2025, 5, 1), utc(2025, 5, 2))
    with pytest.raises(ValueError, match="altitude"):
        CircularOrbit(altitude_km=50.0, inclination_deg=51.6)

"""Site and station geometry cross-checked against skyfield, to an arcsecond (and a metre for positions).

skyfield is independent here: it rotates TEME to GCRS and GCRS to ITRS with its own time scales, IAU 2006
sidereal time and precession-nutation, where crewplan uses the GMST 1982 rotation of Vallado et al. 2006.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import numpy as np
import pytest
from orbit_helpers import arcsecond, meter, utc

from crewplan.orbit.elements import ElementRecord, select_elements
from crewplan.orbit.frames import ecef_to_teme, geodetic_to_ecef_km, gmst82_rad, teme_to_ecef
from crewplan.orbit.propagate import propagate
from crewplan.timeutil import to_unix, unix_to_jd

SITES = [  # (latitude_deg, longitude_deg, altitude_m): Jiuquan, Baikonur, KSC, Wenchang, poles, antimeridian
    (40.9581, 100.2912, 1000.0), (45.996, 63.564, 90.0), (28.608, -80.604, 0.0), (19.6145, 110.9511, 0.0),
    (89.9, 0.0, 0.0), (-89.9, 45.0, 3000.0), (-33.0, 180.0, -100.0), (0.0, -179.99, 0.0),
]


def angle_deg(a: np.ndarray[Any, Any], b: np.ndarray[Any, Any]) -> np.ndarray[Any, Any]:
    """Angle between row vectors, degrees (atan2 form, accurate for tiny angles)."""
    cross = np.linalg.norm(np.cross(a, b), axis=-1)
    return np.asarray(np.degrees(np.arctan2(cross, np.einsum("...i,...i->...", a, b))))


def instants(start: dt.datetime, hours: float, count: int) -> np.ndarray[Any, Any]:
    return np.asarray(to_unix(start) + np.linspace(0.0, hours * 3600.0, count))


@pytest.mark.parametrize(("lat", "lon", "alt"), SITES)
def test_site_earth_fixed_vector_matches_skyfield(lat: float, lon: float, alt: float) -> None:
    from skyfield.api import wgs84

    expected = wgs84.latlon(lat, lon, elevation_m=alt).itrs_xyz.km
    got = geodetic_to_ecef_km(lat, lon, alt)
    assert np.linalg.norm(got - expected) < meter


def test_gmst82_agrees_with_skyfields_iau2006_sidereal_time(timescale: Any) -> None:
    unix = instants(utc(2021, 6, 1), 24 * 365 * 5, 400)
    t = timescale.from_datetimes([dt.datetime.fromtimestamp(u, dt.UTC) for u in unix])
    jd, fr = unix_to_jd(unix)
    ours = np.degrees(np.asarray([gmst82_rad(j, f, float(d)) for j, f, d in zip(jd, fr, t.dut1, strict=True)]))
    theirs = np.asarray(t.gmst) * 15.0
    difference = (ours - theirs + 180.0) % 360.0 - 180.0
    assert np.max(np.abs(difference)) < arcsecond


@pytest.mark.parametrize("station", ["css", "iss"])
def test_station_earth_fixed_position_matches_skyfield(station: str, css_records: list[ElementRecord],
                                                      iss_records: list[ElementRecord], timescale: Any) -> None:
    from skyfield.api import EarthSatellite
    from skyfield.framelib import itrs

    records = css_records if station == "css" else iss_records
    start = records[3].epoch_utc
    record = select_elements(records, start)
    unix = instants(start, 6.0, 97)
    state = propagate([record], unix)
    t = timescale.from_datetimes([dt.datetime.fromtimestamp(u, dt.UTC) for u in unix])
    satellite = EarthSatellite(*record.lines, ts=timescale)
    expected = satellite.at(t).frame_xyz(itrs).km.T
    dut1 = float(np.mean(t.dut1))
    assert np.ptp(t.dut1) < 1e-3  # one value of UT1-UTC serves the six hours
    got = teme_to_ecef(state.r_km, state.jd, state.fr, dut1)
    assert np.max(angle_deg(got, expected)) < arcsecond
    assert np.max(np.abs(np.linalg.norm(got, axis=1) - np.linalg.norm(expected, axis=1))) < meter
    # Without UT1-UTC the error is Earth's rotation during |UT1-UTC|, 15.04 arcsec per second, plus 1".
    plain = teme_to_ecef(state.r_km, state.jd, state.fr)
    assert np.max(angle_deg(plain, expected)) < (abs(dut1) * 15.04 + 1.0) * arcsecond


@pytest.mark.parametrize(("lat", "lon", "alt"), SITES[:4])
def test_site_in_teme_matches_skyfield(lat: float, lon: float, alt: float, timescale: Any) -> None:
    from skyfield.api import wgs84
    from skyfield.sgp4lib import TEME

    unix = instants(utc(2025, 4, 24), 24.0, 49)
    t = timescale.from_datetimes([dt.datetime.fromtimestamp(u, dt.UTC) for u in unix])
    expected = wgs84.latlon(lat, lon, elevation_m=alt).at(t).frame_xyz(TEME).km.T
    jd, fr = unix_to_jd(unix)
    site = np.broadcast_to(geodetic_to_ecef_km(lat, lon, alt), (unix.size, 3)).copy()
    got = ecef_to_teme(site, jd, fr, float(np.mean(t.dut1)))
    assert np.max(angle_deg(got, expected)) < arcsecond
    # and the round trip is exact to floating point
    back = teme_to_ecef(got, jd, fr, float(np.mean(t.dut1)))
    assert np.max(np.linalg.norm(back - site, axis=1)) < 1e-6 * meter

"""Launch windows against independent references.

* A brute-force reference: sgp4 at every second, the site rotated with skyfield's own GMST 1982 function,
  every sign change of the signed distance from the plane linearly interpolated. crewplan's root-finder
  must find the same crossings, each within ``one_second``.
* skyfield end to end (its own frames and time scales) at 1-second steps around each crossing.
* Geometry: two crossings a day where the site's latitude is below the inclination, none above; the
  repeat interval of each kind equals 360° / (ω_E − Ω̇) from sgp4's own nodal regression rate; the inertial
  azimuth equals asin(cos i / cos φ) (Napier's rules; orbit notes §4.1).
"""

from __future__ import annotations

import datetime as dt
import itertools
import math
from collections.abc import Sequence
from typing import Any

import numpy as np
import pytest
from orbit_helpers import arcsecond, make_site, make_vehicle, one_second, utc

from crewplan.errors import OrbitError
from crewplan.orbit.elements import ElementRecord
from crewplan.orbit.frames import geodetic_to_ecef_km
from crewplan.orbit.periods import circular_elements
from crewplan.orbit.propagate import propagate
from crewplan.orbit.rendezvous import select_rendezvous
from crewplan.orbit.windows import LaunchWindow, find_windows
from crewplan.timeutil import to_unix
from crewplan.units import EARTH_ROTATION_RAD_S

SITES = {
    "jiuquan": (40.9581, 100.2912, 1000.0),
    "wenchang": (19.6145, 110.9511, 0.0),
    "baikonur": (45.996, 63.564, 90.0),
    "ksc": (28.608, -80.604, 0.0),
}


def brute_force_crossings(records: Sequence[ElementRecord], site: tuple[float, float, float],
                          start: dt.datetime, seconds: int) -> np.ndarray[Any, Any]:
    """In-plane instants (Unix s) by sampling every second; independent of crewplan's frames and roots."""
    from skyfield.sgp4lib import theta_GMST1982

    unix = to_unix(start) + np.arange(seconds + 1, dtype=np.float64)
    epochs = np.array([(r.satrec.jdsatepoch - 2_440_587.5 + r.satrec.jdsatepochF) * 86_400.0 for r in records])
    choice = np.maximum(np.searchsorted(epochs, unix, side="right") - 1, 0)
    r = np.empty((unix.size, 3))
    v = np.empty((unix.size, 3))
    days = unix / 86_400.0
    jd = 2_440_587.5 + np.floor(days)
    fr = days - np.floor(days)
    for k in np.unique(choice):
        rows = choice == k
        error, r[rows], v[rows] = records[k].satrec.sgp4_array(jd[rows], fr[rows])
        assert not error.any()
    normal = np.cross(r, v)
    normal /= np.linalg.norm(normal, axis=1, keepdims=True)
    theta, _ = theta_GMST1982(jd, fr)
    x, y, z = geodetic_to_ecef_km(*site)
    site_teme = np.stack([np.cos(theta) * x - np.sin(theta) * y, np.sin(theta) * x + np.cos(theta) * y,
                          np.full_like(theta, z)], axis=1)
    f = np.einsum("ij,ij->i", site_teme, normal)
    k = np.flatnonzero(np.sign(f[:-1]) != np.sign(f[1:]))
    return np.asarray(unix[k] + f[k] / (f[k] - f[k + 1]))


def inplane(windows: list[LaunchWindow]) -> np.ndarray[Any, Any]:
    return np.array([to_unix(w.inplane_utc) for w in windows])


def assert_same_crossings(ours: np.ndarray[Any, Any], reference: np.ndarray[Any, Any]) -> None:
    assert ours.size == reference.size, (ours, reference)
    assert np.max(np.abs(ours - reference), initial=0.0) < one_second


@pytest.mark.parametrize(("station", "site", "day"), [
    ("css", "jiuquan", utc(2025, 4, 23)), ("css", "wenchang", utc(2025, 10, 29)),
    ("iss", "baikonur", utc(2025, 4, 6)), ("iss", "ksc", utc(2025, 7, 30)),
    ("iss", "jiuquan", utc(2025, 11, 24)),
])
def test_windows_match_brute_force_sampling_to_one_second(station: str, site: str, day: dt.datetime,
                                                          css_records: list[ElementRecord],
                                                          iss_records: list[ElementRecord]) -> None:
    records = css_records if station == "css" else iss_records
    span_s = 2 * 86_400  # two days, across element-set changes
    windows = find_windows(records, make_site(site, *SITES[site]), make_vehicle(), day,
                           day + dt.timedelta(seconds=span_s))
    reference = brute_force_crossings(records, SITES[site], day, span_s)
    assert reference.size >= 4
    assert_same_crossings(inplane(windows), reference)


@pytest.mark.parametrize("offset_deg", [-0.30, -0.05, -0.02, 0.0, 0.02, 0.1])
def test_grazing_sites_near_the_inclination_match_brute_force(offset_deg: float) -> None:
    """Sites whose latitude is near the inclination: the two daily crossings merge (closer than the grid)."""
    start = utc(2025, 6, 1)
    record = circular_elements(400.0, 51.64, start, raan_deg=30.0)
    # geodetic latitude whose geocentric latitude is the inclination plus the offset
    geocentric = math.radians(51.64 + offset_deg)
    latitude = math.degrees(math.atan(math.tan(geocentric) / (1 - 1 / 298.257223563) ** 2))
    site = (latitude, 20.0, 0.0)
    span_s = 3 * 86_400
    windows = find_windows([record], make_site("graze", *site), make_vehicle(), start,
                           start + dt.timedelta(seconds=span_s))
    assert_same_crossings(inplane(windows), brute_force_crossings([record], site, start, span_s))


def test_crossings_match_skyfield_end_to_end(iss_records: list[ElementRecord], timescale: Any) -> None:
    """skyfield's GCRS satellite and site, sampled every second for ±2 minutes around each crossing."""
    from skyfield.api import EarthSatellite, wgs84

    day = utc(2025, 7, 31)
    record = [r for r in iss_records if r.epoch_utc <= day][-1]
    windows = find_windows([record], make_site("ksc", *SITES["ksc"]), make_vehicle(), day,
                           day + dt.timedelta(days=1))
    satellite = EarthSatellite(*record.lines, ts=timescale)
    place = wgs84.latlon(*SITES["ksc"][:2], elevation_m=SITES["ksc"][2])
    assert len(windows) == 2
    for window in windows:
        unix = to_unix(window.inplane_utc) + np.arange(-120.0, 121.0)
        t = timescale.from_datetimes([dt.datetime.fromtimestamp(u, dt.UTC) for u in unix])
        position = satellite.at(t)
        normal = np.cross(position.position.km.T, position.velocity.km_per_s.T)
        f = np.einsum("ij,ij->i", place.at(t).position.km.T, normal)
        k = np.flatnonzero(np.sign(f[:-1]) != np.sign(f[1:]))
        assert k.size == 1
        crossing = unix[k[0]] + f[k[0]] / (f[k[0]] - f[k[0] + 1])
        # skyfield uses UT1 for Earth's rotation; crewplan takes UT1 = UTC (|UT1-UTC| < 0.1 s in 2025).
        assert abs(crossing - to_unix(window.inplane_utc)) < one_second


@pytest.mark.parametrize(("inclination_deg", "latitude_deg", "per_day"), [
    (51.64, 45.996, 2), (51.64, 28.608, 2), (41.47, 40.9581, 2), (41.47, -19.6, 2), (51.64, 0.0, 2),
    (97.5, 60.0, 2), (41.47, 45.996, 0), (51.64, 51.9, 0), (51.64, -60.0, 0), (97.5, 84.0, 0),
])
def test_two_windows_a_day_below_the_inclination_none_above(inclination_deg: float, latitude_deg: float,
                                                           per_day: int) -> None:
    start = utc(2025, 3, 1)
    days = 10
    record = circular_elements(400.0, inclination_deg, start)
    windows = find_windows([record], make_site("s", latitude_deg, 75.0), make_vehicle(), start,
                           start + dt.timedelta(days=days))
    if per_day == 0:
        assert windows == []
        return
    # Each kind of pass repeats after 360° of Earth rotation relative to the regressing node.
    repeat_s = 2 * math.pi / (EARTH_ROTATION_RAD_S - record.satrec.nodedot / 60.0)
    # The osculating plane wobbles by ~0.02° around the mean one within each orbit. Far from tangency that
    # moves a crossing by seconds; within ~1° of it (Jiuquan vs the CSS) by up to a couple of minutes.
    wobble_s = 60.0 if abs(latitude_deg) < min(inclination_deg, 180 - inclination_deg) - 2.0 else 240.0
    for kind in ("ascending", "descending"):
        times = inplane([w for w in windows if w.pass_ == kind])
        assert abs(times.size - days * 86_400 / repeat_s) <= 1
        assert np.max(np.abs(np.diff(times) - repeat_s)) < wobble_s
    kinds = [w.pass_ for w in windows]
    assert all(a != b for a, b in itertools.pairwise(kinds))  # they alternate


@pytest.mark.parametrize(("inclination_deg", "latitude_deg"), [(51.64, 45.996), (51.64, 28.608), (41.47, 40.9581),
                                                               (41.47, 19.6145)])
def test_azimuths_follow_napiers_rule_and_earth_rotation(inclination_deg: float, latitude_deg: float) -> None:
    start = utc(2025, 3, 1)
    record = circular_elements(400.0, inclination_deg, start)
    windows = find_windows([record], make_site("s", latitude_deg, 10.0), make_vehicle(), start,
                           start + dt.timedelta(days=2))
    geocentric = math.atan((1 - 1 / 298.257223563) ** 2 * math.tan(math.radians(latitude_deg)))
    r_site = float(np.linalg.norm(geodetic_to_ecef_km(latitude_deg, 10.0)))
    ground = EARTH_ROTATION_RAD_S * r_site * math.cos(geocentric)
    assert len(windows) == 4
    for window in windows:
        # the plane's inclination and the speed at that instant (osculating; the mean differ by ~0.02°)
        state = propagate([record], [to_unix(window.inplane_utc)])
        h = np.cross(state.r_km[0], state.v_km_s[0])
        inclination = math.acos(h[2] / np.linalg.norm(h))
        speed = float(np.linalg.norm(state.v_km_s[0]))
        beta = math.degrees(math.asin(math.cos(inclination) / math.cos(geocentric)))
        inertial = beta if window.pass_ == "ascending" else 180.0 - beta
        b = math.radians(inertial)
        rotating = math.degrees(math.atan2(speed * math.sin(b) - ground, speed * math.cos(b))) % 360.0
        # the azimuth is measured in the geodetic horizon, the formula in the geocentric one: < 0.001°
        assert window.inertial_azimuth_deg == pytest.approx(inertial, abs=0.001)
        assert window.azimuth_deg == pytest.approx(rotating, abs=0.001)


def test_window_bounds_follow_the_plane_tolerance_and_lead(iss_records: list[ElementRecord]) -> None:
    day = utc(2025, 3, 13)
    vehicle = make_vehicle(plane_tolerance_deg=0.1, ascent_lead_minutes=4.0)
    windows = find_windows(iss_records, make_site("ksc", *SITES["ksc"]), vehicle, day, day + dt.timedelta(days=1))
    site = geodetic_to_ecef_km(*SITES["ksc"])
    for window in windows:
        assert window.launch_utc == window.inplane_utc - dt.timedelta(minutes=4)
        assert window.open_utc < window.launch_utc < window.close_utc
        half = (window.close_utc - window.launch_utc).total_seconds()
        assert half == pytest.approx((window.launch_utc - window.open_utc).total_seconds(), abs=1e-3)
        # at the edges (shifted back by the lead), the site is 0.1° out of the plane
        for edge in (-half, half):
            unix = to_unix(window.inplane_utc) + edge
            from skyfield.sgp4lib import theta_GMST1982

            state = propagate(iss_records, [unix])
            theta, _ = theta_GMST1982(state.jd[0], state.fr[0])
            s = np.array([math.cos(theta) * site[0] - math.sin(theta) * site[1],
                          math.sin(theta) * site[0] + math.cos(theta) * site[1], site[2]])
            h = np.cross(state.r_km[0], state.v_km_s[0])
            angle = math.degrees(math.asin(abs(s @ h) / np.linalg.norm(s) / np.linalg.norm(h)))
            assert angle == pytest.approx(0.1, rel=0.02)


def test_phase_angle_matches_skyfield(css_records: list[ElementRecord], timescale: Any) -> None:
    """The station's lead over the site's projection in the plane, from skyfield's GCRS vectors."""
    from skyfield.api import EarthSatellite, wgs84

    day = utc(2025, 4, 24)
    vehicle = make_vehicle(ascent_lead_minutes=-6.5)
    windows = find_windows(css_records, make_site("jiuquan", *SITES["jiuquan"]), vehicle, day,
                           day + dt.timedelta(days=1))
    place = wgs84.latlon(*SITES["jiuquan"][:2], elevation_m=SITES["jiuquan"][2])
    for window in windows:
        record = [r for r in css_records if r.epoch_utc <= window.launch_utc][-1]
        t = timescale.from_datetime(window.launch_utc)
        position = EarthSatellite(*record.lines, ts=timescale).at(t)
        r, v = position.position.km, position.velocity.km_per_s
        h = np.cross(r, v) / np.linalg.norm(np.cross(r, v))
        s = place.at(t).position.km
        p = s - (s @ h) * h
        expected = math.degrees(math.atan2(h @ np.cross(p, r), p @ r))
        assert window.phase_deg == pytest.approx(expected, abs=3600 * arcsecond / 60)  # one arcminute


def test_rendezvous_profile_is_the_quickest_that_fits() -> None:
    vehicle = make_vehicle(profiles=(("slow", 48.0, -180.0, 180.0), ("fast", 3.5, -10.0, 5.0),
                                     ("medium", 6.5, -10.0, 30.0)))
    assert select_rendezvous(vehicle.rendezvous_profiles, 0.0, 420.0).profile == "fast"  # type: ignore[union-attr]
    assert select_rendezvous(vehicle.rendezvous_profiles, 20.0, 420.0).profile == "medium"  # type: ignore[union-attr]
    assert select_rendezvous(vehicle.rendezvous_profiles, -90.0, 420.0).profile == "slow"  # type: ignore[union-attr]
    assert select_rendezvous(vehicle.rendezvous_profiles[1:], 90.0, 420.0) is None


def test_only_allowed_azimuths_are_usable(iss_records: list[ElementRecord]) -> None:
    day = utc(2025, 8, 1)
    corridor = make_site("ksc", *SITES["ksc"], azimuths=((35.0, 120.0),))
    windows = find_windows(iss_records, corridor, make_vehicle(), day, day + dt.timedelta(days=1))
    assert {w.pass_ for w in windows} == {"ascending", "descending"}
    for window in windows:
        assert window.usable == (35.0 <= window.azimuth_deg <= 120.0)
    assert [w.pass_ for w in windows if w.usable] == ["ascending"]


def test_sgp4_errors_become_nan_rows_and_a_clear_error() -> None:
    from sgp4.api import WGS72, Satrec
    from sgp4.exporter import export_tle

    from crewplan.orbit.elements import epoch_of

    satrec = Satrec()  # a 200 km orbit with a huge drag term: sgp4 gives up within hours
    satrec.sgp4init(WGS72, "i", 99_999, 25_000.0, 0.01, 0.0, 0.0, 0.001, 0.0, 0.9, 0.0,
                    math.sqrt(398_600.8 / 6578.137**3) * 60.0, 0.0)
    record = ElementRecord(satrec, epoch_of(satrec), "DOOMED", export_tle(satrec), "<test>", 0)
    unix = to_unix(record.epoch_utc) + np.arange(0.0, 3 * 86_400.0, 3_600.0)
    state = propagate([record], unix)  # no exception mid-array
    failed = state.error != 0
    assert failed.any() and not failed.all()
    assert np.isnan(state.r_km[failed]).all() and np.isfinite(state.r_km[~failed]).all()
    with pytest.raises(OrbitError, match=r"sgp4 error \d .* element set of epoch"):
        find_windows([record], make_site("s", 30.0, 0.0), make_vehicle(), record.epoch_utc,
                     record.epoch_utc + dt.timedelta(days=3))

"""Launch windows: the instants a launch site passes through a station's orbital plane.

Algorithm (see ``docs/orbit.md``):

1. Propagate the station with sgp4 on a coarse grid (``GRID_STEP_S``, 15 min) and form the signed distance
   of the site from the orbital plane, ``f(t) = s(t) · ĥ(t)`` (km): ``s`` the site's geocentric vector
   rotated into TEME by GMST82, ``ĥ`` the unit orbit normal ``r × v / |r × v|`` in TEME.
2. Every sign change of ``f`` on the grid brackets a crossing. A local extremum of ``f`` that comes close
   to zero without a sign change on the grid (a site near the latitude of the inclination, where the two
   daily crossings merge) is refined with a bracketed minimum search and split into two brackets if it
   crosses.
3. Each bracket is solved with Chandrupatla's method (``scipy.optimize.elementwise.find_root``, a
   Brent-class bracketing solver, vectorised over all brackets) to ``ROOT_TOL_S`` seconds.

The in-plane instant is then described: pass (ascending/descending), inertial azimuth of the plane at the
site, azimuth corrected for Earth's rotation, liftoff (the vehicle type's ascent lead before the in-plane
instant), the window half-width from the vehicle's plane tolerance, the station's phase angle at liftoff and
the rendezvous profile it selects with its duration (``orbit/rendezvous.py``). Only passes within the
site's allowed azimuths are ``usable``.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
from scipy.optimize import elementwise

from crewplan.domain.places import LaunchSite
from crewplan.domain.vehicles import VehicleType
from crewplan.errors import OrbitError, UsageError
from crewplan.orbit.elements import ElementRecord
from crewplan.orbit.frames import FloatArray, ecef_to_teme, enu_basis, geodetic_to_ecef_km, teme_to_ecef
from crewplan.orbit.propagate import IntArray, describe_errors, epochs_unix_s, propagate, raise_for_errors
from crewplan.orbit.rendezvous import select_rendezvous, station_altitude_km
from crewplan.timeutil import from_unix, iso_z, to_unix
from crewplan.units import EARTH_ROTATION_RAD_S

GRID_STEP_S = 900.0
"""Coarse sampling step for bracketing. Crossings closer together than this are still found by the
extremum check; 15 min keeps a year of grid to ~35 000 sgp4 calls per station."""
ROOT_TOL_S = 1e-3
"""Absolute tolerance on each in-plane instant, seconds."""
RATE_STEP_S = 2.0
"""Half-step of the central difference that gives the out-of-plane rate at a crossing, seconds."""
TANGENT_MARGIN_KM = 25.0
"""An extremum of f whose parabolic estimate is within this distance of zero is searched exactly."""

PassKind = Literal["ascending", "descending"]


@dataclass(frozen=True)
class LaunchWindow:
    """One passage of a launch site through a station's orbital plane.

    Attributes:
        station, site, vehicle_type: ids.
        pass_: ``'ascending'`` (the plane crosses the site heading north) or ``'descending'``.
        inplane_utc: the site is in the orbital plane.
        launch_utc: recommended liftoff, ``inplane_utc`` minus the vehicle type's ascent lead.
        open_utc, close_utc: liftoff times whose plane error stays within the vehicle type's tolerance.
        azimuth_deg: launch azimuth relative to the rotating Earth, degrees clockwise from north.
        inertial_azimuth_deg: azimuth of the orbital plane at the site in the inertial frame, degrees.
        phase_deg: the station's lead over the site's projection in the plane at liftoff, -180..180.
        rendezvous_profile, rendezvous_hours: the profile the phase selects, ``None`` if none matches.
        usable: the azimuth lies within the site's allowed azimuths.
        elements_epoch_utc: epoch of the element set that gave the plane at ``inplane_utc``.
    """

    station: str
    site: str
    vehicle_type: str
    pass_: PassKind
    inplane_utc: dt.datetime
    launch_utc: dt.datetime
    open_utc: dt.datetime
    close_utc: dt.datetime
    azimuth_deg: float
    inertial_azimuth_deg: float
    phase_deg: float
    rendezvous_profile: str | None
    rendezvous_hours: float | None
    usable: bool
    elements_epoch_utc: dt.datetime

    def to_json(self) -> dict[str, Any]:
        """The DESIGN §6 JSON object (``pass`` spelled without the underscore)."""
        return {
            "station": self.station,
            "site": self.site,
            "vehicle_type": self.vehicle_type,
            "pass": self.pass_,
            "inplane_utc": iso_z_ms(self.inplane_utc),
            "launch_utc": iso_z_ms(self.launch_utc),
            "open_utc": iso_z_ms(self.open_utc),
            "close_utc": iso_z_ms(self.close_utc),
            "azimuth_deg": round(self.azimuth_deg, 3),
            "inertial_azimuth_deg": round(self.inertial_azimuth_deg, 3),
            "phase_deg": round(self.phase_deg, 2),
            "rendezvous_profile": self.rendezvous_profile,
            "rendezvous_hours": self.rendezvous_hours,
            "usable": self.usable,
            "elements_epoch_utc": iso_z(self.elements_epoch_utc),
        }


def iso_z_ms(value: dt.datetime) -> str:
    """``2025-04-24T09:17:03.123Z``: ISO 8601 UTC with milliseconds."""
    text = value.astimezone(dt.UTC).isoformat(timespec="milliseconds")
    return text.replace("+00:00", "Z")


@dataclass(frozen=True)
class SiteVectors:
    """A launch site's fixed vectors, Earth-fixed (km and unit vectors)."""

    r_ecef_km: FloatArray
    east: FloatArray
    north: FloatArray

    @classmethod
    def of(cls, site: LaunchSite) -> SiteVectors:
        east, north, _ = enu_basis(site.latitude_deg, site.longitude_deg)
        r = geodetic_to_ecef_km(site.latitude_deg, site.longitude_deg, site.altitude_m)
        return cls(r, east, north)


def _unit(vectors: FloatArray) -> FloatArray:
    return np.asarray(vectors / np.linalg.norm(vectors, axis=-1, keepdims=True), dtype=np.float64)


class PlaneTrack:
    """A station's orbital plane sampled over a span, shared by every site searched against it.

    Args:
        records: the station's element sets, sorted by epoch; each instant uses the latest not after it.
        start_s, end_s: the span, Unix seconds.
        step_s: coarse grid step, seconds.
    """

    def __init__(self, records: Sequence[ElementRecord], start_s: float, end_s: float,
                 step_s: float = GRID_STEP_S) -> None:
        if not end_s > start_s:
            raise UsageError(f"the search span must end after it starts (start {iso_z(from_unix(start_s))}, "
                             f"end {iso_z(from_unix(end_s))})")
        self.records = list(records)
        self.epochs_s = epochs_unix_s(self.records)
        self.t0 = start_s
        count = max(math.ceil((end_s - start_s) / step_s), 1)
        self.grid_x = np.linspace(0.0, end_s - start_s, count + 1)
        state = propagate(self.records, self.t0 + self.grid_x, self.epochs_s)
        raise_for_errors(self.records, state)
        self.grid = state
        self.grid_h = _unit(_cross(state.r_km, state.v_km_s))
        # Every site is tested against the same grid: rotate ĥ into Earth-fixed axes once, so that a site's
        # distance is one dot product (ŝ_TEME · ĥ_TEME = ŝ_ECEF · ĥ_ECEF).
        self.grid_h_ecef = teme_to_ecef(self.grid_h, state.jd, state.fr)

    # --- the signed distance -------------------------------------------------------------------------
    def distance_km(self, x: FloatArray, site_r_ecef_km: FloatArray) -> FloatArray:
        """Signed distance (km) of sites from the plane at ``t0 + x``; positive on the ĥ side.

        ``site_r_ecef_km`` is one Earth-fixed vector ``(3,)`` or one per instant ``(n, 3)``.
        """
        state = propagate(self.records, self.t0 + np.asarray(x, dtype=np.float64), self.epochs_s)
        h = _unit(_cross(state.r_km, state.v_km_s))
        s = ecef_to_teme(np.broadcast_to(site_r_ecef_km, h.shape).copy(), state.jd, state.fr)
        return np.asarray(np.einsum("ij,ij->i", s, h), dtype=np.float64)

    def _grid_distance(self, site_r_ecef_km: FloatArray) -> FloatArray:
        return np.asarray(self.grid_h_ecef @ site_r_ecef_km, dtype=np.float64)

    # --- brackets and roots --------------------------------------------------------------------------
    def brackets(self, sites_r_ecef_km: FloatArray) -> tuple[FloatArray, FloatArray, IntArray]:
        """Brackets ``(lo, hi)`` (seconds after ``t0``) around every crossing, and the site index of each.

        Args:
            sites_r_ecef_km: Earth-fixed site vectors, shape ``(m, 3)``.
        """
        lo: list[FloatArray] = []
        hi: list[FloatArray] = []
        which: list[IntArray] = []
        grazing: list[tuple[int, IntArray, FloatArray]] = []
        x = self.grid_x
        for index, site in enumerate(np.atleast_2d(sites_r_ecef_km)):
            f = self._grid_distance(site)
            positive = f > 0
            change = np.flatnonzero(positive[:-1] != positive[1:])
            lo.append(x[change])
            hi.append(x[change + 1])
            which.append(np.full(change.size, index, dtype=np.intp))
            mid, sign = self._grazing_candidates(f, change)
            if mid.size:
                grazing.append((index, mid, sign))
        if grazing:
            extra_lo, extra_hi, extra_which = self._grazing_brackets(np.atleast_2d(sites_r_ecef_km), grazing)
            lo.append(extra_lo)
            hi.append(extra_hi)
            which.append(extra_which)
        return np.concatenate(lo), np.concatenate(hi), np.concatenate(which)

    def _grazing_candidates(self, f: FloatArray, change: IntArray) -> tuple[IntArray, FloatArray]:
        """Grid points where f turns back towards zero close to it without a sign change nearby."""
        if f.size < 3:
            return np.empty(0, dtype=np.intp), np.empty(0)
        d1 = f[1:-1] - f[:-2]
        d2 = f[2:] - f[1:-1]
        sign = np.sign(f[1:-1])
        turning = (sign * d1 < 0) & (sign * d2 > 0)  # |f| has a local minimum at the middle point
        h = self.grid_x[1] - self.grid_x[0]
        a = (d2 - d1) / (2.0 * h * h)
        b = (d1 + d2) / (2.0 * h)
        with np.errstate(divide="ignore", invalid="ignore"):
            vertex = f[1:-1] - b * b / (4.0 * a)  # the parabola's extreme value
        near = turning & (sign * vertex < TANGENT_MARGIN_KM)
        touched = np.zeros(f.size, dtype=bool)
        touched[change] = True
        touched[change + 1] = True
        mid = np.flatnonzero(near) + 1
        mid = mid[~(touched[mid - 1] | touched[mid] | touched[mid + 1])]
        return np.asarray(mid, dtype=np.intp), np.asarray(sign[mid - 1], dtype=np.float64)

    def _grazing_brackets(self, sites: FloatArray, grazing: list[tuple[int, IntArray, FloatArray]]
                          ) -> tuple[FloatArray, FloatArray, IntArray]:
        """Search each grazing candidate's extremum; one that crosses zero gives two brackets."""
        index = np.concatenate([np.full(mid.size, k, dtype=np.intp) for k, mid, _ in grazing])
        mid = np.concatenate([m for _, m, _ in grazing])
        sign = np.concatenate([s for _, _, s in grazing])
        x = self.grid_x

        def g(xx: FloatArray, ss: FloatArray, kk: FloatArray) -> FloatArray:
            return ss * self.distance_km(xx, sites[kk.astype(np.intp)])

        res = elementwise.find_minimum(g, (x[mid - 1], x[mid], x[mid + 1]),
                                       args=(sign, index.astype(np.float64)), tolerances={"xatol": 0.01})
        crosses = res.success & (res.f_x < 0)
        m, xm, k = mid[crosses], res.x[crosses], index[crosses]
        return np.concatenate([x[m - 1], xm]), np.concatenate([xm, x[m + 1]]), np.concatenate([k, k])

    def crossings(self, sites_r_ecef_km: FloatArray) -> tuple[FloatArray, IntArray]:
        """In-plane instants (seconds after ``t0``) of every site, with the site index of each."""
        sites = np.atleast_2d(sites_r_ecef_km)
        lo, hi, which = self.brackets(sites)
        if lo.size == 0:
            return lo, which
        order = np.argsort(lo, kind="stable")  # time order keeps propagate's record chunks contiguous
        lo, hi, which = lo[order], hi[order], which[order]
        res = elementwise.find_root(lambda xx, kk: self.distance_km(xx, sites[kk.astype(np.intp)]), (lo, hi),
                                    args=(which.astype(np.float64),),
                                    tolerances={"xatol": ROOT_TOL_S, "xrtol": 0.0, "fatol": 0.0, "frtol": 0.0})
        if not np.all(res.success):
            state = propagate(self.records, self.t0 + res.x, self.epochs_s)
            detail = describe_errors(self.records, state) or "the root finder did not converge"
            raise OrbitError(f"cannot locate {int((~res.success).sum())} in-plane crossing(s): {detail}")
        return np.asarray(res.x, dtype=np.float64), which


def _cross(a: FloatArray, b: FloatArray) -> FloatArray:
    """Row-wise cross product of ``(n, 3)`` arrays (``np.cross`` costs more in overhead than in arithmetic
    for the small arrays of a root-finding step, and the window search calls it thousands of times)."""
    return np.stack((a[..., 1] * b[..., 2] - a[..., 2] * b[..., 1],
                     a[..., 2] * b[..., 0] - a[..., 0] * b[..., 2],
                     a[..., 0] * b[..., 1] - a[..., 1] * b[..., 0]), axis=-1)


def _rows(a: FloatArray, b: FloatArray) -> FloatArray:
    return np.asarray(np.einsum("ij,ij->i", a, b), dtype=np.float64)


def _describe(track: PlaneTrack, x: FloatArray, which: IntArray, pairs: Sequence[tuple[LaunchSite, VehicleType]],
              vectors: Sequence[SiteVectors], station: str) -> list[LaunchWindow]:
    """Turn in-plane instants (seconds after ``track.t0``) of the sites ``which`` into windows."""
    n = x.size
    if n == 0:
        return []
    records, epochs = track.records, track.epochs_s
    lead_s = np.array([vt.ascent_lead_minutes * 60.0 for _, vt in pairs])[which]
    tolerance_rad = np.radians([vt.plane_tolerance_deg for _, vt in pairs])[which]
    site_r = np.stack([v.r_ecef_km for v in vectors])[which]
    t_in = track.t0 + x
    t_launch = t_in - lead_s
    times = np.concatenate([t_in, t_in - RATE_STEP_S, t_in + RATE_STEP_S, t_launch])
    state = propagate(records, times, epochs)
    raise_for_errors(records, state)
    h = _unit(_cross(state.r_km, state.v_km_s)).reshape(4, n, 3)
    r = state.r_km.reshape(4, n, 3)
    v = state.v_km_s.reshape(4, n, 3)
    s = ecef_to_teme(np.tile(site_r, (4, 1)), state.jd, state.fr).reshape(4, n, 3)
    jd, fr = state.jd[:n], state.fr[:n]
    east = ecef_to_teme(np.stack([vec.east for vec in vectors])[which], jd, fr)
    north = ecef_to_teme(np.stack([vec.north for vec in vectors])[which], jd, fr)

    # Direction of motion along the plane at the site, and the two azimuths.
    along = _unit(_cross(h[0], _unit(s[0])))
    inertial_az = np.degrees(np.arctan2(_rows(along, east), _rows(along, north))) % 360.0
    speed = np.linalg.norm(v[0], axis=1)
    ground = _cross(np.broadcast_to(np.array([0.0, 0.0, EARTH_ROTATION_RAD_S]), s[0].shape), s[0])
    relative = along * speed[:, None] - ground
    azimuth = np.degrees(np.arctan2(_rows(relative, east), _rows(relative, north))) % 360.0
    ascending = _rows(along, north) > 0

    # Window half-width: the plane tolerance divided by the out-of-plane angular rate at the crossing.
    rate_rad_s = (np.abs(_rows(s[2], h[2]) - _rows(s[1], h[1])) / (2.0 * RATE_STEP_S)
                  / np.linalg.norm(s[0], axis=1))
    half_s = tolerance_rad / rate_rad_s

    # Phase at liftoff: station's lead over the site's projection into the plane, about ĥ.
    hl, rl, sl = h[3], r[3], s[3]
    proj = sl - _rows(sl, hl)[:, None] * hl
    phase = np.degrees(np.arctan2(_rows(hl, _cross(proj, rl)), _rows(proj, rl)))
    epochs_utc = [rec.epoch_utc for rec in records]
    altitudes = {int(i): station_altitude_km(records[int(i)]) for i in set(state.record_index[3 * n:].tolist())}

    windows = []
    for k in range(n):
        site, vehicle_type = pairs[int(which[k])]
        profile = select_rendezvous(vehicle_type.rendezvous_profiles, float(phase[k]),
                                    altitudes[int(state.record_index[3 * n + k])])
        launch = from_unix(t_launch[k])
        half = dt.timedelta(seconds=float(half_s[k]))
        windows.append(LaunchWindow(
            station=station,
            site=site.id,
            vehicle_type=vehicle_type.id,
            pass_="ascending" if ascending[k] else "descending",
            inplane_utc=from_unix(t_in[k]),
            launch_utc=launch,
            open_utc=launch - half,
            close_utc=launch + half,
            azimuth_deg=float(azimuth[k]),
            inertial_azimuth_deg=float(inertial_az[k]),
            phase_deg=float(phase[k]),
            rendezvous_profile=profile.profile if profile else None,
            rendezvous_hours=profile.hours if profile else None,
            usable=site.azimuth_allowed(float(azimuth[k])),
            elements_epoch_utc=epochs_utc[int(state.record_index[k])],
        ))
    return windows


def _station_label(records: Sequence[ElementRecord]) -> str:
    first = records[0]
    return first.name or f"NORAD {first.satrec.satnum}"


def find_windows_many(records: Sequence[ElementRecord], pairs: Sequence[tuple[LaunchSite, VehicleType]],
                      start_utc: dt.datetime, end_utc: dt.datetime, *, station: str | None = None,
                      step_s: float = GRID_STEP_S) -> list[list[LaunchWindow]]:
    """:func:`find_windows` for several (site, vehicle type) pairs, sampling the station's plane once.

    Returns one list of windows per pair, in the order given.
    """
    records, start_s, end_s = _span(records, start_utc, end_utc)
    label = station or _station_label(records)
    # Liftoff precedes the in-plane instant by the ascent lead, so search a little beyond the span.
    pad_s = max((abs(vt.ascent_lead_minutes) for _, vt in pairs), default=0.0) * 60.0 + 3_600.0
    track = PlaneTrack(records, start_s - pad_s, end_s + pad_s, step_s)
    vectors = [SiteVectors.of(site) for site, _ in pairs]
    x, which = track.crossings(np.stack([v.r_ecef_km for v in vectors]))
    order = np.lexsort((x, which))
    results: list[list[LaunchWindow]] = [[] for _ in pairs]
    for window, k in zip(_describe(track, x[order], which[order], pairs, vectors, label), which[order],
                         strict=True):
        if start_utc <= window.launch_utc < end_utc:
            results[int(k)].append(window)
    return results


def _span(records: Sequence[ElementRecord], start_utc: dt.datetime, end_utc: dt.datetime
          ) -> tuple[list[ElementRecord], float, float]:
    """The element sets sorted by epoch and the span in Unix seconds; refuses no sets or a reversed span."""
    if not records:
        raise UsageError("no element sets given for the station")
    start_s, end_s = to_unix(start_utc), to_unix(end_utc)
    if not end_s > start_s:
        raise UsageError(f"end {iso_z(end_utc)} is not after start {iso_z(start_utc)}")
    return sorted(records, key=lambda r: r.epoch_utc), start_s, end_s


AZIMUTH_MARGIN_DEG = 2.0
"""A crossing whose approximate azimuth is this close to a corridor edge is located exactly."""


def usable_launch_days(records: Sequence[ElementRecord], site: LaunchSite, vehicle_type: VehicleType,
                       start_utc: dt.datetime, end_utc: dt.datetime, *, step_s: float = GRID_STEP_S
                       ) -> set[dt.date]:
    """The UTC days whose liftoff in [start, end) has a usable window: the days of the usable windows of
    :func:`find_windows`, found without locating each crossing where the answer cannot depend on it.

    Each crossing is first described at the middle of its grid bracket. Where the liftoff could fall on
    either side of midnight or of the span's ends, or the azimuth lies within ``AZIMUTH_MARGIN_DEG`` of a
    corridor edge, the span is searched exactly with :func:`find_windows` instead. The two agree day for day
    (``tests/orbit/test_orbit_days.py``); this one skips the root finding, which is most of the cost of a
    one-day search.
    """
    records, start_s, end_s = _span(records, start_utc, end_utc)
    pad_s = abs(vehicle_type.ascent_lead_minutes) * 60.0 + 3_600.0
    track = PlaneTrack(records, start_s - pad_s, end_s + pad_s, step_s)
    vectors = [SiteVectors.of(site)]
    lo, hi, which = track.brackets(vectors[0].r_ecef_km[None, :])
    if lo.size == 0:
        return set()
    approx = _describe(track, (lo + hi) / 2.0, which, [(site, vehicle_type)], vectors, _station_label(records))
    # The true crossing lies in its bracket; the window's liftoff moves with it.
    slack = [dt.timedelta(seconds=float(h - x) / 2.0 + 60.0) for x, h in zip(lo, hi, strict=True)]
    days: set[dt.date] = set()
    for window, margin in zip(approx, slack, strict=True):
        launch = window.launch_utc
        if launch + margin < start_utc or launch - margin >= end_utc:
            continue
        edge = min(min(abs(window.azimuth_deg - r.min_deg), abs(window.azimuth_deg - r.max_deg))
                   for r in site.azimuths)
        midnight = dt.datetime(launch.year, launch.month, launch.day, tzinfo=dt.UTC)
        near_midnight = launch - margin < midnight or launch + margin >= midnight + dt.timedelta(days=1)
        near_span_end = launch - margin < start_utc or launch + margin >= end_utc
        if edge < AZIMUTH_MARGIN_DEG or near_midnight or near_span_end:
            return {w.launch_utc.date() for w in find_windows(records, site, vehicle_type, start_utc, end_utc,
                                                              step_s=step_s) if w.usable}
        if window.usable:
            days.add(launch.date())
    return days


def find_windows(records: Sequence[ElementRecord], site: LaunchSite, vehicle_type: VehicleType,
                 start_utc: dt.datetime, end_utc: dt.datetime, *, station: str | None = None,
                 step_s: float = GRID_STEP_S) -> list[LaunchWindow]:
    """Every passage of ``site`` through the station's orbital plane with liftoff in [start, end).

    Args:
        records: the station's element sets (any order); each instant uses the latest set not after it.
        site: the launch site (WGS84 geodetic coordinates, allowed azimuths).
        vehicle_type: gives the plane tolerance, ascent lead and rendezvous profiles.
        start_utc, end_utc: aware UTC datetimes bounding the recommended liftoff.
        station: the station id to report (default: the element sets' name or catalogue number).
        step_s: coarse grid step for bracketing, seconds.

    Returns:
        Windows sorted by time, usable or not (see ``LaunchWindow.usable``).

    Raises:
        OrbitError: sgp4 failed for an instant of the span (decayed or bad elements).
        UsageError: an empty or reversed span.
    """
    return find_windows_many(records, [(site, vehicle_type)], start_utc, end_utc, station=station,
                             step_s=step_s)[0]

"""Rendezvous duration from the phase angle at liftoff and the vehicle's phasing strategy (issue 14).

A vehicle type's ``rendezvous_profiles`` are its phasing strategy, as data. Each profile is one of two kinds
(``docs/orbit.md``, "Rendezvous"):

- **fixed revolutions** (Soyuz 2-orbit, 4-orbit and 34-orbit; Shenzhou 3.5 h, 6.5 h and 2-day): the
  burns of a set number of revolutions absorb the phase angle, so the duration is the profile's ``hours``
  whatever the phase inside its range. The range is what those revolutions can close
  (:func:`crewplan.orbit.phasing.catch_up_deg_per_orbit` per revolution at the phasing altitudes).
- **catch-up** (Crew Dragon, Starliner: coelliptic phasing below the station): the vehicle drifts at
  ``phasing_altitude_km`` and closes the station's lead at liftoff (0..360°) at the catch-up rate of that
  altitude against the station's altitude, so the duration is ``approach_hours`` plus the lead over that
  rate, never less than ``hours`` (the quickest timeline flown) and at most ``hours_max``. This is the
  earliest docking the strategy allows; an operator may stretch it (Crew Dragon usually docks next day).

The phase angle at liftoff is the station's lead over the launch site's projection into the orbital plane,
degrees in -180..180 (the same angle the window search reports).
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from crewplan.domain.places import LaunchSite
from crewplan.domain.vehicles import RendezvousProfile
from crewplan.orbit.elements import ElementRecord
from crewplan.orbit.frames import ecef_to_teme, geodetic_to_ecef_km
from crewplan.orbit.periods import WGS84_MU_KM3_S2
from crewplan.orbit.phasing import catch_up_deg_per_orbit, mean_motion_rad_s
from crewplan.orbit.propagate import propagate, raise_for_errors
from crewplan.timeutil import to_unix
from crewplan.units import WGS84_A_KM


@dataclass(frozen=True)
class Rendezvous:
    """The profile a phase angle selects and how long it takes."""

    profile: str
    hours: float
    kind: str
    """``fixed`` or ``catch_up``."""


def station_altitude_km(record: ElementRecord) -> float:
    """Mean altitude of an element set: its semi-major axis (from the Kozai mean motion) above the
    equatorial radius, km."""
    n_rad_s = record.satrec.no_kozai / 60.0
    return float((WGS84_MU_KM3_S2 / n_rad_s**2) ** (1.0 / 3.0) - WGS84_A_KM)


def catch_up_deg_per_hour(chaser_altitude_km: float, target_altitude_km: float) -> float:
    """Phase gained per hour by a chaser in a circular orbit below the target, degrees."""
    per_orbit = catch_up_deg_per_orbit(chaser_altitude_km, target_altitude_km)
    period_h = 2 * math.pi / mean_motion_rad_s(WGS84_A_KM + chaser_altitude_km) / 3600.0
    return per_orbit / period_h


def phase_at_deg(records: Sequence[ElementRecord], site: LaunchSite, liftoff_utc: dt.datetime) -> float:
    """The station's lead over the site's projection into its orbital plane at ``liftoff_utc``, degrees."""
    state = propagate(records, np.array([to_unix(liftoff_utc)]))
    raise_for_errors(records, state)
    r, v = state.r_km[0], state.v_km_s[0]
    h = np.cross(r, v)
    h /= np.linalg.norm(h)
    s = ecef_to_teme(geodetic_to_ecef_km(site.latitude_deg, site.longitude_deg, site.altitude_m)[None, :],
                     state.jd, state.fr)[0]
    proj = s - np.dot(s, h) * h
    return float(np.degrees(np.arctan2(np.dot(h, np.cross(proj, r)), np.dot(proj, r))))


def profile_hours(profile: RendezvousProfile, phase_deg: float, station_altitude: float) -> float | None:
    """Hours from liftoff to docking under ``profile`` at this phase, or ``None`` outside its range or
    beyond its ``hours_max``."""
    if not profile.phase_deg_min <= phase_deg <= profile.phase_deg_max:
        return None
    if profile.phasing_altitude_km is None or profile.approach_hours is None:
        return profile.hours
    if profile.phasing_altitude_km >= station_altitude:
        return None
    lead = phase_deg % 360.0
    rate = catch_up_deg_per_hour(profile.phasing_altitude_km, station_altitude)
    hours = max(profile.hours, profile.approach_hours + lead / rate)
    if profile.hours_max is not None and hours > profile.hours_max:
        return None
    return hours


def select_rendezvous(profiles: Sequence[RendezvousProfile], phase_deg: float,
                      station_altitude: float) -> Rendezvous | None:
    """The quickest profile that can fly at this phase, with its duration; ``None`` if none can."""
    best: Rendezvous | None = None
    for profile in profiles:
        hours = profile_hours(profile, phase_deg, station_altitude)
        if hours is not None and (best is None or hours < best.hours):
            kind = "fixed" if profile.phasing_altitude_km is None else "catch_up"
            best = Rendezvous(profile.id, round(hours, 2), kind)
    return best

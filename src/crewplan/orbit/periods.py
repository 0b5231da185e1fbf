"""Orbital periods and the number of orbits flown between two instants.

Two periods:

* ``period_minutes``: the period of the mean motion, ``1440 / n`` minutes for ``n`` revolutions per day (sgp4's
  Kozai mean motion ``no_kozai``), the figure element catalogues print. A circular orbit given by altitude
  uses Kepler's third law with the WGS84 equatorial radius and gravitational parameter.
* ``nodal_period_minutes``: ascending node to ascending node, the period by which orbits are *counted*
  (a TLE's revolution number steps at the ascending node). For an element set it is ``2π / (Ṁ + ω̇)``
  with sgp4's own secular rates (``mdot``, ``argpdot``); for a circular orbit the same rates from the J2
  secular theory, ``u̇ = n (1 + ¾ J2 (R/a)² (8 cos² i − 2))``. Earth's oblateness makes it about 0.1 %
  shorter than the mean-motion period in low orbit.

Orbits flown (:func:`orbits_between`) are elapsed time over the nodal period; over a list of element sets
each stretch uses the set in force (the latest epoch not after it), so a multi-year count follows the
station's changing altitude.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from dataclasses import dataclass

from sgp4.api import WGS72, Satrec
from sgp4.exporter import export_tle

from crewplan.errors import UsageError
from crewplan.orbit.elements import ElementRecord, epoch_of
from crewplan.timeutil import iso_z, require_utc, to_jd
from crewplan.units import WGS84_A_KM

# WGS84 Earth gravitational parameter GM, km^3/s^2 (NIMA TR8350.2, 3rd ed., table 3.1).
WGS84_MU_KM3_S2 = 398_600.4418
# WGS72 GM, km^3/s^2, the constant TLEs are fitted with (Vallado et al. 2006, AIAA 2006-6753).
WGS72_MU_KM3_S2 = 398_600.8
WGS72_RADIUS_KM = 6378.135
# Earth's second zonal harmonic, unnormalised (WGS84/EGM96, NIMA TR8350.2 table 3.1: C20 = -484.16685e-6
# normalised, J2 = -sqrt(5) C20).
J2 = 1.082_629_89e-3


@dataclass(frozen=True)
class CircularOrbit:
    """A circular orbit: altitude above the equatorial radius (km) and inclination (degrees)."""

    altitude_km: float
    inclination_deg: float

    def __post_init__(self) -> None:
        if not 100.0 <= self.altitude_km <= 100_000.0:
            raise UsageError(f"altitude {self.altitude_km} km is outside 100..100000 km")
        if not 0.0 <= self.inclination_deg <= 180.0:
            raise UsageError(f"inclination {self.inclination_deg} deg is outside 0..180 deg")

    @property
    def semi_major_axis_km(self) -> float:
        return WGS84_A_KM + self.altitude_km


Orbit = ElementRecord | Sequence[ElementRecord] | CircularOrbit


def circular_period_minutes(altitude_km: float) -> float:
    """Kepler period of a circular orbit ``altitude_km`` above the WGS84 equatorial radius, minutes."""
    a = WGS84_A_KM + altitude_km
    return 2.0 * math.pi * math.sqrt(a**3 / WGS84_MU_KM3_S2) / 60.0


def _record_period_minutes(record: ElementRecord) -> float:
    # no_kozai is radians per minute.
    return float(2.0 * math.pi / record.satrec.no_kozai)


def _nodal_rate_rad_min(orbit: ElementRecord | CircularOrbit) -> float:
    """Secular rate of the argument of latitude, radians per minute."""
    if isinstance(orbit, ElementRecord):
        return float(orbit.satrec.mdot + orbit.satrec.argpdot)
    a = orbit.semi_major_axis_km
    n = math.sqrt(WGS84_MU_KM3_S2 / a**3) * 60.0
    cos_i = math.cos(math.radians(orbit.inclination_deg))
    return n * (1.0 + 0.75 * J2 * (WGS84_A_KM / a) ** 2 * (8.0 * cos_i**2 - 2.0))


def nodal_period_minutes(orbit: ElementRecord | CircularOrbit) -> float:
    """Ascending node to ascending node, minutes (see the module docstring)."""
    return 2.0 * math.pi / _nodal_rate_rad_min(orbit)


def period_minutes(orbit: Orbit, at_utc: dt.datetime | None = None) -> float:
    """Orbital period, minutes.

    Args:
        orbit: one element set, a list of element sets sorted by epoch (the one in force at ``at_utc``,
            default the latest), or a :class:`CircularOrbit`.
        at_utc: the instant whose element set is meant, for a list.
    """
    if isinstance(orbit, CircularOrbit):
        return circular_period_minutes(orbit.altitude_km)
    if isinstance(orbit, ElementRecord):
        return _record_period_minutes(orbit)
    records = list(orbit)
    if not records:
        raise UsageError("no element sets to take a period from")
    if at_utc is None:
        return _record_period_minutes(records[-1])
    instant = require_utc(at_utc, "at_utc")
    chosen = records[0]
    for record in records:
        if record.epoch_utc <= instant:
            chosen = record
    return _record_period_minutes(chosen)


def orbits_between(orbit: Orbit, start_utc: dt.datetime, end_utc: dt.datetime) -> float:
    """Revolutions flown between two instants, node to node (fractional; ``math.floor`` gives completed ones).

    With a list of element sets, each stretch of time counts at the nodal rate of the set in force.
    """
    start = require_utc(start_utc, "start")
    end = require_utc(end_utc, "end")
    if end < start:
        raise UsageError(f"end {iso_z(end)} is before start {iso_z(start)}")
    if isinstance(orbit, CircularOrbit | ElementRecord):
        return (end - start).total_seconds() / 60.0 / nodal_period_minutes(orbit)
    records = sorted(orbit, key=lambda r: r.epoch_utc)
    if not records:
        raise UsageError("no element sets to count orbits with")
    total = 0.0
    for index, record in enumerate(records):
        lo = start if index == 0 else max(start, record.epoch_utc)
        hi = end if index == len(records) - 1 else min(end, records[index + 1].epoch_utc)
        if hi > lo:
            total += (hi - lo).total_seconds() / 60.0 / nodal_period_minutes(record)
    return total


def circular_elements(altitude_km: float, inclination_deg: float, epoch_utc: dt.datetime, *,
                      raan_deg: float = 0.0, argument_of_latitude_deg: float = 0.0,
                      name: str = "CIRCULAR", satnum: int = 99_999) -> ElementRecord:
    """A synthetic, drag-free, near-circular element set for sgp4 (tests, what-if orbits).

    The mean motion is the Kepler one for ``WGS84 radius + altitude`` under WGS72's GM (sgp4's constants),
    so the orbit's mean altitude is close to, not exactly, ``altitude_km``.
    """
    orbit = CircularOrbit(altitude_km, inclination_deg)
    a = orbit.semi_major_axis_km
    no_kozai = math.sqrt(WGS72_MU_KM3_S2 / a**3) * 60.0  # rad/min
    jd, fr = to_jd(require_utc(epoch_utc, "epoch"))
    epoch_days = jd + fr - 2_433_281.5  # days since 1949-12-31 00:00 UT, sgp4init's epoch
    satrec = Satrec()
    satrec.sgp4init(WGS72, "i", satnum, epoch_days, 0.0, 0.0, 0.0, 1e-7, 0.0,
                    math.radians(inclination_deg), math.radians(argument_of_latitude_deg), no_kozai,
                    math.radians(raan_deg))
    lines = export_tle(satrec)
    return ElementRecord(satrec, epoch_of(satrec), name, (lines[0], lines[1]), "<circular>", 0)

"""Phasing in closed form (issue 14, first part): how fast a chaser in a lower circular orbit catches up
with a station, and the phasing orbit that closes a phase angle in N revolutions. Two-body, coplanar; no J2
(it shifts both orbits' rates alike to first order), no drag. Seconds and radians inside, kilometres and
degrees at the edges.

- **Catch-up** of two circular orbits of radii r₁ < r₂: the mean motions n = √(μ/r³) differ by
  Δn = n₁ − n₂ > 0, so a phase angle θ (the station ahead by θ) closes in t = θ / Δn, and the chaser gains
  Δn·T₁ per revolution of its own. For a small altitude difference Δh, Δn ≈ (3/2)·n·Δh/r.
- **Phasing orbit** (facts-2 §4, interactivegnc.space): to close θ in N revolutions of a phasing orbit that
  starts and ends on the target's circular orbit, its period is Tₚ = T₀ − (θ/2π)·T₀/N (shorter to catch up
  with a target ahead), and its semi-major axis aₚ = (μ·(Tₚ/2π)²)^(1/3).

These are what a vehicle's phasing strategy is built from; `orbit/rendezvous.py` turns a catch-up
profile's phasing altitude into its duration.
"""

from __future__ import annotations

import math

from crewplan.errors import UsageError
from crewplan.orbit.periods import WGS84_MU_KM3_S2
from crewplan.units import WGS84_A_KM


def mean_motion_rad_s(radius_km: float) -> float:
    return math.sqrt(WGS84_MU_KM3_S2 / radius_km**3)


def _radii(chaser_altitude_km: float, target_altitude_km: float) -> tuple[float, float]:
    if not 100 <= chaser_altitude_km < target_altitude_km <= 100_000:
        raise UsageError(f"a chaser catches up from below: expected 100 km <= chaser altitude "
                         f"({chaser_altitude_km:g} km) < target altitude ({target_altitude_km:g} km)")
    return WGS84_A_KM + chaser_altitude_km, WGS84_A_KM + target_altitude_km


def catch_up_deg_per_orbit(chaser_altitude_km: float, target_altitude_km: float) -> float:
    """The phase angle the chaser gains per revolution of its own orbit, degrees."""
    r1, r2 = _radii(chaser_altitude_km, target_altitude_km)
    n1, n2 = mean_motion_rad_s(r1), mean_motion_rad_s(r2)
    return math.degrees((n1 - n2) * 2 * math.pi / n1)


def catch_up_deg_per_orbit_linear(chaser_altitude_km: float, target_altitude_km: float) -> float:
    """The small-difference approximation (3/2)·n·Δh/r over one revolution: 3π·Δh/r radians."""
    r1, r2 = _radii(chaser_altitude_km, target_altitude_km)
    return math.degrees(3 * math.pi * (r2 - r1) / r2)


def catch_up_time_s(phase_deg: float, chaser_altitude_km: float, target_altitude_km: float) -> float:
    """Seconds for the chaser to close a phase angle (the target ahead by ``phase_deg``; a target behind,
    negative, is caught a lap later: 360° + phase)."""
    r1, r2 = _radii(chaser_altitude_km, target_altitude_km)
    theta = math.radians(phase_deg % 360.0)
    return theta / (mean_motion_rad_s(r1) - mean_motion_rad_s(r2))


def phasing_orbit(phase_deg: float, target_altitude_km: float, revolutions: int) -> tuple[float, float]:
    """The phasing orbit that closes ``phase_deg`` (target ahead) in ``revolutions``: (period s, semi-major
    axis km)."""
    if revolutions < 1:
        raise UsageError(f"a phasing orbit needs at least one revolution, not {revolutions}")
    r0 = WGS84_A_KM + target_altitude_km
    t0 = 2 * math.pi / mean_motion_rad_s(r0)
    tp = t0 - (phase_deg / 360.0) * t0 / revolutions
    if tp <= 0:
        raise UsageError(f"{phase_deg:g}° cannot be closed in {revolutions} revolution(s): take more")
    return tp, (WGS84_MU_KM3_S2 * (tp / (2 * math.pi)) ** 2) ** (1 / 3)

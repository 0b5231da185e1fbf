"""Phasing formulas (issue 14) against a numerical propagation of two-body orbits (scipy's integrator on
Newton's equation, an independent computation of the same physics)."""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy.integrate import solve_ivp

from crewplan.errors import UsageError
from crewplan.orbit.periods import WGS84_MU_KM3_S2
from crewplan.orbit.phasing import (
    catch_up_deg_per_orbit,
    catch_up_deg_per_orbit_linear,
    catch_up_time_s,
    mean_motion_rad_s,
    phasing_orbit,
)
from crewplan.units import WGS84_A_KM


def _two_body(_t: float, y: np.ndarray) -> np.ndarray:
    r = y[:2]
    return np.concatenate([y[2:], -WGS84_MU_KM3_S2 * r / np.linalg.norm(r) ** 3])


def _circular(radius_km: float, angle_rad: float) -> np.ndarray:
    v = math.sqrt(WGS84_MU_KM3_S2 / radius_km)
    return np.array([radius_km * math.cos(angle_rad), radius_km * math.sin(angle_rad),
                     -v * math.sin(angle_rad), v * math.cos(angle_rad)])


def _angle(y: np.ndarray) -> float:
    return math.atan2(y[1], y[0])


@pytest.mark.parametrize(("chaser_km", "target_km", "phase_deg"), [(200, 420, 30.0), (350, 390, 10.0),
                                                                  (250, 410, 90.0)])
def test_the_catch_up_time_is_when_two_propagated_orbits_meet(chaser_km: float, target_km: float,
                                                             phase_deg: float) -> None:
    t = catch_up_time_s(phase_deg, chaser_km, target_km)
    r1, r2 = WGS84_A_KM + chaser_km, WGS84_A_KM + target_km
    y0 = np.concatenate([_circular(r1, 0.0), _circular(r2, math.radians(phase_deg))])

    def both(time: float, y: np.ndarray) -> np.ndarray:
        return np.concatenate([_two_body(time, y[:4]), _two_body(time, y[4:])])

    done = solve_ivp(both, (0, t), y0, rtol=1e-11, atol=1e-9, method="DOP853")
    end = done.y[:, -1]
    gap = (_angle(end[4:]) - _angle(end[:4]) + math.pi) % (2 * math.pi) - math.pi
    assert abs(math.degrees(gap)) < 0.01, math.degrees(gap)  # they meet when the formula says
    # ... and the gain per revolution agrees with the per-orbit figure (and, roughly, its linearisation).
    per_orbit = catch_up_deg_per_orbit(chaser_km, target_km)
    assert per_orbit * t * mean_motion_rad_s(r1) / (2 * math.pi) == pytest.approx(phase_deg, rel=1e-9)
    assert catch_up_deg_per_orbit_linear(chaser_km, target_km) == pytest.approx(per_orbit, rel=0.05)


def test_a_phasing_orbit_closes_its_angle_in_its_revolutions() -> None:
    """Start on the target's circular orbit with the target 20° ahead; burn into the phasing ellipse at
    apoapsis (the target's radius); after N revolutions the chaser is back where the target is."""
    target_km, phase, n = 400.0, 20.0, 3
    tp, ap = phasing_orbit(phase, target_km, n)
    r0 = WGS84_A_KM + target_km
    v_apo = math.sqrt(WGS84_MU_KM3_S2 * (2 / r0 - 1 / ap))  # vis-viva at apoapsis r0
    chaser = np.array([r0, 0.0, 0.0, v_apo])
    target = _circular(r0, math.radians(phase))
    done_c = solve_ivp(_two_body, (0, n * tp), chaser, rtol=1e-11, atol=1e-9, method="DOP853")
    done_t = solve_ivp(_two_body, (0, n * tp), target, rtol=1e-11, atol=1e-9, method="DOP853")
    gap = (_angle(done_t.y[:, -1]) - _angle(done_c.y[:, -1]) + math.pi) % (2 * math.pi) - math.pi
    assert abs(math.degrees(gap)) < 0.01
    assert np.linalg.norm(done_c.y[:2, -1]) == pytest.approx(r0, rel=1e-7)  # back at the burn point
    assert ap < r0  # a shorter, lower orbit catches up with a target ahead


def test_a_chaser_above_the_target_or_no_revolutions_is_refused() -> None:
    with pytest.raises(UsageError, match="catches up from below"):
        catch_up_time_s(10, 420, 400)
    with pytest.raises(UsageError, match="at least one revolution"):
        phasing_orbit(10, 400, 0)

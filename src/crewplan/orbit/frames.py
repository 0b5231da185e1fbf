"""Frames: TEME (sgp4's output) to Earth-fixed, and geodetic sites to Earth-fixed vectors.

Sidereal-time model: **GMST 1982** (Aoki et al. 1982, the IAU 1982 GMST formula), as in Vallado et al.,
*Revisiting Spacetrack Report #3*, AIAA 2006-6753, Appendix C, and sgp4's own ``gstime``. TEME's x axis
is the *mean* equinox of date measured along the *true* equator, so the rotation from TEME to the
pseudo-Earth-fixed frame is exactly a rotation about z by GMST82: using a newer sidereal-time model here
would not be "more accurate", it would mix conventions. Polar motion (at most ~0.5 arcsecond, ~15 m at
the surface) is ignored, and UT1 is taken equal to UTC unless ``ut1_minus_utc_s`` is given (|UT1-UTC| is
kept below 0.9 s by leap seconds: at most ~14 arcseconds of Earth rotation, i.e. at most 0.9 s in the
time of a launch window). The tests cross-check these rotations against skyfield to an arcsecond.

Inside: radians, kilometres, seconds. Arrays of vectors have shape ``(n, 3)``.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from crewplan.timeutil import SECONDS_PER_DAY
from crewplan.units import EARTH_ROTATION_RAD_S, WGS84_A_KM, WGS84_F

FloatArray = npt.NDArray[np.float64]

TWO_PI = 2.0 * np.pi
# Julian date of J2000.0 (2000-01-01T12:00:00 TT; UT1 here, as in the GMST formula).
JD_J2000 = 2_451_545.0
WGS84_E2 = WGS84_F * (2.0 - WGS84_F)


def gmst82_rad(jd: npt.ArrayLike, fr: npt.ArrayLike, ut1_minus_utc_s: float = 0.0) -> FloatArray:
    """Greenwich mean sidereal time (IAU 1982 model), radians in [0, 2π).

    Args:
        jd, fr: split Julian date (UTC) as sgp4 uses it: ``jd`` the whole part, ``fr`` the fraction.
        ut1_minus_utc_s: UT1 - UTC in seconds (0 when unknown; at most 0.9 s).
    """
    jd_a = np.asarray(jd, dtype=np.float64)
    fr_a = np.asarray(fr, dtype=np.float64) + ut1_minus_utc_s / SECONDS_PER_DAY
    t = ((jd_a - JD_J2000) + fr_a) / 36_525.0
    # Seconds of sidereal time beyond whole days; the whole-day rotation is added from the day fraction.
    g = 67_310.54841 + (8_640_184.812866 + (0.093104 + (-6.2e-6) * t) * t) * t
    turns = (jd_a % 1.0 + fr_a + (g / SECONDS_PER_DAY) % 1.0) % 1.0
    return np.asarray(turns * TWO_PI, dtype=np.float64)


def rotate_z(vectors: FloatArray, angle_rad: FloatArray) -> FloatArray:
    """Coordinates of ``vectors`` in a frame turned by ``angle_rad`` about z (passive rotation R3)."""
    c = np.cos(angle_rad)
    s = np.sin(angle_rad)
    out = np.empty_like(vectors)
    out[..., 0] = c * vectors[..., 0] + s * vectors[..., 1]
    out[..., 1] = -s * vectors[..., 0] + c * vectors[..., 1]
    out[..., 2] = vectors[..., 2]
    return out


def teme_to_ecef(r_teme_km: FloatArray, jd: npt.ArrayLike, fr: npt.ArrayLike,
                 ut1_minus_utc_s: float = 0.0) -> FloatArray:
    """TEME position vectors to Earth-fixed (pseudo-Earth-fixed, no polar motion), km."""
    return rotate_z(r_teme_km, gmst82_rad(jd, fr, ut1_minus_utc_s))


def ecef_to_teme(r_ecef_km: FloatArray, jd: npt.ArrayLike, fr: npt.ArrayLike,
                 ut1_minus_utc_s: float = 0.0) -> FloatArray:
    """Earth-fixed position vectors (km) to TEME at the given instants."""
    return rotate_z(r_ecef_km, -gmst82_rad(jd, fr, ut1_minus_utc_s))


def geodetic_to_ecef_km(latitude_deg: float, longitude_deg: float, altitude_m: float = 0.0) -> FloatArray:
    """Earth-fixed vector (km) of a point given by WGS84 geodetic latitude, longitude and height."""
    lat = np.radians(latitude_deg)
    lon = np.radians(longitude_deg)
    h_km = altitude_m / 1000.0
    n = WGS84_A_KM / np.sqrt(1.0 - WGS84_E2 * np.sin(lat) ** 2)
    return np.array([
        (n + h_km) * np.cos(lat) * np.cos(lon),
        (n + h_km) * np.cos(lat) * np.sin(lon),
        (n * (1.0 - WGS84_E2) + h_km) * np.sin(lat),
    ])


def enu_basis(latitude_deg: float, longitude_deg: float) -> tuple[FloatArray, FloatArray, FloatArray]:
    """Unit vectors east, north, up (geodetic) of a site, in Earth-fixed coordinates."""
    lat = np.radians(latitude_deg)
    lon = np.radians(longitude_deg)
    east = np.array([-np.sin(lon), np.cos(lon), 0.0])
    north = np.array([-np.sin(lat) * np.cos(lon), -np.sin(lat) * np.sin(lon), np.cos(lat)])
    up = np.array([np.cos(lat) * np.cos(lon), np.cos(lat) * np.sin(lon), np.sin(lat)])
    return east, north, up


def earth_rotation_velocity_km_s(r_km: FloatArray) -> FloatArray:
    """Velocity (km/s) of Earth-fixed points ``r_km`` due to Earth's rotation, ω × r."""
    omega = np.array([0.0, 0.0, EARTH_ROTATION_RAD_S])
    return np.asarray(np.cross(omega, r_km), dtype=np.float64)

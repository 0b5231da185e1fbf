"""Angles and distances that cross the orbit package's edge.

Inside numerical code angles are radians and distances kilometres; at the edge they are built from and
read as degrees and kilometres explicitly, so that a unit is never guessed (the habit of skyfield's
``units.py``).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

# WGS84 ellipsoid (NIMA TR8350.2, 3rd ed., table 3.1).
WGS84_A_KM = 6378.137
WGS84_F = 1.0 / 298.257223563
# Earth's rotation rate, rad/s (IERS Conventions 2010, table 1.1).
EARTH_ROTATION_RAD_S = 7.292115e-5


@dataclass(frozen=True)
class Angle:
    """An angle. Stored in radians; built with ``Angle(degrees=...)`` or ``Angle(radians=...)``."""

    radians: float

    def __init__(self, *, radians: float | None = None, degrees: float | None = None) -> None:
        if (radians is None) == (degrees is None):
            raise TypeError("Angle takes exactly one of radians= or degrees=")
        value = math.radians(degrees) if degrees is not None else float(radians)  # type: ignore[arg-type]
        object.__setattr__(self, "radians", value)

    @property
    def degrees(self) -> float:
        """The angle in degrees."""
        return math.degrees(self.radians)

    def __getattr__(self, name: str) -> float:
        raise AttributeError(f"Angle has no attribute {name!r}; use .radians or .degrees")


@dataclass(frozen=True)
class Distance:
    """A distance. Stored in kilometres; read with ``.km`` or ``.m``."""

    km: float

    @property
    def m(self) -> float:
        """The distance in metres."""
        return self.km * 1000.0

    def __getattr__(self, name: str) -> float:
        raise AttributeError(f"Distance has no attribute {name!r}; use .km or .m")

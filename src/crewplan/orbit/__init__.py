"""Orbit layer: element sets via sgp4, propagation, frames, launch windows, phasing, orbit counts.

The names other layers use are re-exported here; see ``docs/orbit.md``.
"""

from crewplan.orbit.elements import (
    ElementRecord,
    read_elements,
    read_elements_text,
    select_elements,
    station_elements,
)
from crewplan.orbit.periods import CircularOrbit, nodal_period_minutes, orbits_between, period_minutes
from crewplan.orbit.windows import LaunchWindow, find_windows, find_windows_many

__all__ = [
    "CircularOrbit",
    "ElementRecord",
    "LaunchWindow",
    "find_windows",
    "find_windows_many",
    "nodal_period_minutes",
    "orbits_between",
    "period_minutes",
    "read_elements",
    "read_elements_text",
    "select_elements",
    "station_elements",
]

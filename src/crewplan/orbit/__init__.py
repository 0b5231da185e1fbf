"""Orbit layer: element sets via sgp4, propagation, frames, launch windows, phasing, orbit counts.

The names other layers use are re-exported here; see ``docs/orbit.md``.
"""

from importlib import import_module
from typing import Any

_HOMES = {
    "ElementRecord": "elements",
    "read_elements": "elements",
    "read_elements_text": "elements",
    "select_elements": "elements",
    "station_elements": "elements",
    "CircularOrbit": "periods",
    "nodal_period_minutes": "periods",
    "orbits_between": "periods",
    "period_minutes": "periods",
    "LaunchWindow": "windows",
    "find_windows": "windows",
    "find_windows_many": "windows",
}


def __getattr__(name: str) -> Any:
    # Imported on first use: scenario loading needs only the element-set parser, not SciPy's root finders.
    if name in _HOMES:
        return getattr(import_module(f"crewplan.orbit.{_HOMES[name]}"), name)
    raise AttributeError(f"module 'crewplan.orbit' has no attribute {name!r}")


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

"""crewplan: plans international crew exchanges on crewed space stations.

The names below are the public face of the package; everything else is internal and may change.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from crewplan.errors import (
    CrewplanError,
    ElementSetError,
    InfeasibleError,
    InputError,
    OrbitError,
    Problem,
    ScenarioError,
    UsageError,
)

__version__ = "0.1.0"

if TYPE_CHECKING:
    from crewplan.domain import Scenario
    from crewplan.scenario import builtin_path, dump_scenario, load_scenario, save_scenario

_LAZY = {"Scenario": "crewplan.domain", "builtin_path": "crewplan.scenario", "dump_scenario": "crewplan.scenario",
         "load_scenario": "crewplan.scenario", "save_scenario": "crewplan.scenario"}


def __getattr__(name: str) -> Any:
    """The model and the scenario functions load on first use: ``crewplan`` itself starts fast (the command
    line catches Ctrl-C from its first moment)."""
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'crewplan' has no attribute {name!r}")

__all__ = [
    "CrewplanError",
    "ElementSetError",
    "InfeasibleError",
    "InputError",
    "OrbitError",
    "Problem",
    "Scenario",
    "ScenarioError",
    "UsageError",
    "__version__",
    "builtin_path",
    "dump_scenario",
    "load_scenario",
    "save_scenario",
]

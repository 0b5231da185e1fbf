"""crewplan: plans international crew exchanges on crewed space stations.

The names below are the public face of the package; everything else is internal and may change.
"""

from crewplan.domain import Scenario
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
from crewplan.scenario import builtin_path, dump_scenario, load_scenario, save_scenario

__version__ = "0.1.0"

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

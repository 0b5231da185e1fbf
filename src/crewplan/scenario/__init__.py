"""Scenario files: load (one YAML file or a folder merged by section), validate, save; built-in scenarios."""

from crewplan.scenario.builtin import DEFAULT, builtin_names, builtin_path
from crewplan.scenario.loader import load_scenario, load_scenario_text
from crewplan.scenario.save import dump_scenario, save_scenario

__all__ = [
    "DEFAULT",
    "builtin_names",
    "builtin_path",
    "dump_scenario",
    "load_scenario",
    "load_scenario_text",
    "save_scenario",
]

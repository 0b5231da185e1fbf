"""The public face of the package is pinned: adding or removing a name is a deliberate change."""

import crewplan

EXPECTED = {
    "CrewplanError", "ElementSetError", "InfeasibleError", "InputError", "OrbitError", "Problem",
    "Scenario", "ScenarioError", "UsageError", "__version__", "builtin_path", "dump_scenario",
    "load_scenario", "save_scenario",
}


def test_exported_members():
    assert set(crewplan.__all__) == EXPECTED
    for name in crewplan.__all__:
        assert hasattr(crewplan, name), name


def test_bad_input_errors_are_value_errors():
    assert issubclass(crewplan.ScenarioError, ValueError)
    assert issubclass(crewplan.ElementSetError, ValueError)
    assert issubclass(crewplan.InputError, crewplan.CrewplanError)

"""Shared fixtures: the built-in scenario's report (built once per session) and small manifests."""

from __future__ import annotations

from pathlib import Path

import pytest

from crewplan.check import CheckReport, check_scenario
from crewplan.domain import Scenario
from crewplan.report import write_report
from crewplan.scenario import load_scenario

MINIMAL = Path(__file__).resolve().parents[1] / "data" / "minimal" / "scenario.yaml"


@pytest.fixture(scope="session")
def builtin() -> Scenario:
    return load_scenario(None)


@pytest.fixture(scope="session")
def builtin_check(builtin: Scenario) -> CheckReport:
    return check_scenario(builtin)


@pytest.fixture(scope="session")
def builtin_report(builtin: Scenario, builtin_check: CheckReport, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The built-in scenario's report folder (report.html and the exports)."""
    out = tmp_path_factory.mktemp("builtin-report")
    return write_report(builtin, out, builtin_check).parent


@pytest.fixture(scope="session")
def minimal() -> Scenario:
    return load_scenario(MINIMAL)

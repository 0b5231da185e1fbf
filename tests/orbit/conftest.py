"""Shared fixtures of the orbit tests: reference element sets, flights, skyfield's timescale."""

from __future__ import annotations

import csv
from typing import Any

import pytest
from orbit_helpers import CSS_LAUNCHES, FLIGHTS_CSV, ISS_LAUNCHES

from crewplan.orbit.elements import ElementRecord, read_elements


@pytest.fixture(scope="session")
def css_records() -> list[ElementRecord]:
    return read_elements(CSS_LAUNCHES)


@pytest.fixture(scope="session")
def iss_records() -> list[ElementRecord]:
    return read_elements(ISS_LAUNCHES)


@pytest.fixture(scope="session")
def flights() -> dict[str, dict[str, str]]:
    """Rows of ``tests/data/flights.csv`` by mission name."""
    with FLIGHTS_CSV.open(newline="", encoding="utf-8") as handle:
        return {row["mission"]: row for row in csv.DictReader(handle)}


@pytest.fixture(scope="session")
def timescale() -> Any:
    from skyfield.api import load

    return load.timescale(builtin=True)

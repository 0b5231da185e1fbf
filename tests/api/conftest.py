"""A live service per database kind, shared by the tests of a module."""

from __future__ import annotations

import itertools
from collections.abc import Iterator

import pytest

from api.service import Service, launch
from servers import Postgres

_names = itertools.count(1)


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def service_database(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path_factory.mktemp('service') / 'crewplan.db'}"
        return
    server: Postgres = request.getfixturevalue("postgres")
    name = f"crewplan_service_{next(_names)}"
    server.execute(f"CREATE DATABASE {name}")
    yield server.url(name)
    server.execute(f"DROP DATABASE {name} WITH (FORCE)")


@pytest.fixture(scope="module")
def service(service_database: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Service]:
    running = launch(service_database, tmp_path_factory.mktemp("serve"))
    yield running
    running.stop()

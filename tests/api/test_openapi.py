"""Schemathesis against the service's own OpenAPI, on the live server (SQLite): no 500s, and every response
matches its declared schema, for an authorized planner. (A schema-valid request the domain refuses, such
as an empty scenario, is a correct 422, so schemathesis's positive-data-acceptance check is off.)"""

from __future__ import annotations

import httpx
import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import positive_data_acceptance

from api.service import Service, launch, password_of


@pytest.fixture(scope="module")
def live(tmp_path_factory: pytest.TempPathFactory) -> Service:
    folder = tmp_path_factory.mktemp("openapi")
    # No worker: the solve jobs schemathesis submits stay queued (this test is about the API, not solving).
    running = launch(f"sqlite:///{folder / 'crewplan.db'}", folder, "--no-worker")
    yield running
    running.stop()


def test_the_service_keeps_its_own_openapi(live: Service) -> None:
    from hypothesis import given

    schema = schemathesis.openapi.from_url(f"{live.url}/openapi.json")
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 20

    for operation in operations:
        @given(operation.as_strategy())
        @settings(max_examples=15, deadline=None, suppress_health_check=list(HealthCheck), database=None)
        def run(case: schemathesis.Case) -> None:
            # A fresh log-in for each case: a generated POST /auth/logout revokes the tokens before it.
            token = httpx.post(f"{live.url}/auth/token", data={"username": "nasa-planner",
                                                                "password": password_of("nasa-planner")})
            # (a schema-valid body the domain refuses, an empty scenario, is a correct 422: that check is off)
            case.call_and_validate(headers={"Authorization": f"Bearer {token.json()['access_token']}"},
                                   excluded_checks=[positive_data_acceptance])

        run()

"""Solve jobs through the live service, on SQLite and PostgreSQL: the objective ``crewplan plan`` gives, live
progress, cancel keeping the best plan, who may do what, and a server killed during a job."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from api.service import SEEDER, Service, password_of, start
from crewplan.scenario import load_scenario
from crewplan.storage import open_database, repository

PLANNERS = {"cmsa-planner": ("CMSA", "CN"), "nasa-planner": ("NASA", "US"), "nasa-viewer": ("NASA", "US")}
TIME_LIMIT_S = 600.0
"""A limit the jobs here never reach: each ends by its work limit, a proof or a cancel."""
WORK_LIMIT = 10.0
"""The plan job and ``crewplan plan`` stop at this much deterministic work: the same search on every run and
machine (the workers take turns), so they must end at the same plan, whatever the load (the proof takes
about 90 s on an idle 2-core machine)."""


@pytest.fixture(scope="module")
def jobs_service(service_database: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Service]:
    """A live service whose plan 1 is the built-in scenario."""
    db = open_database(service_database)
    try:
        with db.transaction() as session:
            plan = repository.create_plan(session, load_scenario(), SEEDER, "built-in")
            for name, (agency, nationality) in PLANNERS.items():
                repository.add_user(session, SEEDER, username=name, password=password_of(name), agency=agency,
                                    nationalities=[nationality], roles=[name.split("-")[1]])
            plans = {"main": plan.id}
    finally:
        db.dispose()
    log = tmp_path_factory.mktemp("jobs") / "serve.log"
    url, process = start(service_database, log)
    running = Service(url, service_database, process, plans, [], {}, log)
    yield running
    running.stop()


@pytest.fixture(scope="session")
def cli_plan(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """``crewplan plan --json`` on the built-in scenario, with the jobs' limits."""
    done = subprocess.run([sys.executable, "-m", "crewplan.cli", "plan", "--json", "--quiet", "--time-limit",
                           str(TIME_LIMIT_S), "--work-limit", str(WORK_LIMIT)],
                          capture_output=True, text=True, timeout=TIME_LIMIT_S + 300,
                          cwd=tmp_path_factory.mktemp("cli-plan"))
    assert done.returncode == 0, done.stderr
    result: dict[str, Any] = json.loads(done.stdout)
    return result


def wait(client: httpx.Client, url: str, until: Any, timeout_s: float = TIME_LIMIT_S + 120) -> dict[str, Any]:
    """Poll a job until ``until(job)``; returns the job. Every poll must answer 200."""
    deadline = time.monotonic() + timeout_s
    while True:
        answer = client.get(url)
        assert answer.status_code == 200, answer.text
        job: dict[str, Any] = answer.json()
        if until(job):
            return job
        assert time.monotonic() < deadline, f"job still {job['status']} after {timeout_s} s: {job}"
        time.sleep(0.5)


def finished(job: dict[str, Any]) -> bool:
    return job["status"] in ("succeeded", "failed", "cancelled")


def submit(client: httpx.Client, plan_id: int, **body: Any) -> httpx.Response:
    return client.post(f"/plans/{plan_id}/solve-jobs", json={"kind": "plan", **body})


@pytest.fixture(scope="module")
def plan_job(jobs_service: Service) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """A plan job on the built-in scenario with the defaults of ``crewplan plan`` (and the limits of
    :func:`cli_plan`), run to its end; and the progress seen while it ran."""
    with jobs_service.client("cmsa-planner") as client:
        answer = submit(client, jobs_service.plans["main"], time_limit_s=TIME_LIMIT_S, work_limit=WORK_LIMIT)
        assert answer.status_code == 202, answer.text
        assert answer.headers["Location"] == answer.json()["url"]
        assert answer.json()["status"] == "queued" and "cancel" in answer.json()["allowed_actions"]
        seen: list[dict[str, Any]] = []

        def done(job: dict[str, Any]) -> bool:
            if job["progress"]:
                seen.append(job["progress"])
            return finished(job)

        return wait(client, answer.headers["Location"], done), seen


def test_a_plan_job_gives_the_objective_of_crewplan_plan(jobs_service: Service, cli_plan: dict[str, Any],
                                                         plan_job: tuple[dict[str, Any], list[Any]]) -> None:
    main = jobs_service.plans["main"]
    job, seen = plan_job
    with jobs_service.client("cmsa-planner") as client:
        assert job["status"] == "succeeded", job
        assert job["result"]["status"] == cli_plan["status"]
        assert job["result"]["stopped_by"] == cli_plan["stopped_by"]
        assert job["result"]["objective"] == pytest.approx(cli_plan["objective"], abs=1e-6)
        assert job["result"]["bound"] == pytest.approx(cli_plan["bound"], abs=1e-6)
        assert job["result"]["terms"] == pytest.approx(cli_plan["terms"])
        assert any(p.get("incumbent") is not None and p.get("bound") is not None for p in seen), seen
        branch = client.get(f"/plans/{job['result_plan_id']}").json()
        assert (branch["parent_id"], branch["base_revision"], branch["revision"]) == (main, 1, 2)
        assert job["result_revision"] == 2
        assert client.get(f"/plans/{main}").json()["revision"] == 1  # never applied to the plan itself
        check = client.get(f"/plans/{branch['id']}/check").json()
        assert check["hard"] == 0
        stored = client.get(f"/plans/{branch['id']}/document").json()["scenario"]
        assert stored["plan"]["objective"] == pytest.approx(cli_plan["objective"])
        listed = client.get(f"/plans/{main}/solve-jobs").json()["jobs"]
        assert [j["id"] for j in listed if j["id"] == job["id"]] == [job["id"]]


def test_cancel_stops_a_running_job_and_keeps_its_best_plan(jobs_service: Service) -> None:
    main = jobs_service.plans["main"]
    with jobs_service.client("cmsa-planner") as client, jobs_service.client("nasa-planner") as other:
        url = submit(client, main, time_limit_s=TIME_LIMIT_S).json()["url"]
        running = wait(client, url, lambda j: finished(j) or bool((j["progress"] or {}).get("solutions")))
        assert running["status"] == "running", running
        refused = other.post(f"{url}/cancel")
        assert refused.status_code == 403 and "job.owner" in refused.text
        assert client.post(f"{url}/cancel").status_code == 202
        job = wait(client, url, finished, timeout_s=120)
    assert job["status"] == "cancelled" and job["cancel_requested"], job
    assert job["result"]["stopped_by"] == "cancelled" and job["result"]["status"] == "FEASIBLE"
    assert job["result"]["objective"] >= running["progress"]["incumbent"] - 1e-6
    with jobs_service.client("cmsa-planner") as client:
        assert client.get(f"/plans/{job['result_plan_id']}/check").json()["hard"] == 0
        document = client.get(f"/plans/{job['result_plan_id']}/document").json()["scenario"]
    assert document["plan"]["objective"] == pytest.approx(job["result"]["objective"])


def test_who_may_submit_read_and_cancel_jobs(jobs_service: Service) -> None:
    main = jobs_service.plans["main"]
    with jobs_service.client("nasa-viewer") as viewer:
        refused = submit(viewer, main)
        assert refused.status_code == 403 and "role.solve" in refused.text
    with jobs_service.client("nasa-planner") as client:
        queued = submit(client, main, time_limit_s=0.5, workers=1).json()
        assert client.post(f"{queued['url']}/cancel").status_code == 202
        job = wait(client, queued["url"], finished, timeout_s=120)
        assert job["status"] in ("cancelled", "succeeded", "failed")
        too_many = submit(client, main, workers=64)
        assert too_many.status_code == 422 and "solver threads" in too_many.text
        assert client.post(f"{queued['url']}/cancel").json()["status"] == job["status"]  # finished: unchanged
        for bad in ({"kind": "plan", "bogus": 1}, {"kind": "plan", "time_limit_s": 0},
                    {"kind": "replan", "events": []}, {"kind": "solve"}, {"kind": "plan", "revision": 99}):
            answer = client.post(f"/plans/{main}/solve-jobs", json=bad)
            assert answer.status_code in (404, 422), (bad, answer.text)
        unknown = client.post(f"/plans/{main}/solve-jobs", json={"kind": "replan", "events": ["no-such"]})
        assert unknown.status_code == 422 and "no-such" in unknown.text
        for missing in ("/solve-jobs/999999", f"/plans/{main + 999}/solve-jobs"):
            assert client.get(missing).status_code == 404
    assert httpx.get(f"{jobs_service.url}{queued['url']}").status_code == 401


def test_a_replan_job_answers_an_event_added_by_an_edit(jobs_service: Service,
                                                         plan_job: tuple[dict[str, Any], list[Any]]) -> None:
    solved = plan_job[0]["result_plan_id"]
    with jobs_service.client("cmsa-planner") as client:
        branch = client.post(f"/plans/{solved}/branches", json={"name": "slip what-if"}).json()
        added = client.post(f"/plans/{branch['id']}/edits/events", headers={"If-Match": "1"}, json={
            "kind": "launch_slip", "flight": "shenzhou-25", "date": "2027-03-01", "slip_days": 20,
            "description": "a what-if slip"})
        assert added.status_code == 200, added.text
        events = client.get(f"/plans/{branch['id']}/document").json()["scenario"]["events"]
        answer = client.post(f"/plans/{branch['id']}/solve-jobs", json={
            "kind": "replan", "events": [events[-1]["id"]], "time_limit_s": 120})
        assert answer.status_code == 202, answer.text
        job = wait(client, answer.json()["url"], finished)
        assert job["status"] == "succeeded", job
        assert job["result"]["status"] in ("OPTIMAL", "FEASIBLE")
        result = client.get(f"/plans/{job['result_plan_id']}/document").json()["scenario"]
        assert client.get(f"/plans/{job['result_plan_id']}/check").json()["hard"] == 0
    flights = {f["id"]: f for f in result["flights"]}
    assert flights["shenzhou-25"]["launch"] >= "2027-03-21"


def test_a_server_killed_during_a_job_leaves_it_failed_with_a_reason(jobs_service: Service) -> None:
    """Last in the module: it restarts the module's server."""
    main = jobs_service.plans["main"]
    with jobs_service.client("cmsa-planner") as client:
        url = submit(client, main, time_limit_s=TIME_LIMIT_S).json()["url"]
        wait(client, url, lambda j: j["status"] == "running")
    jobs_service.process.send_signal(signal.SIGKILL)
    jobs_service.process.wait(30)
    jobs_service.url, jobs_service.process = start(jobs_service.database_url, Path(jobs_service.log))
    jobs_service._tokens.clear()
    with jobs_service.client("cmsa-planner") as client:
        job = wait(client, url, finished, timeout_s=60)
    assert job["status"] == "failed" and "stopped while it ran" in job["error"], job
    assert job["result_plan_id"] is None

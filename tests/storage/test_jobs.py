"""The solve-job queue on SQLite and PostgreSQL: each job claimed once (SKIP LOCKED on PostgreSQL), dead
workers' jobs failed with a reason, only the owner ends a job, and ``crewplan worker`` runs one."""

from __future__ import annotations

import datetime as dt
import json
import socket
import subprocess
import sys
import threading

import pytest
from sqlalchemy import func, select

from crewplan.scenario import load_scenario
from crewplan.storage import Actor, open_database, repository
from crewplan.storage import jobs as queue
from crewplan.storage.audit import verify
from crewplan.storage.database import Database
from crewplan.storage.schema import AuditEventRow, PlanRow, SolveJobRow

ME = Actor("local:test", "CMSA")


@pytest.fixture
def db(database_url: str):
    opened = open_database(database_url)
    yield opened
    opened.dispose()


def _plan_with_jobs(db: Database, count: int, options: dict | None = None) -> tuple[int, list[int]]:
    with db.transaction() as session:
        plan = repository.create_plan(session, load_scenario(), ME)
        ids = [queue.submit(session, plan.id, 1, "plan", options or {}, ME).id for _ in range(count)]
    return plan.id, ids


def _dead_pid() -> int:
    done = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    return int(done.stdout)


def test_each_job_is_claimed_once_oldest_first(db: Database) -> None:
    _, ids = _plan_with_jobs(db, 3)
    claimed = []
    for n in range(4):
        with db.transaction() as session:
            job = queue.claim(session, f"w{n}")
            claimed.append(job.id if job else None)
    assert claimed == [*ids, None]
    with db.sessions() as session:
        rows = session.scalars(select(SolveJobRow).order_by(SolveJobRow.id)).all()
        assert [(r.status, r.worker) for r in rows] == [("running", "w0"), ("running", "w1"), ("running", "w2")]
        assert all(r.lease_until and r.lease_until > dt.datetime.now(dt.UTC) for r in rows)
        assert verify(session).intact


def test_racing_workers_never_claim_one_job_twice(db: Database) -> None:
    _, ids = _plan_with_jobs(db, 6)
    got: list[int | None] = []
    lock = threading.Lock()
    start = threading.Barrier(8)

    def claim(n: int) -> None:
        start.wait(30)
        with db.transaction() as session:
            job = queue.claim(session, f"racer{n}")
            found = job.id if job else None
        with lock:
            got.append(found)

    threads = [threading.Thread(target=claim, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert sorted(i for i in got if i is not None) == ids and got.count(None) == 2


def test_a_claim_skips_a_job_row_another_transaction_holds(database_url: str, db: Database) -> None:
    if not database_url.startswith("postgresql"):
        pytest.skip("row locks are PostgreSQL's: on SQLite a writer holds the whole database (BEGIN IMMEDIATE)")
    _, ids = _plan_with_jobs(db, 2)
    holding, release = threading.Event(), threading.Event()

    def hold_first() -> None:  # e.g. a cancel request on job 1 that has not committed yet
        with db.transaction() as session:
            queue.job(session, ids[0], lock=True)
            holding.set()
            release.wait(30)

    thread = threading.Thread(target=hold_first)
    thread.start()
    assert holding.wait(30)
    try:
        with db.transaction() as session:  # without SKIP LOCKED this would wait for the other transaction
            session.connection().exec_driver_sql("SET LOCAL lock_timeout = '5s'")
            claimed = queue.claim(session, "fast")
            claimed_id = claimed.id if claimed else None
    finally:
        release.set()
        thread.join(30)
    assert claimed_id == ids[1]


def test_a_dead_workers_job_is_failed_with_the_reason(db: Database) -> None:
    _, (dead, stale, alive) = _plan_with_jobs(db, 3)
    host = socket.gethostname()
    with db.transaction() as session:
        for job_id, worker in ((dead, f"{host}:{_dead_pid()}:serve"), (stale, "elsewhere:1:worker"),
                               (alive, queue.worker_name("test"))):
            claimed = queue.claim(session, worker)
            assert claimed is not None and claimed.id == job_id
        queue.job(session, stale).lease_until = dt.datetime.now(dt.UTC) - dt.timedelta(seconds=1)
    with db.transaction() as session:
        failed = {row.id: row.error for row in queue.reap(session, "reaper")}
    assert set(failed) == {dead, stale}
    assert "worker process" in failed[dead] and "has ended" in failed[dead]
    assert "has not reported since" in failed[stale]
    with db.sessions() as session:
        assert queue.job(session, alive).status == "running"
        assert queue.job(session, dead).status == "failed" and queue.job(session, dead).finished_at
        assert verify(session).intact


def test_only_the_jobs_worker_reports_and_ends_it(db: Database) -> None:
    _, (job_id,) = _plan_with_jobs(db, 1)
    with db.transaction() as session:
        queue.claim(session, "mine")
    with db.transaction() as session:
        assert queue.report(session, job_id, "mine", {"stage": "search", "incumbent": 1.0}) is False
        assert queue.report(session, job_id, "other", {"stage": "forged"}) is True
        assert queue.finish(session, job_id, "other", "succeeded") is None
    with db.transaction() as session:
        queue.cancel(session, job_id, ME)
        assert queue.report(session, job_id, "mine", {"stage": "search"}) is True  # the cancel is heard
    with db.transaction() as session:
        ended = queue.finish(session, job_id, "mine", "cancelled", result={"status": "FEASIBLE"})
        assert ended is not None
    with db.sessions() as session:
        row = queue.job(session, job_id)
        assert (row.status, row.progress, row.result) == ("cancelled", {"stage": "search"}, {"status": "FEASIBLE"})
        actions = session.scalars(select(AuditEventRow.action).where(AuditEventRow.object_type == "solve_job")
                                  .order_by(AuditEventRow.seq)).all()
        assert actions == ["job.create", "job.start", "job.cancel", "job.finish"]  # progress is not audited
        assert verify(session).intact


def test_a_queued_job_is_cancelled_at_once(db: Database) -> None:
    _, (job_id,) = _plan_with_jobs(db, 1)
    with db.transaction() as session:
        row = queue.cancel(session, job_id, ME)
        assert (row.status, row.cancel_requested) == ("cancelled", True) and "before it started" in row.error
    with db.transaction() as session:
        assert queue.claim(session, "w") is None


def test_crewplan_worker_runs_a_queued_job_to_a_branch(database_url: str, db: Database) -> None:
    plan_id, (job_id,) = _plan_with_jobs(db, 1, {"time_limit_s": 120, "gap": 0.05})
    done = subprocess.run([sys.executable, "-m", "crewplan.cli", "worker", "--once", "--database", database_url],
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    assert f"solve job {job_id}: succeeded" in done.stderr
    with db.sessions() as session:
        row = queue.job(session, job_id)
        assert row.status == "succeeded" and row.result["status"] in ("FEASIBLE", "OPTIMAL")
        assert row.result["gap"] <= 0.05 + 1e-9
        branch = session.get(PlanRow, row.result_plan_id)
        assert (branch.parent_id, branch.base_revision, branch.revision) == (plan_id, 1, 2)
        stored = json.loads(repository.revision(session, branch.id, 2).document)["scenario"]
        assert stored["plan"]["objective"] == pytest.approx(row.result["objective"])
        assert session.get(PlanRow, plan_id).revision == 1
        assert session.scalar(select(func.count()).select_from(PlanRow)) == 2
        assert verify(session).intact

"""The solve-job queue in the database: submit, claim, report progress, cancel, finish, and fail the jobs
whose worker died.

Many workers may share one PostgreSQL database: a worker claims the oldest queued job with
``SELECT ... FOR UPDATE SKIP LOCKED`` (a job is claimed once; workers never wait on each other). On SQLite
a writing transaction holds the database's write lock (``BEGIN IMMEDIATE``), which serialises claims.

A running job's worker renews its lease (``lease_until``) with every progress report. A job whose lease ran
out, or whose worker process on this host is gone, is failed with the reason by :func:`reap` (each worker
runs it before it claims, and ``crewplan serve`` when it starts), so a server killed during a solve leaves
its job failed, never running.

Lifecycle changes (submit, start, cancel, finish, fail) append audit events; progress reports and lease
renewals are telemetry and do not (they change no plan and would drown the log).
"""

from __future__ import annotations

import datetime as dt
import os
import socket
from collections.abc import Sequence
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from crewplan.storage import audit
from crewplan.storage.repository import Actor, NotFound, plan
from crewplan.storage.schema import SolveJobRow, utc_now

KINDS = ("plan", "replan")
QUEUED, RUNNING, SUCCEEDED, FAILED, CANCELLED = "queued", "running", "succeeded", "failed", "cancelled"
FINISHED = (SUCCEEDED, FAILED, CANCELLED)
LEASE_S = 60.0
"""How long a running job's worker may stay silent before the job counts as failed."""


def worker_name(kind: str) -> str:
    """This process as a worker: ``host:pid:kind``."""
    return f"{socket.gethostname()}:{os.getpid()}:{kind}"


def _event(session: Session, actor: Actor, action: str, job: SolveJobRow, change: dict[str, Any]) -> None:
    audit.append(session, actor=actor.name, agency=actor.agency, action=action, object_type="solve_job",
                 object_id=str(job.id), change={"plan": job.plan_id, "revision": job.revision, **change})


def submit(session: Session, plan_id: int, revision: int, kind: str, options: dict[str, Any],
           actor: Actor) -> SolveJobRow:
    """Queue a job on revision ``revision`` of plan ``plan_id``."""
    if kind not in KINDS:
        raise ValueError(f"job kind {kind!r}; expected one of {', '.join(KINDS)}")
    plan(session, plan_id)
    job = SolveJobRow(plan_id=plan_id, revision=revision, kind=kind, options=dict(options), status=QUEUED,
                      cancel_requested=False, created_by=actor.name, agency=actor.agency)
    session.add(job)
    session.flush()
    _event(session, actor, "job.create", job, {"kind": kind, "options": options})
    return job


def job(session: Session, job_id: int, *, lock: bool = False) -> SolveJobRow:
    query = select(SolveJobRow).where(SolveJobRow.id == job_id).execution_options(populate_existing=True)
    found = session.execute(query.with_for_update() if lock else query).scalar_one_or_none()
    if found is None:
        raise NotFound(f"no solve job {job_id}")
    return found


def jobs_of(session: Session, plan_id: int) -> Sequence[SolveJobRow]:
    return session.scalars(select(SolveJobRow).where(SolveJobRow.plan_id == plan_id)
                           .order_by(SolveJobRow.id)).all()


def claim(session: Session, worker: str, lease_s: float = LEASE_S) -> SolveJobRow | None:
    """The oldest queued job, now running under ``worker`` (None: nothing queued)."""
    found = session.execute(select(SolveJobRow).where(SolveJobRow.status == QUEUED).order_by(SolveJobRow.id)
                            .limit(1).with_for_update(skip_locked=True)).scalar_one_or_none()
    if found is None:
        return None
    now = utc_now()
    found.status, found.worker, found.started_at = RUNNING, worker, now
    found.lease_until = now + dt.timedelta(seconds=lease_s)
    session.flush()
    _event(session, Actor(f"worker:{worker}"), "job.start", found, {"worker": worker})
    return found


def report(session: Session, job_id: int, worker: str, progress: dict[str, Any], lease_s: float = LEASE_S
           ) -> bool:
    """Store a running job's progress and renew its lease; whether a cancel was asked for (also True when
    the job is no longer this worker's: it was failed meanwhile, so the worker should stop)."""
    found = job(session, job_id, lock=True)
    if found.status != RUNNING or found.worker != worker:
        return True
    found.progress = progress
    found.lease_until = utc_now() + dt.timedelta(seconds=lease_s)
    return found.cancel_requested


def owns(session: Session, job_id: int, worker: str) -> bool:
    """Whether the job is still running under ``worker`` (locked until the transaction ends)."""
    found = job(session, job_id, lock=True)
    return found.status == RUNNING and found.worker == worker


def cancel(session: Session, job_id: int, actor: Actor) -> SolveJobRow:
    """Ask a job to stop: a queued one is cancelled at once; a running one stops at its next progress
    report and keeps its best plan so far; a finished one stays as it is."""
    found = job(session, job_id, lock=True)
    if found.status in FINISHED:
        return found
    if found.status == QUEUED:
        found.status, found.finished_at = CANCELLED, utc_now()
        found.error = f"cancelled by {actor.name} before it started"
    found.cancel_requested = True
    session.flush()
    _event(session, actor, "job.cancel", found, {"status": found.status})
    return found


def finish(session: Session, job_id: int, worker: str, status: str, *, result: dict[str, Any] | None = None,
           result_plan_id: int | None = None, result_revision: int | None = None,
           error: str | None = None) -> SolveJobRow | None:
    """End a running job of ``worker`` (None: it is no longer this worker's, e.g. failed by a reaper after
    its lease ran out; nothing is written)."""
    if status not in FINISHED:
        raise ValueError(f"finish with status {status!r}; expected one of {', '.join(FINISHED)}")
    found = job(session, job_id, lock=True)
    if found.status != RUNNING or found.worker != worker:
        return None
    found.status, found.finished_at, found.lease_until = status, utc_now(), None
    found.result, found.error = result, error
    found.result_plan_id, found.result_revision = result_plan_id, result_revision
    session.flush()
    _event(session, Actor(f"worker:{worker}"), "job.finish", found,
           {"status": status, "result": result, "result_plan": result_plan_id, "error": error})
    return found


def _gone(worker: str | None) -> str | None:
    """Why ``worker`` is known to be gone (its process on this host has ended), or None."""
    host, _, rest = (worker or "").partition(":")
    pid_text = rest.partition(":")[0]
    if host != socket.gethostname() or not pid_text.isdigit():
        return None
    pid = int(pid_text)
    if pid == os.getpid():
        return None
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return f"its worker process {pid} on {host} has ended"
    except PermissionError:
        return None
    return None


def reap(session: Session, reaper: str, now: dt.datetime | None = None) -> list[SolveJobRow]:
    """Fail the running jobs whose worker is gone (its lease ran out, or its process on this host ended)."""
    when = now or utc_now()
    failed = []
    running = session.execute(select(SolveJobRow).where(SolveJobRow.status == RUNNING).order_by(SolveJobRow.id)
                              .with_for_update(skip_locked=True)).scalars().all()
    for row in running:
        why = _gone(row.worker)
        if why is None and row.lease_until is not None and row.lease_until < when:
            why = f"its worker {row.worker} has not reported since {row.lease_until:%Y-%m-%d %H:%M:%S} UTC"
        if why is None:
            continue
        row.status, row.finished_at, row.lease_until = FAILED, when, None
        row.error = (f"the job stopped while it ran: {why} (a server restart or a killed worker); nothing was "
                     "written; submit it again")
        session.flush()
        _event(session, Actor(f"worker:{reaper}"), "job.fail", row, {"error": row.error})
        failed.append(row)
    return failed

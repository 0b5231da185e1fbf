"""A worker: claims queued solve jobs from the database, runs each (:mod:`crewplan.jobs.run`), reports its
progress every second (which renews its lease and hears of a cancel), and stores the result as a new branch
of the job's plan, in the same transaction as the job's end.

``crewplan serve`` runs one in a thread of its own process; ``crewplan worker`` runs one as a process (many
may share a PostgreSQL database). Either fails the jobs of dead workers before it claims (:func:`reap`).
"""

from __future__ import annotations

import logging
import tempfile
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from crewplan.errors import CrewplanError
from crewplan.jobs.run import JobOutcome, run
from crewplan.storage import Actor, Database, repository
from crewplan.storage import jobs as queue
from crewplan.storage.documents import from_document

log = logging.getLogger("crewplan.worker")
REPORT_S = 1.0
"""How often a running job's progress is stored (and a cancel heard)."""


@dataclass
class Worker:
    """Runs jobs from ``db`` until ``stopping`` is set (a running job is then stopped and failed)."""

    db: Database
    name: str
    poll_s: float = 1.0
    lease_s: float = queue.LEASE_S
    stopping: threading.Event = field(default_factory=threading.Event)
    on_job: Callable[[int, str], None] | None = None
    """Hears of each job it ends: its id and status (the command line prints them)."""

    def run_forever(self) -> None:
        while not self.stopping.is_set():
            if not self.run_one():
                self.stopping.wait(self.poll_s)

    def run_one(self) -> bool:
        """Reap, claim and run one job; False when none was queued."""
        with self.db.transaction() as session:
            for failed in queue.reap(session, self.name):
                log.warning("solve job %s failed: %s", failed.id, failed.error)
            claimed = queue.claim(session, self.name, self.lease_s)
            if claimed is None:
                return False
            job_id, plan_id, number, kind = claimed.id, claimed.plan_id, claimed.revision, claimed.kind
            options = dict(claimed.options)
            document = repository.revision(session, plan_id, number).document
        self._run(job_id, plan_id, number, kind, options, document)
        return True

    def _run(self, job_id: int, plan_id: int, number: int, kind: str, options: dict[str, Any], document: str
             ) -> None:
        stop = threading.Event()
        latest: dict[str, Any] = {"stage": "loading"}
        done = threading.Event()
        reporter = threading.Thread(target=self._report, args=(job_id, latest, stop, done),
                                    name=f"job-{job_id}-report", daemon=True)
        reporter.start()
        try:
            with tempfile.TemporaryDirectory(prefix=f"crewplan-job-{job_id}-") as folder:
                scenario = from_document(document, Path(folder) / "revision")
                outcome = run(kind, options, scenario, latest.update, stop)
                if self.stopping.is_set() and outcome.status == "cancelled":
                    outcome = JobOutcome("failed", outcome.result, error="the server or worker stopped while "
                                         "the job ran; nothing was written; submit it again")
                done.set()
                reporter.join()
                self._store(job_id, plan_id, number, outcome)
        except KeyboardInterrupt:
            self._fail(job_id, "the worker was interrupted (Ctrl-C) while the job ran; nothing was written; "
                       "submit it again")
            raise
        except CrewplanError as error:
            self._fail(job_id, str(error).splitlines()[0])
        except Exception as error:  # a bug: the job fails with its type, the worker lives on
            log.exception("solve job %s failed", job_id)
            self._fail(job_id, f"internal error ({type(error).__name__}); the worker's log has the details")
        finally:
            done.set()
            stop.set()
            reporter.join()

    def _report(self, job_id: int, latest: dict[str, Any], stop: threading.Event, done: threading.Event) -> None:
        while not done.wait(REPORT_S):
            try:
                with self.db.transaction() as session:
                    if queue.report(session, job_id, self.name, dict(latest), self.lease_s):
                        stop.set()
            except Exception:  # a lost connection: try again at the next report (the lease allows it)
                log.exception("progress report of solve job %s failed", job_id)
            if self.stopping.is_set():
                stop.set()

    def _store(self, job_id: int, plan_id: int, number: int, outcome: JobOutcome) -> None:
        me = Actor(f"worker:{self.name}")
        with self.db.transaction() as session:
            if not queue.owns(session, job_id, self.name):
                log.warning("solve job %s was ended meanwhile (its lease ran out?): its result is dropped", job_id)
                return
            branch_id = revision = None
            if outcome.manifest is not None:
                branch = repository.create_branch(session, plan_id, me, f"solve job {job_id}", number)
                row = repository.add_revision(session, branch.id, outcome.manifest, me, expected=1,
                                              message=f"solve job {job_id}: {outcome.message}")
                branch_id, revision = branch.id, row.number
            queue.finish(session, job_id, self.name, outcome.status, result=outcome.result,
                         result_plan_id=branch_id, result_revision=revision, error=outcome.error)
        if self.on_job is not None:
            self.on_job(job_id, outcome.status)

    def _fail(self, job_id: int, error: str) -> None:
        with self.db.transaction() as session:
            queue.finish(session, job_id, self.name, queue.FAILED, error=error)
        if self.on_job is not None:
            self.on_job(job_id, queue.FAILED)


def start_thread(worker: Worker) -> threading.Thread:
    """Run ``worker`` in a daemon thread (``crewplan serve``'s in-process worker)."""
    thread = threading.Thread(target=worker.run_forever, name="crewplan-worker", daemon=True)
    thread.start()
    return thread

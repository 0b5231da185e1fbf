"""Solve jobs: ``POST /plans/{id}/solve-jobs`` queues a plan or replan of a revision (202 and the job's URL);
``GET /solve-jobs/{id}`` gives its status and live progress; ``POST /solve-jobs/{id}/cancel`` stops it and
keeps the best plan found. A job's plan becomes revision 2 of a new branch of the plan, never the plan itself.

A job is visible to whoever sees its plan (404 otherwise); submitting needs the ``solve`` action; cancelling,
also the submitting agency (``job.owner``).
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Body, HTTPException, Path, Response, status

from crewplan.api.access import require, visible_plan, visible_revision
from crewplan.api.deps import INT_MAX, Caller, PlanId, ReadSession, State
from crewplan.api.models import Job, JobList, PlanJobRequest, ReplanJobRequest
from crewplan.api.routers.plans import actor
from crewplan.policy import Principal, may_cancel_job
from crewplan.storage import jobs as queue
from crewplan.storage.repository import NotFound
from crewplan.storage.schema import SolveJobRow

router = APIRouter(tags=["solve jobs"])
JobId = Annotated[int, Path(ge=1, le=INT_MAX, description="A solve job's number")]
JobRequest = Annotated[PlanJobRequest | ReplanJobRequest, Body(discriminator="kind")]
RESPONSES: dict[int | str, dict[str, Any]] = {
    403: {"description": "The caller's role or agency may not do this"},
    404: {"description": "No such plan or job, or none the caller may see"},
}


def shown(job: SolveJobRow, caller: Principal) -> Job:
    actions = ["read"]
    if job.status not in queue.FINISHED and may_cancel_job(caller, job.agency).allowed:
        actions.append("cancel")
    return Job(id=job.id, plan_id=job.plan_id, revision=job.revision, kind=job.kind, options=dict(job.options),
               status=job.status, cancel_requested=job.cancel_requested, progress=job.progress, result=job.result,
               result_plan_id=job.result_plan_id, result_revision=job.result_revision, error=job.error,
               created_at=job.created_at, created_by=job.created_by, started_at=job.started_at,
               finished_at=job.finished_at, url=f"/solve-jobs/{job.id}", allowed_actions=actions)


def visible_job(session: Any, caller: Principal, job_id: int, *, lock: bool = False) -> SolveJobRow:
    try:
        found = queue.job(session, job_id, lock=lock)
    except NotFound:
        raise HTTPException(status.HTTP_404_NOT_FOUND, f"solve job {job_id} not found") from None
    try:
        visible_plan(session, caller, found.plan_id)
    except HTTPException:
        raise HTTPException(status.HTTP_404_NOT_FOUND, f"solve job {job_id} not found") from None
    return found


@router.post("/plans/{plan_id}/solve-jobs", response_model=Job, status_code=status.HTTP_202_ACCEPTED,
             responses={**RESPONSES, 422: {"description": "Options or event ids that are not valid"}})
def submit(plan_id: PlanId, body: JobRequest, caller: Caller, state: State, response: Response) -> Job:
    """Queue a plan (``kind: plan``) or a replan (``kind: replan``, naming the revision's events) of a
    revision; the answer is 202 with the job, its URL in ``Location``. Poll it for progress."""
    options = body.model_dump(exclude={"kind", "revision"})
    if body.workers > state.max_job_workers:
        raise HTTPException(status.HTTP_422_UNPROCESSABLE_CONTENT, f"workers {body.workers}: this server runs a "
                            f"job on at most {state.max_job_workers} solver threads")
    with state.db.transaction() as session:
        _plan, row = visible_revision(session, caller, plan_id, body.revision)
        require(caller, "solve")
        if isinstance(body, ReplanJobRequest):
            scenario = state.cache.scenario(row.sha256, lambda: row.document)
            known = {e.id for e in scenario.events}
            missing = [e for e in body.events if e not in known]
            if missing:
                raise HTTPException(status.HTTP_422_UNPROCESSABLE_CONTENT, (
                    f"event {missing[0]!r} is not in revision {row.number}; its events are "
                    f"{', '.join(sorted(known)) or '(none: add one with POST /plans/{id}/edits/events)'}"))
        job = queue.submit(session, plan_id, row.number, body.kind, options, actor(caller))
        response.headers["Location"] = f"/solve-jobs/{job.id}"
        return shown(job, caller)


@router.get("/plans/{plan_id}/solve-jobs", response_model=JobList, responses=RESPONSES)
def list_jobs(plan_id: PlanId, caller: Caller, session: ReadSession) -> JobList:
    """The plan's solve jobs, oldest first."""
    visible_plan(session, caller, plan_id)
    return JobList(jobs=[shown(j, caller) for j in queue.jobs_of(session, plan_id)])


@router.get("/solve-jobs/{job_id}", response_model=Job, responses=RESPONSES)
def read_job(job_id: JobId, caller: Caller, session: ReadSession) -> Job:
    """A job's status, live progress (stage, incumbent, bound, gap, elapsed) and, once it ended, its result
    and the branch that holds its plan."""
    return shown(visible_job(session, caller, job_id), caller)


@router.post("/solve-jobs/{job_id}/cancel", response_model=Job, status_code=status.HTTP_202_ACCEPTED,
             responses=RESPONSES)
def cancel(job_id: JobId, caller: Caller, state: State) -> Job:
    """Stop a job: a queued one at once; a running one within a few seconds, keeping its best plan so far
    (status ``cancelled``, the plan on a branch). A finished job is left as it is."""
    with state.db.transaction() as session:
        job = visible_job(session, caller, job_id, lock=True)
        decision = may_cancel_job(caller, job.agency)
        if not decision.allowed:
            raise HTTPException(status.HTTP_403_FORBIDDEN, f"{decision.reason} ({decision.rule})")
        return shown(queue.cancel(session, job_id, actor(caller)), caller)

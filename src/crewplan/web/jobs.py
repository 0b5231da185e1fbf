"""Solve jobs in the web UI: start one on a plan, watch its progress live (htmx polls a fragment every
second), cancel it, open the branch that holds its plan. Every step is the API's (``/plans/{id}/solve-jobs``,
``/solve-jobs/{n}``, ``.../cancel``), with the viewer's token."""

from __future__ import annotations

from html import escape
from typing import Annotated

from fastapi import APIRouter, Form, HTTPException, Path, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from crewplan.api.deps import INT_MAX, PlanId
from crewplan.web.client import Api
from crewplan.web.common import ask, checked_session, missing, page, send, session_token

router = APIRouter(include_in_schema=False)
JobId = Annotated[int, Path(ge=1, le=INT_MAX)]
FINISHED = ("succeeded", "failed", "cancelled")


@router.post("/ui/plans/{plan_id}/solve")
async def start(request: Request, plan_id: PlanId, csrf: Annotated[str, Form(max_length=128)] = "",
                time_limit_s: Annotated[float, Form(gt=0, le=86_400)] = 120.0,
                work_limit: Annotated[float | None, Form(gt=0, le=1e9)] = None) -> Response:
    token = checked_session(request, csrf)
    body: dict[str, object] = {"kind": "plan", "time_limit_s": time_limit_s}
    if work_limit is not None:
        body["work_limit"] = work_limit
    async with Api(request, token) as api:
        answer = await send(api, request, f"/plans/{plan_id}/solve-jobs", json=body)
    if not answer.ok:
        raise HTTPException(answer.status, answer.detail())
    return RedirectResponse(f"/ui/solve-jobs/{answer.body['id']}", status_code=303)


@router.get("/ui/solve-jobs/{job_id}")
async def job_page(request: Request, job_id: JobId) -> HTMLResponse:
    async with Api(request, session_token(request)) as api:
        me = await ask(api, request, "/auth/me")
        job = await ask(api, request, f"/solve-jobs/{job_id}")
    if job.status == 404:
        return missing(request, me.body, f"solve job {job_id}")
    return page(request, "job.html", me=me.body, job=job.body, finished=job.body["status"] in FINISHED)


@router.get("/ui/solve-jobs/{job_id}/progress")
async def job_progress(request: Request, job_id: JobId) -> HTMLResponse:
    """The live part of the job's page (htmx swaps it in every second until the job has finished)."""
    async with Api(request, session_token(request)) as api:
        job = await ask(api, request, f"/solve-jobs/{job_id}")
    if not job.ok:
        # 286: htmx stops polling (a job that is gone, or a refusal, will not come back by asking again)
        return HTMLResponse(f"<p>{job.status}: {escape(job.detail())}</p>", status_code=286)
    return page(request, "job_progress.html", job=job.body, finished=job.body["status"] in FINISHED)


@router.post("/ui/solve-jobs/{job_id}/cancel")
async def cancel(request: Request, job_id: JobId, csrf: Annotated[str, Form(max_length=128)] = "") -> Response:
    token = checked_session(request, csrf)
    async with Api(request, token) as api:
        answer = await send(api, request, f"/solve-jobs/{job_id}/cancel")
    if not answer.ok:
        raise HTTPException(answer.status, answer.detail())
    return RedirectResponse(f"/ui/solve-jobs/{job_id}", status_code=303)

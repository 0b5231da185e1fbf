"""Branches and merges in the web UI: make a branch, compare a branch with its plan, propose it as a merge
request, and review one (its diff against the plan now, conflicts, the checker's verdict on the merged result,
who must approve and who did), approve or reject it, merge it, withdraw it. Every step is the API's."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, HTTPException, Path, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from crewplan.api.deps import INT_MAX, PlanId
from crewplan.web.client import Api
from crewplan.web.common import ask, checked_session, missing, page, refusal, send, session_token, viewer_and_plan

router = APIRouter(include_in_schema=False)
RequestId = Annotated[int, Path(ge=1, le=INT_MAX)]
Csrf = Annotated[str, Form(max_length=128)]


@router.post("/ui/plans/{plan_id}/branches")
async def branch(request: Request, plan_id: PlanId, name: Annotated[str, Form(min_length=1, max_length=200)],
                 csrf: Csrf = "") -> Response:
    token = checked_session(request, csrf)
    async with Api(request, token) as api:
        answer = await send(api, request, f"/plans/{plan_id}/branches", json={"name": name})
    if not answer.ok:
        raise HTTPException(answer.status, refusal(answer, f"branch {name!r}"))
    return RedirectResponse(f"/ui/plans/{answer.body['id']}", status_code=303)


@router.get("/ui/plans/{plan_id}/compare")
async def compare_page(request: Request, plan_id: PlanId) -> HTMLResponse:
    async with Api(request, session_token(request)) as api:
        me, plan = await viewer_and_plan(api, request, plan_id)
        compared = await ask(api, request, f"/plans/{plan_id}/compare")
        requests = await ask(api, request, f"/plans/{plan_id}/merge-requests")
    if not compared.ok:
        raise HTTPException(compared.status, compared.detail())
    open_requests = [r for r in requests.body["merge_requests"] if r["status"] == "open" and r["branch_id"] == plan_id]
    return page(request, "compare.html", me=me, plan=plan, compared=compared.body,
                open_requests=open_requests)


@router.get("/ui/plans/{plan_id}/merge-requests")
async def requests_page(request: Request, plan_id: PlanId) -> HTMLResponse:
    async with Api(request, session_token(request)) as api:
        me, plan = await viewer_and_plan(api, request, plan_id)
        listed = await ask(api, request, f"/plans/{plan_id}/merge-requests")
    return page(request, "merge_requests.html", me=me, plan=plan,
                requests=listed.body["merge_requests"] if listed.ok else [])


@router.post("/ui/plans/{plan_id}/merge-requests")
async def propose(request: Request, plan_id: PlanId, title: Annotated[str, Form(min_length=1, max_length=200)],
                  csrf: Csrf = "") -> Response:
    token = checked_session(request, csrf)
    async with Api(request, token) as api:
        answer = await send(api, request, f"/plans/{plan_id}/merge-requests", json={"title": title})
    if not answer.ok:
        raise HTTPException(answer.status, refusal(answer, "merge request"))
    return RedirectResponse(f"/ui/merge-requests/{answer.body['id']}", status_code=303)


@router.get("/ui/merge-requests/{request_id}")
async def request_page(request: Request, request_id: RequestId, done: str | None = None) -> HTMLResponse:
    note = {"decided": "Your decision is saved.", "merged": "Merged: the plan has a new revision.",
            "closed": "The request is withdrawn."}.get(done or "")
    return await render(request, request_id, note=note)


async def render(request: Request, request_id: int, *, note: str | None = None, problem: str | None = None,
                 typed: str = "", status_code: int = 200) -> HTMLResponse:
    async with Api(request, session_token(request)) as api:
        me = await ask(api, request, "/auth/me")
        found = await ask(api, request, f"/merge-requests/{request_id}")
        if found.status == 404:
            return missing(request, me.body, f"merge request {request_id}")
        plan = await ask(api, request, f"/plans/{found.body['plan_id']}")
    return page(request, "merge_request.html", status_code=status_code, me=me.body, mr=found.body, plan=plan.body,
                note=note, problem=problem, typed=typed)


@router.post("/ui/merge-requests/{request_id}/approvals")
async def decide(request: Request, request_id: RequestId, approve: Annotated[bool, Form()],
                 comment: Annotated[str, Form(max_length=2000)] = "", csrf: Csrf = "") -> Response:
    token = checked_session(request, csrf)
    async with Api(request, token) as api:
        answer = await send(api, request, f"/merge-requests/{request_id}/approvals",
                            json={"approve": approve, "comment": comment})
    if answer.ok:
        return RedirectResponse(f"/ui/merge-requests/{request_id}?done=decided", status_code=303)
    return await render(request, request_id, problem=refusal(answer, "decision"), typed=comment,
                        status_code=answer.status)


@router.post("/ui/merge-requests/{request_id}/merge")
async def merge(request: Request, request_id: RequestId, plan_revision: Annotated[int, Form(ge=1, le=INT_MAX)],
                csrf: Csrf = "") -> Response:
    """Merge what the page showed: ``If-Match`` is the plan's revision the diff was computed on."""
    token = checked_session(request, csrf)
    async with Api(request, token) as api:
        answer = await send(api, request, f"/merge-requests/{request_id}/merge",
                            headers={"If-Match": str(plan_revision)})
    if answer.ok:
        return RedirectResponse(f"/ui/merge-requests/{request_id}?done=merged", status_code=303)
    return await render(request, request_id, problem=refusal(answer, "merge", plan_revision,
                                                             " Review the newer diff below before merging."),
                        status_code=answer.status)


@router.post("/ui/merge-requests/{request_id}/close")
async def close(request: Request, request_id: RequestId, csrf: Csrf = "") -> Response:
    token = checked_session(request, csrf)
    async with Api(request, token) as api:
        answer = await send(api, request, f"/merge-requests/{request_id}/close")
    if answer.ok:
        return RedirectResponse(f"/ui/merge-requests/{request_id}?done=closed", status_code=303)
    return await render(request, request_id, problem=refusal(answer, "withdrawal"), status_code=answer.status)

"""The pages at ``/ui``: log in and out, the plans and branches, a plan's overview. Each page asks the API
(:mod:`crewplan.web.client`) with the viewer's token and renders what it answers."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response

from crewplan.api.deps import PlanId
from crewplan.web import common, security, views
from crewplan.web.client import Api
from crewplan.web.common import ask, checked_session, secret, session_token, viewer_and_plan

router = APIRouter(include_in_schema=False)
page = common.page


MESSAGES = {"logged-out": "logged out", "session-ended": "your session ended: log in again"}
"""The only notes the log-in page shows from its address (no text of a link's choosing)."""


@router.get("/")
async def home() -> RedirectResponse:
    return RedirectResponse("/ui/plans", status_code=303)


@router.get("/ui")
async def ui_home() -> RedirectResponse:
    return RedirectResponse("/ui/plans", status_code=303)


@router.get("/ui/login")
async def login_form(request: Request, next: str = "/ui/plans", message: str | None = None) -> HTMLResponse:
    nonce = security.new_nonce()
    shown = page(request, "login.html", next=views.local_path(next), message=MESSAGES.get(message or ""),
                 username="",
                 login_csrf=security.csrf_token(secret(request), nonce))
    security.set_cookie(shown, request, security.LOGIN_COOKIE, nonce, max_age_s=3600)
    return shown


@router.post("/ui/login")
async def login(request: Request, username: Annotated[str, Form(max_length=128)],
                password: Annotated[str, Form(max_length=1024)], csrf: Annotated[str, Form(max_length=128)] = "",
                next: Annotated[str, Form(max_length=2000)] = "/ui/plans") -> Response:
    security.check_csrf(request, secret(request), request.cookies.get(security.LOGIN_COOKIE), csrf)
    async with Api(request, None) as api:
        answer = await api.post("/auth/token", data={"username": username, "password": password})
    if not answer.ok:
        shown = page(request, "login.html", status_code=answer.status, next=views.local_path(next),
                     message=answer.detail(), username=username, login_csrf=csrf)
        if "retry-after" in answer.headers:
            shown.headers["Retry-After"] = answer.headers["retry-after"]
        return shown
    done = RedirectResponse(views.local_path(next), status_code=303)
    security.set_cookie(done, request, security.SESSION_COOKIE, answer.body["access_token"],
                        max_age_s=int(answer.body["expires_in_s"]))
    done.delete_cookie(security.LOGIN_COOKIE, path="/")
    return done


@router.post("/ui/logout")
async def logout(request: Request, csrf: Annotated[str, Form(max_length=128)] = "") -> Response:
    token = request.cookies.get(security.SESSION_COOKIE)
    if not token:  # already logged out (the session ended): nothing to revoke
        return RedirectResponse("/ui/login?message=logged-out", status_code=303)
    security.check_csrf(request, secret(request), token, csrf)
    async with Api(request, token) as api:
        await api.post("/auth/logout")
    done = RedirectResponse("/ui/login?message=logged-out", status_code=303)
    done.delete_cookie(security.SESSION_COOKIE, path="/")
    return done


@router.get("/ui/plans")
async def plans(request: Request) -> HTMLResponse:
    async with Api(request, session_token(request)) as api:
        me = await ask(api, request, "/auth/me")
        listed = await ask(api, request, "/plans")
    return page(request, "plans.html", me=me.body, plans=views.plan_tree(listed.body["plans"]))


@router.get("/ui/plans/{plan_id}")
async def overview(request: Request, plan_id: PlanId, edited: int | None = None) -> HTMLResponse:
    note = f"Your edit is saved as revision {edited}." if edited else None
    return await render_overview(request, plan_id, note=note)


async def render_overview(request: Request, plan_id: int, *, note: str | None = None, problem: str | None = None,
                          typed_event: dict[str, Any] | None = None, status_code: int = 200) -> HTMLResponse:
    """A plan's overview at its newest revision, with a note (an edit saved) or a problem (an edit refused;
    ``typed_event``: the event form as it was sent)."""
    async with Api(request, session_token(request)) as api:
        me, plan = await viewer_and_plan(api, request, plan_id)
        document = await ask(api, request, f"/plans/{plan_id}/document")
        findings = await ask(api, request, f"/plans/{plan_id}/check")
    shown = views.Overview.of(plan, document.body, findings.body if findings.ok else None)
    return page(request, "plan.html", status_code=status_code, me=me, plan=plan, view=shown,
                checked_at=dt.datetime.now(dt.UTC), note=note, problem=problem, typed=typed_event or {})


@router.post("/ui/plans/{plan_id}/pin")
async def pin(request: Request, plan_id: PlanId, flight: Annotated[str, Form(max_length=64)],
              astronaut: Annotated[str, Form(max_length=64)], revision: Annotated[int, Form(ge=1, le=2**31 - 1)],
              pinned: Annotated[bool, Form()] = True, csrf: Annotated[str, Form(max_length=128)] = "") -> Response:
    """Pin or release an assignment on the revision the page showed (``If-Match``): a stale page gets the
    newer plan and says so, and nothing is changed."""
    token = checked_session(request, csrf)
    what = f"change ({'pin' if pinned else 'release'} {astronaut} on {flight})"
    async with Api(request, token) as api:
        answer = await common.send(api, request, f"/plans/{plan_id}/edits/pin", headers={"If-Match": str(revision)},
                                   json={"flight": flight, "astronaut": astronaut, "pinned": pinned})
    if answer.ok:
        return RedirectResponse(f"/ui/plans/{plan_id}?edited={answer.body['revision']}", status_code=303)
    return await render_overview(request, plan_id, problem=common.refusal(answer, what, revision),
                                 status_code=answer.status)


@router.get("/ui/plans/{plan_id}/timeline")
async def timeline_page(request: Request, plan_id: PlanId) -> HTMLResponse:
    async with Api(request, session_token(request)) as api:
        me, plan = await viewer_and_plan(api, request, plan_id)
    return page(request, "timeline.html", me=me, plan=plan)


async def _document_and_findings(request: Request, plan_id: int) -> tuple[dict[str, Any], list[dict[str, Any]]] | None:
    """The API's (redacted) document and findings of the plan's newest revision (``None``: no such plan for
    the viewer)."""
    async with Api(request, session_token(request)) as api:
        document = await ask(api, request, f"/plans/{plan_id}/document")
        if document.status == 404:
            return None
        findings = await ask(api, request, f"/plans/{plan_id}/check")
    return document.body, findings.body["findings"] if findings.ok else []


NOT_FOUND_JSON = {"detail": "not found"}


@router.get("/ui/plans/{plan_id}/timeline.json")
async def timeline_data(request: Request, plan_id: PlanId) -> JSONResponse:
    """The timeline's data, from what the API shows the viewer of the plan's newest revision."""
    found = await _document_and_findings(request, plan_id)
    if found is None:
        return JSONResponse(NOT_FOUND_JSON, status_code=404)
    return JSONResponse(views.timeline(*found))


@router.get("/ui/plans/{plan_id}/openmct-plan.json")
async def openmct_export(request: Request, plan_id: PlanId) -> JSONResponse:
    """The plan as an Open MCT plan, made from what the API shows the viewer (``crewplan report --format
    openmct`` writes the same for a manifest file)."""
    from crewplan.report.lanes import openmct_plan

    found = await _document_and_findings(request, plan_id)
    if found is None:
        return JSONResponse(NOT_FOUND_JSON, status_code=404)
    document, findings = found
    return JSONResponse(openmct_plan(document, findings), headers={
        "Content-Disposition": f'attachment; filename="plan-{plan_id}-r{document["revision"]}-openmct.json"'})

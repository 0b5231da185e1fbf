"""The pages at ``/ui``: log in and out, the plans and branches, a plan's overview. Each page asks the API
(:mod:`crewplan.web.client`) with the viewer's token and renders what it answers."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import urlsplit

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates

from crewplan.api.deps import PlanId
from crewplan.web import security, views
from crewplan.web.client import Answer, Api

HERE = Path(__file__).parent
templates = Jinja2Templates(directory=HERE / "templates")
templates.env.filters["day"] = views.day
router = APIRouter(include_in_schema=False)


MESSAGES = {"logged-out": "logged out", "session-ended": "your session ended: log in again"}
"""The only notes the log-in page shows from its address (no text of a link's choosing)."""


class LoggedOut(Exception):
    """The viewer has no session (``ended``: the API no longer accepts the one it had)."""

    def __init__(self, request: Request, ended: bool = False) -> None:
        self.back_to = _back_to(request)
        self.ended = ended


def _back_to(request: Request) -> str:
    """Where to come back after logging in: the page asked for; for a form's post or a page's live part,
    the page it belongs to."""
    path = request.url.path
    if path.endswith("/progress"):
        return path.removesuffix("/progress")
    if request.method != "GET":
        referer = urlsplit(request.headers.get("referer", ""))
        return referer.path if (referer.scheme, referer.netloc) == (request.url.scheme, request.url.netloc) \
            else "/ui/plans"
    return path


def _secret(request: Request) -> bytes:
    secret: bytes = request.app.state.crewplan.secret
    return secret


def _session(request: Request) -> str:
    token = request.cookies.get(security.SESSION_COOKIE)
    if not token:
        raise LoggedOut(request)
    return token


def page(request: Request, name: str, status_code: int = 200, **context: Any) -> HTMLResponse:
    token = request.cookies.get(security.SESSION_COOKIE)
    csrf = security.csrf_token(_secret(request), token) if token else None
    return templates.TemplateResponse(request, name, {"csrf": csrf, **context}, status_code=status_code)


async def _ask(api: Api, request: Request, path: str) -> Answer:
    answer = await api.get(path)
    if answer.status == 401:
        raise LoggedOut(request, ended=True)
    return answer


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
                 login_csrf=security.csrf_token(_secret(request), nonce))
    security.set_cookie(shown, request, security.LOGIN_COOKIE, nonce, max_age_s=3600)
    return shown


@router.post("/ui/login")
async def login(request: Request, username: Annotated[str, Form(max_length=128)],
                password: Annotated[str, Form(max_length=1024)], csrf: Annotated[str, Form(max_length=128)] = "",
                next: Annotated[str, Form(max_length=2000)] = "/ui/plans") -> Response:
    security.check_csrf(request, _secret(request), request.cookies.get(security.LOGIN_COOKIE), csrf)
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
    security.check_csrf(request, _secret(request), token, csrf)
    async with Api(request, token) as api:
        await api.post("/auth/logout")
    done = RedirectResponse("/ui/login?message=logged-out", status_code=303)
    done.delete_cookie(security.SESSION_COOKIE, path="/")
    return done


@router.get("/ui/plans")
async def plans(request: Request) -> HTMLResponse:
    async with Api(request, _session(request)) as api:
        me = await _ask(api, request, "/auth/me")
        listed = await _ask(api, request, "/plans")
    return page(request, "plans.html", me=me.body, plans=views.plan_tree(listed.body["plans"]))


@router.get("/ui/plans/{plan_id}")
async def overview(request: Request, plan_id: PlanId, edited: int | None = None) -> HTMLResponse:
    note = f"Your edit is saved as revision {edited}." if edited else None
    return await render_overview(request, plan_id, note=note)


async def render_overview(request: Request, plan_id: int, *, note: str | None = None, problem: str | None = None,
                          status_code: int = 200) -> HTMLResponse:
    """A plan's overview at its newest revision, with a note (an edit saved) or a problem (an edit refused)."""
    async with Api(request, _session(request)) as api:
        me = await _ask(api, request, "/auth/me")
        summary = await _ask(api, request, f"/plans/{plan_id}")
        if summary.status == 404:
            return page(request, "missing.html", status_code=404, me=me.body, what=f"plan {plan_id}")
        document = await _ask(api, request, f"/plans/{plan_id}/document")
        findings = await _ask(api, request, f"/plans/{plan_id}/check")
    shown = views.Overview.of(summary.body, document.body, findings.body if findings.ok else None)
    return page(request, "plan.html", status_code=status_code, me=me.body, plan=summary.body, view=shown,
                checked_at=dt.datetime.now(dt.UTC), note=note, problem=problem)


@router.post("/ui/plans/{plan_id}/pin")
async def pin(request: Request, plan_id: PlanId, flight: Annotated[str, Form(max_length=64)],
              astronaut: Annotated[str, Form(max_length=64)], revision: Annotated[int, Form(ge=1, le=2**31 - 1)],
              pinned: Annotated[bool, Form()] = True, csrf: Annotated[str, Form(max_length=128)] = "") -> Response:
    """Pin or release an assignment on the revision the page showed (``If-Match``): a stale page gets the
    newer plan and says so, and nothing is changed."""
    token = _session(request)
    security.check_csrf(request, _secret(request), token, csrf)
    what = f"{'pin' if pinned else 'release'} {astronaut} on {flight}"
    async with Api(request, token) as api:
        answer = await api.post(f"/plans/{plan_id}/edits/pin", headers={"If-Match": str(revision)},
                                json={"flight": flight, "astronaut": astronaut, "pinned": pinned})
    if answer.status == 401:
        raise LoggedOut(request, ended=True)
    if answer.ok:
        return RedirectResponse(f"/ui/plans/{plan_id}?edited={answer.body['revision']}", status_code=303)
    if answer.status == 409:
        now = answer.headers.get("etag", "").strip('"')
        problem = (f"The plan changed meanwhile: you saw revision {revision}, it is now revision {now}. Your "
                   f"change ({what}) was not made. Here is the newer plan: make it again if it is still needed.")
    else:
        problem = f"Your change ({what}) was refused: {answer.detail()}"
    return await render_overview(request, plan_id, problem=problem, status_code=answer.status)


@router.get("/ui/plans/{plan_id}/timeline")
async def timeline_page(request: Request, plan_id: PlanId) -> HTMLResponse:
    async with Api(request, _session(request)) as api:
        me = await _ask(api, request, "/auth/me")
        summary = await _ask(api, request, f"/plans/{plan_id}")
    if summary.status == 404:
        return page(request, "missing.html", status_code=404, me=me.body, what=f"plan {plan_id}")
    return page(request, "timeline.html", me=me.body, plan=summary.body)


async def _document_and_findings(request: Request, plan_id: int) -> tuple[dict[str, Any], list[dict[str, Any]]] | None:
    """The API's (redacted) document and findings of the plan's newest revision (``None``: no such plan for
    the viewer)."""
    async with Api(request, _session(request)) as api:
        document = await _ask(api, request, f"/plans/{plan_id}/document")
        if document.status == 404:
            return None
        findings = await _ask(api, request, f"/plans/{plan_id}/check")
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

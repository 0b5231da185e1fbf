"""What every page of the web UI shares: the templates, the viewer's session, the API calls that end a
page when the session has ended, and one wording for an edit the API refused or found stale."""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from fastapi import Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from crewplan.web import security, views
from crewplan.web.client import Answer, Api

HERE = Path(__file__).parent
templates = Jinja2Templates(directory=HERE / "templates")
templates.env.filters["day"] = views.day


class LoggedOut(Exception):
    """The viewer has no session (``ended``: the API no longer accepts the one it had)."""

    def __init__(self, request: Request, ended: bool = False) -> None:
        self.back_to = back_to(request)
        self.ended = ended


def back_to(request: Request) -> str:
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


def secret(request: Request) -> bytes:
    key: bytes = request.app.state.crewplan.secret
    return key


def session_token(request: Request) -> str:
    """The viewer's session, or :class:`LoggedOut` (to the log-in page and back)."""
    token = request.cookies.get(security.SESSION_COOKIE)
    if not token:
        raise LoggedOut(request)
    return token


def checked_session(request: Request, csrf: str) -> str:
    """The session of a state-changing request whose origin and CSRF token hold (else 403)."""
    token = session_token(request)
    security.check_csrf(request, secret(request), token, csrf)
    return token


def page(request: Request, name: str, status_code: int = 200, **context: Any) -> HTMLResponse:
    token = request.cookies.get(security.SESSION_COOKIE)
    csrf = security.csrf_token(secret(request), token) if token else None
    return templates.TemplateResponse(request, name, {"csrf": csrf, **context}, status_code=status_code)


def missing(request: Request, me: dict[str, Any], what: str) -> HTMLResponse:
    """The 404 page: there is no such thing, or none the viewer's agency may see (the same words)."""
    return page(request, "missing.html", status_code=404, me=me, what=what)


class NotShown(Exception):
    """A page's plan that does not exist or that the viewer may not see: the 404 page (the same words either
    way), rendered by the application's handler."""

    def __init__(self, me: dict[str, Any], what: str) -> None:
        self.me = me
        self.what = what


async def viewer_and_plan(api: Api, request: Request, plan_id: int) -> tuple[dict[str, Any], dict[str, Any]]:
    """The viewer (``/auth/me``) and the plan's summary, or :class:`NotShown`."""
    me = await ask(api, request, "/auth/me")
    summary = await ask(api, request, f"/plans/{plan_id}")
    if summary.status == 404:
        raise NotShown(me.body, f"plan {plan_id}")
    return me.body, summary.body


async def ask(api: Api, request: Request, path: str, **kwargs: Any) -> Answer:
    """A GET of the API; a refused session ends the page (:class:`LoggedOut`)."""
    answer = await api.get(path, **kwargs)
    if answer.status == 401:
        raise LoggedOut(request, ended=True)
    return answer


async def send(api: Api, request: Request, path: str, **kwargs: Any) -> Answer:
    """A POST of the API; a refused session ends the page (:class:`LoggedOut`)."""
    answer = await api.post(path, **kwargs)
    if answer.status == 401:
        raise LoggedOut(request, ended=True)
    return answer


def refusal(answer: Answer, what: str, revision: int | None = None, kept: str = "") -> str:
    """The words for an edit that was not made: stale (409 with the newer revision), or refused (why).
    ``kept``: what became of what the viewer typed (default: the newer plan is shown to redo it on)."""
    if answer.status == 409 and revision is not None and "etag" in answer.headers:
        now = answer.headers["etag"].strip('"')
        return (f"The plan changed meanwhile: you saw revision {revision}, it is now revision {now}. Your "
                f"{what} was not made."
                + (kept or " Here is the newer plan: make it again if it is still needed."))
    return f"Your {what} was refused: {answer.detail()}"

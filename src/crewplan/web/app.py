"""The web UI's part of the application: its pages, its static files, its headers and its error pages."""

from __future__ import annotations

from urllib.parse import quote

from fastapi import FastAPI, Request
from fastapi.exception_handlers import http_exception_handler, request_validation_exception_handler
from fastapi.exceptions import RequestValidationError
from fastapi.responses import RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.datastructures import MutableHeaders
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from crewplan.web import audit, common, docs, events, jobs, launches, manifest, merges, pages, proposals, security

TITLES = {403: "Refused", 404: "Not found", 405: "Not allowed", 409: "Changed meanwhile", 422: "Not valid",
          429: "Too many attempts"}


def is_page(path: str) -> bool:
    return path == "/" or path == "/ui" or path.startswith("/ui/")


class PageHeaders:
    """The security headers (:data:`crewplan.web.security.HEADERS`) on every page and static file; the API's
    JSON answers pass untouched (a pure ASGI middleware: no cost to them beyond one comparison)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not is_page(scope["path"]):
            await self.app(scope, receive, send)
            return

        async def sending(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in security.HEADERS.items():
                    headers[name] = value
            await send(message)

        await self.app(scope, receive, sending)


def install(app: FastAPI) -> None:
    for module in (pages, jobs, proposals, manifest, launches, merges, events, audit, docs):
        app.include_router(module.router)
    app.mount("/ui/static", StaticFiles(directory=common.HERE / "static"), name="static")
    app.add_middleware(PageHeaders)

    @app.exception_handler(common.LoggedOut)
    async def logged_out(request: Request, error: common.LoggedOut) -> Response:
        target = f"/ui/login?next={quote(error.back_to)}" + ("&message=session-ended" if error.ended else "")
        if request.headers.get("hx-request"):
            # A live part of a page (htmx): the whole page goes to the log-in, not the fragment's place.
            done: Response = Response(status_code=200, headers={"HX-Redirect": target})
        else:
            done = RedirectResponse(target, status_code=303)
        if error.ended:  # only a session the API refused is removed (a link from elsewhere sends none)
            done.delete_cookie(security.SESSION_COOKIE, path="/")
        return done

    @app.exception_handler(common.NotShown)
    async def not_shown(request: Request, error: common.NotShown) -> Response:
        return common.missing(request, error.me, error.what)

    @app.exception_handler(StarletteHTTPException)
    async def refused(request: Request, error: StarletteHTTPException) -> Response:
        if not is_page(request.url.path):
            return await http_exception_handler(request, error)
        shown = common.page(request, "refused.html", status_code=error.status_code, me=None,
                           detail=error.detail, title=TITLES.get(error.status_code, "Refused"))
        for name, value in (error.headers or {}).items():
            shown.headers[name] = value
        return shown

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, error: RequestValidationError) -> Response:
        if not is_page(request.url.path):
            return await request_validation_exception_handler(request, error)
        problems = "; ".join(f"{'.'.join(str(x) for x in e.get('loc', ())[1:])}: {e.get('msg')}"
                             for e in error.errors())
        return common.page(request, "refused.html", status_code=422, me=None, title="Not valid",
                          detail=f"the request is not valid: {problems}")

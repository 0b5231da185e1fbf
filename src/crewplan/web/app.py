"""The web UI's part of the application: its pages, its static files, its headers and its error pages."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from fastapi import FastAPI, Request
from fastapi.exception_handlers import http_exception_handler
from fastapi.responses import RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.datastructures import MutableHeaders
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from crewplan.web import jobs, pages, security


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
    app.include_router(pages.router)
    app.include_router(jobs.router)
    app.mount("/ui/static", StaticFiles(directory=pages.HERE / "static"), name="static")
    app.add_middleware(PageHeaders)

    @app.exception_handler(pages.LoggedOut)
    async def logged_out(request: Request, error: pages.LoggedOut) -> Response:
        target = f"/ui/login?next={quote(error.back_to)}"
        if error.message:
            target += f"&message={quote(error.message)}"
        done = RedirectResponse(target, status_code=303)
        done.delete_cookie(security.SESSION_COOKIE, path="/")
        return done

    @app.exception_handler(StarletteHTTPException)
    async def refused(request: Request, error: StarletteHTTPException) -> Response:
        if not is_page(request.url.path):
            return await http_exception_handler(request, error)
        context: dict[str, Any] = {"detail": error.detail, "me": None}
        return pages.page(request, "refused.html", status_code=error.status_code, **context)

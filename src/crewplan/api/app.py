"""The FastAPI application: routers, error mapping, and the service state."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from fastapi import FastAPI, Request, status
from fastapi.responses import JSONResponse

from crewplan import __version__
from crewplan.api.routers import audit, auth, authz, checks, edits, jobs, manifest, merges, plans, proposals, windows
from crewplan.api.state import ServiceState
from crewplan.storage import Database, StaleRevision
from crewplan.storage.repository import NotFound


def create_app(db: Database, *, secret: bytes | None = None, token_minutes: int = 15, worker: bool = True
               ) -> FastAPI:
    """The service over ``db`` (its schema current). Tokens are signed with ``secret`` (default: random per
    process, so tokens do not outlive the server). With ``worker``, solve jobs run in a thread of this
    process (else only in ``crewplan worker`` processes)."""
    state = ServiceState(db=db, token_minutes=token_minutes)
    if secret is not None:
        state.secret = secret

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        from crewplan.jobs.worker import Worker, start_thread
        from crewplan.storage.jobs import worker_name

        running = Worker(db, worker_name("serve")) if worker else None
        thread = start_thread(running) if running else None
        try:
            yield
        finally:
            if running is not None and thread is not None:
                running.stopping.set()
                thread.join(60)
            state.cache.close()

    app = FastAPI(title="crewplan", version=__version__, lifespan=lifespan, docs_url=None, redoc_url=None,
                  description="Shared crew-exchange plans for agencies that see only what they may.")
    app.state.crewplan = state
    common: dict[int | str, dict[str, Any]] = {
        401: {"description": "Not logged in, or the token expired or was revoked"},
        422: {"description": "A parameter or body that is not valid (what and why in detail)"}}
    for module in (auth, plans, edits, proposals, merges, checks, jobs, windows, manifest, audit, authz):
        app.include_router(module.router, responses=common)

    from crewplan.web.app import install

    install(app)

    @app.get("/health", tags=["service"])
    def health() -> dict[str, str]:
        """Liveness: the server answers (no log-in needed; says nothing about any plan)."""
        return {"status": "ok", "version": __version__}

    @app.exception_handler(NotFound)
    async def not_found(_request: Request, error: NotFound) -> JSONResponse:
        return JSONResponse({"detail": "not found"}, status_code=status.HTTP_404_NOT_FOUND)

    @app.exception_handler(StaleRevision)
    async def stale(_request: Request, error: StaleRevision) -> JSONResponse:
        return JSONResponse({"detail": str(error)}, status_code=status.HTTP_409_CONFLICT,
                            headers={"ETag": f'"{error.current}"'})

    return app


TOKEN_MINUTES_ENV = "CREWPLAN_TOKEN_MINUTES"
POOL_ENV = "CREWPLAN_POOL_CONNECTIONS"
"""Set by ``crewplan serve --processes N`` for its server processes (with ``$CREWPLAN_DATABASE_URL`` and
``$CREWPLAN_SECRET_KEY``): the token lifetime and each process's share of the database's connections."""


def from_environment() -> FastAPI:
    """The app of one of ``crewplan serve --processes N``'s server processes (uvicorn imports it by name in
    each): the database from ``$CREWPLAN_DATABASE_URL`` (already upgraded by the parent), the token secret
    from ``$CREWPLAN_SECRET_KEY`` (the parent sets one for all when none is given, so a token of one process is
    good in every other), no solve-job worker (the parent runs the one worker)."""
    import os

    from crewplan.storage import open_database

    db = open_database(existing=True, pool_max=int(os.environ.get(POOL_ENV, "40")))
    return create_app(db, secret=os.environ["CREWPLAN_SECRET_KEY"].encode(),
                      token_minutes=int(os.environ.get(TOKEN_MINUTES_ENV, "15")), worker=False)

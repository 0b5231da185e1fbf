"""The audit log in the web UI (the API's ``/audit`` and ``/audit/verify``: administrators only; anyone else
is told their role may not read it). The log holds digests, never values."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import HTMLResponse

from crewplan.web.client import Api
from crewplan.web.common import ask, page, session_token

router = APIRouter(include_in_schema=False)
PAGE = 100


@router.get("/ui/audit")
async def audit_page(request: Request, after: Annotated[int, Query(ge=0, le=2**31 - 1)] = 0) -> HTMLResponse:
    async with Api(request, session_token(request)) as api:
        me = await ask(api, request, "/auth/me")
        log = await ask(api, request, "/audit", params={"after": after, "limit": PAGE})
        if not log.ok:
            raise HTTPException(log.status, log.detail())
        verdict = await ask(api, request, "/audit/verify")
    events = log.body["events"]
    return page(request, "audit.html", me=me.body, events=events, verdict=verdict.body, after=after,
                next_after=events[-1]["seq"] if len(events) == PAGE else None)

"""A disruption in the web UI: record the event on the plan (the API's ``/edits/events`` with ``If-Match``) and,
if asked, replan for it at once (a ``replan`` solve job whose plan becomes a new branch: the plan itself
keeps only the fact that the event happened). A stale page or a refused event says so and keeps the form."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from crewplan.api.deps import PlanId
from crewplan.web.client import Api
from crewplan.web.common import ask, checked_session, refusal, send
from crewplan.web.pages import render_overview

router = APIRouter(include_in_schema=False)
Id = Annotated[str, Form(max_length=64)]
KEPT = " What you typed is kept below: send it again if it still holds."


@router.post("/ui/plans/{plan_id}/events")
async def record(request: Request, plan_id: PlanId, revision: Annotated[int, Form(ge=1, le=2**31 - 1)],
                 kind: Annotated[str, Form(min_length=1, max_length=40)], date: Annotated[dt.date, Form()],
                 description: Annotated[str, Form(min_length=1, max_length=2000)], flight: Id = "",
                 astronaut: Id = "", site: Id = "", pad: Id = "",
                 slip_days: Annotated[int | None, Form(ge=0, le=3650)] = None,
                 until: Annotated[dt.date | None, Form()] = None, replan: Annotated[bool, Form()] = False,
                 time_limit_s: Annotated[float, Form(gt=0, le=86_400)] = 120.0,
                 csrf: Annotated[str, Form(max_length=128)] = "") -> Response:
    token = checked_session(request, csrf)
    event: dict[str, Any] = {"kind": kind, "date": date.isoformat(), "description": description,
                             "flight": flight or None, "astronaut": astronaut or None, "site": site or None,
                             "pad": pad or None, "slip_days": slip_days, "until": until and until.isoformat()}
    async with Api(request, token) as api:
        answer = await send(api, request, f"/plans/{plan_id}/edits/events", headers={"If-Match": str(revision)},
                            json={k: v for k, v in event.items() if v is not None})
        if not answer.ok:
            typed = {**event, "replan": replan, "time_limit_s": time_limit_s}
            return await render_overview(request, plan_id, problem=refusal(answer, "event", revision, KEPT),
                                         typed_event=typed, status_code=answer.status)
        new = answer.body["revision"]
        if not replan:
            return RedirectResponse(f"/ui/plans/{plan_id}?edited={new}", status_code=303)
        before = await ask(api, request, f"/plans/{plan_id}/revisions/{revision}")
        after = await ask(api, request, f"/plans/{plan_id}/revisions/{new}")
        known = {e["id"] for e in before.body["scenario"].get("events", [])}
        added = [e["id"] for e in after.body["scenario"].get("events", []) if e["id"] not in known]
        job = await send(api, request, f"/plans/{plan_id}/solve-jobs", json={
            "kind": "replan", "events": added, "revision": new, "time_limit_s": time_limit_s})
    if not job.ok:
        return await render_overview(request, plan_id, problem=(
            f"The event is saved as revision {new}, but the replan was refused: {job.detail()}"),
            status_code=job.status)
    return RedirectResponse(f"/ui/solve-jobs/{job.body['id']}", status_code=303)

"""Proposals in the web UI: the ones the viewer's agency may see (its own, and those to the stations it
operates), a form to submit one (an astronaut's flight or an experiment, the agency's own), and the
operator's accept or decline with a reason. Every step is the API's, with ``If-Match`` the revision the page
showed: a stale page says so and keeps what was typed."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from fastapi import APIRouter, Form, Path, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from crewplan.api.deps import PlanId
from crewplan.web.client import Api
from crewplan.web.common import ask, checked_session, page, refusal, send, session_token, viewer_and_plan

router = APIRouter(include_in_schema=False)
ProposalId = Annotated[str, Path(min_length=1, max_length=64)]
Text = Annotated[str, Form(max_length=2000)]


@router.get("/ui/plans/{plan_id}/proposals")
async def proposals_page(request: Request, plan_id: PlanId, done: str | None = None) -> HTMLResponse:
    note = {"submitted": "Your proposal is submitted.", "decided": "Your decision is saved."}.get(done or "")
    return await render(request, plan_id, note=note)


async def render(request: Request, plan_id: int, *, note: str | None = None, problem: str | None = None,
                 typed: dict[str, Any] | None = None, status_code: int = 200) -> HTMLResponse:
    async with Api(request, session_token(request)) as api:
        me, plan = await viewer_and_plan(api, request, plan_id)
        listed = await ask(api, request, f"/plans/{plan_id}/proposals")
        document = await ask(api, request, f"/plans/{plan_id}/document")
    scenario = document.body["scenario"]
    agency = me["agency"]
    own = {"astronauts": [a for a in scenario.get("astronauts", []) if a.get("agency") == agency],
           "experiments": [e for e in scenario.get("experiments", []) if e.get("proposer") == agency],
           "stations": scenario.get("stations", [])}
    return page(request, "proposals.html", status_code=status_code, me=me, plan=plan,
                proposals=listed.body["proposals"] if listed.ok else [], own=own, note=note, problem=problem,
                typed=typed or {})


KEPT = " What you typed is kept below: send it again if it still holds."


@router.post("/ui/plans/{plan_id}/proposals")
async def submit(request: Request, plan_id: PlanId, revision: Annotated[int, Form(ge=1, le=2**31 - 1)],
                 kind: Annotated[str, Form(max_length=32)], astronaut: Annotated[str, Form(max_length=64)] = "",
                 experiment: Annotated[str, Form(max_length=64)] = "",
                 station: Annotated[str, Form(max_length=64)] = "", earliest: Annotated[dt.date | None, Form()] = None,
                 latest: Annotated[dt.date | None, Form()] = None, priority: Annotated[int, Form(ge=0, le=100)] = 1,
                 note: Text = "", csrf: Annotated[str, Form(max_length=128)] = "") -> Response:
    token = checked_session(request, csrf)
    body: dict[str, Any] = {"kind": kind, "priority": priority, "note": note or None,
                            "astronaut": astronaut or None if kind == "astronaut_flight" else None,
                            "experiment": experiment or None if kind == "experiment" else None,
                            "station": station or None, "earliest": earliest and earliest.isoformat(),
                            "latest": latest and latest.isoformat()}
    async with Api(request, token) as api:
        answer = await send(api, request, f"/plans/{plan_id}/proposals", headers={"If-Match": str(revision)}, json=body)
    if answer.ok:
        return RedirectResponse(f"/ui/plans/{plan_id}/proposals?done=submitted", status_code=303)
    typed = {"kind": kind, "astronaut": astronaut, "experiment": experiment, "station": station,
             "earliest": earliest.isoformat() if earliest else "", "latest": latest.isoformat() if latest else "",
             "priority": priority, "note": note}
    return await render(request, plan_id, problem=refusal(answer, "proposal", revision, KEPT), typed=typed,
                        status_code=answer.status)


@router.post("/ui/plans/{plan_id}/proposals/{proposal_id}/decision")
async def decide(request: Request, plan_id: PlanId, proposal_id: ProposalId,
                 revision: Annotated[int, Form(ge=1, le=2**31 - 1)], accept: Annotated[bool, Form()],
                 reason: Text = "", csrf: Annotated[str, Form(max_length=128)] = "") -> Response:
    token = checked_session(request, csrf)
    async with Api(request, token) as api:
        answer = await send(api, request, f"/plans/{plan_id}/proposals/{proposal_id}/decision",
                                headers={"If-Match": str(revision)}, json={"accept": accept, "reason": reason})
    if answer.ok:
        return RedirectResponse(f"/ui/plans/{plan_id}/proposals?done=decided", status_code=303)
    typed = {f"reason-{proposal_id}": reason}
    return await render(request, plan_id, problem=refusal(answer, "decision", revision, KEPT), typed=typed,
                        status_code=answer.status)

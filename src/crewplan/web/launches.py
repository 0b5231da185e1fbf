"""A flight's launch windows in the web UI (the API's ``/plans/{id}/windows``: the orbit layer with sgp4 on the
station's element sets), with the chosen liftoff marked, and the planner's action: move the launch to another
window's day (the API's ``/edits/launch-day`` with ``If-Match``; a stale page says so and changes nothing)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from fastapi import APIRouter, Form, Path, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from crewplan.api.deps import PlanId
from crewplan.web.client import Api
from crewplan.web.common import ask, checked_session, missing, page, refusal, send, session_token, viewer_and_plan

router = APIRouter(include_in_schema=False)
FlightId = Annotated[str, Path(min_length=1, max_length=64)]
AROUND_DAYS = 3
"""The windows page shows this many days before the flight's launch day and after it, by default."""


def _launch_day(flight: dict[str, Any]) -> dt.date:
    return dt.date.fromisoformat(str(flight["launch"])[:10])


@router.get("/ui/plans/{plan_id}/flights/{flight_id}/windows")
async def windows_page(request: Request, plan_id: PlanId, flight_id: FlightId,
                       start: Annotated[dt.date | None, Query()] = None,
                       days: Annotated[int, Query(ge=1, le=31)] = 2 * AROUND_DAYS + 1) -> HTMLResponse:
    return await render(request, plan_id, flight_id, start, days)


async def render(request: Request, plan_id: int, flight_id: str, start: dt.date | None = None,
                 days: int = 2 * AROUND_DAYS + 1, problem: str | None = None, status_code: int = 200) -> HTMLResponse:
    async with Api(request, session_token(request)) as api:
        me, plan = await viewer_and_plan(api, request, plan_id)
        document = await ask(api, request, f"/plans/{plan_id}/document")
        flight = next((f for f in document.body["scenario"].get("flights", []) if f["id"] == flight_id), None)
        if flight is None or not flight.get("launch"):
            return missing(request, me, f"flight {flight_id} with a launch in plan {plan_id}")
        chosen = _launch_day(flight)
        first = start or chosen - dt.timedelta(days=AROUND_DAYS)
        found = await ask(api, request, f"/plans/{plan_id}/windows", params={
            "station": flight["station"], "site": flight["site"], "vehicle": flight.get("vehicle_type"),
            "start": first.isoformat(), "days": days})
    windows = found.body["windows"] if found.ok else []
    liftoff = str(flight["launch"]) if "T" in str(flight["launch"]) else None
    for w in windows:
        w["day"] = w["launch_utc"][:10]
        w["chosen"] = w["day"] == chosen.isoformat()
    return page(request, "windows.html", status_code=status_code, me=me, plan=plan, flight=flight,
                windows=windows, unavailable=None if found.ok else found.detail(), first=first, days=days,
                chosen=chosen, liftoff=liftoff, problem=problem,
                earlier=(first - dt.timedelta(days=days)).isoformat(),
                later=(first + dt.timedelta(days=days)).isoformat(),
                movable=(flight.get("status") or "planned") == "planned" and "edit" in plan["allowed_actions"])


@router.post("/ui/plans/{plan_id}/flights/{flight_id}/launch-day")
async def move_launch(request: Request, plan_id: PlanId, flight_id: FlightId, launch_day: Annotated[dt.date, Form()],
                      revision: Annotated[int, Form(ge=1, le=2**31 - 1)],
                      csrf: Annotated[str, Form(max_length=128)] = "") -> Response:
    token = checked_session(request, csrf)
    async with Api(request, token) as api:
        answer = await send(api, request, f"/plans/{plan_id}/edits/launch-day", headers={"If-Match": str(revision)},
                            json={"flight": flight_id, "launch_day": launch_day.isoformat()})
    if answer.ok:
        return RedirectResponse(f"/ui/plans/{plan_id}?edited={answer.body['revision']}#flight-{flight_id}",
                                status_code=303)
    return await render(request, plan_id, flight_id, start=launch_day - dt.timedelta(days=AROUND_DAYS),
                        problem=refusal(answer, f"move of {flight_id} to {launch_day}", revision),
                        status_code=answer.status)

"""The manifest in the web UI: station occupancy and lifeboat seats by day, an astronaut's page (flights,
training plan, qualifications and what the viewer may see of them), and the manifest's files. Each is what
the API gives the viewer (``/plans/{id}/occupancy``, ``/document``, ``/astronauts/{a}/training``,
``/exports/{name}``)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import HTMLResponse, Response

from crewplan.api.deps import PlanId
from crewplan.web import views
from crewplan.web.client import Api
from crewplan.web.common import ask, missing, page, session_token, viewer_and_plan

router = APIRouter(include_in_schema=False)
AstronautId = Annotated[str, Path(min_length=1, max_length=64)]
ExportName = Literal["manifest.csv", "manifest.json", "flights.ics", "training.ics", "training.csv"]


@router.get("/ui/plans/{plan_id}/occupancy")
async def occupancy_page(request: Request, plan_id: PlanId) -> HTMLResponse:
    async with Api(request, session_token(request)) as api:
        me, plan = await viewer_and_plan(api, request, plan_id)
        found = await ask(api, request, f"/plans/{plan_id}/occupancy")
        document = await ask(api, request, f"/plans/{plan_id}/document")
    stations = views.occupancy_runs(found.body, views.people_names(document.body))
    return page(request, "occupancy.html", me=me, plan=plan, occupancy=found.body, stations=stations)


@router.get("/ui/plans/{plan_id}/astronauts/{astronaut}")
async def astronaut_page(request: Request, plan_id: PlanId, astronaut: AstronautId) -> HTMLResponse:
    async with Api(request, session_token(request)) as api:
        me, plan = await viewer_and_plan(api, request, plan_id)
        document = await ask(api, request, f"/plans/{plan_id}/document")
        person = views.Person.of(document.body, astronaut, dt.datetime.now(dt.UTC).date())
        if person is None:
            return missing(request, me, f"astronaut {astronaut} in plan {plan_id}")
        training = await ask(api, request, f"/plans/{plan_id}/astronauts/{astronaut}/training")
    return page(request, "astronaut.html", me=me, plan=plan, person=person, training=training.body)


@router.get("/ui/plans/{plan_id}/exports/{name}")
async def export(request: Request, plan_id: PlanId, name: ExportName,
                 astronaut: Annotated[str | None, Query(min_length=1, max_length=64)] = None) -> Response:
    """The API's file, as it is (the browser downloads it with the API's name)."""
    async with Api(request, session_token(request)) as api:
        answer = await ask(api, request, f"/plans/{plan_id}/exports/{name}",
                           params={"astronaut": astronaut} if astronaut else None)
        if answer.status == 404:
            me = await ask(api, request, "/auth/me")
            return missing(request, me.body, f"plan {plan_id}" + (f" or astronaut {astronaut}" if astronaut else ""))
    return Response(answer.raw, status_code=answer.status, media_type=answer.headers.get("content-type"),
                    headers={k: v for k, v in answer.headers.items() if k == "content-disposition"})

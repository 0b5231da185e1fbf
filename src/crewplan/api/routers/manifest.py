"""``/plans/{id}/occupancy``, ``/plans/{id}/astronauts/{a}/training`` and ``/plans/{id}/exports/{name}``: a
plan's station occupancy and lifeboat seats by day, a person's training plan, and the manifest's files.

Each is computed on the revision's whole scenario by the report's own code (so the web UI, the HTML report and
these answers agree) and carries no field the policy hides: occupancy, crews, launches, training sessions and
qualifications are the plan's structure, which every agency of a plan sees; ``manifest.json`` is the redacted
document itself. The authorization matrix's canary values prove it for every principal.
"""

from __future__ import annotations

import json
from typing import Annotated, Literal

from fastapi import APIRouter, HTTPException, Path, Query, Response, status

from crewplan.api.access import loaded
from crewplan.api.deps import INT_MAX, Caller, PlanId, ReadSession, State
from crewplan.api.models import Occupancy, OccupancyRun, StationOccupancy, TrainingPlanOut, TrainingStepOut
from crewplan.api.routers.plans import NOT_FOUND, document_of
from crewplan.domain import Scenario

router = APIRouter(prefix="/plans/{plan_id}", tags=["manifest"])
Revision = Annotated[int | None, Query(ge=1, le=INT_MAX, description="default: the newest")]
AstronautId = Annotated[str, Path(min_length=1, max_length=64)]
ExportName = Literal["manifest.csv", "manifest.json", "flights.ics", "training.ics", "training.csv"]
MEDIA = {"csv": "text/csv; charset=utf-8", "json": "application/json", "ics": "text/calendar; charset=utf-8"}


@router.get("/occupancy", response_model=Occupancy, responses=NOT_FOUND)
def read_occupancy(plan_id: PlanId, caller: Caller, session: ReadSession, state: State,
                   revision: Revision = None) -> Occupancy:
    """Who is aboard each station and how many lifeboat seats are docked there, day by day, as runs of days
    on which nothing changes; a gap is a day with more people than lifeboat seats or a day of a ``lifeboat``
    finding of the checker (the report's reading, :mod:`crewplan.report.occupancy`)."""
    from crewplan.check.violations import Violation
    from crewplan.report.occupancy import occupancy, span_of

    _plan, row, scenario, _view = loaded(state, session, caller, plan_id, revision)
    findings = [Violation.model_validate(f) for f in state.cache.findings(row.sha256, scenario)
                if f["rule"] == "lifeboat"]
    found = occupancy(scenario, findings)
    first, last = span_of(scenario)
    aboard: dict[str, list[set[str]]] = {s: [set() for _ in d.days] for s, d in found.stations.items()}
    for stay in found.stays:
        if stay.station in aboard:
            for i in range(max((stay.first_day - first).days, 0), min((stay.last_day - first).days,
                                                                      len(aboard[stay.station]) - 1) + 1):
                aboard[stay.station][i].add(stay.astronaut)
    stations = []
    for station_id, days in found.stations.items():
        gaps = set(days.gap_days)
        runs: list[OccupancyRun] = []
        for i, day in enumerate(days.days):
            people = sorted(aboard[station_id][i])
            key = (len(people), days.lifeboat_seats[i], people, day in gaps)
            if runs and (runs[-1].aboard, runs[-1].lifeboat_seats, runs[-1].people, runs[-1].gap) == key:
                runs[-1].last_day = day
            else:
                runs.append(OccupancyRun(first_day=day, last_day=day, aboard=key[0], lifeboat_seats=key[1],
                                         people=people, gap=key[3]))
        stations.append(StationOccupancy(station=station_id, name=days.name, nominal_crew=days.nominal_crew,
                                         handover_crew=days.handover_crew, runs=runs, gap_days=len(gaps),
                                         person_days=sum(days.aboard)))
    return Occupancy(plan_id=plan_id, revision=row.number, first_day=first, last_day=last, stations=stations)


@router.get("/astronauts/{astronaut}/training", response_model=TrainingPlanOut, responses=NOT_FOUND)
def read_training(plan_id: PlanId, astronaut: AstronautId, caller: Caller, session: ReadSession, state: State,
                  revision: Revision = None) -> TrainingPlanOut:
    """The person's training plan for their planned flights: the manifest's booked course sessions, else the
    training layer's plan per assigned seat (as the report's training exports). No planned seat: no steps."""
    from crewplan.report.people import training_plans

    _plan, row, scenario, _view = loaded(state, session, caller, plan_id, revision)
    _person(scenario, astronaut)
    plan = training_plans(scenario).get(astronaut)
    steps = [TrainingStepOut(course=s.course, name=s.name, provider=s.provider, facility=s.facility,
                             start_day=s.start, end_day=s.end, grants=list(s.grants), expires_day=s.expires)
             for s in (plan.steps if plan else ())]
    return TrainingPlanOut(plan_id=plan_id, revision=row.number, astronaut=astronaut,
                           targets=list(plan.targets) if plan else [], ready_day=plan.ready_day if plan else None,
                           valid_through_day=plan.valid_through if plan else None,
                           already_held=list(plan.already_held) if plan else [], steps=steps)


@router.get("/exports/{name}", responses={**NOT_FOUND, 200: {"content": {m: {} for m in MEDIA.values()}}})
def export(plan_id: PlanId, name: ExportName, caller: Caller, session: ReadSession, state: State,
           revision: Revision = None,
           astronaut: Annotated[str | None, Query(min_length=1, max_length=64,
                                                  description="training.*: one person's plan")] = None
           ) -> Response:
    """The manifest as ``crewplan report`` writes it: ``manifest.csv`` (a row per seat), ``manifest.json`` (the
    redacted document's scenario), ``flights.ics`` (launches and stays), ``training.ics`` (everyone's, or one
    person's with ``astronaut``) and ``training.csv`` (one person's, ``astronaut`` required)."""
    from crewplan.report import exports
    from crewplan.report.people import training_plans
    from crewplan.training import to_csv, to_ics
    from crewplan.training.export import CSV_COLUMNS

    _plan, row, scenario, _view = loaded(state, session, caller, plan_id, revision)
    stem = f"plan-{plan_id}-r{row.number}"
    if name == "manifest.json":
        body = json.dumps(document_of(state, session, caller, plan_id, row.number).scenario, indent=1).encode()
    elif name == "manifest.csv":
        body = exports.csv_text(exports.MANIFEST_COLUMNS, exports.manifest_rows(scenario)).encode()
    elif name == "flights.ics":
        body = exports.flights_calendar(scenario).to_ical()
    else:
        plans = training_plans(scenario)
        if astronaut is not None:
            _person(scenario, astronaut)
            plans = {astronaut: plans[astronaut]} if astronaut in plans else {}
            stem += f"-{astronaut}"
        if name == "training.csv":
            if astronaut is None:
                raise HTTPException(status.HTTP_422_UNPROCESSABLE_CONTENT, "training.csv is one person's plan: "
                                    "give ?astronaut=<id> (training.ics without it holds everyone's)")
            body = to_csv(plans[astronaut]).encode() if plans else exports.csv_text(CSV_COLUMNS, []).encode()
        elif astronaut is not None and plans:
            body = to_ics(plans[astronaut], scenario)
        else:
            body = exports.training_calendar(scenario, plans).to_ical()
    suffix = name.rsplit(".", 1)[1]
    filename = f"{stem}-{name}"
    return Response(body, media_type=MEDIA[suffix],
                    headers={"Content-Disposition": f'attachment; filename="{filename}"'})


def _person(scenario: Scenario, astronaut: str) -> None:
    if astronaut not in {a.id for a in scenario.astronauts}:
        raise HTTPException(status.HTTP_404_NOT_FOUND, f"astronaut {astronaut} not found")


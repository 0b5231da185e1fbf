"""``/plans/{id}/windows``: launch windows from a site into a station's orbit (the orbit layer, sgp4), for
the stations and sites of a plan the caller may see."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from fastapi import APIRouter, HTTPException, Query, status

from crewplan.api.access import loaded
from crewplan.api.deps import Caller, PlanId, ReadSession, State
from crewplan.api.models import Window, Windows
from crewplan.api.routers.plans import NOT_FOUND
from crewplan.errors import InputError

router = APIRouter(prefix="/plans/{plan_id}", tags=["orbit"])
MAX_DAYS = 366


@router.get("/windows", response_model=Windows, responses={**NOT_FOUND, 422: {}})
def windows(plan_id: PlanId, caller: Caller, session: ReadSession, state: State,
            start: Annotated[dt.date, Query(description="First day, UTC")],
            station: Annotated[str, Query(min_length=1, max_length=64)],
            site: Annotated[str, Query(min_length=1, max_length=64)],
            days: Annotated[int, Query(ge=1, le=MAX_DAYS)] = 7,
            vehicle: Annotated[str | None, Query(max_length=64)] = None,
            usable_only: bool = True) -> Windows:
    """Each pass of ``site`` through ``station``'s orbital plane from ``start`` for ``days`` days."""
    from crewplan.orbit.elements import station_elements
    from crewplan.orbit.propagate import predictable_span
    from crewplan.orbit.routes import default_vehicle
    from crewplan.orbit.windows import find_windows

    _plan, _row, scenario, _view = loaded(state, session, caller, plan_id)
    try:
        the_station = scenario.station(station)
        the_site = scenario.launch_site(site)
        the_vehicle = scenario.vehicle_type(vehicle) if vehicle else default_vehicle(scenario, the_station,
                                                                                      the_site)
        begin = dt.datetime.combine(start, dt.time(), tzinfo=dt.UTC)
        end = begin + dt.timedelta(days=days)
        records = station_elements(the_station)
        predictable_span(records, begin, end, f"the element sets of {the_station.id}")
        found = find_windows(records, the_site, the_vehicle, begin, end, station=the_station.id)
    except KeyError as error:
        raise HTTPException(status.HTTP_422_UNPROCESSABLE_CONTENT, str(error.args[0])) from None
    except InputError as error:
        raise HTTPException(status.HTTP_422_UNPROCESSABLE_CONTENT, str(error)) from None
    shown = [w for w in found if w.usable or not usable_only]
    return Windows(station=the_station.id, site=the_site.id, vehicle_type=the_vehicle.id,
                   windows=[Window.model_validate(w.to_json()) for w in shown])

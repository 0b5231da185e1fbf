"""``/plans/{id}/edits``: pin or release an assignment, move a planned launch, add an event, waive a finding.

Every edit sends ``If-Match: <revision>`` (the revision it was made on). The edit and its revision are
written in one transaction that first locks the plan: if another edit landed since, the answer is 409 with
the current revision and nothing is written (nothing is lost either: the other edit stays).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Annotated, Any

from fastapi import APIRouter, Header, HTTPException, status

from crewplan.api.access import visible_revision
from crewplan.api.deps import Caller, PlanId, State
from crewplan.api.models import EditResult, EventEdit, LaunchEdit, PinEdit, WaiverEdit
from crewplan.api.routers.plans import actor
from crewplan.domain import Scenario
from crewplan.errors import ScenarioError, UsageError
from crewplan.policy import Decision, Principal, may_edit
from crewplan.scenario import edits
from crewplan.storage import StaleRevision, repository

router = APIRouter(prefix="/plans/{plan_id}/edits", tags=["edits"])
RESPONSES: dict[int | str, dict[str, Any]] = {
    403: {"description": "The caller's role or agency may not make this edit here"},
    404: {"description": "No such plan, or none the caller may see"},
    409: {"description": "The plan moved on: If-Match names an older revision"},
    422: {"description": "The edit does not make a valid plan (the problems are listed)"},
    428: {"description": "If-Match is missing"},
}
IfMatch = Annotated[str | None, Header(alias="If-Match", description="The revision the edit was made on, "
                                       "e.g. 3 or \"3\"")]


def _revision(if_match: str | None) -> int:
    if if_match is None:
        raise HTTPException(status.HTTP_428_PRECONDITION_REQUIRED,
                            "send If-Match: <revision>, the revision this edit was made on")
    text = if_match.strip().removeprefix("W/").strip('"')
    if not text.isdigit() or len(text) > 9:
        raise HTTPException(status.HTTP_422_UNPROCESSABLE_CONTENT,
                            f"If-Match {if_match!r} is not a revision number; expected e.g. 3")
    return int(text)


def _apply(state: State, caller: Principal, plan_id: PlanId, if_match: str | None,
           change: Callable[[Scenario], edits.Edited],
           decide: Callable[[Scenario, edits.Edited], Decision] | None = None) -> EditResult:
    """Make an edit on the newest revision, if it is ``If-Match``'s, and the policy allows it (by default
    :func:`may_edit`: which flights and people it touches)."""
    expected = _revision(if_match)
    with state.db.transaction() as session:
        plan, row = visible_revision(session, caller, plan_id)
        scenario = state.cache.scenario(row.sha256, lambda: row.document)
        try:
            edited = change(scenario)
        except ScenarioError as error:
            raise HTTPException(status.HTTP_422_UNPROCESSABLE_CONTENT, [str(p) for p in error.problems]) from None
        except UsageError as error:
            raise HTTPException(status.HTTP_422_UNPROCESSABLE_CONTENT, str(error)) from None
        decision = decide(scenario, edited) if decide else may_edit(
            caller, scenario, edited.flights, edited.astronauts, plan.parent_id is not None)
        if not decision.allowed:
            raise HTTPException(status.HTTP_403_FORBIDDEN, f"{decision.reason} ({decision.rule})")
        try:
            new = repository.add_revision(session, plan_id, edited.scenario, actor(caller), expected=expected,
                                          message=edited.summary)
        except StaleRevision as stale:
            raise HTTPException(status.HTTP_409_CONFLICT, str(stale),
                                headers={"ETag": f'"{stale.current}"'}) from None
        return EditResult(plan_id=plan_id, revision=new.number, sha256=new.sha256)


@router.post("/pin", response_model=EditResult, responses=RESPONSES)
def pin(plan_id: PlanId, body: PinEdit, caller: Caller, state: State, if_match: IfMatch = None) -> EditResult:
    """Pin an assignment (the planner keeps it), or release it with ``pinned: false``."""
    return _apply(state, caller, plan_id, if_match, lambda s: edits.pin(s, body.flight, body.astronaut, body.pinned))


@router.post("/launch-day", response_model=EditResult, responses=RESPONSES)
def launch_day(plan_id: PlanId, body: LaunchEdit, caller: Caller, state: State, if_match: IfMatch = None
               ) -> EditResult:
    """Move a planned flight's launch day."""
    return _apply(state, caller, plan_id, if_match, lambda s: edits.move_launch(s, body.flight, body.launch_day))


@router.post("/events", response_model=EditResult, responses=RESPONSES)
def add_event(plan_id: PlanId, body: EventEdit, caller: Caller, state: State, if_match: IfMatch = None
              ) -> EditResult:
    """Add a disruption event (as ``crewplan replan --event``)."""
    return _apply(state, caller, plan_id, if_match, lambda s: edits.add_event(s, body.model_dump()))


@router.post("/waivers", response_model=EditResult, responses=RESPONSES)
def waive(plan_id: PlanId, body: WaiverEdit, caller: Caller, state: State, if_match: IfMatch = None) -> EditResult:
    """Waive a finding: which rule, for whom, why, until when; the caller is recorded as accepting it."""
    return _apply(state, caller, plan_id, if_match, lambda s: edits.waive(
        s, rule=body.rule, reason=body.reason, until=body.until, start=body.start,
        astronauts=tuple(body.astronauts), flights=tuple(body.flights),
        accepted_by=f"{caller.username} ({caller.agency})", today=dt.datetime.now(dt.UTC).date()))

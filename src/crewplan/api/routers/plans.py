"""``/plans``: list, read (redacted for the caller), create from a scenario, branch, revisions, diff."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, HTTPException, Query, status

from crewplan.api.access import loaded, require, visible_plan, visible_plans, visible_revision
from crewplan.api.deps import INT_MAX, Caller, PlanId, ReadSession, RevisionNumber, State
from crewplan.api.models import (
    Change,
    Comparison,
    Diff,
    Document,
    NewBranch,
    NewPlan,
    PlanList,
    PlanSummary,
    Redaction,
    RevisionInfo,
    RevisionList,
)
from crewplan.domain import Scenario
from crewplan.errors import ScenarioError
from crewplan.policy import Principal, allowed_actions, may_see_plan, redact_scenario
from crewplan.scenario.loader import load_scenario_text
from crewplan.scenario.save import scenario_data
from crewplan.storage import Actor, repository
from crewplan.storage.schema import PlanRow

router = APIRouter(prefix="/plans", tags=["plans"])
NOT_FOUND: dict[int | str, dict[str, Any]] = {404: {"description": "No such plan, or none the caller may see"}}


def actor(principal: Principal) -> Actor:
    return Actor(principal.username, principal.agency)


def summary(plan: PlanRow, principal: Principal) -> PlanSummary:
    return PlanSummary(id=plan.id, name=plan.name, scenario_id=plan.scenario_id, revision=plan.revision,
                       parent_id=plan.parent_id, base_revision=plan.base_revision, agencies=list(plan.agencies),
                       created_at=plan.created_at, created_by=plan.created_by,
                       allowed_actions=allowed_actions(principal))


@router.get("", response_model=PlanList)
def list_plans(caller: Caller, session: ReadSession) -> PlanList:
    """The plans and branches of the caller's agency."""
    return PlanList(plans=[summary(p, caller) for p in visible_plans(session, caller)])


@router.post("", response_model=PlanSummary, status_code=status.HTTP_201_CREATED, responses={422: {}})
def create_plan(body: NewPlan, caller: Caller, state: State) -> PlanSummary:
    """A new plan from a scenario (revision 1). The caller's agency must be one of the scenario's."""
    require(caller, "edit")
    try:
        scenario = load_scenario_text(body.scenario_yaml, file="scenario_yaml")
    except ScenarioError as error:
        raise HTTPException(status.HTTP_422_UNPROCESSABLE_CONTENT, [str(p) for p in error.problems]) from None
    if not may_see_plan(caller, [a.id for a in scenario.agencies]).allowed:
        raise HTTPException(status.HTTP_422_UNPROCESSABLE_CONTENT,
                            f"agency {caller.agency} is not among the scenario's agencies: it could not see "
                            "the plan it creates")
    with state.db.transaction() as session:
        plan = repository.create_plan(session, scenario, actor(caller), body.name)
        return summary(plan, caller)


@router.get("/{plan_id}", response_model=PlanSummary, responses=NOT_FOUND)
def read_plan(plan_id: PlanId, caller: Caller, session: ReadSession) -> PlanSummary:
    """A plan's summary: its newest revision, agencies, and what the caller may do with it."""
    return summary(visible_plan(session, caller, plan_id), caller)


def document_of(state: Any, session: Any, caller: Principal, plan_id: int, number: int | None) -> Document:
    _plan, row, scenario, view = loaded(state, session, caller, plan_id, number)
    shown = redact_scenario(view, scenario_data(scenario))
    return Document(plan_id=plan_id, revision=row.number, sha256=row.sha256, scenario=shown.data,
                    redactions=[Redaction(**r) for r in shown.redactions])


@router.get("/{plan_id}/document", response_model=Document, responses=NOT_FOUND)
def read_document(plan_id: PlanId, caller: Caller, session: ReadSession, state: State) -> Document:
    """The newest revision's whole scenario, redacted for the caller (``redactions`` lists what and why)."""
    return document_of(state, session, caller, plan_id, None)


@router.get("/{plan_id}/revisions", response_model=RevisionList, responses=NOT_FOUND)
def list_revisions(plan_id: PlanId, caller: Caller, session: ReadSession) -> RevisionList:
    from sqlalchemy import select

    from crewplan.storage.schema import RevisionRow

    visible_plan(session, caller, plan_id)
    rows = session.scalars(select(RevisionRow).where(RevisionRow.plan_id == plan_id)
                           .order_by(RevisionRow.number)).all()
    return RevisionList(plan_id=plan_id, revisions=[
        RevisionInfo(number=r.number, sha256=r.sha256, message=r.message, created_at=r.created_at,
                     created_by=r.created_by) for r in rows])


@router.get("/{plan_id}/revisions/{number}", response_model=Document, responses=NOT_FOUND)
def read_revision(plan_id: PlanId, number: RevisionNumber, caller: Caller, session: ReadSession, state: State
                  ) -> Document:
    """One revision's scenario, redacted for the caller."""
    return document_of(state, session, caller, plan_id, number)


@router.post("/{plan_id}/branches", response_model=PlanSummary, status_code=status.HTTP_201_CREATED,
             responses=NOT_FOUND)
def create_branch(plan_id: PlanId, body: NewBranch, caller: Caller, state: State) -> PlanSummary:
    """A what-if: a new plan whose revision 1 is this plan's revision ``base_revision`` (default newest)."""
    with state.db.transaction() as session:
        visible_revision(session, caller, plan_id, body.base_revision)
        require(caller, "branch")
        branch = repository.create_branch(session, plan_id, actor(caller), body.name, body.base_revision)
        return summary(branch, caller)


def _crews(scenario: Scenario) -> dict[str, dict[str, Any]]:
    return {f.id: {"launch": f.launch_day.isoformat(), "status": f.status.value,
                   "crew": sorted(f"{s.role.value}:{s.astronaut}" for s in f.seats if s.astronaut)}
            for f in scenario.flights}


def compare(before: Scenario, after: Scenario) -> tuple[list[Change], dict[str, list[float | None]]]:
    """What changed from ``before`` to ``after``: crews, launch days, flight status; objective terms."""
    old, new = _crews(before), _crews(after)
    changes: list[Change] = []
    for fid in sorted(set(old) | set(new)):
        a, b = old.get(fid), new.get(fid)
        if a is None or b is None:
            changes.append(Change(kind="flight.added" if a is None else "flight.removed", flight=fid))
            continue
        for key, kind in (("crew", "crew"), ("launch", "launch_day"), ("status", "status")):
            if a[key] != b[key]:
                changes.append(Change(kind=kind, flight=fid, before=a[key], after=b[key]))
    terms_a = dict(before.plan.terms) if before.plan else {}
    terms_b = dict(after.plan.terms) if after.plan else {}
    terms = {k: [terms_a.get(k), terms_b.get(k)] for k in sorted(set(terms_a) | set(terms_b))
             if terms_a.get(k) != terms_b.get(k)}
    return changes, terms


@router.get("/{plan_id}/diff", response_model=Diff, responses=NOT_FOUND)
def diff(plan_id: PlanId, caller: Caller, session: ReadSession, state: State,
         from_revision: int = Query(ge=1, le=INT_MAX, alias="from"),
         to_revision: int = Query(ge=1, le=INT_MAX, alias="to")) -> Diff:
    """What changed between two revisions: crews, launch days, flight status, objective terms."""
    _, _, before, _ = loaded(state, session, caller, plan_id, from_revision)
    _, _, after, _ = loaded(state, session, caller, plan_id, to_revision)
    changes, terms = compare(before, after)
    return Diff(plan_id=plan_id, from_revision=from_revision, to_revision=to_revision, changes=changes,
                objective_terms=terms)


@router.get("/{plan_id}/compare", response_model=Comparison, responses={**NOT_FOUND, 422: {}})
def compare_with_parent(plan_id: PlanId, caller: Caller, session: ReadSession, state: State) -> Comparison:
    """A branch beside the plan it was branched from, both at their newest revision: what the branch
    changes (crews, launch days, flight status, objective terms), and whether the plan moved on since."""
    branch, row, after, _ = loaded(state, session, caller, plan_id)
    if branch.parent_id is None or branch.base_revision is None:
        raise HTTPException(status.HTTP_422_UNPROCESSABLE_CONTENT, f"plan {plan_id} is not a branch: compare a "
                            "branch with its plan, or use /diff between two revisions of one plan")
    parent, parent_row, before, _ = loaded(state, session, caller, branch.parent_id)
    changes, terms = compare(before, after)
    return Comparison(plan_id=plan_id, revision=row.number, parent_id=parent.id, parent_revision=parent_row.number,
                      base_revision=branch.base_revision, parent_moved=parent_row.number != branch.base_revision,
                      changes=changes, objective_terms=terms)

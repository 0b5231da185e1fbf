"""The service's reads, each filtered by the caller through :mod:`crewplan.policy`: a plan the caller may not
see is "not found" (404), so its existence does not leak; an action the caller's roles do not allow on a
plan they may see is 403."""

from __future__ import annotations

import datetime as dt

from fastapi import HTTPException, status
from sqlalchemy import select
from sqlalchemy.orm import Session, defer

from crewplan.api.state import ServiceState
from crewplan.domain import Scenario
from crewplan.policy import Principal, ShareGrant, View, may, may_see_plan, view
from crewplan.storage.schema import PlanRow, RevisionRow, ShareGrantRow


def not_found(what: str) -> HTTPException:
    return HTTPException(status.HTTP_404_NOT_FOUND, f"{what} not found")


def visible_plans(session: Session, principal: Principal) -> list[PlanRow]:
    rows = session.scalars(select(PlanRow).order_by(PlanRow.id)).all()
    return [p for p in rows if may_see_plan(principal, p.agencies).allowed]


def visible_plan(session: Session, principal: Principal, plan_id: int) -> PlanRow:
    row = session.get(PlanRow, plan_id)
    if row is None or not may_see_plan(principal, row.agencies).allowed:
        raise not_found(f"plan {plan_id}")
    return row


def visible_revision(session: Session, principal: Principal, plan_id: int, number: int | None = None
                     ) -> tuple[PlanRow, RevisionRow]:
    plan = visible_plan(session, principal, plan_id)
    wanted = plan.revision if number is None else number
    # The document (the whole scenario) is read only when the revision cache does not hold it already.
    row = session.scalars(select(RevisionRow).options(defer(RevisionRow.document))
                          .where(RevisionRow.plan_id == plan_id, RevisionRow.number == wanted)).one_or_none()
    if row is None:
        raise not_found(f"revision {wanted} of plan {plan_id}")
    return plan, row


def require(principal: Principal, action: str) -> None:
    decision = may(principal, action)
    if not decision.allowed:
        raise HTTPException(status.HTTP_403_FORBIDDEN, f"{decision.reason} ({decision.rule})")


def share_grants(session: Session) -> tuple[ShareGrant, ...]:
    return tuple(ShareGrant(g.owner, g.data_class, g.grantee, g.valid_from, g.valid_until, g.agreement)
                 for g in session.scalars(select(ShareGrantRow)))


def loaded(state: ServiceState, session: Session, principal: Principal, plan_id: int, number: int | None = None
           ) -> tuple[PlanRow, RevisionRow, Scenario, View]:
    """A revision the caller may see, its scenario, and the caller's view of it (today, UTC)."""
    plan, row = visible_revision(session, principal, plan_id, number)
    scenario = state.cache.scenario(row.sha256, lambda: row.document)
    return plan, row, scenario, view(principal, scenario, share_grants(session), dt.datetime.now(dt.UTC).date())

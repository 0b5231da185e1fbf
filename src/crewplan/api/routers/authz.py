"""``/authz/explain``: which rule decides what the caller may see and do, for a plan or one of its objects."""

from __future__ import annotations

import datetime as dt

from fastapi import APIRouter, Query

from crewplan.api.access import share_grants, visible_plan
from crewplan.api.deps import Caller, ReadSession, State
from crewplan.api.models import AuthzDecision, AuthzExplain
from crewplan.api.routers.auth import me_of
from crewplan.api.routers.plans import NOT_FOUND
from crewplan.policy import ACTIONS, Decision, may, may_see_data
from crewplan.policy.decide import may_see_item
from crewplan.rules.export import items

router = APIRouter(prefix="/authz", tags=["authz"])


def _out(subject: str, d: Decision) -> AuthzDecision:
    return AuthzDecision(subject=subject, effect=d.effect.value, rule=d.rule, reason=d.reason)


@router.get("/explain", response_model=AuthzExplain, responses=NOT_FOUND)
def explain(caller: Caller, session: ReadSession, state: State,
            plan_id: int | None = Query(default=None, ge=1, le=2_147_483_647),
            astronaut: str | None = Query(default=None, max_length=64),
            item: str | None = Query(default=None, max_length=64)) -> AuthzExplain:
    """The caller's actions, and for a plan the decisions on an astronaut's data or an item's details."""
    decisions = [_out(f"action:{a}", may(caller, a)) for a in ACTIONS]
    if plan_id is not None:
        plan = visible_plan(session, caller, plan_id)
        decisions.append(AuthzDecision(subject=f"plan:{plan.id}", effect="allow", rule="plan.member",
                                       reason=f"{caller.agency} is an agency of this plan"))
        if astronaut is not None or item is not None:
            from sqlalchemy import select

            from crewplan.storage.schema import RevisionRow

            row = session.scalars(select(RevisionRow).where(RevisionRow.plan_id == plan.id,
                                                            RevisionRow.number == plan.revision)).one()
            scenario = state.cache.scenario(row.sha256, lambda: row.document)
            today = dt.datetime.now(dt.UTC).date()
            if astronaut is not None and scenario.has("astronauts", astronaut):
                owner = scenario.astronaut(astronaut).agency
                for data_class in ("medical", "body"):
                    decisions.append(_out(f"astronaut:{astronaut}.{data_class}", may_see_data(
                        caller, owner, data_class, share_grants(session), today)))
            for found in items(scenario):
                if item is not None and found.id == item:
                    decisions.append(_out(f"{found.kind}:{found.id}", may_see_item(caller, scenario, found, today)))
    return AuthzExplain(principal=me_of(caller), decisions=decisions)

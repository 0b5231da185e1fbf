"""``/plans/{id}/check`` and ``/plans/{id}/explain``: the checker's findings and explanations, redacted for
the caller (a finding never shows a body measure, a medical status or an export-controlled detail the caller
may not see)."""

from __future__ import annotations

from fastapi import APIRouter, HTTPException, Query, status

from crewplan.api.access import loaded, require
from crewplan.api.deps import INT_MAX, Caller, PlanId, ReadSession, State
from crewplan.api.models import Explanation, Finding, Findings, Reason
from crewplan.api.routers.plans import NOT_FOUND
from crewplan.errors import UsageError
from crewplan.policy import redact_findings

router = APIRouter(prefix="/plans/{plan_id}", tags=["check"])


@router.get("/check", response_model=Findings, responses=NOT_FOUND)
def check(plan_id: PlanId, caller: Caller, session: ReadSession, state: State,
          revision: int | None = Query(default=None, ge=1, le=INT_MAX)) -> Findings:
    """Every finding of the independent checker on a revision (default: the newest)."""
    require(caller, "check")
    _plan, row, scenario, view = loaded(state, session, caller, plan_id, revision)
    shown = redact_findings(view, state.cache.findings(row.sha256, scenario))
    findings = [Finding.model_validate(f) for f in shown]
    hard = sum(1 for f in findings if f.severity == "violation" and not f.waived)
    return Findings(plan_id=plan_id, revision=row.number, hard=hard, findings=findings)


@router.get("/explain", response_model=Explanation, responses={**NOT_FOUND, 422: {}})
def explain(plan_id: PlanId, caller: Caller, session: ReadSession, state: State,
            astronaut: str = Query(min_length=1, max_length=64), flight: str = Query(min_length=1, max_length=64),
            revision: int | None = Query(default=None, ge=1, le=INT_MAX)) -> Explanation:
    """Why an astronaut may or may not take a seat on a flight, with what would fix it."""
    from crewplan.check.explain import explain as explain_seat

    require(caller, "check")
    _plan, _row, scenario, view = loaded(state, session, caller, plan_id, revision)
    try:
        found = explain_seat(scenario, astronaut, flight)
    except UsageError as error:
        raise HTTPException(status.HTTP_422_UNPROCESSABLE_CONTENT, str(error)) from None
    reasons = [{"rule": r.rule, "message": r.message, "fixes": [r.fix] if r.fix else [],
                "entities": {"astronauts": [astronaut], "flights": [flight]}} for r in found.reasons]
    shown = redact_findings(view, reasons)
    return Explanation(astronaut=astronaut, flight=flight, allowed=found.allowed,
                       answer=found.answer if not any(r["message"] != s["message"] for r, s in zip(
                           reasons, shown, strict=True)) else _plain(found.allowed),
                       reasons=[Reason(rule=s["rule"], message=s["message"],
                                       fix=s["fixes"][0] if s["fixes"] else None) for s in shown])


def _plain(allowed: bool) -> str:
    return "yes" if allowed else "no: see the reasons"

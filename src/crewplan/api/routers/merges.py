"""Merge requests: a branch proposed into its plan, with the diff, the checker's verdict on the merged
result, and the approvals of every agency whose astronauts or seats the change touches.

``POST /plans/{branch}/merge-requests`` opens one for the branch's newest revision (later edits of the branch
need a new request: an approval is for what the approver saw). The merge is three-way, entity by entity
(:mod:`crewplan.scenario.merge`), onto the plan as it is when read or merged; conflicts are listed, never
resolved silently. ``POST /merge-requests/{n}/merge`` with ``If-Match: <plan revision>`` writes the merged
result as the plan's next revision once every agency it touches (rule ``merge.approvers``, re-checked
against the plan at that moment) approved and none rejected.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Path, status
from sqlalchemy.orm import Session

from crewplan.api.access import require, visible_plan
from crewplan.api.deps import INT_MAX, Caller, PlanId, ReadSession, State
from crewplan.api.models import (
    Approval,
    Approver,
    Conflict,
    MergeDecision,
    MergeRequest,
    MergeRequestList,
    NewMergeRequest,
    Verdict,
)
from crewplan.api.routers.edits import IfMatch, _revision
from crewplan.api.routers.plans import actor, compare
from crewplan.api.state import ServiceState
from crewplan.domain import Scenario
from crewplan.errors import ScenarioError
from crewplan.policy import Principal, approvers, may, may_approve_merge, may_merge
from crewplan.storage import StaleRevision, merges, repository
from crewplan.storage.documents import merged_document
from crewplan.storage.repository import NotFound
from crewplan.storage.schema import MergeRequestRow

router = APIRouter(tags=["merge requests"])
RequestId = Annotated[int, Path(ge=1, le=INT_MAX, description="A merge request's number")]
RESPONSES: dict[int | str, dict[str, Any]] = {
    403: {"description": "The caller's role or agency may not do this (the rule is named)"},
    404: {"description": "No such plan or merge request, or none the caller may see"},
    409: {"description": "Conflicts with the plan, or the plan moved on (If-Match)"},
}


@dataclass
class Computed:
    plan_revision: int
    now: Scenario
    merged: Scenario | None
    conflicts: list[tuple[str, str]]
    required: dict[str, list[str]]
    problem: str | None = None


def compute(state: ServiceState, session: Session, plan_id: int, base: int, branch_id: int, branch_revision: int
            ) -> Computed:
    """The branch's revision merged onto the plan's newest revision, and who must approve it."""
    base_row = repository.revision(session, plan_id, base)
    now_row = repository.revision(session, plan_id)
    branch_row = repository.revision(session, branch_id, branch_revision)
    now = state.cache.scenario(now_row.sha256, now_row.document)
    text, sha, result = merged_document(base_row.document, now_row.document, branch_row.document)
    if text is None or sha is None:
        return Computed(now_row.number, now, None, list(result.conflicts), {})
    try:
        merged = state.cache.scenario(sha, text)
    except ScenarioError as error:  # each side valid, the two together not (a reference one side removed)
        return Computed(now_row.number, now, None, [("scenario", "")], {},
                        problem=f"the merged plan is not valid: {error.problems[0]}")
    return Computed(now_row.number, now, merged, [], approvers(now, merged, result.from_branch))


def _hard(state: ServiceState, scenario: Scenario) -> Counter[str]:
    from crewplan.storage.documents import to_document

    _, sha = to_document(scenario)
    found = state.cache.findings(sha, scenario)
    return Counter(f["rule"] for f in found if f["severity"] == "violation" and not f["waived"])


def shown(state: ServiceState, session: Session, row: MergeRequestRow, caller: Principal) -> MergeRequest:
    done = compute(state, session, row.plan_id, row.base_revision, row.branch_id, row.branch_revision)
    required = {a: list(t) for a, t in done.required.items()}
    for agency in row.required:
        required.setdefault(agency, ["(asked when the request was opened)"])
    stand = merges.standing(session, row.id)
    waiting = sorted(a for a in required if stand.get(a) is not True)
    verdict = None
    changes: list[Any] = []
    terms: dict[str, list[float | None]] = {}
    if done.merged is not None:
        after = _hard(state, done.merged)
        verdict = Verdict(hard_now=sum(_hard(state, done.now).values()), hard_merged=sum(after.values()),
                          rules_merged=dict(sorted(after.items())))
        changes, terms = compare(done.now, done.merged)
    actions = ["read"]
    if row.status == merges.OPEN:
        if may_approve_merge(caller, required).allowed:
            actions.append("approve")
        if may_merge(caller, waiting, len(done.conflicts)).allowed:
            actions.append("merge")
        if caller.agency == row.agency and may(caller, "merge_request").allowed:
            actions.append("close")
    return MergeRequest(
        id=row.id, plan_id=row.plan_id, branch_id=row.branch_id, base_revision=row.base_revision,
        branch_revision=row.branch_revision, plan_revision=done.plan_revision, title=row.title,
        status=row.status, created_by=row.created_by, agency=row.agency, created_at=row.created_at,
        conflicts=[Conflict(section=s, id=i) for s, i in done.conflicts], changes=changes, objective_terms=terms,
        verdict=verdict, required=[Approver(agency=a, touches=t) for a, t in sorted(required.items())],
        approvals=[Approval(agency=a.agency, username=a.username, approve=a.approve, comment=a.comment, at=a.at)
                   for a in merges.approvals(session, row.id)],
        waiting_for=waiting if row.status == merges.OPEN else [], merged_revision=row.merged_revision,
        allowed_actions=actions)


def visible_request(session: Session, caller: Principal, request_id: int, *, lock: bool = False
                    ) -> MergeRequestRow:
    try:
        row = merges.request(session, request_id, lock=lock)
        visible_plan(session, caller, row.plan_id)
    except (NotFound, HTTPException):
        raise HTTPException(status.HTTP_404_NOT_FOUND, f"merge request {request_id} not found") from None
    return row


@router.post("/plans/{plan_id}/merge-requests", response_model=MergeRequest, status_code=status.HTTP_201_CREATED,
             responses=RESPONSES)
def open_request(plan_id: PlanId, body: NewMergeRequest, caller: Caller, state: State) -> MergeRequest:
    """Propose this branch (its newest revision) into the plan it was branched from."""
    with state.db.transaction() as session:
        branch = visible_plan(session, caller, plan_id)
        require(caller, "merge_request")
        if branch.parent_id is None or branch.base_revision is None:
            raise HTTPException(status.HTTP_422_UNPROCESSABLE_CONTENT, f"plan {plan_id} is not a branch: only a "
                                "branch is merged into its plan")
        done = compute(state, session, branch.parent_id, branch.base_revision, branch.id, branch.revision)
        if done.conflicts:
            raise HTTPException(status.HTTP_409_CONFLICT, done.problem or (
                "the branch conflicts with the plan's changes since it was made: "
                + ", ".join(f"{s} {i}".strip() for s, i in done.conflicts)
                + "; branch again from the newest revision and redo the change there"))
        row = merges.open_request(session, branch, actor(caller), body.title, list(done.required))
        if caller.agency in done.required and may(caller, "approve").allowed:
            merges.decide(session, row, actor(caller), True, "opened the request")
        return shown(state, session, row, caller)


@router.get("/plans/{plan_id}/merge-requests", response_model=MergeRequestList, responses=RESPONSES)
def list_requests(plan_id: PlanId, caller: Caller, session: ReadSession, state: State) -> MergeRequestList:
    """The merge requests into this plan or from this branch, oldest first."""
    visible_plan(session, caller, plan_id)
    return MergeRequestList(merge_requests=[shown(state, session, r, caller)
                                            for r in merges.requests_of(session, plan_id)])


@router.get("/merge-requests/{request_id}", response_model=MergeRequest, responses=RESPONSES)
def read_request(request_id: RequestId, caller: Caller, session: ReadSession, state: State) -> MergeRequest:
    """The request: its diff against the plan now, conflicts, the checker's verdict on the merged result, who
    must approve, who did, and what the caller may do."""
    return shown(state, session, visible_request(session, caller, request_id), caller)


@router.post("/merge-requests/{request_id}/approvals", response_model=MergeRequest, responses=RESPONSES)
def decide(request_id: RequestId, body: MergeDecision, caller: Caller, state: State) -> MergeRequest:
    """The caller's agency approves or rejects the request (its newest decision counts)."""
    with state.db.transaction() as session:
        row = visible_request(session, caller, request_id, lock=True)
        if row.status != merges.OPEN:
            raise HTTPException(status.HTTP_409_CONFLICT, f"merge request {request_id} is {row.status}")
        done = compute(state, session, row.plan_id, row.base_revision, row.branch_id, row.branch_revision)
        decision = may_approve_merge(caller, set(done.required) | set(row.required))
        if not decision.allowed:
            raise HTTPException(status.HTTP_403_FORBIDDEN, f"{decision.reason} ({decision.rule})")
        merges.decide(session, row, actor(caller), body.approve, body.comment)
        return shown(state, session, row, caller)


@router.post("/merge-requests/{request_id}/merge", response_model=MergeRequest, responses={
    **RESPONSES, 428: {"description": "If-Match (the plan's revision) is missing"}})
def merge(request_id: RequestId, caller: Caller, state: State, if_match: IfMatch = None) -> MergeRequest:
    """Write the merged result as the plan's next revision (``If-Match``: the plan's revision the caller
    reviewed), once every agency the change touches approved it and none rejected it."""
    expected = _revision(if_match)
    with state.db.transaction() as session:
        row = visible_request(session, caller, request_id, lock=True)
        if row.status != merges.OPEN:
            raise HTTPException(status.HTTP_409_CONFLICT, f"merge request {request_id} is {row.status}")
        done = compute(state, session, row.plan_id, row.base_revision, row.branch_id, row.branch_revision)
        stand = merges.standing(session, row.id)
        waiting = [a for a in set(done.required) | set(row.required) if stand.get(a) is not True]
        decision = may_merge(caller, waiting, len(done.conflicts))
        if not decision.allowed:
            code = status.HTTP_409_CONFLICT if decision.rule == "merge.conflicts" else status.HTTP_403_FORBIDDEN
            raise HTTPException(code, f"{decision.reason} ({decision.rule})")
        assert done.merged is not None
        try:
            new = repository.add_revision(session, row.plan_id, done.merged, actor(caller), expected=expected,
                                          message=f"merged request {row.id} (branch {row.branch_id} revision "
                                                  f"{row.branch_revision}): {row.title}")
        except StaleRevision as stale:
            raise HTTPException(status.HTTP_409_CONFLICT, str(stale), headers={"ETag": f'"{stale.current}"'}
                                ) from None
        merges.mark_merged(session, row, actor(caller), new.number)
        return shown(state, session, row, caller)


@router.post("/merge-requests/{request_id}/close", response_model=MergeRequest, responses=RESPONSES)
def close(request_id: RequestId, caller: Caller, state: State) -> MergeRequest:
    """Withdraw an open request (planners of the agency that opened it)."""
    with state.db.transaction() as session:
        row = visible_request(session, caller, request_id, lock=True)
        if row.status != merges.OPEN:
            raise HTTPException(status.HTTP_409_CONFLICT, f"merge request {request_id} is {row.status}")
        if caller.agency != row.agency or not may(caller, "merge_request").allowed:
            raise HTTPException(status.HTTP_403_FORBIDDEN, f"only {row.agency}'s planners close it (merge.owner)")
        merges.close(session, row, actor(caller))
        return shown(state, session, row, caller)

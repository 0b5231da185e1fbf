"""Merge requests and approvals in the database; each write appends its audit event in the same transaction.
What a merge changes and who must approve it is decided above (the service, through the policy); this
module keeps the record."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from crewplan.storage import audit
from crewplan.storage.repository import Actor, NotFound
from crewplan.storage.schema import MergeApprovalRow, MergeRequestRow, PlanRow, utc_now

OPEN, MERGED, CLOSED = "open", "merged", "closed"


def _event(session: Session, actor: Actor, action: str, row: MergeRequestRow, change: dict[str, object]) -> None:
    audit.append(session, actor=actor.name, agency=actor.agency, action=action, object_type="merge_request",
                 object_id=str(row.id), change={"plan": row.plan_id, "branch": row.branch_id, **change})


def open_request(session: Session, branch: PlanRow, actor: Actor, title: str, required: Sequence[str]
                 ) -> MergeRequestRow:
    """Propose ``branch`` (at its newest revision) into its parent plan."""
    assert branch.parent_id is not None and branch.base_revision is not None
    row = MergeRequestRow(plan_id=branch.parent_id, branch_id=branch.id, base_revision=branch.base_revision,
                          branch_revision=branch.revision, title=title, status=OPEN, required=sorted(required),
                          created_by=actor.name, agency=actor.agency or "")
    session.add(row)
    session.flush()
    _event(session, actor, "merge_request.create", row, {"title": title, "branch_revision": row.branch_revision,
                                                           "required": row.required})
    return row


def request(session: Session, request_id: int, *, lock: bool = False) -> MergeRequestRow:
    query = select(MergeRequestRow).where(MergeRequestRow.id == request_id).execution_options(
        populate_existing=True)
    found = session.execute(query.with_for_update() if lock else query).scalar_one_or_none()
    if found is None:
        raise NotFound(f"no merge request {request_id}")
    return found


def requests_of(session: Session, plan_id: int) -> Sequence[MergeRequestRow]:
    """The merge requests into or from a plan, oldest first."""
    return session.scalars(select(MergeRequestRow).where(or_(MergeRequestRow.plan_id == plan_id,
                                                             MergeRequestRow.branch_id == plan_id))
                           .order_by(MergeRequestRow.id)).all()


def approvals(session: Session, request_id: int) -> list[MergeApprovalRow]:
    """Every decision on the request, oldest first."""
    return list(session.scalars(select(MergeApprovalRow).where(MergeApprovalRow.request_id == request_id)
                                .order_by(MergeApprovalRow.id)))


def standing(session: Session, request_id: int) -> dict[str, bool]:
    """Each agency's newest decision: approve (True) or reject (False)."""
    return {a.agency: a.approve for a in approvals(session, request_id)}


def decide(session: Session, row: MergeRequestRow, actor: Actor, approve: bool, comment: str = ""
           ) -> MergeApprovalRow:
    """``actor``'s agency approves or rejects the request (its newest decision counts)."""
    decision = MergeApprovalRow(request_id=row.id, agency=actor.agency or "", username=actor.name,
                                approve=approve, comment=comment)
    session.add(decision)
    session.flush()
    _event(session, actor, "merge_request.approve" if approve else "merge_request.reject", row,
           {"agency": actor.agency, "comment": comment})
    return decision


def mark_merged(session: Session, row: MergeRequestRow, actor: Actor, revision: int) -> None:
    row.status, row.merged_revision, row.closed_at = MERGED, revision, utc_now()
    session.flush()
    _event(session, actor, "merge_request.merge", row, {"revision": revision})


def close(session: Session, row: MergeRequestRow, actor: Actor) -> None:
    row.status, row.closed_at = CLOSED, utc_now()
    session.flush()
    _event(session, actor, "merge_request.close", row, {})

"""``/audit``: the audit log (admins), and its verification."""

from __future__ import annotations

from fastapi import APIRouter, Query
from sqlalchemy import select

from crewplan.api.access import require
from crewplan.api.deps import Caller, ReadSession
from crewplan.api.models import AuditEvent, AuditLog, AuditVerdict
from crewplan.storage import audit
from crewplan.storage.schema import AuditEventRow

router = APIRouter(prefix="/audit", tags=["audit"])


@router.get("", response_model=AuditLog, responses={403: {}})
def read_log(caller: Caller, session: ReadSession, after: int = Query(default=0, ge=0, le=2_147_483_647),
             limit: int = Query(default=100, ge=1, le=1000)) -> AuditLog:
    """Events after number ``after``, oldest first. The log holds digests, never values."""
    require(caller, "manage_users")
    rows = session.scalars(select(AuditEventRow).where(AuditEventRow.seq > after).order_by(AuditEventRow.seq)
                           .limit(limit)).all()
    return AuditLog(events=[AuditEvent.model_validate(r, from_attributes=True) for r in rows])


@router.get("/verify", response_model=AuditVerdict, responses={403: {}})
def verify(caller: Caller, session: ReadSession) -> AuditVerdict:
    """Recompute the chain (as ``crewplan audit verify``)."""
    require(caller, "manage_users")
    v = audit.verify(session)
    return AuditVerdict(intact=v.intact, events=v.events, first_bad=v.first_bad, problem=v.problem,
                        head_hash=v.head_hash)

"""The tamper-evident audit log: a hash chain over canonical JSON.

Each event's ``hash`` is SHA-256 over the canonical JSON (sorted keys, no spaces, UTF-8) of its number, time,
actor, agency, action, object, the change's digest and the previous event's hash. An event is appended in the
writer's own transaction (the write and its event commit together or not at all); appending locks the one
``audit_head`` row, so concurrent writers queue instead of forking the chain. The log keeps digests, never
values: a medical status or a password never reaches it.

:func:`verify` recomputes the chain and names the first record that was changed, removed or moved.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from crewplan.storage.schema import AuditEventRow, AuditHeadRow, utc_now

GENESIS = "sha256:" + "0" * 64
"""The ``prev_hash`` of the first event."""


def canonical(value: Any) -> str:
    """Canonical JSON: sorted keys, no spaces, UTF-8 as is; dates as ISO 8601."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=_iso)


def _iso(value: Any) -> str:
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} is not JSON")


def digest(value: Any) -> str:
    """``sha256:`` and the hex digest of ``value``'s canonical JSON."""
    return "sha256:" + hashlib.sha256(canonical(value).encode("utf-8")).hexdigest()


def _record(row: AuditEventRow) -> dict[str, Any]:
    return {"seq": row.seq, "at": row.at.astimezone(dt.UTC).isoformat(timespec="microseconds"),
            "actor": row.actor, "agency": row.agency, "action": row.action, "object_type": row.object_type,
            "object_id": row.object_id, "digest": row.digest, "prev_hash": row.prev_hash}


def event_hash(row: AuditEventRow) -> str:
    return digest(_record(row))


def append(session: Session, *, actor: str, agency: str | None, action: str, object_type: str,
           object_id: str, change: Any) -> AuditEventRow:
    """Append one event for ``change`` (any JSON-able value; only its digest is kept) in ``session``'s
    transaction."""
    head = session.execute(select(AuditHeadRow).where(AuditHeadRow.id == 1).with_for_update()).scalar_one()
    row = AuditEventRow(seq=head.seq + 1, at=utc_now(), actor=actor, agency=agency, action=action,
                        object_type=object_type, object_id=str(object_id), digest=digest(change),
                        prev_hash=head.hash, hash="")
    row.hash = event_hash(row)
    session.add(row)
    head.seq, head.hash = row.seq, row.hash
    session.flush()
    return row


@dataclass(frozen=True)
class Verdict:
    """What :func:`verify` found: ``intact``, how many events, and the first broken one with why."""

    intact: bool
    events: int
    first_bad: int | None = None
    problem: str | None = None
    head_hash: str | None = None
    """The last event's hash: kept outside the database (each agency may note it), it also shows a chain
    rewritten from some record on by someone who recomputed every later hash."""


def verify(session: Session) -> Verdict:
    """Recompute the chain in order; the first record that does not hold is named."""
    previous_hash, expected_seq, count = GENESIS, 1, 0
    rows = session.execute(select(AuditEventRow).order_by(AuditEventRow.seq)).scalars()
    for row in rows:
        count += 1
        if row.seq != expected_seq:
            return Verdict(False, count, expected_seq, f"record {expected_seq} is missing (the log goes from "
                           f"{expected_seq - 1} to {row.seq}): removed")
        if row.prev_hash != previous_hash:
            return Verdict(False, count, row.seq, f"record {row.seq} does not follow record {row.seq - 1} (its "
                           "previous hash differs): a record before it was changed, removed or moved")
        if event_hash(row) != row.hash:
            return Verdict(False, count, row.seq, f"record {row.seq} was changed: its hash does not match its "
                           f"contents ({row.action} {row.object_type} {row.object_id} by {row.actor})")
        previous_hash, expected_seq = row.hash, expected_seq + 1
    head = session.get(AuditHeadRow, 1)
    if head is None:
        return Verdict(False, count, None, "the audit head row is missing")
    if head.seq != count or head.hash != previous_hash:
        return Verdict(False, count, count + 1, f"the log ends at record {count}, but {head.seq} were written: "
                       f"records {count + 1} to {head.seq} were removed")
    return Verdict(True, count, head_hash=previous_hash)

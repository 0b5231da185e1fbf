"""Failed log-ins, kept in the database for the log-in limiter (``crewplan.api.state.LoginLimiter``)."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from crewplan.storage.schema import LoginFailureRow


def digest(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def failures(session: Session, keys: Iterable[str], since: dt.datetime) -> dict[str, list[dt.datetime]]:
    """Each key's failures at or after ``since``, oldest first."""
    by_digest = {digest(k): k for k in keys}
    found: dict[str, list[dt.datetime]] = {k: [] for k in by_digest.values()}
    rows = session.execute(select(LoginFailureRow.key_sha256, LoginFailureRow.failed_at)
                           .where(LoginFailureRow.key_sha256.in_(by_digest), LoginFailureRow.failed_at >= since)
                           .order_by(LoginFailureRow.failed_at))
    for key_sha256, at in rows:
        found[by_digest[key_sha256]].append(at)
    return found


def record(session: Session, keys: Iterable[str], at: dt.datetime, forget_before: dt.datetime) -> None:
    """A failure of each key at ``at``; failures of any key before ``forget_before`` are deleted."""
    session.execute(delete(LoginFailureRow).where(LoginFailureRow.failed_at < forget_before))
    session.add_all(LoginFailureRow(key_sha256=digest(k), failed_at=at) for k in keys)


def forget(session: Session, key: str) -> None:
    """A success: the key's failures no longer count."""
    session.execute(delete(LoginFailureRow).where(LoginFailureRow.key_sha256 == digest(key)))

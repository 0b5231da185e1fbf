"""The tables, as SQLAlchemy 2 ORM classes. Migrations (``migrations/versions``) create exactly these; a test
compares the two.

Times are aware UTC datetimes (:class:`UtcDateTime`: PostgreSQL ``timestamptz``; on SQLite an ISO-8601 text
in UTC, which sorts as it should).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, Boolean, Date, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from sqlalchemy.types import DateTime, TypeDecorator


class UtcDateTime(TypeDecorator[dt.datetime]):
    """An aware UTC datetime in, an aware UTC datetime out; a naive one is refused."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def load_dialect_impl(self, dialect: Dialect) -> Any:
        if dialect.name == "sqlite":
            return dialect.type_descriptor(String(32))
        return dialect.type_descriptor(DateTime(timezone=True))

    def process_bind_param(self, value: dt.datetime | None, dialect: Dialect) -> Any:
        if value is None:
            return None
        if value.tzinfo is None or value.utcoffset() is None:
            raise ValueError(f"naive datetime {value.isoformat()}: crewplan stores aware UTC times only")
        value = value.astimezone(dt.UTC)
        return value.isoformat(timespec="microseconds") if dialect.name == "sqlite" else value

    def process_result_value(self, value: Any, dialect: Dialect) -> dt.datetime | None:
        if value is None:
            return None
        if isinstance(value, str):
            value = dt.datetime.fromisoformat(value)
        assert isinstance(value, dt.datetime)
        return value.astimezone(dt.UTC)


def utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class Base(DeclarativeBase):
    pass


class AgencyRow(Base):
    __tablename__ = "agencies"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    country: Mapped[str | None] = mapped_column(String(8))


class UserRow(Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    password_hash: Mapped[str] = mapped_column(String(200))
    agency_id: Mapped[str] = mapped_column(ForeignKey("agencies.id"))
    nationalities: Mapped[list[str]] = mapped_column(JSON)
    roles: Mapped[list[str]] = mapped_column(JSON)
    disabled: Mapped[bool] = mapped_column(Boolean, default=False)
    token_version: Mapped[int] = mapped_column(Integer, default=0)
    """Raised on logout or disabling: every token issued before is void at once."""
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=utc_now)


class PlanRow(Base):
    """A shared plan, or a branch of one (``parent_id`` and ``base_revision``: a what-if)."""

    __tablename__ = "plans"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    scenario_id: Mapped[str] = mapped_column(String(64))
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("plans.id"))
    base_revision: Mapped[int | None] = mapped_column(Integer)
    revision: Mapped[int] = mapped_column(Integer, default=0)
    """The newest revision's number: it only increases."""
    agencies: Mapped[list[str]] = mapped_column(JSON, default=list)
    """The agencies of the plan's scenario (its members: the policy's ``plan.member``)."""
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=utc_now)
    created_by: Mapped[str] = mapped_column(String(128))


class RevisionRow(Base):
    """One revision of a plan: the whole document (scenario or manifest, element files inlined) and its hash."""

    __tablename__ = "revisions"
    __table_args__ = (UniqueConstraint("plan_id", "number"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plans.id"))
    number: Mapped[int] = mapped_column(Integer)
    document: Mapped[str] = mapped_column(Text)
    sha256: Mapped[str] = mapped_column(String(80))
    message: Mapped[str] = mapped_column(String(500), default="")
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=utc_now)
    created_by: Mapped[str] = mapped_column(String(128))


class ShareGrantRow(Base):
    """An agency lets another see one data class (medical, body) of its astronauts, from a day, under an
    agreement (the policy's ``data.share_grant``)."""

    __tablename__ = "share_grants"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    owner: Mapped[str] = mapped_column(ForeignKey("agencies.id"))
    data_class: Mapped[str] = mapped_column(String(16))
    grantee: Mapped[str] = mapped_column(ForeignKey("agencies.id"))
    agreement: Mapped[str | None] = mapped_column(String(64))
    valid_from: Mapped[dt.date] = mapped_column(Date)
    valid_until: Mapped[dt.date | None] = mapped_column(Date)
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=utc_now)
    created_by: Mapped[str] = mapped_column(String(128))


class AuditEventRow(Base):
    """One audit event; rows can only be appended (triggers refuse UPDATE and DELETE)."""

    __tablename__ = "audit_events"

    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    actor: Mapped[str] = mapped_column(String(128))
    agency: Mapped[str | None] = mapped_column(String(64))
    action: Mapped[str] = mapped_column(String(64))
    object_type: Mapped[str] = mapped_column(String(64))
    object_id: Mapped[str] = mapped_column(String(128))
    digest: Mapped[str] = mapped_column(String(80))
    """SHA-256 over the change's canonical JSON: what changed is provable, never readable from the log."""
    prev_hash: Mapped[str] = mapped_column(String(80))
    hash: Mapped[str] = mapped_column(String(80))


class AuditHeadRow(Base):
    """The chain's head (one row): the last event's number and hash. Appending locks it, so two writers never
    fork the chain, and a removed tail shows."""

    __tablename__ = "audit_head"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    seq: Mapped[int] = mapped_column(Integer)
    hash: Mapped[str] = mapped_column(String(80))


class SolveJobRow(Base):
    """A solve (``plan``) or replan job on one revision of a plan, run by a worker; its result is a new
    branch of the plan (``result_plan_id``), never the plan itself.

    ``status``: queued → running → succeeded | failed | cancelled. A running job's worker renews
    ``lease_until``; a job whose lease ran out, or whose worker process is gone, is failed by the next
    worker or server start (its ``error`` says why), never left running."""

    __tablename__ = "solve_jobs"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plans.id"))
    revision: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(16))
    options: Mapped[dict[str, Any]] = mapped_column(JSON)
    status: Mapped[str] = mapped_column(String(16), index=True)
    cancel_requested: Mapped[bool] = mapped_column(Boolean, default=False)
    progress: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    """The newest report: stage, incumbent, bound, gap, elapsed_s, solutions."""
    result: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    """How the solve ended: status (OPTIMAL/FEASIBLE/...), stopped_by, objective, bound, gap, terms, time_s."""
    result_plan_id: Mapped[int | None] = mapped_column(ForeignKey("plans.id"))
    result_revision: Mapped[int | None] = mapped_column(Integer)
    error: Mapped[str | None] = mapped_column(Text)
    worker: Mapped[str | None] = mapped_column(String(200))
    """host:pid:kind of the worker that runs (or ran) it."""
    lease_until: Mapped[dt.datetime | None] = mapped_column(UtcDateTime)
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=utc_now)
    created_by: Mapped[str] = mapped_column(String(128))
    agency: Mapped[str | None] = mapped_column(String(64))
    started_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime)
    finished_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime)


class MergeRequestRow(Base):
    """A branch proposed into its parent plan: open until merged or closed. ``required`` lists the agencies
    whose approval the change needs (the policy's ``merge.approvers``, as of the request's opening; a merge
    re-checks them against the plan as it is then)."""

    __tablename__ = "merge_requests"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plans.id"))
    branch_id: Mapped[int] = mapped_column(ForeignKey("plans.id"))
    base_revision: Mapped[int] = mapped_column(Integer)
    branch_revision: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(String(200))
    status: Mapped[str] = mapped_column(String(16))
    required: Mapped[list[str]] = mapped_column(JSON)
    merged_revision: Mapped[int | None] = mapped_column(Integer)
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=utc_now)
    created_by: Mapped[str] = mapped_column(String(128))
    agency: Mapped[str] = mapped_column(String(64))
    closed_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime)


class MergeApprovalRow(Base):
    """An agency's approval or rejection of a merge request (its newest one counts)."""

    __tablename__ = "merge_approvals"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    request_id: Mapped[int] = mapped_column(ForeignKey("merge_requests.id"))
    agency: Mapped[str] = mapped_column(String(64))
    username: Mapped[str] = mapped_column(String(128))
    approve: Mapped[bool] = mapped_column(Boolean)
    comment: Mapped[str] = mapped_column(String(2000), default="")
    at: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=utc_now)


class LoginFailureRow(Base):
    """A failed log-in, counted for one key (a user name or an address) by the log-in limiter; every server
    process of a database shares the counts. The key is stored as its SHA-256 (a user name typed wrongly may
    be a password). Limiter state, not shared data: rows older than the limiter's window are deleted, and
    they are not audited."""

    __tablename__ = "login_failures"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key_sha256: Mapped[str] = mapped_column(String(64), index=True)
    failed_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, index=True)

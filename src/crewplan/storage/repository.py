"""Reads and writes of plans, revisions, agencies and users. Every write appends its audit event in the
same transaction (the caller's :meth:`Database.transaction`)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from crewplan.domain import Scenario
from crewplan.errors import CrewplanError, InputError, UsageError
from crewplan.storage import audit
from crewplan.storage.documents import to_document
from crewplan.storage.schema import AgencyRow, PlanRow, RevisionRow, ShareGrantRow, UserRow

ROLES = ("viewer", "planner", "admin")
USERNAME = re.compile(r"^[a-z0-9][a-z0-9._-]{1,63}$")
PASSWORD_MIN = 15
"""NIST SP 800-63B-4 (3.1.1.2): at least 15 characters where a password is the only factor."""


@dataclass(frozen=True)
class Actor:
    """Who writes: a user of the service, or a local operator at the command line (``local:NAME``)."""

    name: str
    agency: str | None = None


class StaleRevision(CrewplanError):
    """An edit was based on a revision that is no longer the newest (HTTP 409): nothing was written."""

    def __init__(self, plan_id: int, expected: int, current: int) -> None:
        super().__init__(f"plan {plan_id} is at revision {current}, not {expected}: read it again and redo the "
                         "edit on the newest revision")
        self.plan_id, self.expected, self.current = plan_id, expected, current


class NotFound(InputError):
    """No such object (or, in the service, none the caller may see)."""


def sync_agencies(session: Session, scenario: Scenario, actor: Actor) -> list[str]:
    """Add the scenario's agencies that the database does not hold yet; returns their ids."""
    known = set(session.scalars(select(AgencyRow.id)))
    added = []
    for agency in scenario.agencies:
        if agency.id in known:
            continue
        session.add(AgencyRow(id=agency.id, name=agency.name, country=agency.country))
        audit.append(session, actor=actor.name, agency=actor.agency, action="agency.create", object_type="agency",
                     object_id=agency.id, change={"id": agency.id, "name": agency.name, "country": agency.country})
        added.append(agency.id)
    return added


def create_plan(session: Session, scenario: Scenario, actor: Actor, name: str | None = None) -> PlanRow:
    """A new plan whose revision 1 is ``scenario`` (its agencies added to the database)."""
    sync_agencies(session, scenario, actor)
    plan = PlanRow(name=name or scenario.name, scenario_id=scenario.id, revision=0, created_by=actor.name,
                   agencies=sorted(a.id for a in scenario.agencies))
    session.add(plan)
    session.flush()
    audit.append(session, actor=actor.name, agency=actor.agency, action="plan.create", object_type="plan",
                 object_id=str(plan.id), change={"name": plan.name, "scenario_id": plan.scenario_id})
    add_revision(session, plan.id, scenario, actor, expected=0, message="imported")
    return plan


def create_branch(session: Session, parent_id: int, actor: Actor, name: str, base: int | None = None) -> PlanRow:
    """A branch of a plan (a what-if): its revision 1 is the parent's revision ``base`` (default: newest)."""
    parent = plan(session, parent_id)
    source = revision(session, parent_id, base)
    branch = PlanRow(name=name, scenario_id=parent.scenario_id, parent_id=parent.id, base_revision=source.number,
                     revision=1, created_by=actor.name, agencies=list(parent.agencies))
    session.add(branch)
    session.flush()
    session.add(RevisionRow(plan_id=branch.id, number=1, document=source.document, sha256=source.sha256,
                            message=f"branched from plan {parent.id} revision {source.number}",
                            created_by=actor.name))
    session.flush()
    audit.append(session, actor=actor.name, agency=actor.agency, action="plan.branch", object_type="plan",
                 object_id=str(branch.id), change={"name": name, "parent": parent.id, "base": source.number,
                                                   "sha256": source.sha256})
    return branch


def add_revision(session: Session, plan_id: int, scenario: Scenario, actor: Actor, *, expected: int,
                 message: str = "") -> RevisionRow:
    """Store ``scenario`` as the plan's next revision, if the plan is still at revision ``expected``
    (:class:`StaleRevision` if not: the caller edited an older one)."""
    # Locked and read afresh (populate_existing): a row loaded before the lock may be stale.
    plan = session.execute(select(PlanRow).where(PlanRow.id == plan_id).with_for_update()
                           .execution_options(populate_existing=True)).scalar_one_or_none()
    if plan is None:
        raise NotFound(f"no plan {plan_id}")
    if plan.revision != expected:
        raise StaleRevision(plan_id, expected, plan.revision)
    document, sha = to_document(scenario)
    sync_agencies(session, scenario, actor)
    plan.agencies = sorted(a.id for a in scenario.agencies)
    plan.revision += 1
    row = RevisionRow(plan_id=plan_id, number=plan.revision, document=document, sha256=sha, message=message,
                      created_by=actor.name)
    session.add(row)
    session.flush()
    audit.append(session, actor=actor.name, agency=actor.agency, action="revision.create", object_type="plan",
                 object_id=f"{plan_id}@{row.number}", change={"sha256": sha, "message": message})
    return row


def plans(session: Session) -> Sequence[PlanRow]:
    return session.scalars(select(PlanRow).order_by(PlanRow.id)).all()


def plan(session: Session, plan_id: int) -> PlanRow:
    found = session.get(PlanRow, plan_id)
    if found is None:
        known = ", ".join(str(p.id) for p in plans(session)) or "none yet: crewplan db import PATH"
        raise NotFound(f"no plan {plan_id}; plans: {known}")
    return found


def revision(session: Session, plan_id: int, number: int | None = None) -> RevisionRow:
    """A plan's revision ``number`` (default: the newest)."""
    row = plan(session, plan_id)
    wanted = row.revision if number is None else number
    found = session.scalars(select(RevisionRow).where(RevisionRow.plan_id == plan_id,
                                                      RevisionRow.number == wanted)).one_or_none()
    if found is None:
        raise NotFound(f"plan {plan_id} has no revision {wanted}; its revisions are 1 to {row.revision}")
    return found


def add_user(session: Session, actor: Actor, *, username: str, password: str, agency: str,
             nationalities: Sequence[str], roles: Sequence[str]) -> UserRow:
    """A new user of an agency the database holds; the password is kept only as its Argon2id hash."""
    from argon2 import PasswordHasher

    if not USERNAME.match(username):
        raise UsageError(f"user name {username!r}: expected 2-64 characters, lower-case letters, digits, '.', "
                         "'_' or '-', starting with a letter or digit")
    if len(password) < PASSWORD_MIN:
        raise UsageError(f"the password has {len(password)} characters; expected at least {PASSWORD_MIN}")
    agencies = set(session.scalars(select(AgencyRow.id)))
    if agency not in agencies:
        raise UsageError(f"agency {agency!r} is not in the database; expected one of "
                         f"{', '.join(sorted(agencies)) or 'none yet (import a scenario first)'}")
    bad = [r for r in roles if r not in ROLES]
    if bad or not roles:
        raise UsageError(f"role {bad[0] if bad else '(none)'!r}: expected one or more of {', '.join(ROLES)}")
    codes = [n.upper() for n in nationalities]
    if not codes or any(not re.fullmatch(r"[A-Z]{2}", n) for n in codes):
        raise UsageError(f"nationalities {list(nationalities)}: expected one or more ISO 3166 alpha-2 codes (CN)")
    if session.scalars(select(UserRow).where(UserRow.username == username)).first() is not None:
        raise UsageError(f"user {username!r} exists already")
    user = UserRow(username=username, password_hash=PasswordHasher().hash(password), agency_id=agency,
                   nationalities=sorted(set(codes)), roles=sorted(set(roles)), disabled=False, token_version=0)
    session.add(user)
    session.flush()
    audit.append(session, actor=actor.name, agency=actor.agency, action="user.create", object_type="user",
                 object_id=str(user.id), change={"username": username, "agency": agency,
                                                 "nationalities": user.nationalities, "roles": user.roles})
    return user


def add_share_grant(session: Session, actor: Actor, *, owner: str, data_class: str, grantee: str,
                    valid_from: dt.date, valid_until: dt.date | None = None,
                    agreement: str | None = None) -> ShareGrantRow:
    """``owner`` lets ``grantee`` see ``data_class`` (medical or body) of its astronauts from ``valid_from``."""
    agencies = set(session.scalars(select(AgencyRow.id)))
    for name, agency in (("owner", owner), ("grantee", grantee)):
        if agency not in agencies:
            raise UsageError(f"{name} {agency!r} is not an agency in the database; expected one of "
                             f"{', '.join(sorted(agencies))}")
    if data_class not in ("medical", "body"):
        raise UsageError(f"data class {data_class!r}: expected medical or body")
    if valid_until is not None and valid_until < valid_from:
        raise UsageError(f"valid_until {valid_until} is before valid_from {valid_from}")
    row = ShareGrantRow(owner=owner, data_class=data_class, grantee=grantee, agreement=agreement,
                        valid_from=valid_from, valid_until=valid_until, created_by=actor.name)
    session.add(row)
    session.flush()
    audit.append(session, actor=actor.name, agency=actor.agency, action="grant.create", object_type="share_grant",
                 object_id=str(row.id), change={"owner": owner, "data_class": data_class, "grantee": grantee,
                                                "agreement": agreement, "valid_from": valid_from,
                                                "valid_until": valid_until})
    return row

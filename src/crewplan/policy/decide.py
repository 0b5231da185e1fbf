"""Decisions: who may see a plan, an astronaut's protected data, a proposal, an item's details, and who may
do what. Each decision names the rule that made it (``GET /authz/explain`` shows them).

Rules:

- ``plan.member``: a plan is visible to the users of the agencies its scenario lists; to anyone else it does
  not exist (the service answers 404).
- ``role.<action>``: viewers read; planners also edit, branch, propose, solve and open merge requests;
  admins also manage users and share grants. A disabled user is no principal at all.
- ``data.own_agency`` / ``data.share_grant`` / ``data.hidden``: an astronaut's medical status and body
  measures are visible to the astronaut's own agency, or to an agency a share grant of that data class
  covers on the day; otherwise redacted.
- ``export.<rule id>``: an export-controlled item's details are redacted for a viewer whom the scenario's
  export-control rule bars (:mod:`crewplan.rules.export`, the rules the checker reads).
- ``proposal.party``: a proposal is visible to the proposing agency and to the operator of its station.
- ``proposal.own``: a planner proposes only their own agency's astronauts and experiments;
  ``proposal.operator``: a planner of the station's operator accepts or declines it.
- ``job.owner``: a solve job is seen by whoever sees its plan; cancelled by a planner of the agency that
  submitted it.
- ``merge.approvers``: a merge request needs the approval of every agency whose astronauts or seats the
  change touches (a flight's vehicle operator and the agencies of its crew before and after; an astronaut's,
  a booking's, a waiver's or an event's people; a proposal's proposer and station operator; an agreement's
  parties); a change of anything else (settings, rules, the plan header) needs every station operator.
- ``edit.branch`` / ``edit.owner``: a planner edits a branch freely; the main plan only where the edit touches
  nothing but the caller's own agency's flights (the vehicle's operator) and people. Anything else goes
  through a branch and a merge request that every touched agency approves.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from crewplan.domain import Proposal, Scenario
from crewplan.rules.export import Item, Viewer, barring_rules

DATA_CLASSES = ("medical", "body")
ROLE_ACTIONS: dict[str, tuple[str, ...]] = {
    "viewer": ("read", "check"),
    "planner": ("read", "check", "edit", "branch", "propose", "solve", "merge_request", "approve"),
    "admin": ("read", "check", "manage_users", "share"),
}
ACTIONS = tuple(dict.fromkeys(a for actions in ROLE_ACTIONS.values() for a in actions))


class Effect(StrEnum):
    ALLOW = "allow"
    DENY = "deny"
    REDACT = "redact"


@dataclass(frozen=True)
class Decision:
    effect: Effect
    rule: str
    reason: str

    @property
    def allowed(self) -> bool:
        return self.effect is Effect.ALLOW


@dataclass(frozen=True)
class Principal:
    """The caller, as read from the database on every request (the token carries only the user id)."""

    user_id: int
    username: str
    agency: str
    nationalities: tuple[str, ...]
    roles: frozenset[str] = field(default_factory=frozenset)

    @property
    def viewer(self) -> Viewer:
        return Viewer(self.agency, self.nationalities)


@dataclass(frozen=True)
class ShareGrant:
    """The owner agency lets the grantee agency see one data class of the owner's astronauts."""

    owner: str
    data_class: str
    grantee: str
    valid_from: dt.date
    valid_until: dt.date | None = None
    agreement: str | None = None

    def covers(self, owner: str, data_class: str, grantee: str, day: dt.date) -> bool:
        return (self.owner == owner and self.data_class == data_class and self.grantee == grantee
                and self.valid_from <= day and (self.valid_until is None or day <= self.valid_until))


def may_see_plan(principal: Principal, agencies: Iterable[str]) -> Decision:
    if principal.agency in set(agencies):
        return Decision(Effect.ALLOW, "plan.member", f"{principal.agency} is an agency of this plan")
    return Decision(Effect.DENY, "plan.member", f"{principal.agency} is not an agency of this plan")


def may(principal: Principal, action: str) -> Decision:
    """Whether the principal's roles allow ``action`` (on a plan they may see)."""
    if action not in ACTIONS:
        raise ValueError(f"unknown action {action!r}; expected one of {', '.join(ACTIONS)}")
    for role in sorted(principal.roles):
        if action in ROLE_ACTIONS.get(role, ()):
            return Decision(Effect.ALLOW, f"role.{action}", f"the {role} role may {action.replace('_', ' ')}")
    holders = [r for r, acts in ROLE_ACTIONS.items() if action in acts]
    return Decision(Effect.DENY, f"role.{action}", f"only {' or '.join(holders)} may {action.replace('_', ' ')}")


def allowed_actions(principal: Principal) -> list[str]:
    return [a for a in ACTIONS if may(principal, a).allowed]


def may_see_data(principal: Principal, owner_agency: str, data_class: str, grants: Iterable[ShareGrant],
                 day: dt.date) -> Decision:
    """An astronaut's ``medical`` or ``body`` data, owned by their agency."""
    if data_class not in DATA_CLASSES:
        raise ValueError(f"unknown data class {data_class!r}; expected one of {', '.join(DATA_CLASSES)}")
    if principal.agency == owner_agency:
        return Decision(Effect.ALLOW, "data.own_agency", f"{data_class} data of {owner_agency}'s own astronaut")
    for grant in grants:
        if grant.covers(owner_agency, data_class, principal.agency, day):
            return Decision(Effect.ALLOW, "data.share_grant",
                            f"{owner_agency} shares {data_class} data with {principal.agency}"
                            + (f" under {grant.agreement}" if grant.agreement else ""))
    return Decision(Effect.REDACT, "data.hidden",
                    f"{data_class} data of {owner_agency}'s astronauts; no share grant to {principal.agency}")


def may_see_item(principal: Principal, scenario: Scenario, item: Item, day: dt.date) -> Decision:
    barred = barring_rules(scenario, principal.viewer, item, day)
    if barred:
        rule = barred[0]
        return Decision(Effect.REDACT, f"export.{rule.id}", f"{rule.name}: the details of {item.kind} {item.id} "
                        f"are export-controlled for {', '.join(principal.nationalities)} nationals")
    return Decision(Effect.ALLOW, "export.none", f"no export-control rule bars {item.kind} {item.id}")


def may_see_proposal(principal: Principal, scenario: Scenario, proposal: Proposal) -> Decision:
    operator = _operator(scenario, proposal)
    if principal.agency in (proposal.proposer, operator):
        return Decision(Effect.ALLOW, "proposal.party", f"{principal.agency} proposed it or operates its station")
    return Decision(Effect.DENY, "proposal.party", "only the proposing agency and the station's operator see it")


def may_edit(principal: Principal, scenario: Scenario, flights: Iterable[str], astronauts: Iterable[str],
             on_branch: bool) -> Decision:
    """Whether a planner may make an edit touching ``flights`` and ``astronauts`` on this plan."""
    role = may(principal, "edit")
    if not role.allowed:
        return role
    if on_branch:
        return Decision(Effect.ALLOW, "edit.branch", "a branch is a what-if: planners edit it freely")
    flights, astronauts = list(flights), list(astronauts)
    if not flights and not astronauts:
        return Decision(Effect.DENY, "edit.owner", "an edit of the whole main plan goes through a branch and a "
                        "merge request")
    owners = {scenario.vehicle_type(scenario.flight(f).vehicle_type).operator for f in flights
              if scenario.has("flights", f)}
    owners |= {scenario.astronaut(a).agency for a in astronauts if scenario.has("astronauts", a)}
    others = sorted(owners - {principal.agency})
    if others:
        return Decision(Effect.DENY, "edit.owner", f"the edit touches {', '.join(others)}'s flights or people: "
                        "make it on a branch and open a merge request they approve")
    return Decision(Effect.ALLOW, "edit.owner", f"the edit touches only {principal.agency}'s flights and people")


def may_cancel_job(principal: Principal, job_agency: str | None) -> Decision:
    """Whether the principal may cancel a solve job (of a plan they may see) that ``job_agency`` submitted."""
    role = may(principal, "solve")
    if not role.allowed:
        return role
    if principal.agency != job_agency:
        return Decision(Effect.DENY, "job.owner", f"the job is {job_agency}'s: only its planners cancel it")
    return Decision(Effect.ALLOW, "job.owner", f"{principal.agency} submitted the job")


def _operator(scenario: Scenario, proposal: Proposal) -> str | None:
    if proposal.station and scenario.has("stations", proposal.station):
        return scenario.station(proposal.station).operator
    return None


def may_propose(principal: Principal, scenario: Scenario, proposal: Proposal) -> Decision:
    """Whether the principal may submit ``proposal`` (an astronaut's flight or an experiment)."""
    role = may(principal, "propose")
    if not role.allowed:
        return role
    owners = {proposal.proposer}
    if proposal.astronaut and scenario.has("astronauts", proposal.astronaut):
        owners.add(scenario.astronaut(proposal.astronaut).agency)
    if proposal.experiment and scenario.has("experiments", proposal.experiment):
        owners.add(scenario.experiment(proposal.experiment).proposer)
    others = sorted(owners - {principal.agency})
    if others:
        return Decision(Effect.DENY, "proposal.own", f"{principal.agency} proposes only its own astronauts and "
                        f"experiments, not {', '.join(others)}'s")
    return Decision(Effect.ALLOW, "proposal.own", f"{principal.agency} proposes its own")


def may_decide_proposal(principal: Principal, scenario: Scenario, proposal: Proposal) -> Decision:
    """Whether the principal may accept or decline ``proposal``: its station's operator's planners."""
    role = may(principal, "edit")
    if not role.allowed:
        return role
    operator = _operator(scenario, proposal)
    if principal.agency != operator:
        return Decision(Effect.DENY, "proposal.operator", f"only {operator or 'the station operator'}'s planners "
                        "accept or decline it")
    return Decision(Effect.ALLOW, "proposal.operator", f"{principal.agency} operates the station")


def _people_agencies(scenario: Scenario, astronauts: Iterable[str]) -> set[str]:
    return {scenario.astronaut(a).agency for a in astronauts if scenario.has("astronauts", a)}


def _flight_agencies(scenario: Scenario, flight: str) -> set[str]:
    if not scenario.has("flights", flight):
        return set()
    f = scenario.flight(flight)
    out = _people_agencies(scenario, f.crew())
    if scenario.has("vehicle_types", f.vehicle_type):
        out.add(scenario.vehicle_type(f.vehicle_type).operator)
    return out


def _entity_agencies(scenario: Scenario, section: str, key: str) -> set[str] | None:
    """The agencies an entity of ``scenario`` concerns (None: not one the rule names)."""
    if section == "flights":
        return _flight_agencies(scenario, key)
    if section == "astronauts":
        return _people_agencies(scenario, [key])
    index: dict[str, Any] = {"proposals": scenario.proposals, "experiments": scenario.experiments,
                             "bookings": scenario.bookings, "waivers": scenario.waivers, "events": scenario.events,
                             "agreements": scenario.agreements}
    if section not in index:
        return None
    found: Any = next((x for x in index[section] if x.id == key), None)
    if found is None:
        return set()
    if section == "proposals":
        return {found.proposer} | {o for o in [_operator(scenario, found)] if o}
    if section == "experiments":
        return {found.proposer}
    if section == "bookings":
        return _people_agencies(scenario, [found.astronaut])
    if section == "agreements":
        return set(found.parties)
    people = list(getattr(found, "astronauts", ()) or ()) + [a for a in [getattr(found, "astronaut", None)] if a]
    flights = list(getattr(found, "flights", ()) or ()) + [f for f in [getattr(found, "flight", None)] if f]
    out = _people_agencies(scenario, people)
    for flight in flights:
        out |= _flight_agencies(scenario, flight)
    return out or None


def approvers(before: Scenario, after: Scenario, changed: Iterable[tuple[str, str]]) -> dict[str, list[str]]:
    """Who must approve a merge that changes ``changed`` ((section, id) pairs; id "" for a whole section),
    taking ``before`` to ``after``: each agency with what of theirs it touches (rule ``merge.approvers``)."""
    operators = {st.operator for st in (*before.stations, *after.stations)}
    out: dict[str, list[str]] = {}
    for section, key in changed:
        found = None
        if key:
            agencies = [_entity_agencies(x, section, key) for x in (before, after)]
            if any(a is not None for a in agencies):
                found = set().union(*(a for a in agencies if a is not None))
        what = f"{section[:-1] if section.endswith('s') else section} {key}".strip() if key else section
        for agency in sorted(found if found else operators):
            out.setdefault(agency, []).append(what)
    return out


def may_approve_merge(principal: Principal, required: Iterable[str]) -> Decision:
    """Whether the principal may approve or reject a merge request needing ``required`` agencies."""
    role = may(principal, "approve")
    if not role.allowed:
        return role
    if principal.agency not in set(required):
        return Decision(Effect.DENY, "merge.approvers", f"the change touches nothing of {principal.agency}'s: its "
                        "approval is not asked for")
    return Decision(Effect.ALLOW, "merge.approvers", f"the change touches {principal.agency}'s people or seats")


def may_merge(principal: Principal, waiting_for: Iterable[str], conflicts: int) -> Decision:
    """Whether the principal may merge a request still waiting for ``waiting_for`` with ``conflicts``."""
    role = may(principal, "merge_request")
    if not role.allowed:
        return role
    waiting = sorted(waiting_for)
    if conflicts:
        return Decision(Effect.DENY, "merge.conflicts", f"{conflicts} change(s) of the branch conflict with the "
                        "plan's own since the branch was made: branch again from the newest revision")
    if waiting:
        return Decision(Effect.DENY, "merge.approvers", f"waiting for the approval of {', '.join(waiting)}")
    return Decision(Effect.ALLOW, "merge.approvers", "every agency the change touches approved it")

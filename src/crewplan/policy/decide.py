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
- ``edit.branch`` / ``edit.owner``: a planner edits a branch freely; the main plan only where the edit touches
  nothing but the caller's own agency's flights (the vehicle's operator) and people. Anything else goes
  through a branch and a merge request that every touched agency approves.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum

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
    operator = scenario.station(proposal.station).operator if proposal.station and scenario.has(
        "stations", proposal.station) else None
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

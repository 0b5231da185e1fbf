"""``/plans/{id}/proposals``: an agency proposes an astronaut's flight or an experiment to a station's
operator, who accepts or declines it with a reason; the planner counts the accepted ones.

A proposal is part of the plan's document (the scenario format's ``proposals``), so it is revisioned,
diffed and audited like every edit, and the planner reads it where it reads every other input. Only the
proposing agency and the station's operator see it (``proposal.party``): to anyone else it does not exist
(404). Submitting and deciding are edits with ``If-Match``.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from fastapi import APIRouter, HTTPException, Path, Query, status

from crewplan.api.access import loaded
from crewplan.api.deps import INT_MAX, Caller, PlanId, ReadSession, State
from crewplan.api.models import NewProposal, ProposalDecision, ProposalEdit, ProposalList, ProposalOut
from crewplan.api.routers.edits import RESPONSES, IfMatch, _apply
from crewplan.domain import Proposal, Scenario
from crewplan.policy import Principal, may_decide_proposal, may_propose, may_see_proposal
from crewplan.scenario import edits

router = APIRouter(prefix="/plans/{plan_id}/proposals", tags=["proposals"])
ProposalId = Path(min_length=1, max_length=64, description="A proposal's id")


def shown(proposal: Proposal, scenario: Scenario, caller: Principal) -> ProposalOut:
    actions = ["read"]
    if proposal.status.value == "proposed" and may_decide_proposal(caller, scenario, proposal).allowed:
        actions.append("decide")
    data = proposal.model_dump(mode="json")
    return ProposalOut(**{k: data.get(k) for k in ProposalOut.model_fields if k != "allowed_actions"},
                       allowed_actions=actions)


def _visible(scenario: Scenario, caller: Principal, proposal_id: str) -> Proposal:
    found = next((p for p in scenario.proposals if p.id == proposal_id), None)
    if found is None or not may_see_proposal(caller, scenario, found).allowed:
        raise HTTPException(status.HTTP_404_NOT_FOUND, f"proposal {proposal_id} not found")
    return found


@router.get("", response_model=ProposalList, responses={404: {}})
def list_proposals(plan_id: PlanId, caller: Caller, session: ReadSession, state: State,
                   revision: int | None = Query(default=None, ge=1, le=INT_MAX)) -> ProposalList:
    """The proposals of a revision (default: the newest) the caller may see: their own agency's, and those
    to the stations their agency operates."""
    _plan, row, scenario, _view = loaded(state, session, caller, plan_id, revision)
    return ProposalList(plan_id=plan_id, revision=row.number, proposals=[
        shown(p, scenario, caller) for p in scenario.proposals if may_see_proposal(caller, scenario, p).allowed])


@router.get("/{proposal_id}", response_model=ProposalOut, responses={404: {}})
def read_proposal(plan_id: PlanId, caller: Caller, session: ReadSession, state: State,
                  proposal_id: str = ProposalId) -> ProposalOut:
    _plan, _row, scenario, _view = loaded(state, session, caller, plan_id, None)
    return shown(_visible(scenario, caller, proposal_id), scenario, caller)


@router.post("", response_model=ProposalEdit, status_code=status.HTTP_201_CREATED, responses=RESPONSES)
def submit(plan_id: PlanId, body: NewProposal, caller: Caller, state: State, if_match: IfMatch = None
           ) -> ProposalEdit:
    """Propose one of the caller's agency's astronauts for a flight to a station, or one of its experiments;
    status ``proposed`` until the station's operator decides."""
    made: dict[str, Any] = {}

    def change(scenario: Scenario) -> edits.Edited:
        edited = edits.add_proposal(scenario, proposer=caller.agency, submitted_by=f"{caller.username} "
                                    f"({caller.agency})", **body.model_dump())
        made["proposal"] = edited.scenario.proposals[-1]
        return edited

    done = _apply(state, caller, plan_id, if_match, change,
                  lambda scenario, _edited: may_propose(caller, scenario, made["proposal"]))
    return ProposalEdit(**done.model_dump(), proposal=made["proposal"].id)


@router.post("/{proposal_id}/decision", response_model=ProposalEdit, responses=RESPONSES)
def decide(plan_id: PlanId, body: ProposalDecision, caller: Caller, state: State, if_match: IfMatch = None,
           proposal_id: str = ProposalId) -> ProposalEdit:
    """Accept or decline a proposal (the station operator's planners), with the reason."""
    def change(scenario: Scenario) -> edits.Edited:
        _visible(scenario, caller, proposal_id)
        return edits.decide_proposal(scenario, proposal_id, accept=body.accept, reason=body.reason,
                                     decided_by=f"{caller.username} ({caller.agency})",
                                     today=dt.datetime.now(dt.UTC).date())

    done = _apply(state, caller, plan_id, if_match, change, lambda scenario, _edited: may_decide_proposal(
        caller, scenario, _visible(scenario, caller, proposal_id)))
    return ProposalEdit(**done.model_dump(), proposal=proposal_id)

"""Request and response bodies (their JSON Schema is the OpenAPI the service publishes)."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field


class Body(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Token(BaseModel):
    access_token: str
    token_type: Literal["bearer"] = "bearer"
    expires_in_s: int


class Me(BaseModel):
    id: int
    username: str
    agency: str
    nationalities: list[str]
    roles: list[str]
    allowed_actions: list[str]


class PlanSummary(BaseModel):
    id: int
    name: str
    scenario_id: str
    revision: int
    parent_id: int | None
    base_revision: int | None
    agencies: list[str]
    created_at: AwareDatetime
    created_by: str
    allowed_actions: list[str]


class PlanList(BaseModel):
    plans: list[PlanSummary]


class RevisionInfo(BaseModel):
    number: int
    sha256: str
    message: str
    created_at: AwareDatetime
    created_by: str


class RevisionList(BaseModel):
    plan_id: int
    revisions: list[RevisionInfo]


class Redaction(BaseModel):
    path: str
    rule: str
    reason: str


class Document(BaseModel):
    plan_id: int
    revision: int
    sha256: str
    scenario: dict[str, Any]
    redactions: list[Redaction]


class NewPlan(Body):
    scenario_yaml: str = Field(max_length=20 * 1024 * 1024, description="A scenario or manifest as one YAML "
                               "document (element sets inline, or none: the station's nominal orbit).")
    name: str | None = Field(default=None, max_length=200)


class NewBranch(Body):
    name: str = Field(min_length=1, max_length=200)
    base_revision: int | None = Field(default=None, ge=1, le=2_147_483_647)


class Entities(BaseModel):
    astronauts: list[str] = []
    flights: list[str] = []
    vehicle_types: list[str] = []
    stations: list[str] = []
    ports: list[str] = []
    sites: list[str] = []
    agreements: list[str] = []
    rules: list[str] = []


class Finding(BaseModel):
    rule: str
    message: str
    severity: str
    entities: Entities
    start_utc: AwareDatetime
    end_utc: AwareDatetime
    fixes: list[str]
    citation: str | None
    waived: bool
    waiver: str | None


class Findings(BaseModel):
    plan_id: int
    revision: int
    hard: int
    findings: list[Finding]


class Reason(BaseModel):
    rule: str
    message: str
    fix: str | None = None


class Explanation(BaseModel):
    astronaut: str
    flight: str
    allowed: bool
    answer: str
    reasons: list[Reason]


class Change(BaseModel):
    kind: str
    flight: str
    before: Any = None
    after: Any = None


class Diff(BaseModel):
    plan_id: int
    from_revision: int
    to_revision: int
    changes: list[Change]
    objective_terms: dict[str, list[float | None]]


class Comparison(BaseModel):
    """A branch's newest revision beside its parent plan's newest (``changes``: from the parent to the branch)."""

    plan_id: int
    revision: int
    parent_id: int
    parent_revision: int
    base_revision: int
    parent_moved: bool = Field(description="The parent has revisions the branch was not made on")
    changes: list[Change]
    objective_terms: dict[str, list[float | None]]


class PinEdit(Body):
    flight: str = Field(min_length=1, max_length=64)
    astronaut: str = Field(min_length=1, max_length=64)
    pinned: bool = True


class LaunchEdit(Body):
    flight: str = Field(min_length=1, max_length=64)
    launch_day: dt.date


class EventEdit(Body):
    kind: str = Field(min_length=1, max_length=40)
    date: dt.date
    flight: str | None = Field(default=None, max_length=64)
    astronaut: str | None = Field(default=None, max_length=64)
    site: str | None = Field(default=None, max_length=64)
    pad: str | None = Field(default=None, max_length=64)
    rule: str | None = Field(default=None, max_length=64)
    slip_days: int | None = Field(default=None, ge=0, le=3650)
    until: dt.date | None = None
    description: str = Field(min_length=1, max_length=2000)


class WaiverEdit(Body):
    rule: str = Field(min_length=1, max_length=64)
    reason: str = Field(min_length=1, max_length=2000)
    until: dt.date
    start: dt.date | None = None
    astronauts: list[str] = Field(default=[], max_length=50)
    flights: list[str] = Field(default=[], max_length=50)


class EditResult(BaseModel):
    plan_id: int
    revision: int
    sha256: str


class AuditEvent(BaseModel):
    seq: int
    at: AwareDatetime
    actor: str
    agency: str | None
    action: str
    object_type: str
    object_id: str
    digest: str
    prev_hash: str
    hash: str


class AuditLog(BaseModel):
    events: list[AuditEvent]


class AuditVerdict(BaseModel):
    intact: bool
    events: int
    first_bad: int | None
    problem: str | None
    head_hash: str | None


class AuthzDecision(BaseModel):
    subject: str
    effect: Literal["allow", "deny", "redact"]
    rule: str
    reason: str


class AuthzExplain(BaseModel):
    principal: Me
    decisions: list[AuthzDecision]


class Window(BaseModel):
    station: str
    site: str
    vehicle_type: str
    pass_: str = Field(alias="pass")
    inplane_utc: AwareDatetime
    launch_utc: AwareDatetime
    open_utc: AwareDatetime
    close_utc: AwareDatetime
    azimuth_deg: float
    inertial_azimuth_deg: float
    phase_deg: float
    rendezvous_profile: str | None
    rendezvous_hours: float | None
    usable: bool
    elements_epoch_utc: AwareDatetime

    model_config = ConfigDict(populate_by_name=True, serialize_by_alias=True)


class Windows(BaseModel):
    station: str
    site: str
    vehicle_type: str
    windows: list[Window]


class Problem(BaseModel):
    detail: Any


class _JobBase(Body):
    revision: int | None = Field(default=None, ge=1, le=2_147_483_647,
                                 description="The revision to solve (default: the plan's newest).")
    time_limit_s: float = Field(default=120.0, ge=0.1, le=7 * 86_400, description="Solver time limit, seconds.")
    workers: int = Field(default=2, ge=1, le=64, description="Solver threads.")
    seed: int = Field(default=0, ge=0, le=2**31 - 1)
    race: bool = Field(default=False, description="Let the solver threads race (as --race).")
    work_limit: float | None = Field(default=None, ge=0.1, le=7 * 86_400,
                                     description="Deterministic work limit (as --work-limit).")


class PlanJobRequest(_JobBase):
    """``crewplan plan`` on the revision, with its options and defaults."""

    kind: Literal["plan"]
    gap: float = Field(default=0.0, ge=0.0, le=1.0, description="Stop at this relative gap (0: prove optimal).")
    require_crewed: bool = False


class ReplanJobRequest(_JobBase):
    """``crewplan replan`` of the revision for some of its events, with its options and defaults."""

    kind: Literal["replan"]
    events: list[str] = Field(min_length=1, max_length=100, description="Ids of the revision's events to "
                              "replan for (add them first: POST /plans/{id}/edits/events).")
    shift_days: int = Field(default=30, ge=0, le=3650)
    stay_shift_days: int = Field(default=0, ge=0, le=3650)
    all_stations: bool = False
    foreign_relief: bool = Field(default=False, description="Offer vehicles from outside a damaged station's "
                                 "programme as optional reliefs, as crewplan replan --foreign-relief.")


class JobProgress(BaseModel):
    stage: str | None = None
    incumbent: float | None = None
    bound: float | None = None
    gap: float | None = None
    elapsed_s: float | None = None
    solutions: int | None = None


class JobResult(BaseModel):
    status: str
    stopped_by: str = ""
    objective: float | None = None
    bound: float | None = None
    gap: float | None = None
    terms: dict[str, float] = {}
    time_s: float | None = None
    first_feasible_s: float | None = None
    forced_findings: int | None = None


class Job(BaseModel):
    id: int
    plan_id: int
    revision: int
    kind: str
    options: dict[str, Any]
    status: Literal["queued", "running", "succeeded", "failed", "cancelled"]
    cancel_requested: bool
    progress: JobProgress | None
    result: JobResult | None
    result_plan_id: int | None = Field(description="The branch that holds the plan found (never the plan "
                                       "itself: merge it with a merge request).")
    result_revision: int | None
    error: str | None
    created_at: AwareDatetime
    created_by: str
    started_at: AwareDatetime | None
    finished_at: AwareDatetime | None
    url: str
    allowed_actions: list[str]


class JobList(BaseModel):
    jobs: list[Job]


class NewProposal(Body):
    kind: Literal["astronaut_flight", "experiment"]
    astronaut: str | None = Field(default=None, min_length=1, max_length=64)
    experiment: str | None = Field(default=None, min_length=1, max_length=64)
    station: str | None = Field(default=None, min_length=1, max_length=64,
                                description="The station whose operator decides (an experiment's by default).")
    earliest: dt.date | None = None
    latest: dt.date | None = None
    priority: int = Field(default=1, ge=0, le=100)
    note: str | None = Field(default=None, max_length=2000)


class ProposalDecision(Body):
    accept: bool
    reason: str = Field(min_length=1, max_length=2000)


class ProposalOut(BaseModel):
    id: str
    proposer: str
    kind: str
    astronaut: str | None
    experiment: str | None
    station: str | None
    earliest: dt.date | None
    latest: dt.date | None
    status: str
    priority: int
    note: str | None
    submitted_by: str | None
    decided_by: str | None
    decided_on: dt.date | None
    decision_reason: str | None
    allowed_actions: list[str]


class ProposalList(BaseModel):
    plan_id: int
    revision: int
    proposals: list[ProposalOut]


class ProposalEdit(BaseModel):
    plan_id: int
    revision: int
    sha256: str
    proposal: str


class NewMergeRequest(Body):
    title: str = Field(min_length=1, max_length=200)


class MergeDecision(Body):
    approve: bool
    comment: str = Field(default="", max_length=2000)


class Conflict(BaseModel):
    section: str
    id: str


class Approver(BaseModel):
    agency: str
    touches: list[str]


class Approval(BaseModel):
    agency: str
    username: str
    approve: bool
    comment: str
    at: AwareDatetime


class Verdict(BaseModel):
    """The checker on the merged result: hard findings (not waived) by rule, beside the plan's now."""

    hard_now: int
    hard_merged: int
    rules_merged: dict[str, int]


class MergeRequest(BaseModel):
    id: int
    plan_id: int
    branch_id: int
    base_revision: int
    branch_revision: int
    plan_revision: int = Field(description="The plan's revision the merge is computed on (send it as If-Match "
                               "to merge).")
    title: str
    status: Literal["open", "merged", "closed"]
    created_by: str
    agency: str
    created_at: AwareDatetime
    conflicts: list[Conflict]
    changes: list[Change]
    objective_terms: dict[str, list[float | None]]
    verdict: Verdict | None
    required: list[Approver]
    approvals: list[Approval]
    waiting_for: list[str]
    merged_revision: int | None
    allowed_actions: list[str]


class MergeRequestList(BaseModel):
    merge_requests: list[MergeRequest]


class OccupancyRun(BaseModel):
    """Consecutive days on which the same people are aboard and the same lifeboat seats are docked."""

    first_day: dt.date
    last_day: dt.date
    aboard: int
    lifeboat_seats: int
    people: list[str]
    gap: bool = Field(description="More people aboard than lifeboat seats, or a lifeboat finding of the checker")


class StationOccupancy(BaseModel):
    station: str
    name: str
    nominal_crew: int
    handover_crew: int
    runs: list[OccupancyRun]
    gap_days: int
    person_days: int


class Occupancy(BaseModel):
    plan_id: int
    revision: int
    first_day: dt.date
    last_day: dt.date
    stations: list[StationOccupancy]


class TrainingStepOut(BaseModel):
    course: str
    name: str
    provider: str
    facility: str | None
    start_day: dt.date
    end_day: dt.date = Field(description="The day the qualifications are earned")
    grants: list[str]
    expires_day: dt.date | None


class TrainingPlanOut(BaseModel):
    plan_id: int
    revision: int
    astronaut: str
    targets: list[str]
    ready_day: dt.date | None
    valid_through_day: dt.date | None
    already_held: list[str]
    steps: list[TrainingStepOut]

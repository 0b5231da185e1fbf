"""Experiments and proposals."""

from __future__ import annotations

from enum import StrEnum

from pydantic import Field, model_validator

from crewplan.domain.base import Day, Id, Model, Text


class Experiment(Model):
    """An experiment proposed by an agency or institute: crew hours, a qualification, a module, a window."""

    id: Id
    name: Text
    field: Text
    proposer: Id
    institute: Text | None = None
    station: Id
    module: Id | None = None
    crew_hours: float = Field(gt=0, le=10_000)
    qualification: Id | None = None
    window_start: Day | None = None
    window_end: Day | None = None
    export_control_class: str | None = None
    fictional: bool = False
    source: Text | None = None

    @model_validator(mode="after")
    def _order(self) -> Experiment:
        if self.window_start and self.window_end and self.window_end < self.window_start:
            raise ValueError(f"window_end {self.window_end} is before window_start {self.window_start}")
        return self


class ProposalKind(StrEnum):
    ASTRONAUT_FLIGHT = "astronaut_flight"
    EXPERIMENT = "experiment"


class ProposalStatus(StrEnum):
    PROPOSED = "proposed"
    ACCEPTED = "accepted"
    DECLINED = "declined"


class Proposal(Model):
    """A request by an agency to fly an astronaut or run an experiment."""

    id: Id
    proposer: Id
    kind: ProposalKind
    astronaut: Id | None = None
    experiment: Id | None = None
    station: Id | None = None
    earliest: Day | None = None
    latest: Day | None = None
    status: ProposalStatus = ProposalStatus.PROPOSED
    priority: int = Field(default=1, ge=0, le=100)
    note: Text | None = None
    submitted_by: Text | None = None
    """Who submitted it (the shared service records the user and agency)."""
    decided_by: Text | None = None
    """Who accepted or declined it, for the station's operator."""
    decided_on: Day | None = None
    decision_reason: Text | None = None

    @model_validator(mode="after")
    def _checks(self) -> Proposal:
        if self.kind is ProposalKind.ASTRONAUT_FLIGHT and not self.astronaut:
            raise ValueError("an astronaut_flight proposal names no astronaut")
        if self.kind is ProposalKind.EXPERIMENT and not self.experiment:
            raise ValueError("an experiment proposal names no experiment")
        if self.earliest and self.latest and self.latest < self.earliest:
            raise ValueError(f"latest {self.latest} is before earliest {self.earliest}")
        return self

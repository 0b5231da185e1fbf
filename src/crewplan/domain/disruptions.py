"""Disruption rates: how often each kind of disruption happens, for sampling possible futures (robustness
studies, :mod:`crewplan.robustness`). Each rate says what it is counted per, where it comes from, and
whether it is derived from the scenario's own record (with the reasoning) or given."""

from __future__ import annotations

from enum import StrEnum

from pydantic import Field, model_validator

from crewplan.domain.base import Id, Model, Text
from crewplan.domain.events import EventKind


class RatePer(StrEnum):
    LAUNCH = "launch"
    """``rate`` is a probability per crewed launch (a launch slip of ``mean_days`` on average)."""
    DOCKED_DAY = "docked_day"
    """``rate`` is a probability per day a vehicle is docked (it is damaged on that day)."""
    PERSON_YEAR = "person_year"
    """``rate`` is an expected count per person-year of a person assigned to a future flight (grounded for
    ``mean_days`` on average)."""
    SITE_YEAR = "site_year"
    """``rate`` is an expected count per year of the site (or its ``pad``) being unavailable ``mean_days``."""
    YEAR = "year"
    """``rate`` is an expected count per year of ``rule`` being added (or ended)."""


EXPECTED_PER = {EventKind.LAUNCH_SLIP: RatePer.LAUNCH, EventKind.VEHICLE_DAMAGED: RatePer.DOCKED_DAY,
                EventKind.ASTRONAUT_GROUNDED: RatePer.PERSON_YEAR, EventKind.PAD_UNAVAILABLE: RatePer.SITE_YEAR,
                EventKind.RULE_ADDED: RatePer.YEAR, EventKind.RULE_ENDED: RatePer.YEAR}


class DisruptionRate(Model):
    """One rate: ``kind`` happens at ``rate`` per ``per``, for a vehicle type, a site (and pad) or a rule."""

    id: Id
    kind: EventKind
    per: RatePer
    rate: float = Field(ge=0, le=1000)
    vehicle_type: Id | None = None
    """launch_slip, vehicle_damaged: the vehicle type it applies to (none: every type without its own rate)."""
    site: Id | None = None
    pad: Id | None = None
    rule: Id | None = None
    mean_days: float | None = Field(default=None, gt=0, le=3650)
    """The mean slip (launch_slip), grounding (astronaut_grounded) or outage (pad_unavailable), in days."""
    derived: bool = False
    """Computed from the scenario's own record (:func:`crewplan.robustness.derive.derived_rates`)."""
    reasoning: Text | None = None
    source: Text | None = None

    @model_validator(mode="after")
    def _fits(self) -> DisruptionRate:
        if self.per is not EXPECTED_PER[self.kind]:
            raise ValueError(f"a {self.kind.value} rate is counted per {EXPECTED_PER[self.kind].value}, "
                             f"not per {self.per.value}")
        if self.per in (RatePer.LAUNCH, RatePer.DOCKED_DAY) and self.rate > 1:
            raise ValueError(f"a rate per {self.per.value} is a probability: at most 1, not {self.rate}")
        needs = {EventKind.LAUNCH_SLIP: ("mean_days",), EventKind.ASTRONAUT_GROUNDED: ("mean_days",),
                 EventKind.PAD_UNAVAILABLE: ("site", "mean_days"), EventKind.RULE_ADDED: ("rule",),
                 EventKind.RULE_ENDED: ("rule",)}.get(self.kind, ())
        missing = [n for n in needs if getattr(self, n) is None]
        if missing:
            raise ValueError(f"a {self.kind.value} rate needs {', '.join(missing)}")
        return self

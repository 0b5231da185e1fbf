"""Disruption events: something that happened (or may happen) on a day and changes what is possible."""

from __future__ import annotations

from enum import StrEnum

from pydantic import Field, model_validator

from crewplan.domain.base import Id, Model, Text, When, day_of


class EventKind(StrEnum):
    VEHICLE_DAMAGED = "vehicle_damaged"
    """The vehicle of ``flight`` may no longer serve as a lifeboat (and may not bring crew home)."""
    LAUNCH_SLIP = "launch_slip"
    """``flight`` cannot launch before ``date`` + ``slip_days``."""
    ASTRONAUT_GROUNDED = "astronaut_grounded"
    """``astronaut`` may not fly from ``date`` until ``until`` (open-ended if absent)."""
    PAD_UNAVAILABLE = "pad_unavailable"
    """``site`` (or its ``pad``) cannot launch from ``date`` until ``until``."""
    RULE_ADDED = "rule_added"
    RULE_ENDED = "rule_ended"


_NEEDS = {
    EventKind.VEHICLE_DAMAGED: ("flight",),
    EventKind.LAUNCH_SLIP: ("flight", "slip_days"),
    EventKind.ASTRONAUT_GROUNDED: ("astronaut",),
    EventKind.PAD_UNAVAILABLE: ("site",),
    EventKind.RULE_ADDED: ("rule",),
    EventKind.RULE_ENDED: ("rule",),
}


class Event(Model):
    id: Id
    kind: EventKind
    date: When
    flight: Id | None = None
    astronaut: Id | None = None
    site: Id | None = None
    pad: Id | None = None
    rule: Id | None = None
    slip_days: int | None = Field(default=None, ge=1, le=3650)
    until: When | None = None
    description: Text
    source: Text | None = None

    @model_validator(mode="after")
    def _fields(self) -> Event:
        missing = [name for name in _NEEDS[self.kind] if getattr(self, name) is None]
        if missing:
            raise ValueError(f"a {self.kind.value} event needs {', '.join(missing)}")
        if self.until is not None and day_of(self.until) <= day_of(self.date):
            raise ValueError(f"until {day_of(self.until)} is not after date {day_of(self.date)}")
        return self

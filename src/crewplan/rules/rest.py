"""Rest between a person's missions: the days on the ground a mission of a given length asks for."""

from __future__ import annotations

from crewplan.domain import Settings


def is_long(settings: Settings, mission_days: int) -> bool:
    """Whether a mission of ``mission_days`` (launch day to landing day) is a long-duration one."""
    return mission_days >= settings.long_mission_days_min


def rest_after(settings: Settings, mission_days: int) -> int:
    """Days on the ground a person needs after a mission of ``mission_days`` before launching again."""
    rest = settings.rest_days_min
    if settings.ground_days_after_long_min is not None and is_long(settings, mission_days):
        rest = max(rest, settings.ground_days_after_long_min)
    return rest

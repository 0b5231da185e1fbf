"""Findings of the checker: a :class:`Violation` per broken hard rule (or warning), and the report.

Dates are day-level: ``start_utc`` is 00:00 UTC of the first day concerned and ``end_utc`` 00:00 UTC of
the day after the last one (an exclusive end), so ``first_day``/``last_day`` give the inclusive days.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict

from crewplan.timeutil import iso_z, start_of_day


class Severity(StrEnum):
    VIOLATION = "violation"
    """A broken hard rule (DESIGN §4): exit code 1 unless waived."""
    WARNING = "warning"
    """Something the checker could not verify or that needs attention; never counts as hard."""


class Entities(BaseModel):
    """The ids a finding is about, by kind."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    astronauts: tuple[str, ...] = ()
    flights: tuple[str, ...] = ()
    vehicle_types: tuple[str, ...] = ()
    stations: tuple[str, ...] = ()
    ports: tuple[str, ...] = ()
    sites: tuple[str, ...] = ()
    agreements: tuple[str, ...] = ()
    rules: tuple[str, ...] = ()
    qualifications: tuple[str, ...] = ()
    events: tuple[str, ...] = ()

    def as_dict(self) -> dict[str, list[str]]:
        return {k: list(v) for k, v in self if v}


class Violation(BaseModel):
    """One finding: the rule, what is wrong in plain words, who and what, when, and how to fix it."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    rule: str
    """Stable checker rule id (``lifeboat``, ``crew.rest``, ``legality.<rule-id>``, ...)."""
    message: str
    entities: Entities
    start_utc: dt.datetime
    end_utc: dt.datetime
    """Exclusive: 00:00 UTC of the day after the last day concerned."""
    severity: Severity = Severity.VIOLATION
    fixes: tuple[str, ...] = ()
    citation: str | None = None
    waived: bool = False
    waiver: str | None = None

    @classmethod
    def on_days(cls, rule: str, message: str, entities: Entities, first_day: dt.date, last_day: dt.date,
                **extra: Any) -> Violation:
        """A finding covering ``first_day``..``last_day`` (both included)."""
        return cls(rule=rule, message=message, entities=entities, start_utc=start_of_day(first_day),
                   end_utc=start_of_day(last_day + dt.timedelta(days=1)), **extra)

    @property
    def first_day(self) -> dt.date:
        return self.start_utc.date()

    @property
    def last_day(self) -> dt.date:
        return (self.end_utc - dt.timedelta(days=1)).date()

    @property
    def hard(self) -> bool:
        """A hard violation that no waiver covers."""
        return self.severity is Severity.VIOLATION and not self.waived

    def as_json(self) -> dict[str, Any]:
        return {
            "rule": self.rule,
            "message": self.message,
            "entities": self.entities.as_dict(),
            "start_utc": iso_z(self.start_utc),
            "end_utc": iso_z(self.end_utc),
            "first_day": self.first_day.isoformat(),
            "last_day": self.last_day.isoformat(),
            "severity": self.severity.value,
            "fixes": list(self.fixes),
            "citation": self.citation,
            "waived": self.waived,
            "waiver": self.waiver,
        }


def sort_key(v: Violation) -> tuple[str, dt.datetime, str]:
    return (v.rule, v.start_utc, v.message)


class CheckReport(BaseModel):
    """Everything the checker found. ``violations`` holds hard findings, waived ones included."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    scenario: str
    horizon_start: dt.date
    horizon_end: dt.date
    violations: tuple[Violation, ...] = ()
    warnings: tuple[Violation, ...] = ()
    skipped: tuple[str, ...] = ()
    """Rule families not evaluated, with the reason (e.g. no orbit layer for ``launch.window``)."""

    @property
    def hard(self) -> list[Violation]:
        """Hard violations that no waiver covers."""
        return [v for v in self.violations if v.hard]

    @property
    def waived(self) -> list[Violation]:
        return [v for v in self.violations if v.waived]

    @property
    def ok(self) -> bool:
        return not self.hard

    def summary(self) -> dict[str, Any]:
        return {
            "scenario": self.scenario,
            "horizon_start": self.horizon_start.isoformat(),
            "horizon_end": self.horizon_end.isoformat(),
            "hard": len(self.hard),
            "waived": len(self.waived),
            "warnings": len(self.warnings),
            "by_rule": dict(sorted(Counter(v.rule for v in self.hard).items())),
            "waived_by_rule": dict(sorted(Counter(v.rule for v in self.waived).items())),
            "skipped": list(self.skipped),
            "ok": self.ok,
        }

    def as_json(self) -> dict[str, Any]:
        return {
            "violations": [v.as_json() for v in self.violations],
            "warnings": [v.as_json() for v in self.warnings],
            "summary": self.summary(),
        }

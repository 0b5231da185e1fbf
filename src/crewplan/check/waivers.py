"""Mark the findings that waivers cover. A waiver that covers only part of a finding's days splits it:
the covered days are reported as waived, the rest stay hard."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from crewplan.check.violations import Severity, Violation
from crewplan.domain import Waiver
from crewplan.rules import waiver_covers
from crewplan.rules.days import subtract


def apply_waivers(found: Iterable[Violation], waivers: Iterable[Waiver]) -> list[Violation]:
    waivers = list(waivers)
    out: list[Violation] = []
    for v in found:
        if v.severity is not Severity.VIOLATION or not waivers:
            out.append(v)
            continue
        remaining = [(v.first_day, v.last_day)]
        for waiver in waivers:
            pieces: list[tuple[dt.date, dt.date]] = []
            for first, last in remaining:
                covered = waiver_covers(waiver, v.rule, v.entities.astronauts, v.entities.flights, first, last)
                if covered is None:
                    pieces.append((first, last))
                    continue
                out.append(_piece(v, covered, waiver.id, f" [waived by {waiver.accepted_by}: {waiver.reason}]"))
                pieces.extend(subtract([(first, last)], [covered]))
            remaining = pieces
        out.extend(_piece(v, piece, None, "") for piece in remaining)
    return out


def _piece(v: Violation, days: tuple[dt.date, dt.date], waiver: str | None, note: str) -> Violation:
    if waiver is None and days == (v.first_day, v.last_day):
        return v
    part = Violation.on_days(v.rule, v.message + note, v.entities, days[0], days[1], severity=v.severity,
                             fixes=v.fixes, citation=v.citation)
    return part.model_copy(update={"waived": waiver is not None, "waiver": waiver})

"""Which days of a finding a waiver covers."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from crewplan.domain import Waiver, WaiverScope
from crewplan.rules.days import MAX_DAY, MIN_DAY, Interval


def waiver_rule_matches(waiver: Waiver, rule_id: str) -> bool:
    """A waiver names a checker rule id (``lifeboat``) or a legality rule's own id (``wolf-amendment``
    matches ``legality.wolf-amendment``)."""
    return waiver.rule in (rule_id, rule_id.removeprefix("legality."))


def waiver_covers(waiver: Waiver, rule_id: str, astronauts: Iterable[str], flights: Iterable[str],
                  first: dt.date, last: dt.date) -> Interval | None:
    """The days of a finding (``first``..``last``) that ``waiver`` covers, or ``None``.

    A rule-wide waiver covers every finding of the rule in its date range. A case waiver also needs every
    person of the finding among its ``astronauts`` (when it lists any) and one of its ``flights`` among the
    finding's (when it lists any).
    """
    if not waiver_rule_matches(waiver, rule_id):
        return None
    if waiver.scope is WaiverScope.CASE:
        people = set(astronauts)
        if waiver.astronauts and (not people or not people <= set(waiver.astronauts)):
            return None
        if waiver.flights and not set(flights) & set(waiver.flights):
            return None
    start = max(first, waiver.start or MIN_DAY)
    end = min(last, waiver.end or MAX_DAY)
    return (start, end) if start <= end else None

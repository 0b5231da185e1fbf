"""A station's days cut into segments within which nobody arrives or leaves and no vehicle changes.

Day-level rules (capacity, lifeboat) are evaluated once per segment instead of once per day, which keeps
a ten-year, six-station check well under a second.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import pairwise

from crewplan.check.context import CheckContext, Stay
from crewplan.domain import Flight
from crewplan.rules.days import ONE_DAY, Interval


@dataclass(frozen=True)
class Segment:
    first: dt.date
    last: dt.date
    stays: tuple[Stay, ...]
    vehicles: tuple[Flight, ...]
    """Flights whose vehicle is docked on these days."""

    @property
    def days(self) -> int:
        return (self.last - self.first).days + 1


def segments(ctx: CheckContext, station: str, extra_cuts: Iterable[dt.date] = ()) -> Iterator[Segment]:
    """Segments of ``station``'s days within the horizon where at least one person is aboard or one
    vehicle is docked. ``extra_cuts`` are further days on which a new segment must start."""
    lo, hi = ctx.horizon
    stays = [s for s in ctx.stays if s.station == station and s.last_day >= lo and s.first_day <= hi]
    flights = [f for f in ctx.flights if f.station == station]
    docked: list[tuple[Flight, Interval]] = []
    for f in flights:
        first, last = ctx.docked[f.id]
        if last >= lo and first <= hi:
            docked.append((f, (first, last)))
    cuts = {lo, hi + ONE_DAY}
    for s in stays:
        cuts.update((s.first_day, s.last_day + ONE_DAY))
    for _, (first, last) in docked:
        cuts.update((first, last + ONE_DAY))
    cuts.update(extra_cuts)
    ordered = sorted(c for c in cuts if lo <= c <= hi + ONE_DAY)
    for start, stop in pairwise(ordered):
        last = stop - ONE_DAY
        here = tuple(s for s in stays if s.first_day <= start and s.last_day >= last)
        ships = tuple(f for f, (a, b) in docked if a <= start and b >= last)
        if here or ships:
            yield Segment(start, last, here, ships)


def runs(days: Iterable[Interval]) -> list[Interval]:
    """Merge touching day intervals into runs."""
    out: list[Interval] = []
    for first, last in sorted(days):
        if out and first <= out[-1][1] + ONE_DAY:
            out[-1] = (out[-1][0], max(out[-1][1], last))
        else:
            out.append((first, last))
    return out

"""Rule 6: people aboard at most the nominal crew, or the handover crew for at most the allowed days; and
rule 13's station part (``station.crew``): while crewed at least the station's ``min_crew`` aboard, and
from ``continuous_from`` on never nobody."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from crewplan.check.context import CheckContext
from crewplan.check.timeline import Segment, runs, segments
from crewplan.check.violations import Entities, Violation
from crewplan.rules.days import ONE_DAY, subtract


def _people(segs: list[Segment], first: dt.date, last: dt.date) -> tuple[str, ...]:
    return tuple(sorted({s.astronaut for seg in segs if seg.first <= last and seg.last >= first
                         for s in seg.stays}))


def check(ctx: CheckContext) -> Iterator[Violation]:
    for station in ctx.scenario.stations:
        cap = station.capacity
        segs = [seg for seg in segments(ctx, station.id) if seg.stays]
        over_handover = runs((seg.first, seg.last) for seg in segs
                             if len({s.astronaut for s in seg.stays}) > cap.handover_crew)
        for first, last in over_handover:
            peak = max(len({s.astronaut for s in seg.stays}) for seg in segs
                       if seg.first <= last and seg.last >= first)
            people = _people(segs, first, last)
            yield Violation.on_days(
                "station.capacity", f"{peak} people aboard {station.name}; at most {cap.handover_crew} even "
                "during a handover", Entities(astronauts=people, stations=(station.id,)), first, last,
                fixes=("delay the arriving flight until the outgoing crew has left",
                       "shorten a visit or return someone earlier"))
        above = runs((seg.first, seg.last) for seg in segs
                     if len({s.astronaut for s in seg.stays}) > cap.nominal_crew)
        for first, last in above:
            length = (last - first).days + 1
            if length <= cap.handover_days_max:
                continue
            start = first + dt.timedelta(days=cap.handover_days_max)
            people = _people(segs, start, last)
            yield Violation.on_days(
                "station.capacity", f"more than {cap.nominal_crew} people aboard {station.name} for {length} "
                f"days from {first.isoformat()}; a handover may last at most {cap.handover_days_max} days",
                Entities(astronauts=people, stations=(station.id,)), start, last,
                fixes=(f"end the handover by {(start - dt.timedelta(days=1)).isoformat()}",
                       "bring the outgoing crew home earlier or launch the incoming crew later"))


def check_crew(ctx: CheckContext) -> Iterator[Violation]:
    for station in ctx.scenario.stations:
        if station.min_crew is None and station.continuous_from is None:
            continue
        lo, hi = ctx.horizon
        since = max(station.continuous_from or hi + ONE_DAY, lo)
        segs = list(segments(ctx, station.id, extra_cuts=(since,) if since <= hi else ()))
        short = runs((seg.first, seg.last) for seg in segs
                     if station.min_crew and 0 < len({s.astronaut for s in seg.stays}) < station.min_crew)
        for first, last in short:
            people = _people([seg for seg in segs if seg.stays], first, last)
            yield Violation.on_days(
                "station.crew", f"only {len(people)} aboard {station.name} on some days from {first.isoformat()} "
                f"to {last.isoformat()}; while crewed it keeps at least {station.min_crew}",
                Entities(astronauts=people, stations=(station.id,)), first, last, citation=station.crew_source,
                fixes=("fly a fuller crew", "overlap the next crew's arrival with the previous crew's stay"))
        if since > hi:
            continue
        crewed = runs((max(seg.first, since), seg.last) for seg in segs if seg.stays and seg.last >= since)
        empty = subtract([(since, hi)], crewed)
        for first, last in empty:
            yield Violation.on_days(
                "station.crew", f"nobody aboard {station.name} from {first.isoformat()} to {last.isoformat()}; it is "
                f"continuously crewed from {station.continuous_from}", Entities(stations=(station.id,)), first, last,
                citation=station.crew_source,
                fixes=("launch the next crew before the previous one leaves", "extend the previous crew's stay"))

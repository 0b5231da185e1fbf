"""Rule 6: people aboard at most the nominal crew, or the handover crew for at most the allowed days."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from crewplan.check.context import CheckContext
from crewplan.check.timeline import Segment, runs, segments
from crewplan.check.violations import Entities, Violation


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

"""Rule 9 (without the orbit layer): the site launches this vehicle type, the pad is available, the site's
turnaround holds, and a slipped launch is not before its new earliest day. The launch-window part of rule 9
lives in :mod:`crewplan.check.window`."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from itertools import pairwise

from crewplan.check.context import CheckContext
from crewplan.check.violations import Entities, Violation
from crewplan.domain import EventKind, FlightStatus, day_of
from crewplan.rules.days import MAX_DAY


def check(ctx: CheckContext) -> Iterator[Violation]:
    sites = {s.id: s for s in ctx.scenario.launch_sites}
    lo, hi = ctx.horizon
    for flight in ctx.flights:
        day = flight.launch_day
        if not lo <= day <= hi:
            continue
        vtype, site = ctx.vtype(flight), sites.get(flight.site)
        ents = Entities(flights=(flight.id,), sites=(flight.site,))
        if vtype and vtype.launch_sites and flight.site not in vtype.launch_sites:
            yield Violation.on_days(
                "launch.site", f"{flight.name}: a {vtype.name} does not launch from {flight.site}", ents, day, day,
                fixes=tuple(f"launch from {s}" for s in vtype.launch_sites))
        if site and flight.pad:
            pad = next((p for p in site.pads if p.id == flight.pad), None)
            if pad and vtype and pad.vehicle_types and vtype.id not in pad.vehicle_types:
                yield Violation.on_days(
                    "launch.site", f"{flight.name}: pad {pad.name} does not launch a {vtype.name}", ents, day, day)
            if pad and ((pad.available_from and day < pad.available_from)
                        or (pad.available_until and day > pad.available_until)):
                yield Violation.on_days(
                    "launch.pad", f"{flight.name}: pad {pad.name} is not in service on {day.isoformat()}",
                    ents, day, day)
        for event in ctx.scenario.events:
            if event.kind is EventKind.PAD_UNAVAILABLE and event.site == flight.site:
                if event.pad and flight.pad and event.pad != flight.pad:
                    continue
                first = day_of(event.date)
                last = day_of(event.until) - dt.timedelta(days=1) if event.until else MAX_DAY
                if first <= day <= last:
                    yield Violation.on_days(
                        "launch.pad", f"{flight.name} launches on {day.isoformat()} but {flight.site} is "
                        f"unavailable from {first.isoformat()} ({event.description})",
                        ents.model_copy(update={"events": (event.id,)}), day, day,
                        fixes=(f"launch after {last.isoformat()}" if last < MAX_DAY else "launch from another site",))
            if (event.kind is EventKind.LAUNCH_SLIP and event.flight == flight.id and event.slip_days
                    and flight.status is FlightStatus.PLANNED):
                earliest = day_of(event.date) + dt.timedelta(days=event.slip_days)
                if day < earliest:
                    yield Violation.on_days(
                        "launch.slip", f"{flight.name} launches on {day.isoformat()}; after the slip "
                        f"({event.description}) it cannot launch before {earliest.isoformat()}",
                        ents.model_copy(update={"events": (event.id,)}), day, day,
                        fixes=(f"move the launch to {earliest.isoformat()} or later",))
    by_site: dict[str, list[tuple[dt.date, str, str]]] = {}
    for flight in ctx.scenario.flights:
        if flight.status is not FlightStatus.CANCELLED:
            by_site.setdefault(flight.site, []).append((flight.launch_day, flight.id, flight.name))
    for site_id, launches in by_site.items():
        site = sites.get(site_id)
        if site is None or not site.turnaround_days:
            continue
        launches.sort()
        for (d1, f1, n1), (d2, f2, n2) in pairwise(launches):
            gap = (d2 - d1).days
            if gap < site.turnaround_days and lo <= d2 <= hi:
                ready = d1 + dt.timedelta(days=site.turnaround_days)
                yield Violation.on_days(
                    "launch.turnaround", f"{n2} launches {gap} days after {n1} from {site.name}; the site "
                    f"needs {site.turnaround_days} days between launches",
                    Entities(flights=(f1, f2), sites=(site_id,)), d1, d2,
                    fixes=(f"launch {f2} on or after {ready.isoformat()}",))

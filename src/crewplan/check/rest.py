"""Rule 2: a person is on at most one flight at a time and rests between flights (``rest_days_min``, and
``ground_days_after_long_min`` after a long-duration mission); and flies only while available (not grounded,
within their availability dates)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from itertools import pairwise

from crewplan.check.context import CheckContext
from crewplan.check.violations import Entities, Violation
from crewplan.domain import EventKind, FlightStatus, Medical, day_of
from crewplan.rules.days import MAX_DAY, MIN_DAY, intersect
from crewplan.rules.rest import is_long, rest_after


def check(ctx: CheckContext) -> Iterator[Violation]:
    settings = ctx.scenario.settings
    missions: dict[str, list[tuple[dt.date, dt.date, str, str]]] = {}
    for stay in ctx.stays:
        missions.setdefault(stay.astronaut, []).append(
            (stay.launch_day, stay.landing_day, stay.up.id, stay.back.id))
    for flight in ctx.scenario.flights:
        if flight.status is FlightStatus.ABORTED:
            landing = day_of(flight.landing) if flight.landing else flight.launch_day
            for person in flight.crew():
                missions.setdefault(person, []).append((flight.launch_day, landing, flight.id, flight.id))
    for person, items in missions.items():
        items.sort()
        for (l1, d1, up1, back1), (l2, d2, up2, _) in pairwise(items):
            rest = rest_after(settings, (d1 - l1).days)
            ents = Entities(astronauts=(person,), flights=tuple(dict.fromkeys((up1, back1, up2))))
            if l2 <= d1:
                days = ctx.in_horizon(l2, min(d1, d2))
                if days:
                    yield Violation.on_days(
                        "crew.overlap", f"{ctx.name(person)} is on {up2} while still on {up1} "
                        f"(home {d1.isoformat()})", ents, *days,
                        fixes=(f"take {person} off {up2}", f"launch {up2} after {d1.isoformat()}"))
            elif (l2 - d1).days < rest:
                days = ctx.in_horizon(d1, l2)
                if days:
                    ready = d1 + dt.timedelta(days=rest)
                    after = (f" after a long-duration mission of {(d1 - l1).days} days"
                             if is_long(settings, (d1 - l1).days) and rest > settings.rest_days_min else "")
                    yield Violation.on_days(
                        "crew.rest", f"{ctx.name(person)} lands on {d1.isoformat()} and launches again on "
                        f"{l2.isoformat()}: {(l2 - d1).days} days' rest, at least {rest} required{after}", ents,
                        *days,
                        fixes=(f"take {person} off {up2}", f"launch {up2} on or after {ready.isoformat()}"))
    yield from _availability(ctx, missions)


def _availability(ctx: CheckContext,
                  missions: dict[str, list[tuple[dt.date, dt.date, str, str]]]) -> Iterator[Violation]:
    grounded: dict[str, list[tuple[dt.date, dt.date, str]]] = {}
    for event in ctx.scenario.events:
        if event.kind is EventKind.ASTRONAUT_GROUNDED and event.astronaut:
            until = day_of(event.until) - dt.timedelta(days=1) if event.until else MAX_DAY
            grounded.setdefault(event.astronaut, []).append((day_of(event.date), until, event.id))
    for person, items in missions.items():
        who = ctx.people.get(person)
        for launch, landing, up, _back in items:
            flight = ctx.flight_by_id[up]
            planned = flight.status is FlightStatus.PLANNED
            ents = Entities(astronauts=(person,), flights=(up,))
            for first, last, event_id in grounded.get(person, []):
                hit = intersect([(launch, landing)], [(first, last)])
                days = ctx.in_horizon(*hit[0]) if hit and launch >= first else None
                if days:
                    yield Violation.on_days(
                        "crew.available", f"{ctx.name(person)} is grounded from {first.isoformat()} "
                        f"(event {event_id}) but launches on {flight.name} on {launch.isoformat()}",
                        ents.model_copy(update={"events": (event_id,)}), *days,
                        fixes=(f"take {person} off {up}",))
            if who is None or not planned:
                continue
            lo, hi = who.available_from or MIN_DAY, who.available_until or MAX_DAY
            days = ctx.in_horizon(launch, landing)
            if days and (launch < lo or landing > hi):
                yield Violation.on_days(
                    "crew.available", f"{who.name} is available {lo.isoformat() if who.available_from else ''}"
                    f"..{hi.isoformat() if who.available_until else ''}, but {flight.name} keeps them from "
                    f"{launch.isoformat()} to {landing.isoformat()}", ents, *days,
                    fixes=(f"take {person} off {up}",))
            real_end = ctx.scenario.settings.real_people_planned_before
            if days and not who.fictional and real_end is not None and launch >= real_end:
                yield Violation.on_days(
                    "crew.available", f"{who.name} is a real person; this scenario gives real people planned "
                    f"seats only on flights before {real_end.isoformat()} (the end of the public record), but "
                    f"{flight.name} launches on {launch.isoformat()}", ents, *days,
                    fixes=(f"take {person} off {up} (give the seat to a planning candidate)",))
            if days and who.medical is Medical.GROUNDED:
                yield Violation.on_days(
                    "crew.available", f"{who.name} is medically grounded but assigned to {flight.name}",
                    ents, *days, fixes=(f"take {person} off {up}",))

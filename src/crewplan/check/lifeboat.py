"""Rule 7: every day, every person aboard has a seat on a docked, lifeboat-capable vehicle that is not
damaged and is within its certified docked life, and whose seat fits them.

On each segment the checker matches people to seats (augmenting paths). A person may use a vehicle when:

- its type needs a custom seat liner (Soyuz) and it is the vehicle they came up in or go home in (the
  liner is there), or its type needs none (Crew Dragon);
- their body, when measured, fits its seats;
- no legality rule forbids them that vehicle, and no ``restrict`` rule bars them from the module it is
  docked at (an export-controlled segment).

People keep the vehicle they came up in while it is sound; then the vehicle they go home in; then any
other. The people left without a seat are the finding.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass

from crewplan.check.context import CheckContext, Stay
from crewplan.check.legality import LegalityCache
from crewplan.check.seatfit import misfits
from crewplan.check.timeline import Segment, runs, segments
from crewplan.check.violations import Entities, Severity, Violation
from crewplan.domain import Flight, FlightStatus, day_of
from crewplan.rules.days import ONE_DAY, contains


@dataclass
class _Vehicle:
    flight: Flight
    seats: int
    reason: str | None
    """Why it is no lifeboat on this segment (``None``: it is one)."""


def port_on(flight: Flight, day: dt.date) -> str | None:
    port = flight.port
    for move in sorted(flight.port_moves, key=lambda m: day_of(m.date)):
        if day_of(move.date) <= day:
            port = move.port
    return port


class Lifeboats:
    def __init__(self, ctx: CheckContext, legality: LegalityCache | None = None) -> None:
        self.ctx = ctx
        self.legality = legality or LegalityCache(ctx)
        self.module_of_port = {(st.id, p.id): p.module for st in ctx.scenario.stations for p in st.ports}

    def status(self, flight: Flight, day: dt.date) -> _Vehicle:
        vtype = self.ctx.vtype(flight)
        if vtype is None:
            return _Vehicle(flight, 0, "unknown vehicle type")
        if not vtype.lifeboat_capable:
            return _Vehicle(flight, 0, f"a {vtype.name} is not a lifeboat")
        damage = self.ctx.damage.get(flight.id)
        if damage and damage[0] <= day:
            return _Vehicle(flight, 0, f"damaged since {damage[0].isoformat()} (event {damage[1]})")
        end_of_life = flight.docking_day + dt.timedelta(days=vtype.docked_life_days)
        if day > end_of_life and flight.status is not FlightStatus.FLOWN:
            return _Vehicle(flight, 0, f"past its certified docked life of {vtype.docked_life_days} days "
                                       f"(since {(end_of_life + ONE_DAY).isoformat()})")
        return _Vehicle(flight, vtype.seats, None)

    def may_use(self, stay: Stay, flight: Flight, day: dt.date) -> bool:
        """Whether ``stay``'s person may use ``flight``'s vehicle as a lifeboat on ``day``.

        For their own vehicles (up or home) a misfit seat or a forbidding rule is already reported by
        ``seat.fit`` and ``legality``; it is not reported again here. A ``restrict`` rule that bars them
        from the vehicle's docking module still counts, unless that seat is already reported as forbidden.
        """
        vtype = self.ctx.vtype(flight)
        if vtype is None:
            return False
        own = flight.id in (stay.up.id, stay.back.id)
        if vtype.seat_fit.custom_liner and not own:
            return False
        person = self.ctx.people.get(stay.astronaut)
        if person is None:
            return True
        if not own and misfits(person, vtype.seat_fit):
            return False
        if self.ctx.scenario.rules:
            hits = [h for h in self.legality.rule_hits(person, flight) if contains(h.active, day)]
            forbidden = any(h.forbids for h in hits)
            if forbidden:
                return own
            module = self.module_of_port.get((flight.station, port_on(flight, day) or ""))
            if module and any(m.id == module for h in hits for m in h.modules):
                return False
        return True

    def unseated(self, seg: Segment) -> tuple[list[Stay], dict[str, _Vehicle]]:
        """The people who get no seat on this segment, and each vehicle's state."""
        day = seg.first
        vehicles = {f.id: self.status(f, day) for f in seg.vehicles}
        usable = [v for v in vehicles.values() if v.reason is None]

        def rank(stay: Stay) -> tuple[int, str]:
            if stay.up.id in vehicles and vehicles[stay.up.id].reason is None:
                return (0, stay.astronaut)
            if stay.back.id in vehicles and vehicles[stay.back.id].reason is None:
                return (1, stay.astronaut)
            return (2, stay.astronaut)

        people = sorted(seg.stays, key=rank)
        options: dict[int, list[tuple[str, int]]] = {}
        for i, stay in enumerate(people):
            opts = [v.flight for v in usable if self.may_use(stay, v.flight, day)]
            # Own vehicles first, so augmenting paths rarely move people.
            opts.sort(key=lambda f: (f.id != stay.up.id, f.id != stay.back.id, f.id))
            options[i] = [(f.id, k) for f in opts for k in range(vehicles[f.id].seats)]
        holder: dict[tuple[str, int], int] = {}

        def augment(i: int, seen: set[tuple[str, int]]) -> bool:
            for slot in options[i]:
                if slot in seen:
                    continue
                seen.add(slot)
                if slot not in holder or augment(holder[slot], seen):
                    holder[slot] = i
                    return True
            return False

        seated = {i for i in range(len(people)) if augment(i, set())}
        return [p for i, p in enumerate(people) if i not in seated], vehicles


def _reason(ctx: CheckContext, stay: Stay, vehicles: dict[str, _Vehicle], day: dt.date) -> str:
    parts = []
    for label, flight in (("came up in", stay.up), ("goes home in", stay.back)):
        if label == "goes home in" and flight.id == stay.up.id:
            continue
        state = vehicles.get(flight.id)
        if state is None:
            first, last = ctx.docked.get(flight.id, (day, day))
            when = f"docks {first.isoformat()}" if first > day else f"left {last.isoformat()}"
            parts.append(f"{label} {flight.name}, not docked ({when})")
        elif state.reason:
            parts.append(f"{label} {flight.name}, {state.reason}")
        else:
            parts.append(f"{label} {flight.name}, whose seats are taken")
    return "; ".join(parts)


def check(ctx: CheckContext, legality: LegalityCache | None = None) -> Iterator[Violation]:
    yield from docked_life_warnings(ctx)
    boats = Lifeboats(ctx, legality)
    for station in ctx.scenario.stations:
        cuts: set[dt.date] = set()
        for f in ctx.flights:
            if f.station != station.id:
                continue
            vtype = ctx.vtype(f)
            if vtype:
                cuts.add(f.docking_day + dt.timedelta(days=vtype.docked_life_days + 1))
            if f.id in ctx.damage:
                cuts.add(ctx.damage[f.id][0])
            cuts.update(day_of(m.date) for m in f.port_moves)
        for rule in ctx.scenario.rules:
            for first, last in boats.legality.active.get(rule.id, []):
                cuts.update((first, last + ONE_DAY))
        gaps: dict[str, list[tuple[dt.date, dt.date]]] = {}
        why: dict[tuple[str, dt.date], str] = {}
        stays: dict[str, Stay] = {}
        for seg in segments(ctx, station.id, cuts):
            if not seg.stays:
                continue
            missing, vehicles = boats.unseated(seg)
            for stay in missing:
                gaps.setdefault(stay.astronaut, []).append((seg.first, seg.last))
                why[(stay.astronaut, seg.first)] = _reason(ctx, stay, vehicles, seg.first)
                stays[stay.astronaut] = stay
        grouped: dict[tuple[dt.date, dt.date], list[str]] = {}
        for person, days in gaps.items():
            for first, last in runs(days):
                grouped.setdefault((first, last), []).append(person)
        for (first, last), people in sorted(grouped.items()):
            people.sort()
            flights = tuple(dict.fromkeys(f for p in people for f in (stays[p].up.id, stays[p].back.id)))
            reasons = "; ".join(f"{ctx.name(p)}: {why[(p, first)]}" for p in people)
            yield Violation.on_days(
                "lifeboat", f"{len(people)} aboard {station.name} without a seat on a sound lifeboat "
                f"from {first.isoformat()} to {last.isoformat()} ({reasons})",
                Entities(astronauts=tuple(people), flights=flights, stations=(station.id,)), first, last,
                fixes=(f"dock a sound lifeboat with {len(people)} free fitting seat(s) at {station.id} by "
                       f"{first.isoformat()} (e.g. an uncrewed replacement vehicle)",
                       "return these people before the gap on a docked vehicle with free fitting seats",
                       "record an accepted contingency arrangement as a waiver"))


def docked_life_warnings(ctx: CheckContext) -> Iterator[Violation]:
    """A flown vehicle that stayed docked longer than its type's certified docked life: the flight happened,
    so the certification was extended (or the scenario's figure is too low); reported as a warning."""
    for flight in ctx.flights:
        vtype = ctx.vtype(flight)
        if vtype is None or flight.status is not FlightStatus.FLOWN or flight.id in ctx.damage:
            continue
        first, last = ctx.docked[flight.id]
        length = (last - first).days
        span = ctx.in_horizon(first + dt.timedelta(days=vtype.docked_life_days + 1), last)
        if length > vtype.docked_life_days and span:
            yield Violation.on_days(
                "lifeboat", f"{flight.name} stayed docked {length} days, beyond the {vtype.docked_life_days} days "
                f"the scenario gives a {vtype.name}; assumed certified for its flown stay",
                Entities(flights=(flight.id,), vehicle_types=(vtype.id,), stations=(flight.station,)), *span,
                severity=Severity.WARNING)

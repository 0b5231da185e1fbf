"""Rule 4: every legality rule holds (agency, nationality, vehicle operator, station, segment, co-crew).

Each person is checked on the flight that takes them up and, when different, the one that brings them
home. A ``forbid`` rule in force on any day of the mission is a violation on those days; a ``restrict``
rule is reported as a warning naming the hardware the person may not use (the lifeboat check also keeps
them out of vehicles docked at those modules).
"""

from __future__ import annotations

from collections.abc import Iterator

from crewplan.check.context import CheckContext
from crewplan.check.violations import Entities, Severity, Violation
from crewplan.domain import Astronaut, Flight
from crewplan.rules import Interval, RuleHit, SeatFacts, active_intervals, rules_hit
from crewplan.rules.days import MAX_DAY, ONE_DAY, intersect


class LegalityCache:
    """Rule hits per (person, flight), shared with the lifeboat check."""

    def __init__(self, ctx: CheckContext) -> None:
        self.ctx = ctx
        self.active: dict[str, list[Interval]] = {
            r.id: active_intervals(r, ctx.scenario) for r in ctx.scenario.rules}
        self.hits: dict[tuple[str, str], list[RuleHit]] = {}
        self.stations = {s.id: s for s in ctx.scenario.stations}

    def facts(self, person: Astronaut, flight: Flight) -> SeatFacts | None:
        vtype, station = self.ctx.vtype(flight), self.stations.get(flight.station)
        if vtype is None or station is None:
            return None
        crew = tuple(self.ctx.people[p] for p in flight.crew() if p in self.ctx.people)
        return SeatFacts(person, flight, vtype, station, crew)

    def rule_hits(self, person: Astronaut, flight: Flight) -> list[RuleHit]:
        key = (person.id, flight.id)
        if key not in self.hits:
            if not self.ctx.scenario.rules:
                self.hits[key] = []
            else:
                facts = self.facts(person, flight)
                self.hits[key] = rules_hit(self.ctx.scenario, facts, self.active) if facts else []
        return self.hits[key]


def _after(active: list[Interval], day: object) -> str:
    later = [last for first, last in active if last >= day]  # type: ignore[operator]
    if not later or later[0] >= MAX_DAY:
        return "the rule has no end date"
    return f"the rule stops applying after {later[0].isoformat()} (from {(later[0] + ONE_DAY).isoformat()})"


def check(ctx: CheckContext, cache: LegalityCache | None = None) -> Iterator[Violation]:
    if not ctx.scenario.rules:
        return
    cache = cache or LegalityCache(ctx)
    for stay in ctx.stays:
        person = ctx.people.get(stay.astronaut)
        mission = ctx.in_horizon(stay.launch_day, stay.landing_day)
        if person is None or mission is None:
            continue
        seen: set[str] = set()
        for leg in stay.legs:
            for hit in cache.rule_hits(person, leg):
                if hit.rule.id in seen:
                    continue
                days = intersect([mission], hit.active)
                if not days:
                    continue
                seen.add(hit.rule.id)
                rule = hit.rule
                ents = Entities(astronauts=(person.id,), flights=tuple(dict.fromkeys(f.id for f in stay.legs)),
                                stations=(stay.station,), rules=(rule.id,))
                first, last = days[0][0], days[-1][1]
                if hit.forbids:
                    yield Violation.on_days(
                        f"legality.{rule.id}", f"{person.name} ({person.agency}) may not fly on {leg.name} to "
                        f"{leg.station}: {rule.name}. {rule.summary}", ents, first, last,
                        citation=rule.citation,
                        fixes=(f"take {person.id} off {stay.up.id}", _after(hit.active, stay.landing_day)))
                else:
                    names = ", ".join(m.name for m in hit.modules) or "the restricted hardware"
                    yield Violation.on_days(
                        f"legality.{rule.id}", f"{person.name} may fly on {leg.name} but may not use {names}: "
                        f"{rule.name}", ents, first, last, citation=rule.citation, severity=Severity.WARNING)

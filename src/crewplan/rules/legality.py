"""When a legality rule is in force, and which rules a seat breaks."""

from __future__ import annotations

from dataclasses import dataclass

from crewplan.domain import Effect, EventKind, Module, Rule, Scenario, day_of
from crewplan.rules.agreements import in_force_intervals
from crewplan.rules.conditions import SeatFacts, matches, matching_modules
from crewplan.rules.days import MAX_DAY, MIN_DAY, ONE_DAY, Interval, normalize, subtract


def active_intervals(rule: Rule, scenario: Scenario) -> list[Interval]:
    """The days on which ``rule`` applies: its validity, cut by ``rule_added``/``rule_ended`` events and by
    the days its ``unless_agreement`` is in force."""
    first = rule.valid_from or MIN_DAY
    last = rule.valid_until or MAX_DAY
    for event in scenario.events:
        if event.rule != rule.id:
            continue
        day = day_of(event.date)
        if event.kind is EventKind.RULE_ADDED:
            first = max(first, day)
        elif event.kind is EventKind.RULE_ENDED:
            last = min(last, day - ONE_DAY)
    intervals = normalize([(first, last)])
    if rule.unless_agreement and scenario.has("agreements", rule.unless_agreement):
        intervals = subtract(intervals, in_force_intervals(scenario.agreement(rule.unless_agreement)))
    return intervals


@dataclass(frozen=True)
class RuleHit:
    """A rule whose condition matches a seat, and the days it is in force."""

    rule: Rule
    active: list[Interval]
    modules: tuple[Module, ...] = ()
    """For a ``restrict`` rule: the hardware the person may not use."""

    @property
    def forbids(self) -> bool:
        return self.rule.effect is Effect.FORBID


def rules_hit(scenario: Scenario, facts: SeatFacts,
              cache: dict[str, list[Interval]] | None = None) -> list[RuleHit]:
    """Every rule whose condition holds for this seat (whatever the dates), with its active days."""
    hits: list[RuleHit] = []
    for rule in scenario.rules:
        if not matches(rule.when, facts):
            continue
        if cache is not None:
            if rule.id not in cache:
                cache[rule.id] = active_intervals(rule, scenario)
            active = cache[rule.id]
        else:
            active = active_intervals(rule, scenario)
        modules = tuple(matching_modules(rule.when, facts)) if rule.effect is Effect.RESTRICT else ()
        hits.append(RuleHit(rule, active, modules))
    return hits

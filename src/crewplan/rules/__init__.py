"""Legality rules as data: composable conditions, rule validity, agreements, waivers.

Pure: imports only the domain model. The checker (:mod:`crewplan.check`) turns these into Violations.
"""

from crewplan.rules.agreements import grant_counts, in_force, in_force_intervals, may_hold_role, seat_provider
from crewplan.rules.conditions import SeatFacts, matches, matching_modules
from crewplan.rules.days import Interval
from crewplan.rules.legality import RuleHit, active_intervals, rules_hit
from crewplan.rules.rest import is_long, rest_after
from crewplan.rules.waivers import waiver_covers, waiver_rule_matches

__all__ = [
    "Interval",
    "RuleHit",
    "SeatFacts",
    "active_intervals",
    "grant_counts",
    "in_force",
    "in_force_intervals",
    "is_long",
    "matches",
    "matching_modules",
    "may_hold_role",
    "rest_after",
    "rules_hit",
    "seat_provider",
    "waiver_covers",
    "waiver_rule_matches",
]

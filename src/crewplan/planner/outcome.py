"""What a solve comes to: the manifest, the independent checker's verdict on it, and its planned period's
hard findings split into those the events force (a replan keeps them as short as it can) and those that
break a rule the plan must keep (a bug: nothing may be written). ``crewplan plan``/``replan`` and the
service's solve jobs conclude a solve here, so both give every plan the same verdict."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from crewplan.planner.instance import Instance
from crewplan.planner.solve import SolveResult

if TYPE_CHECKING:
    from crewplan.check import CheckReport, Violation
    from crewplan.domain import Scenario

FORCED_TERMS = {"lifeboat": "lifeboat_gap_days", "qualification": "qualification_lapse_days",
                "station.crew": "station_crew_shortfalls"}
"""replan: the findings a disruption may force on people already decided, by the objective term that counts
them (the model keeps them as short as it can; every other finding is a rule it must keep)."""


@dataclass
class Outcome:
    """A feasible solve, concluded: ``manifest`` is written only when ``illegal`` is empty."""

    manifest: Scenario
    check: CheckReport
    forced: list[Violation] = field(default_factory=list)
    illegal: list[Violation] = field(default_factory=list)


def split_findings(inst: Instance, result: SolveResult, planned: list[Violation]
                   ) -> tuple[list[Violation], list[Violation]]:
    """The planned period's hard findings as (forced by the events, breaking a rule the plan must keep)."""
    if not inst.replan:
        return [], planned
    riders = {r.astronaut for r in inst.riders}
    forced, illegal = [], []
    for v in planned:
        term = FORCED_TERMS.get(v.rule)
        people = set(v.entities.astronauts)
        # A station's crew shortfall concerns the station (who is aboard, if anyone, is not the point).
        whose = people <= riders if v.rule != "station.crew" else True
        if term and result.quantities.get(term, 0) > 0 and (people or v.rule == "station.crew") and whose:
            forced.append(v)
        else:
            illegal.append(v)
    return forced, illegal


def conclude(inst: Instance, result: SolveResult, source: Scenario, created_utc: dt.datetime) -> Outcome:
    """The manifest of a feasible ``result`` and the checker's verdict on its planned period."""
    from crewplan.planner.adapters import run_checker
    from crewplan.planner.manifest import manifest

    assert result.feasible, "conclude a feasible solve only"
    made = manifest(inst, result, created_utc=created_utc, source=source)
    check = run_checker(made)
    planned = [v for v in check.hard if v.last_day >= inst.origin]
    forced, illegal = split_findings(inst, result, planned)
    return Outcome(made, check, forced, illegal)

"""A plan whose chance of a lifeboat gap is known in closed form: one station (the CSS), one Shenzhou crew,
no other vehicle, and one disruption: damage of the docked vehicle at ``P_DAMAGE_PER_DAY`` per docked day.
Any damage leaves the crew without a lifeboat seat (no plan closes the gap: nothing else can fly), so
P(gap) = 1 - (1 - p) ** D, D the docked days in the study window."""

from __future__ import annotations

from crewplan.domain import DisruptionRate, EventKind, RatePer, Scenario
from crewplan.robustness.sample import study_window
from planner.scenarios import flight, person, scenario

P_DAMAGE_PER_DAY = 0.004


def plan() -> Scenario:
    people = [person(f"cn{i}", "CMSA", "CN") for i in range(1, 10)]
    made = scenario(people, [
        flight("sz-a", "shenzhou", "css", "2026-04-20", stay_days=180, port="fwd",
               crew=[("commander", "cn1"), ("crew", "cn2"), ("crew", "cn3")]),
    ], settings={"horizon_start": "2026-01-01", "horizon_end": "2026-12-31"})
    rate = DisruptionRate(id="damage", kind=EventKind.VEHICLE_DAMAGED, per=RatePer.DOCKED_DAY,
                          rate=P_DAMAGE_PER_DAY, reasoning="the closed-form test's rate")
    return made.model_copy(update={"disruption_rates": (rate,)})


def docked_days_in_window(plan: Scenario) -> int:
    window = study_window(plan)
    total = 0
    for f in plan.flights:
        first, last = max(f.docking_day, window.first), min(f.undocking_day() or f.docking_day, window.last)
        total += max(0, (last - first).days + 1)
    return total


def gap_probability(plan: Scenario) -> float:
    return 1 - (1 - P_DAMAGE_PER_DAY) ** docked_days_in_window(plan)


def relieved_plan() -> Scenario:
    """Two Shenzhou crews in turn: damage to the first is answered by moving the second (a real replan, with
    a lifeboat gap that depends on the day), for the tests that compare results across clusters."""
    people = [person(f"cn{i}", "CMSA", "CN") for i in range(1, 10)]
    made = scenario(people, [
        flight("sz-a", "shenzhou", "css", "2026-04-20", stay_days=180, port="fwd",
               crew=[("commander", "cn1"), ("crew", "cn2"), ("crew", "cn3")]),
        flight("sz-b", "shenzhou", "css", "2026-10-12", stay_days=180, port="radial",
               crew=[("commander", "cn4"), ("crew", "cn5"), ("crew", "cn6")]),
    ], settings={"horizon_start": "2026-01-01", "horizon_end": "2026-10-25"})
    rates = (DisruptionRate(id="damage", kind=EventKind.VEHICLE_DAMAGED, per=RatePer.DOCKED_DAY, rate=0.004),
             DisruptionRate(id="slip", kind=EventKind.LAUNCH_SLIP, per=RatePer.LAUNCH, rate=0.3, mean_days=6))
    return made.model_copy(update={"disruption_rates": rates})

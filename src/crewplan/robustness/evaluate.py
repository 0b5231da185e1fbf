"""One sample of a robustness study: its events answered one at a time, in date order, as the agencies
would (each replan knows only the events up to its day: :func:`crewplan.planner.replan.replan`), then what
the history comes to, measured against the plan it started from.

The fast path: an event that hits nothing of the plan as it then stands (a slip the launch day already
absorbs, damage to a vehicle no longer docked, a grounding of someone with no flight in it, an outage with no
launch in it) is recorded without a replan.
"""

from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass, field

from crewplan.domain import Event, EventKind, FlightStatus, Scenario, day_of

METRICS = ("lifeboat_gap_person_days", "below_min_crew_days", "crew_extension_days", "seats_lost",
           "agreement_seats_lost", "changes")
"""What each sample measures (``docs/robustness.md``)."""
STAMP = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)
"""The manifests' creation time inside a sample: fixed, so a sample's result depends on its inputs only."""


@dataclass(frozen=True)
class SampleSettings:
    work_limit: float = 20.0
    """Deterministic work per replan (CP-SAT's work units): a sample ends the same on every machine."""
    time_limit_s: float = 60.0
    """A wall-clock safety net per replan; a replan it stops is flagged (its result may differ by machine)."""
    shift_days: int = 30


@dataclass
class SampleResult:
    index: int
    events: list[Event]
    metrics: dict[str, float] = field(default_factory=dict)
    status: str = "ok"
    """``ok``; ``infeasible`` (a replan proved that no plan keeps the hard rules after the event ``failed_on``);
    ``unsolved`` (a replan stopped at its limit without a plan)."""
    failed_on: str | None = None
    replans: int = 0
    time_limited: int = 0
    lifeboat_gap: bool = False
    """Someone aboard had no lifeboat seat on some day: a gap in the history, or no plan at all after a
    vehicle was damaged (nothing could close the gap)."""
    seconds: float = 0.0

    def row(self) -> dict[str, object]:
        return {"sample": self.index, "status": self.status, "failed_on": self.failed_on or "",
                "lifeboat_gap": self.lifeboat_gap,
                "events": len(self.events), "replans": self.replans, "time_limited": self.time_limited,
                **{m: self.metrics.get(m, float("nan")) for m in METRICS},
                "event_ids": " ".join(e.id for e in self.events), "seconds": round(self.seconds, 3)}


def affects(plan: Scenario, event: Event) -> bool:
    """Whether ``event`` hits the plan as it stands (else it needs no replan)."""
    day = day_of(event.date)
    until = day_of(event.until) if event.until else dt.date.max
    planned = [f for f in plan.flights if f.status is FlightStatus.PLANNED]
    if event.kind is EventKind.VEHICLE_DAMAGED:
        return any(f.id == event.flight and f.status is not FlightStatus.CANCELLED
                   and f.docking_day <= day <= (f.undocking_day() or f.docking_day) for f in plan.flights)
    if event.kind is EventKind.LAUNCH_SLIP:
        return any(f.id == event.flight and f.launch_day < day + dt.timedelta(days=event.slip_days or 0)
                   for f in planned)
    if event.kind is EventKind.ASTRONAUT_GROUNDED:
        return any(event.astronaut in f.crew() and (day <= f.launch_day < until or
                                                   f.launch_day <= day <= (f.undocking_day() or f.launch_day))
                   for f in plan.flights if f.status is not FlightStatus.CANCELLED)
    if event.kind is EventKind.PAD_UNAVAILABLE:
        return any(f.site == event.site and (not event.pad or f.pad in (None, event.pad))
                   and day <= f.launch_day < until for f in planned)
    return True


def run_sample(plan: Scenario, index: int, events: list[Event], settings: SampleSettings) -> SampleResult:
    """Answer ``events`` one by one from ``plan`` and measure the history (the solver runs on one thread)."""
    from crewplan.planner.manifest import manifest
    from crewplan.planner.replan import replan, with_events
    from crewplan.planner.solve import SolveOptions

    started = time.perf_counter()
    out = SampleResult(index, events)
    current = plan
    changes = 0.0
    options = SolveOptions(time_limit_s=settings.time_limit_s, workers=1, work_limit=settings.work_limit)
    for event in events:
        if not affects(current, event):
            current = with_events(current, [event])
            continue
        answered = replan(current, [event], options, shift_days=settings.shift_days)
        out.replans += 1
        if not answered.result.feasible:
            out.status = "infeasible" if answered.result.status == "INFEASIBLE" else "unsolved"
            out.failed_on = event.id
            out.lifeboat_gap = event.kind is EventKind.VEHICLE_DAMAGED
            break
        out.time_limited += answered.result.stopped_by == "time limit"
        changes += answered.result.quantities.get("changes_from_previous", 0.0)
        current = manifest(answered.instance, answered.result, created_utc=STAMP, source=answered.scenario)
    if out.status == "ok":
        out.metrics = measure(plan, current)
        out.metrics["changes"] = changes
        out.lifeboat_gap = out.metrics["lifeboat_gap_person_days"] > 0
    out.seconds = time.perf_counter() - started
    return out


def measure(before: Scenario, after: Scenario) -> dict[str, float]:
    """What the history ``after`` comes to against the plan ``before``, over the study window."""
    from crewplan.check.context import CheckContext
    from crewplan.report.occupancy import occupancy

    origin = before.planning_origin()
    found = occupancy(after)
    gap = below = 0
    stations = {s.id: s for s in after.stations}
    for sid, days in found.stations.items():
        station = stations[sid]
        continuous = max(origin, station.continuous_from or origin)
        for day, aboard, seats in zip(days.days, days.aboard, days.lifeboat_seats, strict=True):
            if day >= origin:
                gap += max(0, aboard - seats)
                below += bool(station.min_crew and day >= continuous and aboard < station.min_crew)
    span = (before.settings.horizon_start, before.settings.horizon_end)
    landed = {(s.astronaut, s.up.id): s.landing_day for s in CheckContext(before, span).stays}
    extension = sum(max(0, (s.landing_day - landed[(s.astronaut, s.up.id)]).days)
                    for s in found.context.stays if (s.astronaut, s.up.id) in landed)
    return {"lifeboat_gap_person_days": float(gap), "below_min_crew_days": float(below),
            "crew_extension_days": float(extension),
            "seats_lost": float(max(0, _seated(before) - _seated(after))),
            "agreement_seats_lost": float(max(0.0, _term(before, "agreement_seats_flown")
                                              - _term(after, "agreement_seats_flown")))}


def _seated(plan: Scenario) -> int:
    return sum(len(f.crew()) for f in plan.flights if f.status is FlightStatus.PLANNED)


def _term(plan: Scenario, name: str) -> float:
    return float(plan.plan.terms.get(name, 0.0)) if plan.plan else 0.0

"""Replan after a disruption: add the events, fix everything before the first event's day, and find the
feasible plan with the fewest weighted changes from the previous manifest."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from crewplan.domain import Event, Flight, Scenario, day_of
from crewplan.errors import UsageError
from crewplan.planner.instance import Instance, PlanOptions, build_instance
from crewplan.planner.manifest import copy_scenario
from crewplan.planner.solve import ProgressCallback, SolveOptions, SolveResult, solve
from crewplan.planner.variables import Decision


@dataclass
class ReplanResult:
    instance: Instance
    result: SolveResult
    scenario: Scenario
    """The previous manifest with the events added (what was replanned)."""


def with_events(scenario: Scenario, events: list[Event]) -> Scenario:
    """The manifest with ``events`` added (checked already: :func:`crewplan.scenario.events.validate_events`)."""
    return copy_scenario(scenario, events=(*scenario.events, *events), plan=None)


def replan(previous: Scenario, events: list[Event], options: SolveOptions | None = None,
           progress: ProgressCallback | None = None, shift_days: int = 30,
           all_stations: bool = False, stay_shift_days: int = 0,
           extra_flights: tuple[Flight, ...] = ()) -> ReplanResult:
    """The least-change plan after ``events``, from the manifest ``previous``."""
    scenario, inst = replan_instance(previous, events, shift_days, all_stations, stay_shift_days, extra_flights)
    return ReplanResult(inst, solve(inst, options, progress, hint=previous_decision(inst)), scenario)


def replan_instance(previous: Scenario, events: list[Event], shift_days: int = 30,
                    all_stations: bool = False, stay_shift_days: int = 0,
                    extra_flights: tuple[Flight, ...] = ()) -> tuple[Scenario, Instance]:
    """The manifest with the events added, and its planning instance from the first event's day on. Flights
    of stations the events do not touch are kept as they are, unless ``all_stations``. ``extra_flights``
    are offered flights (optional ones: the foreign reliefs of ``crewplan.rescue.relief``) added to it."""
    if not events:
        raise UsageError("replan needs at least one event (--event or --events)")
    origin: dt.date = min(day_of(e.date) for e in events)
    scenario = with_events(previous, events)
    if extra_flights:
        scenario = copy_scenario(scenario, flights=(*scenario.flights, *extra_flights))
    frozen = frozenset() if all_stations else untouched_flights(scenario, events, origin)
    scenario = without_future_training_in_space(scenario, origin, frozen)
    return scenario, build_instance(scenario, PlanOptions(
        origin=origin, replan=True, shift_days=shift_days, stay_shift_days=stay_shift_days, frozen=frozen))


def touched_stations(scenario: Scenario, events: list[Event], origin: dt.date) -> set[str]:
    """The stations the events touch: of a damaged or slipped flight, of the flights (in orbit or still to
    fly) of a grounded astronaut, of the flights from a closed launch site; every station for a rule."""
    from crewplan.domain import EventKind
    from crewplan.planner.diff import live as on

    live = [f for f in scenario.flights if on(f, origin)]
    out: set[str] = set()
    for e in events:
        if e.kind in (EventKind.RULE_ADDED, EventKind.RULE_ENDED):
            return {s.id for s in scenario.stations}
        for f in live:
            if (e.flight and f.id == e.flight) or (e.astronaut and e.astronaut in f.crew()) or (
                    e.site and f.site == e.site and (not e.pad or f.pad in (None, e.pad))
                    and f.launch_day >= day_of(e.date)):
                out.add(f.station)
        if e.flight and not any(f.id == e.flight for f in live):
            out.update(f.station for f in scenario.flights if f.id == e.flight)
    return out


def untouched_flights(scenario: Scenario, events: list[Event], origin: dt.date) -> frozenset[str]:
    """Flights at stations the events do not touch, in orbit on ``origin`` or still to fly: kept as planned."""
    from crewplan.planner.diff import live

    touched = touched_stations(scenario, events, origin)
    return frozenset(f.id for f in scenario.flights if f.station not in touched and live(f, origin))


def without_future_training_in_space(scenario: Scenario, origin: dt.date,
                                     unmoved: frozenset[str] = frozenset()) -> Scenario:
    """The manifest without the course sessions not yet begun (starting on or after ``origin``) of the people
    in space on ``origin``, and without the qualifications those sessions would have granted. A disruption
    may keep them up longer; their later flights are decided again, and their training with them (the
    sessions were booked on the previous plan's return days). People aboard flights in ``unmoved`` (kept as
    planned: their return does not move) keep theirs."""
    from crewplan.check.context import CheckContext

    ctx = CheckContext(scenario, (scenario.settings.horizon_start, scenario.settings.horizon_end))
    up = {s.astronaut for s in ctx.stays if s.launch_day < origin <= s.landing_day
          and not (s.up.id in unmoved and s.back.id in unmoved)}
    dropped = [b for b in scenario.bookings if b.astronaut in up and b.start >= origin]
    if not dropped:
        return scenario
    grants = {c.id: c.grants for c in scenario.courses}
    granted = {(b.astronaut, q, b.end) for b in dropped for q in grants.get(b.course, ())}
    people = tuple(a if a.id not in up else a.model_copy(update={"qualifications": tuple(
        h for h in a.qualifications if (a.id, h.qualification, h.earned) not in granted)}) for a in scenario.astronauts)
    kept = tuple(b for b in scenario.bookings if b not in dropped)
    return scenario.model_copy(update={"astronauts": people, "bookings": kept})


def previous_decision(inst: Instance) -> Decision:
    """The previous plan as a starting point for the replan's search: its launch days, ports and crews where
    the replan's instance still offers them (the events usually make it infeasible somewhere; the solver
    takes it as a preference, not as a rule)."""
    d = Decision()
    for fid, info in inst.flights.items():
        if info.fixed:
            continue
        if info.previous_launch is not None and info.previous_launch in info.launch_days:
            d.launch[fid] = info.previous_launch
        if info.previous_port is not None:
            d.port[fid] = info.previous_port
    taken: set[tuple[str, str]] = set()
    for sc in inst.classes:
        crew = inst.previous_crew.get(sc.flight, {})
        names = {c.astronaut for c in sc.candidates}
        chosen = [a for a, role in sorted(crew.items()) if role == sc.role.value and a in names
                  and (sc.flight, a) not in taken][:sc.count]
        taken.update((sc.flight, a) for a in chosen)
        if chosen:
            d.seats[sc.key] = chosen
    return d

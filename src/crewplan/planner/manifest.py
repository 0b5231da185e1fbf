"""Write a solution as a manifest: the scenario with decisions filled in and a ``plan:`` header."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import defaultdict

import ortools

from crewplan.domain import Booking, FlightStatus, HeldQualification, PlanHeader, Scenario, Seat
from crewplan.planner.instance import Instance
from crewplan.planner.solve import SolveResult
from crewplan.planner.variables import Decision
from crewplan.scenario import dump_scenario
from crewplan.scenario.save import manifest_hash

SOLVER = f"OR-Tools CP-SAT {getattr(ortools, '__version__', '')}".strip()


def scenario_hash(scenario: Scenario) -> str:
    """SHA-256 of the scenario's YAML without its plan header (what the plan was made from)."""
    text = dump_scenario(scenario.model_copy(update={"plan": None}))
    return "sha256:" + hashlib.sha256(text.encode()).hexdigest()[:16]


def apply_decision(inst: Instance, decision: Decision) -> Scenario:
    """The scenario with the decided launches, ports, crews, returns and planned qualifications."""
    s = inst.scenario
    crew_by_class: dict[str, list[str]] = {k: sorted(v) for k, v in decision.seats.items()}
    rider_return = {(r.flight, r.astronaut): decision.returns.get(r.key, r.previous) for r in inst.riders}
    earned: dict[str, list[HeldQualification]] = defaultdict(list)
    bookings: dict[str, Booking] = {b.id: b for b in s.bookings}
    cands = {(sc.key, c.astronaut): c for sc in inst.classes for c in sc.candidates}
    for key, people in decision.seats.items():
        for a in people:
            for q, day, expires in cands[(key, a)].earned:
                earned[a].append(HeldQualification(qualification=q, earned=day, expires=expires))
            for course, start, end in cands[(key, a)].steps:
                booking = Booking(id=f"{a}.{course}.{start.isoformat()}", astronaut=a, course=course, start=start,
                                  end=end, for_flight=key.split("/")[0])
                bookings.setdefault(booking.id, booking)
    flights = []
    for f in s.flights:
        info = inst.flights.get(f.id)
        if info is None:
            late = f.optional and f.status is FlightStatus.PLANNED and f.launch_day < inst.origin
            flights.append(f.model_copy(update={"status": FlightStatus.CANCELLED}) if late else f)
            continue
        update: dict[str, object] = {}
        seats: list[Seat] = []
        pools: dict[tuple[str, str], list[str]] = defaultdict(list)
        for key, people in crew_by_class.items():
            fid, role, back = key.split("/")
            if fid == f.id:
                pools[(role, back)] = list(people)
        kept = {seat.astronaut for seat in f.seats if seat.astronaut
                and seat.astronaut in pools.get((seat.role.value, seat.returns_on or f.id), [])}
        for group in pools:
            pools[group] = [p for p in pools[group] if p not in kept]
        for seat in f.seats:
            back = seat.returns_on or f.id
            if seat.astronaut and (info.fixed or seat.pinned or (f.id, seat.astronaut) in rider_return):  # decided
                new_back = rider_return.get((f.id, seat.astronaut), back)
                seats.append(seat.model_copy(update={"returns_on": None if new_back == f.id else new_back}))
                continue
            if seat.astronaut in kept:
                # Whoever keeps a seat keeps that very seat (a manifest diff shows only real changes).
                seats.append(seat)
                continue
            pool = pools.get((seat.role.value, back), [])
            seats.append(seat.model_copy(update={"astronaut": pool.pop(0) if pool else None}))
        update["seats"] = tuple(seats)
        launch = decision.launch[f.id]
        undock = decision.undock[f.id]
        if info.skip_day is not None:
            flies = launch != info.skip_day
            update["status"] = FlightStatus.PLANNED if flies else FlightStatus.CANCELLED
            if not flies:  # left out: as it was, cancelled (a later replan may fly it)
                flights.append(f.model_copy(update=update))
                continue
        if not info.fixed:
            when = info.launch_utc.get(launch) or inst.date(launch)
            update.update(launch=when, launch_latest=None, docking=None, undocking=None, landing=None,
                          stay_days=undock - launch,
                          port=f.port if f.id in inst.frozen else decision.port.get(f.id) or f.port)
            if not any(s.astronaut for s in seats) and not f.uncrewed and f.id not in inst.frozen:
                update["uncrewed"] = True
        elif undock != info.previous_undock and info.previous_undock is not None:
            day = inst.date(undock)
            update.update(undocking=day, landing=day)
        flights.append(f.model_copy(update=update))
    astronauts = []
    for person in s.astronauts:
        extra = [h for h in earned.get(person.id, []) if h not in person.qualifications]
        if extra:
            person = person.model_copy(update={"qualifications": (*person.qualifications, *dict.fromkeys(extra))})
        astronauts.append(person)
    ordered = tuple(sorted(bookings.values(), key=lambda b: (b.start, b.astronaut, b.course)))
    return copy_scenario(s, flights=tuple(flights), astronauts=tuple(astronauts), bookings=ordered)


def manifest(inst: Instance, result: SolveResult, *, created_utc: dt.datetime | None = None,
             source: Scenario | None = None) -> Scenario:
    """The manifest of a feasible ``result``: decisions applied and the ``plan:`` header set."""
    assert result.decision is not None
    planned = apply_decision(inst, result.decision)
    header = PlanHeader(
        solver=SOLVER, status=result.status,
        objective=round(result.objective, 2) if result.objective is not None else None,
        bound=round(result.bound, 2) if result.bound is not None else None,
        terms={k: round(v, 2) for k, v in result.terms.items()}, time_s=round(result.time_s, 3),
        scenario_hash=scenario_hash(source or inst.scenario),
        created_utc=created_utc.strftime("%Y-%m-%dT%H:%M:%SZ") if created_utc else None,
        stopped_by=result.stopped_by or None, gap=round(result.gap, 6) if result.gap is not None else None)
    return copy_scenario(planned, plan=header)


def seal(made: Scenario) -> Scenario:
    """The manifest with its ``plan.manifest_hash`` set, as written (so an edit afterwards can be told)."""
    assert made.plan is not None
    return copy_scenario(made, plan=made.plan.model_copy(update={"manifest_hash": manifest_hash(made)}))


def copy_scenario(scenario: Scenario, **update: object) -> Scenario:
    """``Scenario.model_copy`` with keyword updates (the copy rebuilds its id index)."""
    return scenario.model_copy(update=update)

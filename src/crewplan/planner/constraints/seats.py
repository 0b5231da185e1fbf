"""Rule 1 and 3 (seats, roles, qualification in time) and rule 4's co-crew part.

- a seat class holds at most its number of seats; a person holds at most one seat on a flight;
- no more of a role than the vehicle type allows; a crewed flight fills every required role;
- a crewed flight carries at least its vehicle type's ``crew_min`` (relaxable: ``crew.size:<flight>``); a role
  goes only to the agencies it names (the instance leaves the others out: ``seat.holder``);
- a candidate only takes a seat on a flight launching on or after the day they are qualified;
- two people whom a co-crew legality rule keeps apart never share a flight;
- a planned crewed flight flies crewed: a hard rule with ``require_crewed`` (relaxable: ``plan.crewed``),
  else a heavily weighted goal (``planned_flights_crewed``, weight ``planned_flight_crewed``).

Objective terms: planned flights crewed, seats filled, experienced commanders, training days.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from ortools.sat.python import cp_model

from crewplan.domain import Role
from crewplan.planner.constraints.common import class_counts
from crewplan.planner.instance import Instance
from crewplan.planner.objective import LIFEBOAT_GAP_WEIGHT, ObjectiveTerm
from crewplan.planner.variables import Variables


def build(model: cp_model.CpModel, v: Variables, inst: Instance) -> list[ObjectiveTerm]:
    weights = inst.scenario.settings.weights
    counts = class_counts(model, v, inst)
    vtypes = {t.id: t for t in inst.scenario.vehicle_types}
    by_flight_person: dict[tuple[str, str], list[Any]] = defaultdict(list)
    role_count: dict[tuple[str, Role], list[Any]] = defaultdict(list)
    crew_terms: dict[str, list[Any]] = defaultdict(list)
    must: list[Any] = []
    for sc in inst.classes:
        count, _ = counts[sc.key]
        model.add(count <= sc.count)
        role_count[(sc.flight, sc.role)].append(count)
        crew_terms[sc.flight].append(count)
        info = inst.flights[sc.flight]
        for c in sc.candidates:
            x = v.x[(sc.key, c.astronaut)]
            by_flight_person[(sc.flight, c.astronaut)].append(x)
            if c.ready > info.launch_lo:
                model.add(v.flights[sc.flight].launch >= c.ready).only_enforce_if(x)
            back = v.flights[sc.returns_on]
            if c.valid_until is not None and c.valid_until <= back.info.undock_hi:
                # Every seat qualification must still be valid on the landing day.
                model.add(back.undock <= c.valid_until - 1).only_enforce_if(x)
    lapses: list[Any] = []
    for r in inst.riders:
        role_count[(r.flight, r.role)].append(1)
        crew_terms[r.flight].append(1)
        by_flight_person[(r.flight, r.astronaut)].append(1)
        if r.valid_until is None:
            continue
        for home_id in r.returns:
            ride = v.flights[home_id]
            if ride.info.undock_hi < r.valid_until:
                continue
            home = v.y[(r.key, home_id)]
            if inst.replan and inst.flights[r.flight].fixed:
                # Caught up there by a disruption: a stay past the qualification's expiry may be forced; it is
                # counted and kept as short as possible.
                lapse = model.new_int_var(0, 4000, f"lapse({r.key},{home_id})")
                model.add(lapse == 0).only_enforce_if(~home)
                model.add(ride.undock - lapse <= r.valid_until - 1).only_enforce_if(home)
                lapses.append(lapse)
            else:
                model.add(ride.undock <= r.valid_until - 1).only_enforce_if(home)
    for xs in by_flight_person.values():
        if len(xs) > 1:
            if any(isinstance(x, int) for x in xs):
                model.add(sum(xs) <= 1)
            else:
                model.add_at_most_one(xs)
    for fid, fv in v.flights.items():
        info = fv.info
        vt = vtypes[info.vehicle_type]
        n = sum(crew_terms.get(fid, []))
        fv.crew_count = n
        if not crew_terms.get(fid):
            model.add(fv.crewed == 0)
            continue
        model.add(n >= 1).only_enforce_if(fv.crewed)
        model.add(n == 0).only_enforce_if(~fv.crewed)
        model.add(n <= vt.seats)
        if info.fixed:
            continue
        if vt.crew_min > 1:
            lit = v.assumption(f"crew.size:{fid}", rule="crew.size", flight=fid)
            model.add(n >= vt.crew_min).only_enforce_if([fv.crewed, lit])
        for spec in vt.roles:
            have = role_count.get((fid, spec.role), [])
            if have:
                model.add(sum(have) <= spec.max_count)
            if spec.required:
                if not have:
                    model.add(fv.crewed == 0)
                else:
                    model.add(sum(have) >= 1).only_enforce_if(fv.crewed)
        if info.must_crew:
            must.append(fv.crewed)
            if inst.require_crewed:
                lit = v.assumption(f"plan.crewed:{fid}", rule="plan.crewed", flight=fid)
                model.add_implication(lit, fv.crewed)
    for fid, pairs in inst.co_crew_conflicts.items():
        for a, b, _rule in pairs:
            xa, xb = by_flight_person.get((fid, a), []), by_flight_person.get((fid, b), [])
            if xa and xb:
                model.add(sum(xa) + sum(xb) <= 1)

    filled = sum(counts[sc.key][0] for sc in inst.classes)
    commanders = sum(v.x[(sc.key, c.astronaut)] for sc in inst.classes if sc.role is Role.COMMANDER
                     for c in sc.candidates if c.experienced)
    training = sum(c.training_days * v.x[(sc.key, c.astronaut)] for sc in inst.classes for c in sc.candidates
                   if c.training_days)
    forced = [ObjectiveTerm("qualification_lapse_days", LIFEBOAT_GAP_WEIGHT, sum(lapses), -1, "person-days")
              ] if lapses else []
    return [
        *forced,
        ObjectiveTerm("planned_flights_crewed", weights.planned_flight_crewed, sum(must), +1, "flights"),
        ObjectiveTerm("seats_filled", weights.seat_filled, filled, +1, "seats"),
        ObjectiveTerm("experienced_commanders", weights.experienced_commander, commanders, +1, "commanders"),
        ObjectiveTerm("training_days", weights.training_days, training, -1, "days"),
    ]

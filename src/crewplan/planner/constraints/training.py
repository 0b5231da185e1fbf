"""Training as the checker reads it: a course never runs while its trainee is in space, in the pre-flight
quarantine or in the post-flight recovery the scenario sets (``training.in_space``), and a course session
takes at most its capacity (``training.capacity``).

Each candidacy books fixed sessions (the instance chose them: just in time before the flight), so both
rules are linear in the seat literals:

- a candidacy whose sessions meet another mission's blocked days (launch less quarantine to landing plus
  recovery; for a mission whose days the model decides, its widest range) excludes that mission, and one
  whose days may meet a session already booked for its person, or the training a recorded qualification
  implies (the checker's reading: the shortest course granting it, up to the day earned), launches after it
  (and the quarantine);
- per session, one literal per trainee ("books it": at least each of their candidacies that use it), and
  at most the capacity left after the scenario's other bookings.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from ortools.sat.python import cp_model

from crewplan.planner.constraints.common import occupancies
from crewplan.planner.instance import Instance
from crewplan.planner.objective import ObjectiveTerm
from crewplan.planner.variables import Variables


def build(model: cp_model.CpModel, v: Variables, inst: Instance) -> list[ObjectiveTerm]:
    _never_in_space(model, v, inst)
    _session_capacity(model, v, inst)
    return []


def _never_in_space(model: cp_model.CpModel, v: Variables, inst: Instance) -> None:
    settings = inst.scenario.settings
    before, after = settings.preflight_quarantine_days, settings.postflight_recovery_days
    # Missions per person: (occupancy key, first blocked day, last blocked day, literal).
    blocked: dict[str, list[tuple[str, int, int, Any]]] = defaultdict(list)
    for occ in occupancies(model, v, inst):
        up, back = v.flights[occ.up].info, v.flights[occ.back].info
        for person, lit in occ.people:
            blocked[person].append((occ.key, up.launch_lo - before, back.undock_hi + after, lit))
    for h in inst.history:
        blocked[h.astronaut].append((f"flown:{h.launch}", h.launch - before, h.landing + after, 1))
    # Sessions already booked (a manifest's, e.g. in a replan) and the training recorded qualifications imply:
    # a candidacy whose mission may meet one launches after it.
    booked: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for b in inst.scenario.bookings:
        booked[b.astronaut].append((inst.day(b.start), inst.day(b.end)))
    recorded = _recorded_training(inst)
    for sc in inst.classes:
        up, back = inst.flights[sc.flight], inst.flights[sc.returns_on]
        first, last = up.launch_lo - before, back.undock_hi + after
        for c in sc.candidates:
            # The flight then launches after that training (and its quarantine), or not with them.
            after_training = [e + before for s, e in booked.get(c.astronaut, []) if s <= last and first < e]
            after_training += [e for s, e in recorded.get(c.astronaut, []) if s < back.undock_hi and e > up.launch_lo]
            if after_training:
                _launch_from(model, v.flights[sc.flight].launch, max(after_training), v.x[(sc.key, c.astronaut)])
    for sc in inst.classes:
        for c in sc.candidates:
            if not c.steps:
                continue
            lit = v.x[(sc.key, c.astronaut)]
            courses = [(inst.day(start), inst.day(end)) for _, start, end in c.steps]
            for key, first, last, other in blocked.get(c.astronaut, []):
                if key == sc.key or not any(s < last + 1 and first < e for s, e in courses):
                    continue
                if isinstance(other, int):
                    if other:
                        model.add(lit == 0)
                else:
                    model.add_bool_or([~lit, ~other])


def _launch_from(model: cp_model.CpModel, launch: Any, day: int, lit: Any) -> None:
    if isinstance(launch, int):
        if launch < day:
            model.add(lit == 0)
    else:
        model.add(launch >= day).only_enforce_if(lit)


def _recorded_training(inst: Instance) -> dict[str, list[tuple[int, int]]]:
    """Per person, the days a recorded qualification says they trained: the shortest course granting it, up
    to the day it was earned (the checker's ``qualification.training`` reading, in space only)."""
    shortest: dict[str, int] = {}
    for course in inst.scenario.courses:
        days = round(course.duration_weeks * 7)
        for q in course.grants:
            shortest[q] = min(days, shortest.get(q, days))
    out: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for person in inst.scenario.astronauts:
        for held in person.qualifications:
            if held.qualification in shortest:
                end = inst.day(held.earned)
                out[person.id].append((end - shortest[held.qualification], end))
    return out


def _session_capacity(model: cp_model.CpModel, v: Variables, inst: Instance) -> None:
    capacity = {(course.id, s.start): s.capacity for course in inst.scenario.courses for s in course.sessions}
    users: dict[tuple[str, Any], dict[str, list[Any]]] = defaultdict(lambda: defaultdict(list))
    for sc in inst.classes:
        for c in sc.candidates:
            for course, start, _ in c.steps:
                if (course, start) in capacity:
                    users[(course, start)][c.astronaut].append(v.x[(sc.key, c.astronaut)])
    for session, people in users.items():
        others = sum(1 for b in inst.scenario.bookings
                     if (b.course, b.start) == session and b.astronaut not in people)
        left = capacity[session] - others
        if len(people) <= left:
            continue
        books = []
        for person, lits in people.items():
            if len(lits) == 1:
                books.append(lits[0])
                continue
            u = model.new_bool_var(f"books({session[0]},{session[1]},{person})")
            for lit in lits:
                model.add_implication(lit, u)
            books.append(u)
        model.add(sum(books) <= max(left, 0))

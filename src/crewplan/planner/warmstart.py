"""A greedy assignment used as the solver's starting point (a hint, never a constraint).

Flight by flight in launch order, each at its earliest launch day and first port, every open seat class
is filled with the candidates that cost least: no training first, then people of the vehicle's operator
(so barter balances stay near zero), then whoever has waited longest since their last flight (a rotation
that keeps the rest rule easy for later flights). A person is never put on two missions that overlap
(with rest), never twice on a flight, never beside someone a co-crew rule keeps apart. The one exception
to "own people first": while a seat grant on that vehicle still has seats to fly before its deadline, one
seat of the flight goes to a grantee.

The result may still break a rule the greedy does not read (a capacity or lifeboat subtlety); CP-SAT
repairs a hint that is nearly feasible far faster than it finds a first solution from nothing.
"""

from __future__ import annotations

from collections import defaultdict

from crewplan.domain import Role, SeatGrant
from crewplan.planner.instance import Candidate, Instance, SeatClass
from crewplan.planner.variables import Decision
from crewplan.rules import grant_counts


def greedy_decision(inst: Instance) -> Decision:
    """A greedy plan of ``inst`` (see the module docstring)."""
    s = inst.scenario
    people = {a.id: a for a in s.astronauts}
    vtypes = {t.id: t for t in s.vehicle_types}
    stations = {st.id: st for st in s.stations}
    d = Decision()
    held: dict[tuple[str, str], list[tuple[int, int]]] = defaultdict(list)
    for fid, f in sorted(inst.flights.items(), key=lambda kv: (not kv[1].fixed, kv[1].launch_lo, kv[0])):
        d.launch[fid] = f.launch_lo
        d.undock[fid] = f.launch_lo + f.stay_days[0]
        # The first port free from docking to undocking (decided flights keep theirs).
        port = f.fixed_port or next((p for p in f.ports if not any(
            a < d.undock[fid] and d.launch[fid] < b for a, b in held[(f.station, p)])), None) or (
            f.ports[0] if f.ports else None)
        d.port[fid] = port
        if port is not None:
            held[(f.station, port)].append((d.launch[fid], d.undock[fid]))
    barters = [(ag.barter.agencies[0], ag.barter.agencies[1], ag.barter.max_imbalance_seats, ag.id)
               for ag in s.agreements if ag.barter is not None]
    balance = {ag_id: 0 for _, _, _, ag_id in barters}
    busy: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for h in inst.history:
        busy[h.astronaut].append((h.launch, h.landing))
    for r in inst.riders:
        up, back = inst.flights[r.flight], inst.flights[r.returns[0]]
        busy[r.astronaut].append((up.launch_lo, back.launch_lo + back.stay_days[0]))
    on_flight: dict[str, set[str]] = defaultdict(set)
    for r in inst.riders:
        on_flight[r.flight].add(r.astronaut)
    conflicts: dict[str, set[tuple[str, str]]] = {
        fid: {(a, b) for a, b, _ in pairs} | {(b, a) for a, b, _ in pairs}
        for fid, pairs in inst.co_crew_conflicts.items()}
    # Grants still to fly: grant id -> seats left (decided seats are not counted: a hint may overshoot).
    grants = [(ag, g, g.seats) for ag in s.agreements for g in ag.seat_grants]
    left = {g.id: n for _, g, n in grants}
    last_landing: dict[str, int] = {}

    before, after = s.settings.preflight_quarantine_days, s.settings.postflight_recovery_days
    courses: dict[str, list[tuple[int, int]]] = defaultdict(list)

    def free(c: Candidate, start: int, end: int) -> bool:
        rest = inst.rest_after(end - start)
        if any(a < end + rest and start < b + inst.rest_after(b - a) for a, b in busy[c.astronaut]):
            return False
        # No course in space, quarantine or recovery: this candidacy's courses against the missions held,
        # this mission against the courses booked.
        mine = [(inst.day(first), inst.day(last)) for _, first, last in c.steps]
        if any(x <= b + after and a - before < y for x, y in mine for a, b in busy[c.astronaut]):
            return False
        return not any(x <= end + after and start - before < y for x, y in courses[c.astronaut])

    classes = sorted(inst.classes, key=lambda c: (inst.flights[c.flight].launch_lo, c.role is not Role.COMMANDER,
                                                  c.key))
    for sc in classes:
        f = inst.flights[sc.flight]
        flight = s.flight(sc.flight)
        vt = vtypes[f.vehicle_type]
        back = inst.flights[sc.returns_on]
        start, end = f.launch_lo, back.launch_lo + back.stay_days[0]
        wanted: list[SeatGrant] = [g for ag, g, _ in grants if left[g.id] > 0 and (
            g.deadline is None or inst.day(g.deadline) >= start) and any(
            grant_counts(g, ag, people[c.astronaut].agency, flight, vt, stations[f.station].operator)
            for c in sc.candidates)]

        grantee_agencies = {g.grantee for g in wanted}
        order = sorted(sc.candidates, key=lambda c: _cost(c, sc, people[c.astronaut].agency, vt.operator,
                                                          grantee_agencies, last_landing))
        chosen: list[str] = []
        for c in order:
            if len(chosen) >= sc.count:
                break
            if c.ready > start or c.astronaut in on_flight[sc.flight] or not free(c, start, end):
                continue
            if c.valid_until is not None and c.valid_until <= end:
                continue
            if any((c.astronaut, other) in conflicts.get(sc.flight, set()) for other in on_flight[sc.flight]):
                continue
            agency = people[c.astronaut].agency
            moves = {ag_id: (agency == a and vt.operator == b) - (agency == b and vt.operator == a)
                     for a, b, _, ag_id in barters}
            if any(abs(balance[ag_id] + moves[ag_id]) > limit for _, _, limit, ag_id in barters):
                continue
            for ag_id, step in moves.items():
                balance[ag_id] += step
            if agency != vt.operator:
                used = next((g for ag, g, _ in grants if left[g.id] > 0 and g in wanted and grant_counts(
                    g, ag, agency, flight, vt, stations[f.station].operator)), None)
                if used is not None:
                    left[used.id] -= 1
                    wanted = [g for g in wanted if g is not used]
            chosen.append(c.astronaut)
            on_flight[sc.flight].add(c.astronaut)
            busy[c.astronaut].append((start, end))
            courses[c.astronaut] += [(inst.day(first), inst.day(last)) for _, first, last in c.steps]
            last_landing[c.astronaut] = end
        if chosen:
            d.seats[sc.key] = chosen
    return d


def _cost(c: Candidate, sc: SeatClass, agency: str, operator: str, grantees: set[str],
          last_landing: dict[str, int]) -> tuple[int, int, int, int, str]:
    """Sort key of a candidate: no training, a grantee while a grant is open, the operator's own people,
    an experienced commander, the longest wait since the last flight, then the id (deterministic)."""
    experienced = sc.role is Role.COMMANDER and c.experienced
    return (c.training_days, 0 if agency in grantees else (1 if agency == operator else 2),
            0 if experienced else 1, last_landing.get(c.astronaut, -10**6), c.astronaut)

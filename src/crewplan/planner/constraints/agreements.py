"""Rule 10 (agreements) and the agreement, proposal and fairness goals.

- Seat grants: a grantee's astronaut on a grantor's vehicle (or station) within the grant's filters and
  dates counts toward the grant, each seat toward one grant; a grant whose deadline falls in the horizon
  must be fully flown by it (relaxable: ``agreement.deadline:<grant>``), hypothetical agreements (planning
  what-ifs) included, as the checker reads them. A grant's ``max_stay_days`` bounds every stay that may count for it.
  Reward per grant seat flown, and per seat-day flown before the deadline.
- Barter: the balance of seats flown on each other's vehicles stays within its limit after every launch day,
  in the order the chosen launch days put the flights (relaxable: ``agreement.barter:<agreement>``); the
  final imbalance is penalised.
- Accepted astronaut-flight proposals: reward (times priority) when the astronaut flies in the window.
- Fair share: the spread (most minus fewest) of seats among partner agencies is penalised.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from ortools.sat.python import cp_model

from crewplan.domain import FlightStatus, ProposalKind, ProposalStatus
from crewplan.planner.instance import Instance
from crewplan.planner.objective import ObjectiveTerm
from crewplan.planner.variables import Variables
from crewplan.rules import grant_counts, in_force, seat_provider
from crewplan.rules.days import MAX_DAY, MIN_DAY


def _window(inst: Instance, first: Any, last: Any) -> tuple[int, int]:
    lo = inst.day(first) if first is not None and first > MIN_DAY else -10**6
    hi = inst.day(last) if last is not None and last < MAX_DAY else 10**6
    return lo, hi


def seat_in(model: cp_model.CpModel, v: Variables, x: Any, flight: str, lo: int, hi: int, name: str) -> Any:
    """A literal: ``x`` and the flight launches in [lo, hi] (``None`` if it never can)."""
    info = v.flights[flight].info
    if info.launch_hi < lo or info.launch_lo > hi:
        return None
    if lo <= info.launch_lo and info.launch_hi <= hi:
        return x
    z = model.new_bool_var(name)
    model.add_implication(z, x)
    model.add(v.launch_in(flight, lo, hi) >= 1).only_enforce_if(z)
    return z


def build(model: cp_model.CpModel, v: Variables, inst: Instance) -> list[ObjectiveTerm]:
    s = inst.scenario
    w = s.settings.weights
    people = {a.id: a for a in s.astronauts}
    vtypes = {t.id: t for t in s.vehicle_types}
    stations = {st.id: st for st in s.stations}
    terms: list[ObjectiveTerm] = []
    decided_flights = {fid for fid, fv in v.flights.items() if fv.info.fixed}
    # Seats already decided (flown or pinned, or any flown flight before the origin).
    decided: list[tuple[str, str]] = []
    for f in s.flights:
        if f.status is FlightStatus.FLOWN or (f.id in v.flights and f.id in decided_flights):
            decided += [(f.id, p) for p in f.crew()]
    decided += [(r.flight, r.astronaut) for r in inst.riders if r.flight not in decided_flights]

    flown_total: Any = 0
    early_total: Any = 0
    used_by: dict[tuple[str, str], list[Any]] = defaultdict(list)
    # Which open seats each grant may count (the seat literal within the grant's dates), first for all.
    grants = [(ag, g) for ag in s.agreements for g in sorted(ag.seat_grants, key=lambda g: (g.deadline or MAX_DAY,
                                                                                            g.id))]
    eligible: dict[str, list[tuple[str, list[tuple[str, Any]]]]] = {}
    claims: dict[tuple[str, str], int] = defaultdict(int)
    for ag, g in grants:
        lo = max(_window(inst, g.earliest, None)[0], inst.day(ag.valid_from))
        hi = min(_window(inst, None, g.deadline)[1], inst.day(ag.valid_until) if ag.valid_until else 10**6)
        per_class: list[tuple[str, list[tuple[str, Any]]]] = []
        for sc in inst.classes:
            f = s.flight(sc.flight)
            vt = vtypes[f.vehicle_type]
            if g.grantor not in (vt.operator, stations[f.station].operator):
                continue
            if (g.vehicle_types and vt.id not in g.vehicle_types) or (g.stations and f.station not in g.stations):
                continue
            zs: list[tuple[str, Any]] = []
            for c in sc.candidates:
                if people[c.astronaut].agency != g.grantee:
                    continue
                z = seat_in(model, v, v.x[(sc.key, c.astronaut)], sc.flight, lo, hi,
                            f"grant({g.id},{sc.key},{c.astronaut})")
                if z is None:
                    continue
                if g.max_stay_days is not None:
                    # Any such seat may be the one counted: its stay must respect the grant.
                    back = v.flights[sc.returns_on]
                    model.add(back.undock - v.flights[sc.flight].launch <= g.max_stay_days).only_enforce_if(z)
                zs.append((c.astronaut, z))
                claims[(sc.key, c.astronaut)] += 1
            if zs:
                per_class.append((sc.key, zs))
        eligible[g.id] = per_class
    flights_of = {sc.key: sc.flight for sc in inst.classes}
    for ag, g in grants:
        fixed = 0
        for fid, p in decided:
            f = s.flight(fid)
            person = people.get(p)
            if person and grant_counts(g, ag, person.agency, f, vtypes[f.vehicle_type],
                                       stations[f.station].operator):
                fixed += 1
        remaining = max(0, g.seats - fixed)
        # A seat counts toward at most one grant: seats only this grant may count are counted per seat
        # class by one integer (at most the class's eligible seats taken), shared ones one by one.
        lits: list[tuple[str, Any, int]] = []
        for key, zs in eligible[g.id]:
            own = [z for a, z in zs if claims[(key, a)] == 1]
            if own:
                u = model.new_int_var(0, len(own), f"uses({g.id},{key})")
                model.add(u <= sum(own))
                lits.append((flights_of[key], u, len(own)))
            for a, z in zs:
                if claims[(key, a)] > 1:
                    wv = model.new_bool_var(f"uses({g.id},{key},{a})")
                    model.add_implication(wv, z)
                    used_by[(key, a)].append(wv)
                    lits.append((flights_of[key], wv, 1))
        count = sum(lit for _, lit, _ in lits)
        if lits:
            model.add(count <= remaining)
        if g.deadline and 0 <= inst.day(g.deadline) <= inst.horizon_end and remaining > 0:
            lit = v.assumption(f"agreement.deadline:{g.id}", rule="agreement.deadline", agreement=ag.id,
                               grant=g.id, seats=remaining)
            model.add(count >= remaining).only_enforce_if(lit)
        flown_total += count
        # Early: seat-days before the deadline (or the horizon's end).
        end = inst.day(g.deadline) if g.deadline else inst.horizon_end
        by_flight: dict[str, list[tuple[Any, int]]] = defaultdict(list)
        for fid, lit, limit in lits:
            by_flight[fid].append((lit, limit))
        for fid, ls in by_flight.items():
            fv = v.flights[fid]
            n = sum(lit for lit, _ in ls)
            top = sum(limit for _, limit in ls)
            if len(fv.launch_at) == 1:
                early_total += (end - fv.info.launch_lo) * n
            else:
                nv = model.new_int_var(0, top, f"grantseats({g.id},{fid})")
                model.add(nv == n)
                ahead = model.new_int_var(end - fv.info.launch_hi, end - fv.info.launch_lo,
                                          f"ahead({g.id},{fid})")
                model.add(ahead == end - fv.launch)
                prod = model.new_int_var(min(0, (end - fv.info.launch_hi) * top),
                                         max(0, (end - fv.info.launch_lo) * top), f"early({g.id},{fid})")
                model.add_multiplication_equality(prod, [nv, ahead])
                early_total += prod
    for ag in s.agreements:
        if ag.barter:
            terms += _barter(model, v, inst, ag.id, decided)
    for ws in used_by.values():
        if len(ws) > 1:
            model.add(sum(ws) <= 1)
    terms.append(ObjectiveTerm("agreement_seats_flown", w.agreement_seat_flown, flown_total, +1, "seats"))
    terms.append(ObjectiveTerm("agreement_seats_early", w.agreement_seat_early_per_day, early_total, +1,
                               "seat-days"))

    # Accepted astronaut-flight proposals.
    flown_props: Any = 0
    for prop in s.proposals:
        if prop.kind is not ProposalKind.ASTRONAUT_FLIGHT or prop.status is not ProposalStatus.ACCEPTED:
            continue
        lo, hi = _window(inst, prop.earliest, None)[0], _window(inst, None, prop.latest)[1]
        if any(r.astronaut == prop.astronaut
               and (prop.station is None or inst.flights[r.flight].station == prop.station)
               and lo <= inst.flights[r.flight].launch_lo <= hi for r in inst.riders):
            continue
        prop_lits: list[Any] = []
        for sc in inst.classes:
            if prop.station and inst.flights[sc.flight].station != prop.station:
                continue
            for c in sc.candidates:
                if c.astronaut == prop.astronaut:
                    z = seat_in(model, v, v.x[(sc.key, c.astronaut)], sc.flight, lo, hi, f"prop({prop.id},{sc.key})")
                    if z is not None:
                        prop_lits.append(z)
        if prop_lits:
            flown = model.new_bool_var(f"proposal({prop.id})")
            model.add(sum(prop_lits) >= 1).only_enforce_if(flown)
            flown_props += prop.priority * flown
    terms.append(ObjectiveTerm("proposals_flown", w.proposal_flown, flown_props, +1, "priority-weighted"))

    # Fair share among partner agencies (agencies that operate no station and no vehicle type).
    operators = {st.operator for st in s.stations} | {t.operator for t in s.vehicle_types}
    by_agency: dict[str, list[Any]] = defaultdict(list)
    for (_key, a), x in v.x.items():
        agency = people[a].agency
        if agency not in operators:
            by_agency[agency].append(x)
    if len(by_agency) >= 2:
        counts = []
        for agency, xs in sorted(by_agency.items()):
            cv = model.new_int_var(0, len(xs), f"share({agency})")
            model.add(cv == sum(xs))
            counts.append(cv)
        most = model.new_int_var(0, 10_000, "share_max")
        fewest = model.new_int_var(0, 10_000, "share_min")
        model.add_max_equality(most, counts)
        model.add_min_equality(fewest, counts)
        terms.append(ObjectiveTerm("fair_share_spread", w.fair_share, most - fewest, -1, "seats"))
    return terms


def _barter(model: cp_model.CpModel, v: Variables, inst: Instance, agreement_id: str,
            decided: list[tuple[str, str]]) -> list[ObjectiveTerm]:
    s = inst.scenario
    ag = s.agreement(agreement_id)
    assert ag.barter is not None
    a, b = ag.barter.agencies
    limit = ag.barter.max_imbalance_seats
    people = {p.id: p for p in s.astronauts}
    vtypes = {t.id: t for t in s.vehicle_types}

    def step(person_id: str, fid: str) -> int:
        f = s.flight(fid)
        provider = seat_provider(f, vtypes[f.vehicle_type])
        agency = people[person_id].agency if person_id in people else None
        if agency == a and provider == b:
            return 1
        if agency == b and provider == a:
            return -1
        return 0

    lo = inst.day(ag.valid_from)
    hi = inst.day(ag.valid_until) if ag.valid_until else 10**6
    fixed_moves: list[tuple[int, int]] = []
    planned: dict[str, list[Any]] = defaultdict(list)
    for fid, p in decided:
        f = s.flight(fid)
        st = step(p, fid)
        if not st:
            continue
        fv = v.flights.get(fid)
        if fv is not None and not fv.info.fixed:
            # A pinned seat on a flight whose day the plan chooses: it moves the balance when the flight flies.
            planned[fid].append(st * v.launch_in(fid, lo, hi))
        elif in_force(ag, f.launch_day):
            fixed_moves.append((inst.day(f.launch_day), st))
    steps: dict[tuple[str, str], int] = {}
    for (key, person), x in v.x.items():
        fid = key.split("/")[0]
        if (person, fid) not in steps:
            steps[(person, fid)] = step(person, fid)
        st = steps[(person, fid)]
        if st:
            z = seat_in(model, v, x, fid, lo, hi, f"barter({agreement_id},{key},{person})")
            if z is not None:
                planned[fid].append(st * z)
    if not planned:
        return []
    lit = v.assumption(f"agreement.barter:{agreement_id}", rule="agreement.barter", agreement=agreement_id)
    moves = {fid: sum(items) for fid, items in planned.items()}
    bound = {fid: len(items) for fid, items in planned.items()}
    # The checker's reading: after each launch day, the balance of every seat flown up to and including that
    # day (decided and planned, in the order the launches really fall) stays within the limit.
    checkpoints: list[tuple[str, Any, Any]] = []
    for fid in sorted(planned):
        before = [_flown_by(model, v, other, fid, moves[other], bound[other], agreement_id)
                  for other in sorted(planned) if other != fid]
        checkpoints.append((fid, _fixed_by(v, fid, fixed_moves), moves[fid] + sum(before)))
    for day in sorted({d for d, _ in fixed_moves if d >= 0}):
        flown = sum(moves[f] * 1 for f in planned if v.flights[f].info.launch_hi <= day) + sum(
            _planned_by_day(model, v, f, day, moves[f], bound[f], agreement_id) for f in planned
            if v.flights[f].info.launch_lo <= day < v.flights[f].info.launch_hi)
        checkpoints.append((f"day{day}", sum(st for d, st in fixed_moves if d <= day), flown))
    for _name, base, flown in checkpoints:
        model.add(base + flown <= limit).only_enforce_if(lit)
        model.add(base + flown >= -limit).only_enforce_if(lit)
    final = sum(st for _, st in fixed_moves) + sum(moves.values())
    imbalance = model.new_int_var(0, 1000, f"imbalance({agreement_id})")
    model.add_abs_equality(imbalance, final)
    return [ObjectiveTerm("barter_imbalance", s.settings.weights.barter_imbalance, imbalance, -1, "seats")]


def _fixed_by(v: Variables, fid: str, fixed_moves: list[tuple[int, int]]) -> Any:
    """The decided seats' balance on the day ``fid`` launches (a linear expression of its day booleans)."""
    if not fixed_moves:
        return 0
    return sum(b * sum(st for d, st in fixed_moves if d <= day) for day, b in v.flights[fid].launch_at.items())


def _flown_by(model: cp_model.CpModel, v: Variables, other: str, fid: str, moves: Any, bound: int,
              agreement_id: str) -> Any:
    """``moves`` of flight ``other`` when it launches on or before the day ``fid`` launches, else 0."""
    a, b = v.flights[other].info, v.flights[fid].info
    if a.launch_hi <= b.launch_lo:
        return moves
    if a.launch_lo > b.launch_hi:
        return 0
    first = model.new_bool_var(f"barter_order({agreement_id},{other},{fid})")
    model.add(v.flights[other].launch <= v.flights[fid].launch).only_enforce_if(first)
    model.add(v.flights[other].launch > v.flights[fid].launch).only_enforce_if(~first)
    return _gated(model, first, moves, bound, f"barter_part({agreement_id},{other},{fid})")


def _planned_by_day(model: cp_model.CpModel, v: Variables, fid: str, day: int, moves: Any, bound: int,
                    agreement_id: str) -> Any:
    """``moves`` of flight ``fid`` when it launches on or before ``day``, else 0."""
    first = model.new_bool_var(f"barter_by({agreement_id},{fid},{day})")
    model.add(v.launch_in(fid, v.flights[fid].info.launch_lo, day) == 1).only_enforce_if(first)
    model.add(v.launch_in(fid, v.flights[fid].info.launch_lo, day) == 0).only_enforce_if(~first)
    return _gated(model, first, moves, bound, f"barter_part({agreement_id},{fid},{day})")


def _gated(model: cp_model.CpModel, lit: Any, moves: Any, bound: int, name: str) -> Any:
    part = model.new_int_var(-bound, bound, name)
    model.add(part == moves).only_enforce_if(lit)
    model.add(part == 0).only_enforce_if(~lit)
    return part

"""Rule 10: granted seats are flown by their deadline; barter balances stay within their limits.

A seat counts toward a grant when the grantee's astronaut flies on a vehicle (or to a station) of the
grantor within the grant's filters and dates while the agreement is in force. For barter, a seat of one
party's astronaut on a vehicle the other party operates counts one toward that party's debt.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from crewplan.check.context import CheckContext
from crewplan.check.violations import Entities, Violation
from crewplan.domain import Agreement
from crewplan.rules import grant_counts, in_force, seat_provider
from crewplan.rules.days import MAX_DAY


def check(ctx: CheckContext) -> Iterator[Violation]:
    stations = {s.id: s for s in ctx.scenario.stations}
    seats = [(stay.up, stay.astronaut) for stay in ctx.stays]
    used: set[tuple[str, str]] = set()
    lo, hi = ctx.horizon
    for agreement in ctx.scenario.agreements:
        for grant in sorted(agreement.seat_grants, key=lambda g: (g.deadline or MAX_DAY, g.id)):
            flown: list[tuple[str, str]] = []
            for flight, person_id in seats:
                person, vtype, station = ctx.people.get(person_id), ctx.vtype(flight), stations.get(flight.station)
                if person is None or vtype is None or station is None or (flight.id, person_id) in used:
                    continue
                if len(flown) < grant.seats and grant_counts(grant, agreement, person.agency, flight, vtype,
                                                             station.operator):
                    flown.append((flight.id, person_id))
                    used.add((flight.id, person_id))
                    if grant.max_stay_days:
                        stay = next(s for s in ctx.stays if s.up.id == flight.id and s.astronaut == person_id)
                        length = (stay.landing_day - stay.launch_day).days
                        span = ctx.in_horizon(stay.launch_day, stay.landing_day)
                        if length > grant.max_stay_days and span:
                            yield Violation.on_days(
                                "agreement.stay", f"{person.name} stays {length} days under {agreement.name} "
                                f"grant {grant.id}; at most {grant.max_stay_days}",
                                Entities(astronauts=(person_id,), flights=(flight.id,), agreements=(agreement.id,)),
                                *span, fixes=(f"return {person_id} earlier",))
            if grant.deadline and lo <= grant.deadline <= hi and len(flown) < grant.seats:
                yield Violation.on_days(
                    "agreement.deadline", f"{agreement.name}: grant {grant.id} promised {grant.seats} seat(s) to "
                    f"{grant.grantee} by {grant.deadline.isoformat()}; {len(flown)} flown",
                    Entities(agreements=(agreement.id,), flights=tuple(f for f, _ in flown),
                             astronauts=tuple(p for _, p in flown)), grant.deadline, grant.deadline,
                    fixes=(f"fly {grant.seats - len(flown)} more {grant.grantee} astronaut(s) on a {grant.grantor} "
                           f"vehicle before {grant.deadline.isoformat()}",))
        if agreement.barter:
            yield from _barter(ctx, agreement.id)


def barter_moves(ctx: CheckContext, agreement: Agreement) -> list[tuple[dt.date, int, str, str]]:
    """Seats that move a barter balance, in time order: ``(launch day, +1 or -1, flight, astronaut)``;
    +1 when the first agency's astronaut flies on the second's vehicle, -1 the other way round."""
    assert agreement.barter is not None
    a, b = agreement.barter.agencies
    moves: list[tuple[dt.date, int, str, str]] = []
    for stay in ctx.stays:
        person, vtype = ctx.people.get(stay.astronaut), ctx.vtype(stay.up)
        if person is None or vtype is None or not in_force(agreement, stay.launch_day):
            continue
        provider = seat_provider(stay.up, vtype)
        if person.agency == a and provider == b:
            moves.append((stay.launch_day, +1, stay.up.id, stay.astronaut))
        elif person.agency == b and provider == a:
            moves.append((stay.launch_day, -1, stay.up.id, stay.astronaut))
    return sorted(moves)


def _barter(ctx: CheckContext, agreement_id: str) -> Iterator[Violation]:
    agreement = ctx.scenario.agreement(agreement_id)
    assert agreement.barter is not None
    a, b = agreement.barter.agencies
    limit = agreement.barter.max_imbalance_seats
    moves = barter_moves(ctx, agreement)
    balance, sign, open_since = 0, 0, None
    involved: list[tuple[str, str]] = []
    end = min(agreement.valid_until or MAX_DAY, ctx.horizon[1])
    by_day: dict[dt.date, list[tuple[int, str, str]]] = {}
    for day, step, flight_id, person_id in moves:
        by_day.setdefault(day, []).append((step, flight_id, person_id))
    for day, items in by_day.items():
        balance += sum(step for step, _, _ in items)
        if abs(balance) > limit:
            if open_since is None:
                open_since, involved = day, []
            involved += [(f, p) for _, f, p in items]
            sign = balance
        elif open_since is not None:
            yield _imbalance(ctx, agreement_id, a, b, limit, sign, open_since, day - dt.timedelta(days=1),
                             involved)
            open_since = None
    if open_since is not None and open_since <= end:
        yield _imbalance(ctx, agreement_id, a, b, limit, sign, open_since, end, involved)


def _imbalance(ctx: CheckContext, agreement_id: str, a: str, b: str, limit: int, sign: int, first: dt.date,
               last: dt.date, involved: list[tuple[str, str]]) -> Violation:
    owed, owes = (b, a) if sign > 0 else (a, b)
    span = ctx.in_horizon(first, last) or (first, last)
    return Violation.on_days(
        "agreement.barter", f"seat barter {a}/{b} under {agreement_id} is out of balance by more than {limit} "
        f"seat(s) from {first.isoformat()}", Entities(agreements=(agreement_id,),
                                                     flights=tuple(dict.fromkeys(f for f, _ in involved)),
                                                     astronauts=tuple(p for _, p in involved)), *span,
        fixes=(f"fly a {owed} astronaut on a {owes} vehicle to even the balance",
               f"take a {owes} astronaut off a {owed} vehicle"))

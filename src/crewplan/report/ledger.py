"""The agreements ledger: seats granted, flown, planned and due per grant; barter balances over time.

Seats are matched to grants the way the checker's ``agreement.deadline`` rule matches them (grants by
deadline, each seat used once, :func:`crewplan.rules.grant_counts` deciding), and barter moves the way its
``agreement.barter`` rule counts them: +1 when the first party's astronaut flies on a vehicle the second
party operates, -1 the other way round, on the launch day, while the agreement is in force.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from crewplan.check.agreements import barter_moves
from crewplan.check.context import CheckContext
from crewplan.domain import FlightStatus
from crewplan.rules import grant_counts
from crewplan.rules.days import MAX_DAY


@dataclass(frozen=True)
class SeatUse:
    flight: str
    astronaut: str
    launch: dt.date
    flown: bool


@dataclass
class GrantRow:
    """One seat grant and the seats that use it."""

    agreement: str
    agreement_name: str
    grant: str
    grantor: str
    grantee: str
    seats: int
    deadline: dt.date | None
    uses: list[SeatUse] = field(default_factory=list)

    @property
    def flown(self) -> int:
        return sum(u.flown for u in self.uses)

    @property
    def planned(self) -> int:
        return sum(not u.flown for u in self.uses)

    @property
    def due(self) -> int:
        """Seats granted and neither flown nor planned."""
        return max(self.seats - len(self.uses), 0)


@dataclass
class BarterSeries:
    """A barter balance as steps: ``(day, balance after that day's launches)``."""

    agreement: str
    agreement_name: str
    agencies: tuple[str, str]
    max_imbalance: int
    start: dt.date
    end: dt.date | None
    steps: list[tuple[dt.date, int]] = field(default_factory=list)

    @property
    def worst(self) -> int:
        return max((abs(b) for _, b in self.steps), default=0)


@dataclass
class Ledger:
    grants: list[GrantRow]
    barters: list[BarterSeries]


def ledger(ctx: CheckContext) -> Ledger:
    """The ledger of every agreement of ``ctx.scenario``."""
    scenario = ctx.scenario
    stations = {s.id: s for s in scenario.stations}
    used: set[tuple[str, str]] = set()
    rows: list[GrantRow] = []
    for agreement in scenario.agreements:
        for grant in sorted(agreement.seat_grants, key=lambda g: (g.deadline or MAX_DAY, g.id)):
            row = GrantRow(agreement.id, agreement.name, grant.id, grant.grantor, grant.grantee, grant.seats,
                           grant.deadline)
            for stay in ctx.stays:
                key = (stay.up.id, stay.astronaut)
                person, vtype, station = ctx.people.get(stay.astronaut), ctx.vtype(stay.up), stations.get(stay.station)
                if person is None or vtype is None or station is None or key in used or len(row.uses) >= grant.seats:
                    continue
                if grant_counts(grant, agreement, person.agency, stay.up, vtype, station.operator):
                    used.add(key)
                    row.uses.append(SeatUse(stay.up.id, stay.astronaut, stay.launch_day,
                                            stay.up.status is FlightStatus.FLOWN))
            rows.append(row)
    barters: list[BarterSeries] = []
    for agreement in scenario.agreements:
        if agreement.barter is None:
            continue
        a, b = agreement.barter.agencies
        moves: dict[dt.date, int] = {}
        for day, step, _flight, _person in barter_moves(ctx, agreement):
            moves[day] = moves.get(day, 0) + step
        series = BarterSeries(agreement.id, agreement.name, (a, b), agreement.barter.max_imbalance_seats,
                              agreement.valid_from, agreement.valid_until)
        balance = 0
        for day in sorted(moves):
            balance += moves[day]
            series.steps.append((day, balance))
        barters.append(series)
    return Ledger(grants=rows, barters=barters)

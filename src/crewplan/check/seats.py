"""Rule 1: a seat holds one person, the vehicle has that many seats, required roles are filled; each
person's return flight can bring them home; a role goes to the agencies it names (``seat.holder``); a crewed
flight carries at least its vehicle type's ``crew_min`` (``crew.size``)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

from crewplan.check.context import ACTIVE, CheckContext
from crewplan.check.violations import Entities, Severity, Violation
from crewplan.domain import Flight, FlightStatus
from crewplan.rules import may_hold_role


def check(ctx: CheckContext) -> Iterator[Violation]:
    for flight in ctx.flights:
        vtype = ctx.vtype(flight)
        days = ctx.in_horizon(flight.launch_day, ctx.landing_day(flight))
        if vtype is None or days is None:
            continue
        ents = Entities(flights=(flight.id,), vehicle_types=(vtype.id,))
        if len(flight.seats) > vtype.seats:
            yield Violation.on_days(
                "seat.count", f"{flight.name} lists {len(flight.seats)} seats; a {vtype.name} has {vtype.seats}",
                ents, *days, fixes=(f"remove {len(flight.seats) - vtype.seats} seat(s) from {flight.id}",))
        home = ctx.returners.get(flight.id, [])
        if len(home) > vtype.seats:
            yield Violation.on_days(
                "seat.count",
                f"{flight.name} is to bring {len(home)} people home ({ctx.names(home)}); a {vtype.name} has "
                f"{vtype.seats} seats",
                ents.model_copy(update={"astronauts": tuple(home)}), *days,
                fixes=("return the extra people on another docked vehicle with free seats",))
        if not vtype.roles:
            continue
        crew_seats = [s for s in flight.seats if s.astronaut]
        counts = Counter(s.role for s in crew_seats)
        for seat in crew_seats:
            if vtype.role(seat.role) is None:
                offered = ", ".join(r.role.value for r in vtype.roles)
                yield Violation.on_days(
                    "seat.role", f"{ctx.name(seat.astronaut or '')} holds a {seat.role.value} seat on "
                    f"{flight.name}; a {vtype.name} offers {offered}",
                    ents.model_copy(update={"astronauts": (seat.astronaut,)}), *days,
                    fixes=(f"give the seat one of the roles {offered}",))
        for spec in vtype.roles:
            if counts[spec.role] > spec.max_count:
                who = tuple(s.astronaut for s in crew_seats if s.role == spec.role and s.astronaut)
                yield Violation.on_days(
                    "seat.role", f"{flight.name} has {counts[spec.role]} {spec.role.value}s; at most "
                    f"{spec.max_count} allowed", ents.model_copy(update={"astronauts": who}), *days,
                    fixes=(f"change the role of {counts[spec.role] - spec.max_count} of them",))
            if spec.required and crew_seats and counts[spec.role] == 0:
                yield Violation.on_days(
                    "seat.role", f"{flight.name} is crewed but has no {spec.role.value}", ents, *days,
                    fixes=(f"assign a qualified {spec.role.value} to {flight.id}",))
    yield from _returns(ctx)
    yield from _holders_and_sizes(ctx)


def _holders_and_sizes(ctx: CheckContext) -> Iterator[Violation]:
    """``seat.holder``: a role held by someone its agencies exclude (no agreement opens it); ``crew.size``: a
    crewed flight with fewer people than its vehicle type flies. On a flown flight both are warnings (what
    happened happened), on a planned one violations."""
    for flight in ctx.flights:
        vtype = ctx.vtype(flight)
        days = ctx.in_horizon(flight.launch_day, ctx.landing_day(flight))
        if vtype is None or days is None:
            continue
        severity = Severity.WARNING if flight.status is FlightStatus.FLOWN else Severity.VIOLATION
        for seat in flight.seats:
            person = ctx.people.get(seat.astronaut or "")
            spec = vtype.role(seat.role)
            if person is None or spec is None:
                continue
            if not may_hold_role(ctx.scenario.agreements, spec, person.agency, vtype.operator, flight.launch_day):
                yield Violation.on_days(
                    "seat.holder", f"{person.name} ({person.agency}) holds the {seat.role.value} seat of "
                    f"{flight.name}, which goes to {', '.join(spec.agencies)} people", Entities(
                        astronauts=(person.id,), flights=(flight.id,), vehicle_types=(vtype.id,)), *days,
                    severity=severity, citation=spec.source,
                    fixes=(f"give the {seat.role.value} seat to a {' or '.join(spec.agencies)} astronaut",
                           f"an agreement of {person.agency} and {vtype.operator} listing {seat.role.value} in "
                           "seat_roles"))
        crew = flight.crew()
        if crew and len(crew) < vtype.crew_min:
            yield Violation.on_days(
                "crew.size", f"{flight.name} flies {len(crew)} people; a crewed {vtype.name} flies at least "
                f"{vtype.crew_min}", Entities(astronauts=crew, flights=(flight.id,), vehicle_types=(vtype.id,)),
                *days, severity=severity, fixes=(f"fill {vtype.crew_min - len(crew)} more seat(s)",
                                                  "fly it uncrewed"))


def _returns(ctx: CheckContext) -> Iterator[Violation]:
    for stay in ctx.stays:
        if stay.back.id == stay.up.id:
            continue
        days = ctx.in_horizon(stay.launch_day, stay.landing_day)
        if days is None:
            continue
        back = ctx.flight_by_id.get(stay.back.id)
        ents = Entities(astronauts=(stay.astronaut,), flights=(stay.up.id, stay.back.id))
        problem = None
        if back is None or back.status not in ACTIVE:
            problem = f"is to return on {stay.back.id}, which is {back.status.value if back else 'unknown'}"
        elif back.station != stay.up.station:
            problem = f"is to return on {back.name}, which goes to {back.station}, not {stay.up.station}"
        elif ctx.undocking_day(back) < stay.up.docking_day:
            problem = f"is to return on {back.name}, which leaves before they arrive"
        elif (liner := _liner_missing(ctx, stay.up, back)) is not None:
            problem = liner
        if problem:
            yield Violation.on_days(
                "seat.return", f"{ctx.name(stay.astronaut)} ({stay.up.name}) {problem}", ents, *days,
                fixes=(f"set returns_on for {stay.astronaut} to a flight docked at {stay.up.station} "
                       f"while they are aboard",))


def _liner_missing(ctx: CheckContext, up: Flight, back: Flight) -> str | None:
    """A vehicle whose seats need each person's own moulded liner (Soyuz) brings home only people who came
    up in one of its type: the liner moves with them between ships of the type, and nobody else has one."""
    vtype, came = ctx.vtype(back), ctx.vtype(up)
    if vtype is None or not vtype.seat_fit.custom_liner or (came is not None and came.id == vtype.id):
        return None
    return (f"is to return on {back.name}, a {vtype.name}: its seats need the person's own moulded liner, and "
            f"only someone who came up in a {vtype.name} has one aboard")

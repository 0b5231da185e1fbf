"""Rule 5: body measures within the vehicle type's seat limits. People without body data (every real
person: crewplan never invents body measures) get one warning per flight."""

from __future__ import annotations

from collections.abc import Iterator

from crewplan.check.context import CheckContext
from crewplan.check.violations import Entities, Severity, Violation
from crewplan.domain import Astronaut, SeatFit


def misfits(person: Astronaut, fit: SeatFit) -> list[str]:
    """Why ``person`` does not fit seats with limits ``fit`` (empty when they fit or are unmeasured)."""
    body = person.body
    if body is None:
        return []
    out: list[str] = []
    if fit.height_cm_min is not None and body.height_cm < fit.height_cm_min:
        out.append(f"height {body.height_cm:g} cm is below the minimum {fit.height_cm_min:g} cm")
    if fit.height_cm_max is not None and body.height_cm > fit.height_cm_max:
        out.append(f"height {body.height_cm:g} cm is above the maximum {fit.height_cm_max:g} cm")
    if (fit.sitting_height_cm_max is not None and body.sitting_height_cm is not None
            and body.sitting_height_cm > fit.sitting_height_cm_max):
        out.append(f"sitting height {body.sitting_height_cm:g} cm is above the maximum "
                   f"{fit.sitting_height_cm_max:g} cm")
    if fit.mass_kg_min is not None and body.mass_kg < fit.mass_kg_min:
        out.append(f"mass {body.mass_kg:g} kg is below the minimum {fit.mass_kg_min:g} kg")
    if fit.mass_kg_max is not None and body.mass_kg > fit.mass_kg_max:
        out.append(f"mass {body.mass_kg:g} kg is above the maximum {fit.mass_kg_max:g} kg")
    return out


def has_limits(fit: SeatFit) -> bool:
    return any(v is not None for v in (fit.height_cm_min, fit.height_cm_max, fit.sitting_height_cm_max,
                                       fit.mass_kg_min, fit.mass_kg_max))


def check(ctx: CheckContext) -> Iterator[Violation]:
    for stay in ctx.stays:
        person = ctx.people.get(stay.astronaut)
        days = ctx.in_horizon(stay.launch_day, stay.landing_day)
        if person is None or days is None:
            continue
        for leg in stay.legs:
            vtype = ctx.vtype(leg)
            if vtype is None:
                continue
            for reason in misfits(person, vtype.seat_fit):
                yield Violation.on_days(
                    "seat.fit", f"{person.name} does not fit a {vtype.name} seat on {leg.name}: {reason}",
                    Entities(astronauts=(person.id,), flights=(leg.id,), vehicle_types=(vtype.id,)), *days,
                    fixes=(f"take {person.id} off {stay.up.id}", f"fly {person.id} on a vehicle type whose "
                           "seats fit them"))
    for flight in ctx.flights:
        vtype = ctx.vtype(flight)
        days = ctx.in_horizon(flight.launch_day, ctx.landing_day(flight))
        if vtype is None or days is None or not has_limits(vtype.seat_fit):
            continue
        unmeasured = tuple(p for p in flight.crew() if p in ctx.people and ctx.people[p].body is None)
        if unmeasured:
            yield Violation.on_days(
                "seat.fit", f"no body measures for {ctx.names(unmeasured)} on {flight.name}: seat fit not "
                "checked", Entities(astronauts=unmeasured, flights=(flight.id,), vehicle_types=(vtype.id,)),
                *days, severity=Severity.WARNING)

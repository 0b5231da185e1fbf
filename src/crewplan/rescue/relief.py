"""Foreign reliefs for the replanner: a vehicle from outside a station's programme that the rescue answer says
could come, offered to the replanner as an optional uncrewed flight (``crewplan replan --foreign-relief``).

For each vehicle damaged while docked, the rescue candidates of its station on the damage day are asked
(:func:`crewplan.rescue.candidates.candidates`). A vehicle type is *foreign* to the station when no flight of
that type to the station is planned on or after the day: the replanner can already move the station's own
next flights, so only the others need an offer. A foreign type is offered when its answer is *yes* (it
reaches, docks on a verified mate, is ready and has a window) and at least one person who needs a ride may
ride it (law, seat fit, liner). The offer is an ``optional`` ``uncrewed`` flight (purpose ``relief``) from
the candidate's site, launching from the first usable window's day up to ``WINDOW_DAYS`` later, staying until
the damaged vehicle was to leave (within the relief's docked life). The replanner flies it only where it pays
for its cost (``weights.added_flight``) and may bring home in it the people who may ride it.

Assumption, stated in ``docs/rescue.md``: the relief is a vehicle of the type readied by the candidate's
ready day (its next flight's vehicle brought forward); the flight that vehicle was built for is kept as
planned, so what flying it early costs that flight is outside the model.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from crewplan.domain import Event, EventKind, Flight, FlightStatus, Scenario, day_of
from crewplan.errors import UsageError
from crewplan.rescue.candidates import Candidate, candidates

WINDOW_DAYS = 14
"""How long after its first usable window an offered relief may still launch."""


@dataclass(frozen=True)
class ReliefOffer:
    """One foreign vehicle type asked for one station on one day: the flight offered, or why none is."""

    station: str
    day: dt.date
    vehicle_type: str
    operator: str
    flight: Flight | None
    reason: str

    def to_json(self) -> dict[str, object]:
        return {"station": self.station, "date": self.day.isoformat(), "vehicle_type": self.vehicle_type,
                "operator": self.operator, "offered": self.flight.id if self.flight else None,
                "reason": self.reason}


def relief_offers(previous: Scenario, events: list[Event]) -> tuple[tuple[Flight, ...], list[ReliefOffer]]:
    """The relief flights to offer the replanner of ``previous`` after ``events``, and every answer asked.

    Raises:
        UsageError: the scenario forbids foreign reliefs (``settings.foreign_relief_allowed: false``).
    """
    if not previous.settings.foreign_relief_allowed:
        raise UsageError("this scenario forbids foreign reliefs (settings.foreign_relief_allowed is false); "
                         "replan without --foreign-relief, or set it to true")
    offers = foreign_reliefs(previous.model_copy(update={"events": (*previous.events, *events)}), events)
    return tuple(o.flight for o in offers if o.flight is not None), offers


def foreign_reliefs(scenario: Scenario, events: list[Event] | None = None) -> list[ReliefOffer]:
    """Every foreign vehicle type asked for each station where a docked vehicle is damaged by one of
    ``events`` (default: every event of the scenario), the events being part of ``scenario``."""
    out: list[ReliefOffer] = []
    taken = {f.id for f in scenario.flights}
    for station, day, damaged in _damage_days(scenario, scenario.events if events is None else events):
        serving = {f.vehicle_type for f in scenario.flights if f.station == station
                   and f.status is FlightStatus.PLANNED and f.launch_day >= day}
        for c in candidates(scenario, station, day):
            if c.docked_flight is not None or c.vehicle_type in serving:
                continue
            offer = _offer(scenario, c, station, day, damaged, taken)
            if offer.flight is not None:
                taken.add(offer.flight.id)
            out.append(offer)
    return out


def _damage_days(scenario: Scenario, events: list[Event] | tuple[Event, ...]) -> list[tuple[str, dt.date, Flight]]:
    """(station, day, damaged flight) for each damage event of a vehicle docked on its day."""
    out = []
    for event in events:
        if event.kind is not EventKind.VEHICLE_DAMAGED or event.flight is None:
            continue
        day = day_of(event.date)
        flight = next((f for f in scenario.flights if f.id == event.flight), None)
        if flight is None or not (flight.docking_day <= day <= (flight.undocking_day() or day)):
            continue
        out.append((flight.station, day, flight))
    return sorted(out, key=lambda item: (item[1], item[0]))


def _offer(scenario: Scenario, c: Candidate, station: str, day: dt.date, damaged: Flight,
           taken: set[str]) -> ReliefOffer:
    def no(reason: str) -> ReliefOffer:
        return ReliefOffer(station, day, c.vehicle_type, c.operator, None, reason)

    if not c.answer or c.launch_utc is None or c.site is None:
        return no("; ".join(c.reasons) or "no launch window")
    riders = [r for r in c.riders if r.may_ride]
    if not riders:
        return no("nobody who needs a ride may ride it: " + "; ".join(
            f"{r.name}: {', '.join(r.reasons)}" for r in c.riders) if c.riders else "nobody needs a ride")
    vtype = scenario.vehicle_type(c.vehicle_type)
    launch = c.launch_utc.date()
    leave = damaged.undocking_day() or launch + dt.timedelta(days=vtype.docked_life_days)
    stay = max(1, min(vtype.docked_life_days, (leave - launch).days))
    fid = _free_id(f"relief-{c.vehicle_type}-{station}-{day.isoformat()}", taken)
    flight = Flight(
        id=fid, name=f"{vtype.name} relief to {scenario.station(station).name}", vehicle_type=vtype.id,
        station=station, site=c.site, status=FlightStatus.PLANNED, launch=launch,
        launch_latest=launch + dt.timedelta(days=WINDOW_DAYS), stay_days=stay, uncrewed=True, optional=True,
        purpose="relief",
        note=f"offered by crewplan rescue for {damaged.name}'s damage on {day}: could bring home "
             f"{', '.join(r.name for r in riders)}")
    return ReliefOffer(station, day, c.vehicle_type, c.operator, flight,
                       f"ready {c.ready_day}, first window {c.launch_utc:%Y-%m-%d %H:%M}Z from {c.site}, "
                       f"may bring home {', '.join(r.name for r in riders)}")


def _free_id(base: str, taken: set[str]) -> str:
    fid, n = base, 2
    while fid in taken:
        fid, n = f"{base}-{n}", n + 1
    return fid

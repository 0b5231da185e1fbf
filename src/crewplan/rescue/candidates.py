"""The vehicles that could come to a station's aid on a day, ranked by arrival, each with what stops it.

For a station and a day, every crew vehicle type of the scenario is asked, in this order:

0. **Docked already**: a vehicle docked at the station that day (not damaged) with seats its own crew does
   not fill, or contingency places (``contingency_places``: Rubio's seat liner moved into Crew-5's Dragon
   after the MS-22 leak), takes people home at once.
1. **Reach**: which of its launch sites can launch into the station's plane (:mod:`crewplan.orbit.reach`).
2. **Docking** (or berthing: a type with a ``berthing_system``, captured by the station's ``arm`` and
   berthed at one of its ``berthing_ports``): which of the station's ports (usable that day) its docking
   system mates with, each port
   presenting its own system or that of an adapter in service that day (``docking_adapters``: IDA-2 and
   IDA-3 on the ISS) (``docking_systems``: verified, or only if a claim or a disputed report holds). An
   adapter planned for a later day, or one of the same kind on another station, is named as the fix.
3. **Ready**: the next vehicle of the type to launch on or after the day from a reaching site, brought
   forward by its readiness (``advance_days_max``); for the type that crews the station then, with a
   standby (``standby_rescue_days``), no later than that. No such vehicle: it is not ready. The flights are
   read as they were planned on the morning of the day (:func:`crewplan.scenario.cut.scenario_at`), so a
   question about the record gets the answer the planners of that day could have given.
4. **Window and arrival**: the first usable launch window from the ready day (sgp4 on the station's element
   sets), and the arrival after the rendezvous profile the phase angle selects.
5. **Seats and people**: it flies up empty (as Soyuz MS-23 and Shenzhou-22 did), so every seat is free (or
   with its minimum crew, as Crew-9 did); for each person who needs a ride (those whose vehicle home is
   damaged by that day; everyone aboard when none is), whether the law lets them ride it (the scenario's
   ``forbid`` rules in force), and whether they fit its seats (body limits; a custom seat liner where the
   type needs one).

The answer is *yes* when 1-4 hold with a verified docking; the reasons and what would change them are given
either way.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from crewplan.check.context import CheckContext
from crewplan.check.seatfit import misfits
from crewplan.domain import (
    AdapterStatus,
    Astronaut,
    Effect,
    Flight,
    FlightStatus,
    Scenario,
    Seat,
    Station,
    VehicleType,
    port_system_on,
)
from crewplan.errors import InputError
from crewplan.orbit.reach import reach
from crewplan.rules.conditions import SeatFacts
from crewplan.rules.days import contains
from crewplan.rules.legality import rules_hit

SEARCH_DAYS = 30
"""How far past the ready day a launch window is looked for."""


@dataclass
class Rider:
    astronaut: str
    name: str
    may_ride: bool
    reasons: list[str] = field(default_factory=list)


@dataclass
class Candidate:
    vehicle_type: str
    operator: str
    answer: bool
    reasons: list[str] = field(default_factory=list)
    fixes: list[str] = field(default_factory=list)
    sites: list[str] = field(default_factory=list)
    ports: list[str] = field(default_factory=list)
    docking: str = ""
    """``verified``, ``claimed``, ``disputed`` or ``none``."""
    next_flight: str | None = None
    ready_day: dt.date | None = None
    launch_utc: dt.datetime | None = None
    arrival_utc: dt.datetime | None = None
    site: str | None = None
    seats: int = 0
    """Seats free: all of them flown up uncrewed; a docked vehicle's seats its crew does not fill."""
    seats_with_min_crew: int = 0
    """Seats free if it flies up with its minimum crew (``crew_min``: as Crew-9 did after Starliner)."""
    riders: list[Rider] = field(default_factory=list)
    docked_flight: str | None = None
    """Set for a vehicle already docked at the station (it needs no launch)."""
    reasons_ok: str | None = None
    """How a yes holds when it needs more than the seats (contingency places)."""
    berthed: bool = False
    """It comes to ``ports`` by being captured with the station's arm and berthed, not by docking."""

    def to_json(self) -> dict[str, object]:
        return {"vehicle_type": self.vehicle_type, "operator": self.operator, "answer": self.answer,
                "docked_flight": self.docked_flight, "how": self.reasons_ok,
                "reasons": self.reasons, "fixes": self.fixes, "reaching_sites": self.sites, "ports": self.ports,
                "docking": self.docking, "berthed": self.berthed, "next_flight": self.next_flight,
                "ready_day": self.ready_day.isoformat() if self.ready_day else None, "site": self.site,
                "launch_utc": _z(self.launch_utc), "arrival_utc": _z(self.arrival_utc), "free_seats": self.seats,
                "free_seats_with_min_crew": self.seats_with_min_crew,
                "riders": [{"astronaut": r.astronaut, "name": r.name, "may_ride": r.may_ride, "reasons": r.reasons}
                           for r in self.riders]}


def _z(value: dt.datetime | None) -> str | None:
    return value.strftime("%Y-%m-%dT%H:%M:%SZ") if value else None


def damaged_by(scenario: Scenario, day: dt.date) -> set[str]:
    """The flights whose vehicle is damaged on or before ``day`` (the question's premise counts its own day)."""
    from crewplan.domain import EventKind, day_of

    return {e.flight for e in scenario.events if e.kind is EventKind.VEHICLE_DAMAGED and e.flight
            and day_of(e.date) <= day}


def stranded(scenario: Scenario, station: str, day: dt.date, damaged: set[str]) -> list[Astronaut]:
    """Who needs a ride home: the people aboard on ``day`` who came up on, or were to go home in, a damaged
    vehicle (everyone aboard when nobody did: the question is then who could be brought home at all)."""
    ctx = CheckContext(scenario, (scenario.settings.horizon_start, scenario.settings.horizon_end))
    people = {a.id: a for a in scenario.astronauts}
    up = [s for s in ctx.stays if s.station == station and s.first_day <= day <= s.last_day]
    hit = [s for s in up if s.up.id in damaged or s.back.id in damaged]
    return [people[s.astronaut] for s in (hit or up)]


def docking(scenario: Scenario, vehicle: VehicleType, station: Station, day: dt.date) -> tuple[str, list[str]]:
    """The best certainty with which the vehicle docks at a port usable on ``day``, and those ports."""
    systems = {s.id: s for s in scenario.docking_systems}
    rank = {"verified": 0, "claimed": 1, "disputed": 2}
    best: dict[str, list[str]] = {}
    for port in station.ports:
        if not port.available_on(day):
            continue
        shown = port_system_on(scenario.docking_adapters, station.id, port.id, port.standard, day)
        if shown == vehicle.docking_standard:
            status = "verified"
        else:
            mates = [m for sid in (vehicle.docking_standard, shown) for m in
                     (systems[sid].mates if sid in systems else ())
                     if m.system in (vehicle.docking_standard, shown)]
            if not mates:
                continue
            status = min((m.status.value for m in mates), key=lambda v: rank[v])
        best.setdefault(status, []).append(port.id)
    for status in ("verified", "claimed", "disputed"):
        if status in best:
            return status, best[status]
    return "none", []


@dataclass(frozen=True)
class Berthing:
    ports: list[str]
    reason: str


def berthing(vehicle: VehicleType, station: Station) -> Berthing:
    """Whether the vehicle could be captured by the station's arm and berthed, at which berthing ports."""
    if vehicle.berthing_system is None:
        return Berthing([], f"{vehicle.name} has no berthing mechanism (it only docks)")
    if station.arm is None:
        return Berthing([], f"{station.name} has no arm to capture it")
    ports = [p.id for p in station.berthing_ports if p.system == vehicle.berthing_system]
    if not ports:
        return Berthing([], f"{station.name} has no {vehicle.berthing_system} berthing port")
    return Berthing(ports, f"berthed with {station.arm}")


def _adapter_fix(scenario: Scenario, vehicle: VehicleType, station: Station, day: dt.date,
                 port_systems: list[str]) -> str:
    """What adapter would let the vehicle dock: one planned here later, or one like those elsewhere."""
    later = sorted((a for a in scenario.docking_adapters if a.station == station.id
                    and a.presents_system == vehicle.docking_standard and a.status is not AdapterStatus.LOST
                    and a.installed_date is not None and a.installed_date > day), key=lambda a: a.installed_date or day)
    if later:
        a = later[0]
        return f"wait for {a.name} ({a.status.value} on {a.port} from {a.installed_date})"
    kin = sorted(f"{a.id} on {a.station}" for a in scenario.docking_adapters
                 if a.presents_system == vehicle.docking_standard and a.status is AdapterStatus.INSTALLED)
    like = f" (as {', '.join(kin)})" if kin else " (none exists or is planned in the scenario)"
    return f"an adapter from {', '.join(port_systems)} to {vehicle.docking_standard} on a port{like}"


def _next_flight(scenario: Scenario, vehicle: VehicleType, sites: list[str], day: dt.date) -> Flight | None:
    later = [f for f in scenario.flights if f.vehicle_type == vehicle.id and f.site in sites
             and f.status is not FlightStatus.CANCELLED and f.launch_day >= day]
    return min(later, key=lambda f: (f.launch_day, f.id), default=None)


def _riders(scenario: Scenario, vehicle: VehicleType, station: Station, site: str, day: dt.date,
            people: list[Astronaut]) -> list[Rider]:
    out = []
    role = vehicle.roles[0].role if vehicle.roles else None
    for person in people:
        reasons = list(misfits(person, vehicle.seat_fit))
        if vehicle.seat_fit.custom_liner:
            reasons.append(f"needs their own seat liner in a {vehicle.name} (flown up with the vehicle)")
        if role is not None:
            flight = Flight(id="rescue-candidate", name="rescue candidate", vehicle_type=vehicle.id,
                            station=station.id, site=site, launch=day, seats=(Seat(role=role, astronaut=person.id),))
            facts = SeatFacts(person, flight, vehicle, station, day=day)
            reasons += [f"{hit.rule.name or hit.rule.id} ({hit.rule.id})" for hit in rules_hit(scenario, facts)
                        if hit.rule.effect is Effect.FORBID and contains(hit.active, day)]
        liner_only = all("seat liner" in r for r in reasons)
        out.append(Rider(person.id, person.name, may_ride=not reasons or liner_only, reasons=reasons))
    return out


def _docked(scenario: Scenario, station: Station, day: dt.date, people: list[Astronaut], damaged: set[str]
            ) -> list[Candidate]:
    """Vehicles docked at the station on ``day``, not damaged by then, with seats their crew does not fill."""
    ctx = CheckContext(scenario, (scenario.settings.horizon_start, scenario.settings.horizon_end))
    riding: dict[str, set[str]] = {}
    for stay in ctx.stays:
        riding.setdefault(stay.back.id, set()).add(stay.astronaut)
    out = []
    for f in scenario.flights:
        last = f.undocking_day() or f.docking_day
        if f.station != station.id or f.status is FlightStatus.CANCELLED or not f.docking_day <= day <= last:
            continue
        vehicle = scenario.vehicle_type(f.vehicle_type)
        if f.id in damaged or not vehicle.lifeboat_capable:
            continue
        seats_free = vehicle.seats - len(riding.get(f.id, set()))
        free = seats_free + vehicle.contingency_places
        c = Candidate(vehicle.id, vehicle.operator, answer=free > 0, seats=max(free, 0), docked_flight=f.id,
                      docking="verified", ports=[f.port] if f.port else [], site=f.site, next_flight=f.id,
                      ready_day=day, seats_with_min_crew=max(free, 0),
                      arrival_utc=dt.datetime.combine(day, dt.time(), tzinfo=dt.UTC))
        if free <= 0:
            c.reasons.append(f"{f.name} is docked, but its {vehicle.seats} seats are its own crew's")
            c.fixes.append(f"a contingency place in {f.name} (a seat liner fitted beside its crew, as in Crew-5 "
                           "after the MS-22 leak)")
        elif seats_free <= 0:
            c.reasons_ok = (f"in {vehicle.contingency_places} contingency place(s) beside its crew (an emergency "
                            "configuration, as flown)")
        c.riders = _riders(scenario, vehicle, station, f.site, day, [p for p in people
                                                                      if p.id not in riding.get(f.id, set())])
        out.append(c)
    return out


def candidates(scenario: Scenario, station_id: str, day: dt.date) -> list[Candidate]:
    """Every crew vehicle type against the station on ``day`` (and the vehicles docked there): yes first, by
    arrival; then the others. ``scenario`` is read as planned on the morning of ``day``."""
    from crewplan.orbit.elements import station_elements
    from crewplan.orbit.propagate import predictable_span
    from crewplan.orbit.windows import find_windows
    from crewplan.scenario.cut import scenario_at

    station = scenario.station(station_id)
    damaged = damaged_by(scenario, day)
    if scenario.settings.horizon_start < day < scenario.settings.horizon_end:
        scenario = scenario_at(scenario, day)
    sites = {s.id: s for s in scenario.launch_sites}
    people = stranded(scenario, station.id, day, damaged)
    records = station_elements(station)
    crewing = {f.vehicle_type for f in scenario.flights if f.station == station.id and f.crew()
               and f.docking_day <= day <= (f.undocking_day() or f.docking_day)}
    out = _docked(scenario, station, day, people, damaged)
    for vehicle in scenario.vehicle_types:
        if vehicle.seats == 0:
            continue
        c = Candidate(vehicle.id, vehicle.operator, answer=False, seats=vehicle.seats,
                      seats_with_min_crew=vehicle.seats - vehicle.crew_min)
        if vehicle.available_from and vehicle.available_from > day:
            c.reasons.append(f"{vehicle.name} flies crew from {vehicle.available_from} only")
        reaches = [reach(station, sites[s]) for s in vehicle.launch_sites if s in sites]
        c.sites = [r.site for r in reaches if r.reachable]
        if not c.sites:
            c.reasons.append(f"no launch site of {vehicle.name} reaches the {station.id} orbit: "
                             + "; ".join(f"{r.site}: {r.reason}" for r in reaches))
            c.fixes.append(f"a launch site south of {station.orbit.inclination_deg:g}° latitude with a corridor for "
                           f"the station's plane (or a dogleg ascent, at a cost in payload)")
        c.docking, c.ports = docking(scenario, vehicle, station, day)
        port_systems = sorted({port_system_on(scenario.docking_adapters, station.id, p.id, p.standard, day)
                               for p in station.ports if p.available_on(day)})
        berth = berthing(vehicle, station)
        if c.docking == "none" and berth.ports:
            c.docking, c.ports, c.berthed = "verified", berth.ports, True
        elif c.docking == "none":
            c.reasons.append(f"no port of {station.id} ({', '.join(port_systems)}) takes its "
                             f"{vehicle.docking_standard} docking system, and it cannot berth instead: "
                             f"{berth.reason}")
            c.fixes.append(_adapter_fix(scenario, vehicle, station, day, port_systems))
        elif c.docking != "verified":
            claimed = sorted({port_system_on(scenario.docking_adapters, station.id, p.id, p.standard, day)
                              for p in station.ports if p.id in c.ports})
            c.reasons.append(f"it docks at {', '.join(c.ports)} only if a {c.docking} compatibility holds "
                             f"({vehicle.docking_standard} with {', '.join(claimed)}): no such docking has flown")
            c.fixes.append(f"a docking test of {vehicle.docking_standard} with {', '.join(claimed)}")
            c.fixes.append(_adapter_fix(scenario, vehicle, station, day, claimed))
        if c.sites:
            _ready_and_window(c, scenario, vehicle, station, day, records, find_windows, predictable_span,
                              standby=station.standby_rescue_days if vehicle.id in crewing else None)
        if c.site:
            c.riders = _riders(scenario, vehicle, station, c.site, day, people)
        c.answer = not c.reasons and c.arrival_utc is not None
        out.append(c)
    return sorted(out, key=lambda c: (not c.answer, c.arrival_utc or dt.datetime.max.replace(tzinfo=dt.UTC),
                                      c.vehicle_type))


def _ready_and_window(c: Candidate, scenario: Scenario, vehicle: VehicleType, station: Station, day: dt.date,
                      records: Any, find_windows: Any, predictable_span: Any, standby: int | None) -> None:
    nxt = _next_flight(scenario, vehicle, c.sites, day)
    if nxt is not None:
        ready = vehicle.readiness_at(nxt.site)
        c.next_flight, c.site = nxt.id, nxt.site
        c.ready_day = max(day, nxt.launch_day - dt.timedelta(days=ready.advance_days_max if ready else 0))
    if standby is not None:
        standby_day = day + dt.timedelta(days=standby)
        if c.ready_day is None or standby_day < c.ready_day:
            c.ready_day, c.site = standby_day, c.site or c.sites[0]
    if c.ready_day is None or c.site is None:
        c.reasons.append(f"no {vehicle.name} is planned to launch on or after {day}: none is ready")
        c.fixes.append(f"a {vehicle.name} in processing (the next one brought forward)")
        return
    begin = dt.datetime.combine(c.ready_day, dt.time(), tzinfo=dt.UTC)
    end = begin + dt.timedelta(days=SEARCH_DAYS)
    site = scenario.launch_site(c.site)
    try:
        predictable_span(records, begin, end, f"the element sets of {station.id}")
        found = [w for w in find_windows(records, site, vehicle, begin, end, station=station.id) if w.usable]
    except InputError as error:
        c.reasons.append(f"no launch window can be computed: {error}")
        return
    if not found:
        c.reasons.append(f"no usable window from {c.site} in the {SEARCH_DAYS} days from {c.ready_day}")
        return
    first = found[0]
    c.launch_utc = first.launch_utc
    hours = first.rendezvous_hours
    c.arrival_utc = first.launch_utc + dt.timedelta(hours=hours) if hours is not None else None
    if c.arrival_utc is None:
        c.reasons.append(f"{vehicle.name} has no rendezvous profile for a phase angle of {first.phase_deg:.0f}°")

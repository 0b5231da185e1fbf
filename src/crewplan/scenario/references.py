"""Checks across entities that no single model can make: unique ids, references that resolve, course
prerequisite cycles, element sets that parse."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterator
from pathlib import Path

from crewplan.domain import (
    SECTIONS,
    Condition,
    DockingAdapter,
    Event,
    EventKind,
    Flight,
    FlightStatus,
    Scenario,
    Station,
    day_of,
)
from crewplan.domain.scenario import SECTION_NOUN
from crewplan.errors import ElementSetError, known_ids, shorten
from crewplan.orbit.elements import ElementRecord, parse_tle, read_elements

Finding = tuple[tuple[str | int, ...], str, str | None, str | None]
"""(path, message, got, expected)"""


def check_references(scenario: Scenario, written_ids: dict[str, set[str]] | None = None) -> list[Finding]:
    """Every cross-entity problem of a scenario whose entities are each valid on their own.

    ``written_ids`` are the ids present in the files, including those of entities that failed validation
    (so that a reference to them is not reported as dangling too).
    """
    findings: list[Finding] = []
    ids = {section: {item.id for item in getattr(scenario, section)} for section in SECTIONS}
    for section, extra in (written_ids or {}).items():
        ids[section] = ids[section] | extra
    for path, section, value in _references(scenario):
        if value not in ids[section]:
            findings.append((path, f"unknown {SECTION_NOUN[section]}", repr(value),
                             known_ids(value, ids[section], SECTION_NOUN[section])))
    findings.extend(_nested(scenario))
    findings.extend(_prerequisite_cycles(scenario))
    findings.extend(_element_sets(scenario))
    return findings


def _references(s: Scenario) -> Iterator[tuple[tuple[str | int, ...], str, str]]:
    """(path, section referred to, id) for every id-valued reference."""
    for i, a in enumerate(s.astronauts):
        yield ("astronauts", i, "agency"), "agencies", a.agency
        for j, held in enumerate(a.qualifications):
            yield ("astronauts", i, "qualifications", j, "qualification"), "qualifications", held.qualification
    for i, qual in enumerate(s.qualifications):
        if qual.vehicle_type:
            yield ("qualifications", i, "vehicle_type"), "vehicle_types", qual.vehicle_type
        if qual.station:
            yield ("qualifications", i, "station"), "stations", qual.station
    for i, f in enumerate(s.facilities):
        yield ("facilities", i, "agency"), "agencies", f.agency
    for i, c in enumerate(s.courses):
        yield ("courses", i, "provider"), "agencies", c.provider
        if c.facility:
            yield ("courses", i, "facility"), "facilities", c.facility
        for j, q in enumerate(c.prerequisites):
            yield ("courses", i, "prerequisites", j), "qualifications", q
        for j, q in enumerate(c.grants):
            yield ("courses", i, "grants", j), "qualifications", q
    for i, t in enumerate(s.vehicle_types):
        yield ("vehicle_types", i, "operator"), "agencies", t.operator
        for j, site_id in enumerate(t.launch_sites):
            yield ("vehicle_types", i, "launch_sites", j), "launch_sites", site_id
        for j, role in enumerate(t.roles):
            for k, q in enumerate(role.qualifications):
                yield ("vehicle_types", i, "roles", j, "qualifications", k), "qualifications", q
    for i, v in enumerate(s.vehicles):
        yield ("vehicles", i, "type"), "vehicle_types", v.type
    for i, st in enumerate(s.stations):
        yield ("stations", i, "operator"), "agencies", st.operator
        for j, seg in enumerate(st.segments):
            yield ("stations", i, "segments", j, "operator"), "agencies", seg.operator
            for k, m in enumerate(seg.modules):
                yield ("stations", i, "segments", j, "modules", k, "owner"), "agencies", m.owner
    for i, site in enumerate(s.launch_sites):
        if site.operator:
            yield ("launch_sites", i, "operator"), "agencies", site.operator
        for j, pad in enumerate(site.pads):
            for k, vt in enumerate(pad.vehicle_types):
                yield ("launch_sites", i, "pads", j, "vehicle_types", k), "vehicle_types", vt
    for i, fl in enumerate(s.flights):
        yield ("flights", i, "vehicle_type"), "vehicle_types", fl.vehicle_type
        if fl.vehicle:
            yield ("flights", i, "vehicle"), "vehicles", fl.vehicle
        yield ("flights", i, "station"), "stations", fl.station
        yield ("flights", i, "site"), "launch_sites", fl.site
        for j, seat in enumerate(fl.seats):
            if seat.astronaut:
                yield ("flights", i, "seats", j, "astronaut"), "astronauts", seat.astronaut
            if seat.returns_on:
                yield ("flights", i, "seats", j, "returns_on"), "flights", seat.returns_on
    for i, ag in enumerate(s.agreements):
        for j, party in enumerate(ag.parties):
            yield ("agreements", i, "parties", j), "agencies", party
        for j, grant in enumerate(ag.seat_grants):
            yield ("agreements", i, "seat_grants", j, "grantor"), "agencies", grant.grantor
            yield ("agreements", i, "seat_grants", j, "grantee"), "agencies", grant.grantee
            for k, vt in enumerate(grant.vehicle_types):
                yield ("agreements", i, "seat_grants", j, "vehicle_types", k), "vehicle_types", vt
            for k, st_id in enumerate(grant.stations):
                yield ("agreements", i, "seat_grants", j, "stations", k), "stations", st_id
        if ag.barter:
            for k, agency in enumerate(ag.barter.agencies):
                yield ("agreements", i, "barter", "agencies", k), "agencies", agency
        for j, course in enumerate(ag.courses):
            yield ("agreements", i, "courses", j), "courses", course
    if s.docking_systems:  # a scenario that lists its docking systems names only those
        for i, t in enumerate(s.vehicle_types):
            yield ("vehicle_types", i, "docking_standard"), "docking_systems", t.docking_standard
            if t.berthing_system:
                yield ("vehicle_types", i, "berthing_system"), "docking_systems", t.berthing_system
        for i, st in enumerate(s.stations):
            for j, port in enumerate(st.ports):
                yield ("stations", i, "ports", j, "standard"), "docking_systems", port.standard
            for j, berth in enumerate(st.berthing_ports):
                yield ("stations", i, "berthing_ports", j, "system"), "docking_systems", berth.system
    for i, adapter in enumerate(s.docking_adapters):
        yield ("docking_adapters", i, "station"), "stations", adapter.station
        if s.docking_systems:
            yield ("docking_adapters", i, "base_system"), "docking_systems", adapter.base_system
            yield ("docking_adapters", i, "presents_system"), "docking_systems", adapter.presents_system
    for i, system in enumerate(s.docking_systems):
        for j, mate in enumerate(system.mates):
            yield ("docking_systems", i, "mates", j, "system"), "docking_systems", mate.system
    for i, r in enumerate(s.disruption_rates):
        for key, section in (("vehicle_type", "vehicle_types"), ("site", "launch_sites"), ("rule", "rules")):
            if getattr(r, key):
                yield ("disruption_rates", i, key), section, getattr(r, key)
    for i, rule in enumerate(s.rules):
        if rule.unless_agreement:
            yield ("rules", i, "unless_agreement"), "agreements", rule.unless_agreement
        yield from _condition_refs(rule.when, ("rules", i, "when"))
    for i, w in enumerate(s.waivers):
        for j, a_id in enumerate(w.astronauts):
            yield ("waivers", i, "astronauts", j), "astronauts", a_id
        for j, f_id in enumerate(w.flights):
            yield ("waivers", i, "flights", j), "flights", f_id
    for i, e in enumerate(s.experiments):
        yield ("experiments", i, "proposer"), "agencies", e.proposer
        yield ("experiments", i, "station"), "stations", e.station
        if e.qualification:
            yield ("experiments", i, "qualification"), "qualifications", e.qualification
    for i, p in enumerate(s.proposals):
        yield ("proposals", i, "proposer"), "agencies", p.proposer
        if p.astronaut:
            yield ("proposals", i, "astronaut"), "astronauts", p.astronaut
        if p.experiment:
            yield ("proposals", i, "experiment"), "experiments", p.experiment
        if p.station:
            yield ("proposals", i, "station"), "stations", p.station
    for i, b in enumerate(s.bookings):
        yield ("bookings", i, "astronaut"), "astronauts", b.astronaut
        yield ("bookings", i, "course"), "courses", b.course
        if b.for_flight:
            yield ("bookings", i, "for_flight"), "flights", b.for_flight
    for i, ev in enumerate(s.events):
        for name, section in (("flight", "flights"), ("astronaut", "astronauts"), ("site", "launch_sites"),
                              ("rule", "rules")):
            value = getattr(ev, name)
            if value:
                yield ("events", i, name), section, value


def _condition_refs(cond: Condition, path: tuple[str | int, ...]
                    ) -> Iterator[tuple[tuple[str | int, ...], str, str]]:
    leaves = (
        ("astronaut_agency", "agencies"), ("vehicle_operator", "agencies"), ("vehicle_type", "vehicle_types"),
        ("station", "stations"), ("station_operator", "agencies"), ("launch_site", "launch_sites"),
        ("module_owner", "agencies"), ("segment_operator", "agencies"), ("co_crew_agency", "agencies"),
    )
    for name, section in leaves:
        for j, value in enumerate(getattr(cond, name)):
            yield (*path, name, j), section, value
    for name in ("all", "any"):
        for j, sub in enumerate(getattr(cond, name)):
            yield from _condition_refs(sub, (*path, name, j))
    if cond.not_ is not None:
        yield from _condition_refs(cond.not_, (*path, "not"))


def _adapter_ports(s: Scenario, stations: dict[str, Station]) -> Iterator[Finding]:
    """An adapter sits on a port of its station that has the adapter's base system; one at a time per port."""
    for i, adapter in enumerate(s.docking_adapters):
        station = stations.get(adapter.station)
        if station is None:
            continue
        port = station.port(adapter.port)
        if port is None:
            port_ids = [p.id for p in station.ports]
            yield (("docking_adapters", i, "port"), f"unknown port of station {station.id}", repr(adapter.port),
                   known_ids(adapter.port, port_ids, "port"))
        elif port.standard != adapter.base_system:
            yield (("docking_adapters", i, "base_system"), f"not the system of port {port.id}",
                   repr(adapter.base_system), f"{port.standard!r} (the port's standard)")
        for j, other in enumerate(s.docking_adapters[:i]):
            if (other.station, other.port) == (adapter.station, adapter.port) and _overlap(adapter, other):
                yield (("docking_adapters", i, "installed_date"), f"overlaps adapter {other.id} on the same port",
                       str(adapter.installed_date), f"a date after {other.id} is removed (docking_adapters[{j}])")


def _overlap(a: DockingAdapter, b: DockingAdapter) -> bool:
    if a.installed_date is None or b.installed_date is None:
        return False
    far = dt.date.max
    return a.installed_date < (b.removed_date or far) and b.installed_date < (a.removed_date or far)


def _nested(s: Scenario) -> Iterator[Finding]:
    """References into an entity's own parts: ports and modules of a station, pads of a site, ..."""
    stations = {st.id: st for st in s.stations}
    sites = {site.id: site for site in s.launch_sites}
    types = {t.id: t for t in s.vehicle_types}
    vehicles = {v.id: v for v in s.vehicles}
    flights = {f.id: f for f in s.flights}
    for i, st in enumerate(s.stations):
        modules = [m.id for m in st.modules()]
        for dup in sorted({m for m in modules if modules.count(m) > 1}):
            yield (("stations", i, "segments"), "duplicate module id", repr(dup),
                   "module ids unique per station")
        ports = [p.id for p in st.ports]
        for dup in sorted({p for p in ports if ports.count(p) > 1}):
            yield ("stations", i, "ports"), "duplicate port id", repr(dup), "port ids unique per station"
        for j, port in enumerate(st.ports):
            if port.module not in modules:
                yield (("stations", i, "ports", j, "module"), "unknown module of this station",
                       repr(port.module), known_ids(port.module, modules, "module"))
        for j, berth in enumerate(st.berthing_ports):
            if berth.module not in modules:
                yield (("stations", i, "berthing_ports", j, "module"), "unknown module of this station",
                       repr(berth.module), known_ids(berth.module, modules, "module"))
        if st.orbit.elements_file is None and not st.orbit.elements:
            yield (("stations", i, "orbit"), "no element sets", None,
                   "orbit.elements_file (a .tle file) or orbit.elements (inline line1/line2)")
    yield from _adapter_ports(s, stations)
    for i, fl in enumerate(s.flights):
        target = stations.get(fl.station)
        if target is not None:
            port_ids = [p.id for p in target.ports]
            if fl.port and fl.port not in port_ids:
                yield (("flights", i, "port"), f"unknown port of station {target.id}", repr(fl.port),
                       known_ids(fl.port, port_ids, "port"))
            for j, move in enumerate(fl.port_moves):
                if move.port not in port_ids:
                    yield (("flights", i, "port_moves", j, "port"), f"unknown port of station {target.id}",
                           repr(move.port), known_ids(move.port, port_ids, "port"))
        vtype = types.get(fl.vehicle_type)
        if vtype is not None:
            if len(fl.seats) > vtype.seats:
                yield (("flights", i, "seats"), f"more seats than a {vtype.name} has", f"{len(fl.seats)} seats",
                       f"at most {vtype.seats} (vehicle_types: {vtype.id}.seats)")
            roles = [r.role.value for r in vtype.roles]
            for j, seat in enumerate(fl.seats):
                if roles and seat.role.value not in roles:
                    yield (("flights", i, "seats", j, "role"), f"a {vtype.name} has no {seat.role.value} seat",
                           repr(seat.role.value), "one of the vehicle type's roles: " + ", ".join(roles))
        site = sites.get(fl.site)
        if site is not None and fl.pad and fl.pad not in [p.id for p in site.pads]:
            yield (("flights", i, "pad"), f"unknown pad of site {site.id}", repr(fl.pad),
                   known_ids(fl.pad, [p.id for p in site.pads], "pad"))
        vehicle = vehicles.get(fl.vehicle) if fl.vehicle else None
        if vehicle is not None and vehicle.type != fl.vehicle_type and fl.vehicle_type in types:
            yield (("flights", i, "vehicle"),
                   f"vehicle {vehicle.id} is a {vehicle.type}, not a {fl.vehicle_type}",
                   repr(fl.vehicle), f"a vehicle of type {fl.vehicle_type}")
        for j, seat in enumerate(fl.seats):
            other = flights.get(seat.returns_on) if seat.returns_on else None
            if other is not None and other.station != fl.station and st is not None:
                yield (("flights", i, "seats", j, "returns_on"),
                       f"returns on a flight to another station ({other.station})", repr(seat.returns_on),
                       f"a flight to {fl.station}")
    for i, e in enumerate(s.experiments):
        home = stations.get(e.station)
        if home is not None and e.module and e.module not in [m.id for m in home.modules()]:
            yield (("experiments", i, "module"), f"unknown module of station {home.id}", repr(e.module),
                   known_ids(e.module, [m.id for m in home.modules()], "module"))
    first, last = s.settings.horizon_start, s.settings.horizon_end
    for i, ev in enumerate(s.events):
        if not first <= day_of(ev.date) <= last:
            yield (("events", i, "date"), "outside the scenario's horizon", repr(day_of(ev.date).isoformat()),
                   f"a day from {first.isoformat()} to {last.isoformat()} (settings.horizon_start/horizon_end)")
        elif ev.flight and ev.flight in flights:
            yield from _event_timing(i, ev, flights[ev.flight], last)
        site = sites.get(ev.site) if ev.site else None
        if site is not None and ev.pad and ev.pad not in [p.id for p in site.pads]:
            yield (("events", i, "pad"), f"unknown pad of site {site.id}", repr(ev.pad),
                   known_ids(ev.pad, [p.id for p in site.pads], "pad"))


def _event_timing(i: int, ev: Event, flight: Flight, last: dt.date) -> Iterator[Finding]:
    """A slip needs a flight still to fly; a damage, a vehicle at the station on that day."""
    day = day_of(ev.date)
    if ev.kind is EventKind.LAUNCH_SLIP and flight.status is not FlightStatus.PLANNED and (
            flight.status is not FlightStatus.FLOWN or day > flight.launch_day):
        yield (("events", i, "flight"), f"{flight.name} is {flight.status.value} (launch "
               f"{flight.launch_day.isoformat()}), so it cannot slip on {day.isoformat()}", repr(flight.id),
               "a flight still to launch on the event's date (crewplan ls flights)")
    if ev.kind is EventKind.VEHICLE_DAMAGED:
        end = flight.undocking_day() or last
        if flight.status in (FlightStatus.CANCELLED, FlightStatus.ABORTED) or not flight.launch_day <= day <= end:
            yield (("events", i, "date"), f"{flight.name} is not up there on that day", repr(day.isoformat()),
                   f"a day from its launch {flight.launch_day.isoformat()} to its undocking {end.isoformat()}")


def _prerequisite_cycles(s: Scenario) -> Iterator[Finding]:
    """A qualification that (through the courses granting it) needs itself can never be earned."""
    needs: dict[str, set[str]] = {}
    for course in s.courses:
        for granted in course.grants:
            needs.setdefault(granted, set()).update(course.prerequisites)
    for index, course in enumerate(s.courses):
        for granted in course.grants:
            cycle = _find_cycle(granted, needs)
            if cycle:
                yield (("courses", index, "prerequisites"), "prerequisites form a cycle",
                       " -> ".join(cycle), "prerequisites that do not lead back to what the course grants")
                break


def _find_cycle(start: str, needs: dict[str, set[str]]) -> list[str] | None:
    stack: list[tuple[str, list[str]]] = [(start, [start])]
    seen: set[str] = set()
    while stack:
        node, trail = stack.pop()
        for nxt in sorted(needs.get(node, ())):
            if nxt == start:
                return [*trail, nxt]
            if nxt not in seen:
                seen.add(nxt)
                stack.append((nxt, [*trail, nxt]))
    return None


INCLINATION_TOLERANCE_DEG = 1.0
"""How far a station's nominal ``orbit.inclination_deg`` may lie from its element sets' inclination."""


def _element_sets(s: Scenario) -> Iterator[Finding]:
    for i, st in enumerate(s.stations):
        records: list[ElementRecord] = []
        for j, element in enumerate(st.orbit.elements):
            try:
                # line=1: the error's line then says which of the two lines is wrong (1 or 2).
                records.append(parse_tle(element.line1, element.line2, name=element.name, line=1))
            except ElementSetError as error:
                message = str(error).split(": ", 1)[-1].split("\n", 1)[0].rstrip(": ")
                where: tuple[str | int, ...] = ("stations", i, "orbit", "elements", j)
                if error.line == 2:
                    where = (*where, "line2")
                elif "line 1" in message:
                    where = (*where, "line1")
                yield where, message, None, "a valid two-line element set"
        if st.orbit.elements_file:
            path = Path(st.orbit.elements_file)
            try:
                found = path.is_file()
            except OSError as error:  # a name too long for the file system, ...
                yield (("stations", i, "orbit", "elements_file"), f"cannot read element file: {error.strerror}",
                       shorten(str(path)), "a path to a .tle file, relative to the scenario file")
                continue
            if not found:
                yield (("stations", i, "orbit", "elements_file"), "element file not found", str(path),
                       "a path to a .tle file, relative to the scenario file")
                continue
            try:
                records += read_elements(path)
            except ElementSetError as error:
                yield ("stations", i, "orbit", "elements_file"), f"bad element file: {error}", None, None
            except (OSError, UnicodeDecodeError, ValueError) as error:
                yield (("stations", i, "orbit", "elements_file"), f"cannot read element file: {error}",
                       str(path), "a readable UTF-8 .tle or OMM file")
        if records:
            latest = max(records, key=lambda r: r.epoch_utc)
            actual = math.degrees(latest.satrec.inclo)
            if abs(actual - st.orbit.inclination_deg) > INCLINATION_TOLERANCE_DEG:
                yield (("stations", i, "orbit", "inclination_deg"), "does not match the station's element sets",
                       f"{st.orbit.inclination_deg:g}",
                       f"about {actual:.2f} (the latest set's inclination, within {INCLINATION_TOLERANCE_DEG:g}°)")

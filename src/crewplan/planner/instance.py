"""The planning instance: everything the CP-SAT model needs, prepared from a scenario without a solver.

Time is whole UTC days counted from ``origin`` (the first day the planner may change anything). For each
flight the instance lists the launch days it may use (usable window days from the orbit layer inside its
allowed range, minus closed pads), its stay, the ports it may take; for each open seat class (flight,
role, return flight) the candidates who may legally take it and the day they can be qualified by (the
training layer); and the fixed people (flown crews, pinned seats) with the flights they may return on.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from crewplan.domain import (
    Astronaut,
    EventKind,
    Flight,
    FlightStatus,
    Medical,
    Role,
    Scenario,
    VehicleType,
    day_of,
    days_not_presenting,
    port_systems,
)
from crewplan.planner import adapters
from crewplan.rules import may_hold_role, rest_after
from crewplan.rules.days import MAX_DAY, MIN_DAY, intersect


@dataclass
class Candidate:
    astronaut: str
    ready: int
    """Day index from which every qualification of the seat is held (launch must not be earlier)."""
    training_days: int
    experienced: bool
    earned: tuple[tuple[str, dt.date, dt.date | None], ...] = ()
    valid_until: int | None = None
    """Day index on which a seat qualification has expired: landing must come before it."""
    steps: tuple[tuple[str, dt.date, dt.date], ...] = ()
    """The course sessions their training books: (course, first day, day earned)."""


@dataclass
class SeatClass:
    """Open seats of one role on one flight whose occupants go home on ``returns_on``."""

    key: str
    flight: str
    role: Role
    returns_on: str
    count: int
    required: bool
    candidates: list[Candidate] = field(default_factory=list)
    rejected: dict[str, str] = field(default_factory=dict)
    """Why each non-candidate was left out (for explanations)."""


@dataclass
class Rider:
    """A person whose seat is decided (flown, pinned, or before the replan date)."""

    key: str
    astronaut: str
    flight: str
    role: Role
    returns: list[str]
    """Flights they may go home on; the first is the previous plan's choice."""
    previous: str
    valid_until: int | None = None
    """Day index on which one of their seat's qualifications has expired (the checker's ``qualification``
    rule: held through the landing day); ``None`` when none expires or none is on record."""


@dataclass
class FlightInfo:
    id: str
    name: str
    station: str
    site: str
    pad: str | None
    vehicle_type: str
    seats: int
    lifeboat: bool
    docked_life_days: int
    custom_liner: bool
    fixed: bool
    launch_days: list[int]
    launch_utc: dict[int, dt.datetime | None]
    stay_days: tuple[int, int]
    ports: list[str]
    fixed_port: str | None
    damage_day: int | None
    must_crew: bool
    optional: bool
    previous_launch: int | None = None
    previous_port: str | None = None
    previous_undock: int | None = None
    range_days: tuple[int, int] = (0, 0)
    """The flight's allowed launch range (for explanations: launch.window)."""
    skip_day: int | None = None
    """An optional flight's "not flown" choice: a launch day far past the horizon, where it meets nothing
    (each optional flight has its own); the manifest writes it ``cancelled``."""

    @property
    def launch_lo(self) -> int:
        return self.launch_days[0]

    @property
    def launch_hi(self) -> int:
        return self.launch_days[-1]

    @property
    def flown_hi(self) -> int:
        """The last day it may launch if it flies (an optional flight's "not flown" day left out)."""
        return max(d for d in self.launch_days if d != self.skip_day)

    @property
    def flown_undock_hi(self) -> int:
        return self.flown_hi + self.stay_days[1]

    @property
    def undock_lo(self) -> int:
        return self.launch_lo + self.stay_days[0]

    @property
    def undock_hi(self) -> int:
        return self.launch_hi + self.stay_days[1]

    @property
    def life_end(self) -> int:
        """Last day it may serve as a lifeboat for a launch on launch_lo (docking + docked life)."""
        return self.launch_lo + self.docked_life_days


@dataclass
class FixedMission:
    astronaut: str
    launch: int
    landing: int


@dataclass
class Instance:
    scenario: Scenario
    origin: dt.date
    horizon_end: int
    rest_days: int
    flights: dict[str, FlightInfo]
    classes: list[SeatClass]
    riders: list[Rider]
    history: list[FixedMission]
    """Decided missions of people who are also candidates (rest and overlap)."""
    experienced: set[str]
    co_crew_conflicts: dict[str, list[tuple[str, str, str]]]
    """flight -> (a, b, rule) pairs that may not fly together."""
    windows_from_orbit: bool
    replan: bool = False
    require_crewed: bool = False
    previous_crew: dict[str, dict[str, str]] = field(default_factory=dict)
    """flight -> {astronaut: role} in the previous plan (replan)."""
    frozen: frozenset[str] = frozenset()
    """Replan: flights kept exactly as the previous plan has them (:attr:`PlanOptions.frozen`)."""
    notes: list[str] = field(default_factory=list)

    def rest_after(self, mission_days: int) -> int:
        """Days on the ground after a mission of ``mission_days`` (launch to landing) before the next launch."""
        return rest_after(self.scenario.settings, mission_days)

    def day(self, value: dt.date) -> int:
        return (value - self.origin).days

    def date(self, index: int) -> dt.date:
        return self.origin + dt.timedelta(days=index)

    def station_flights(self, station: str) -> list[FlightInfo]:
        return [f for f in self.flights.values() if f.station == station]


@dataclass(frozen=True)
class PlanOptions:
    """How to turn a scenario into an instance."""

    origin: dt.date | None = None
    """First day the planner may change (default: the earliest planned launch)."""
    replan: bool = False
    shift_days: int = 30
    """Replan: how far a planned launch may move from the previous plan's day."""
    stay_shift_days: int = 0
    """Replan: how far a planned flight's stay may move (longer or shorter) from the previous plan's, at least
    its own ``stay_slack_days`` and never past its vehicle's docked life."""
    slack_days: int = 0
    """Explain: widen every launch range by this many days on both sides (guarded by assumptions)."""
    use_orbit: bool = True
    require_crewed: bool = False
    """A planned crewed flight must fly crewed (hard); by default it is a heavily weighted goal."""
    frozen: frozenset[str] = frozenset()
    """Replan: flights kept exactly as the previous plan has them (launch day, stay, port, crew): those of
    stations the events do not touch (:func:`crewplan.planner.replan.untouched_flights`)."""
    max_candidates: int | None = None
    """Keep at most this many candidates per seat class (least training first; people named by proposals
    and grantees of agreements always kept). ``None`` keeps all (needed for proven optimality)."""


SKIP_STEP = 4000
"""Days between the "not flown" days of optional flights (more than any stay): they never meet."""


def _stay(flight: Flight, vtype: VehicleType) -> int:
    if flight.stay_days is not None:
        return flight.stay_days
    end = flight.undocking_day()
    if end is not None:
        return (end - flight.docking_day).days
    return vtype.docked_life_days


def build_instance(scenario: Scenario, options: PlanOptions | None = None) -> Instance:
    """Prepare the planning instance of ``scenario``."""
    opts = options or PlanOptions()
    vtypes = {v.id: v for v in scenario.vehicle_types}
    stations = {s.id: s for s in scenario.stations}
    people = {a.id: a for a in scenario.astronauts}
    # An optional flight left out of an earlier plan (cancelled) may be flown now: it is planned again.
    active = [f if f.status is not FlightStatus.CANCELLED else f.model_copy(update={"status": FlightStatus.PLANNED})
              for f in scenario.flights if f.status in (FlightStatus.FLOWN, FlightStatus.PLANNED)
              or (f.optional and f.status is FlightStatus.CANCELLED)]
    planned = [f for f in active if f.status is FlightStatus.PLANNED and not f.optional]
    origin = opts.origin if opts.origin is not None else scenario.planning_origin()
    horizon_end = (scenario.settings.horizon_end - origin).days

    def variable_optional(f: Flight) -> bool:
        hi = day_of(f.launch_latest) if f.launch_latest else f.launch_day
        return hi + dt.timedelta(days=opts.shift_days if opts.replan else 0) >= origin

    # An optional flight that can no longer launch (its range ended before the origin) is out of the plan.
    active = [f for f in active if not f.optional or variable_optional(f)]
    rest = scenario.settings.rest_days_min
    # The longest rest any mission may ask for: decided missions that ended longer ago constrain nothing.
    longest_rest = max(rest, scenario.settings.ground_days_after_long_min or 0)

    def idx(d: dt.date) -> int:
        return (d - origin).days

    damage: dict[str, int] = {}
    slips: dict[str, dt.date] = {}
    grounded: dict[str, list[tuple[dt.date, dt.date]]] = defaultdict(list)
    closed: dict[str, list[tuple[dt.date, dt.date, str | None]]] = defaultdict(list)
    for e in sorted(scenario.events, key=lambda e: day_of(e.date)):
        day = day_of(e.date)
        if e.kind is EventKind.VEHICLE_DAMAGED and e.flight and e.flight not in damage:
            damage[e.flight] = idx(day)
        elif e.kind is EventKind.LAUNCH_SLIP and e.flight and e.slip_days:
            new = day + dt.timedelta(days=e.slip_days)
            slips[e.flight] = max(slips.get(e.flight, MIN_DAY), new)
        elif e.kind is EventKind.ASTRONAUT_GROUNDED and e.astronaut:
            until = day_of(e.until) - dt.timedelta(days=1) if e.until else MAX_DAY
            grounded[e.astronaut].append((day, until))
        elif e.kind is EventKind.PAD_UNAVAILABLE and e.site:
            until = day_of(e.until) - dt.timedelta(days=1) if e.until else MAX_DAY
            closed[e.site].append((day, until, e.pad))

    # A flight is decided by the planner when it is planned and launches on or after the origin.
    def variable(f: Flight) -> bool:
        if f.status is not FlightStatus.PLANNED:
            return False
        if f.optional:
            return variable_optional(f)
        hi = day_of(f.launch_latest) if f.launch_latest else f.launch_day
        if opts.replan:
            return f.launch_day >= origin
        return hi >= origin

    # Launch ranges and window days.
    ranges: dict[str, tuple[dt.date, dt.date]] = {}
    for f in active:
        if not variable(f):
            continue
        lo = f.launch_day
        hi = day_of(f.launch_latest) if f.launch_latest else lo
        if opts.replan and not f.optional:
            # (an optional flight keeps the window the scenario offers: flying it is no change to a plan)
            # Later by up to --shift-days; earlier only as far as the vehicle can be readied (its readiness
            # data; none given: --shift-days).
            ready = vtypes[f.vehicle_type].readiness_at(f.site)
            earlier = ready.advance_days_max if ready is not None else opts.shift_days
            lo, hi = lo - dt.timedelta(days=earlier), hi + dt.timedelta(days=opts.shift_days)
            standby = stations[f.station].standby_rescue_days
            nxt = min((g.launch_day for g in planned if g.station == f.station and g.launch_day >= origin),
                      default=None)
            if standby and nxt == f.launch_day:
                # The next vehicle of a station with a standby rescue rule can launch at standby notice.
                lo = min(lo, origin + dt.timedelta(days=standby))
        if f.id in opts.frozen:
            lo, hi = f.launch_day, f.launch_day
        lo = max(lo, origin, slips.get(f.id, MIN_DAY))
        hi = max(hi, lo)
        ranges[f.id] = (lo, hi)
    slack = dt.timedelta(days=opts.slack_days)
    orbit_days: dict[tuple[str, str, str], dict[dt.date, dt.datetime]] = {}
    windows_from_orbit = False
    if opts.use_orbit and ranges:
        by_station: dict[str, set[tuple[str, str]]] = defaultdict(set)
        reach: dict[str, list[dt.date]] = defaultdict(list)
        for fid, (lo, hi) in ranges.items():
            f = scenario.flight(fid)
            by_station[f.station].add((f.site, f.vehicle_type))
            reach[f.station] += [lo - slack, hi + slack]
        windows_from_orbit = True
        for st_id, site_types in by_station.items():
            found = adapters.window_days(scenario, stations[st_id], sorted(site_types), min(reach[st_id]),
                                         max(reach[st_id]))
            if found is None:
                windows_from_orbit = False
                continue
            for (site_id, vt_id), window in found.items():
                orbit_days[(st_id, site_id, vt_id)] = window
        if not windows_from_orbit:
            orbit_days = {}
    sites = {s.id: s for s in scenario.launch_sites}

    def pad_open(f: Flight, day: dt.date) -> bool:
        site = sites.get(f.site)
        if site and f.pad:
            pad = next((p for p in site.pads if p.id == f.pad), None)
            if pad and ((pad.available_from and day < pad.available_from)
                        or (pad.available_until and day > pad.available_until)):
                return False
        for first, last, pad_id in closed.get(f.site, []):
            if pad_id and f.pad and pad_id != f.pad:
                continue
            if first <= day <= last:
                return False
        return True

    flights: dict[str, FlightInfo] = {}
    notes: list[str] = []
    parked = 0
    for f in active:
        vt = vtypes[f.vehicle_type]
        st = stations[f.station]
        stay = _stay(f, vt)
        compatible = [p.id for p in st.ports
                      if vt.docking_standard in port_systems(scenario.docking_adapters, st.id, p.id, p.standard)]
        if variable(f):
            lo, hi = ranges[f.id]
            windows = orbit_days.get((f.station, f.site, f.vehicle_type))
            days: list[int] = []
            utc: dict[int, dt.datetime | None] = {}
            d = lo - slack
            while d <= hi + slack:
                if (windows is None or d in windows or f.id in opts.frozen) and pad_open(f, d):
                    days.append(idx(d))
                    utc[idx(d)] = windows.get(d) if windows is not None else None
                d += dt.timedelta(days=1)
            if not days:
                notes.append(f"{f.id}: no usable launch day between {lo} and {hi}")
                days = [idx(lo)]
                utc = {idx(lo): None}
                closed_range = True
            else:
                closed_range = False
            stay_slack = max(f.stay_slack_days, opts.stay_shift_days if opts.replan else 0)
            stay_rng = (max(1, stay - stay_slack), stay + stay_slack)
            if stay_slack > f.stay_slack_days:
                stay_rng = (stay_rng[0], max(stay, min(stay_rng[1], vt.docked_life_days)))
            if f.id in opts.frozen:
                stay_rng = (stay, stay)
            first_dock, last_dock = origin + dt.timedelta(days=days[0]), origin + dt.timedelta(
                days=days[-1] + stay_rng[1])
            # A port must be usable, and present the vehicle's system (its own or an adapter's), on every day
            # the vehicle may hold it (Nauka nadir ended on 2021-11-26; IDA-3 entered service on 2019-08-21).
            ports = [p.id for p in st.ports if p.id in compatible and _port_open(p, first_dock, last_dock)
                     and not days_not_presenting(scenario.docking_adapters, st.id, p.id, p.standard,
                                                 vt.docking_standard, first_dock, last_dock)] or compatible
            fixed_port = None
            if (f.id in opts.frozen or f.port_moves) and f.port in ports:
                # Kept as planned, or relocated on planned days: its first port is decided.
                ports, fixed_port = [f.port], f.port
            info = FlightInfo(
                id=f.id, name=f.name, station=f.station, site=f.site, pad=f.pad, vehicle_type=vt.id,
                seats=vt.seats, lifeboat=vt.lifeboat_capable, docked_life_days=vt.docked_life_days,
                custom_liner=vt.seat_fit.custom_liner, fixed=False, launch_days=days, launch_utc=utc,
                stay_days=stay_rng, ports=ports, fixed_port=fixed_port, damage_day=damage.get(f.id),
                must_crew=not (f.uncrewed or f.optional or opts.replan) and any(True for _ in f.seats),
                optional=f.optional, range_days=(idx(lo), idx(hi)))
            if closed_range:
                info.range_days = (idx(lo) + 1, idx(lo))  # empty: no launch day at all
            if f.optional:
                parked += 1
                info.skip_day = horizon_end + SKIP_STEP * parked
                info.launch_days = [*info.launch_days, info.skip_day]
                info.launch_utc[info.skip_day] = None
            if opts.replan and not (f.optional and scenario.flight(f.id).status is FlightStatus.CANCELLED):
                # (an optional flight the previous plan left out has no previous launch: flying it is the
                # added flight's cost, not a change)
                info.previous_launch = idx(f.launch_day)
                info.previous_port = f.port
                info.previous_undock = idx(f.launch_day) + stay
            flights[f.id] = info
        else:
            start = idx(f.docking_day)
            end = idx(f.undocking_day() or scenario.settings.horizon_end)
            stay_fixed = max(0, end - start)
            stay_rng = (stay_fixed, stay_fixed)
            if opts.replan and start < 0 <= end and f.id not in opts.frozen:
                # Docked when the event happens: may leave any day from the event to the end of its life.
                stay_rng = (max(0, -start), max(stay_fixed, min(vt.docked_life_days, stay_fixed + 400)))
            info = FlightInfo(
                id=f.id, name=f.name, station=f.station, site=f.site, pad=f.pad, vehicle_type=vt.id,
                seats=vt.seats, lifeboat=vt.lifeboat_capable, docked_life_days=vt.docked_life_days,
                custom_liner=vt.seat_fit.custom_liner, fixed=True, launch_days=[start],
                launch_utc={start: None}, stay_days=stay_rng, ports=[f.port] if f.port else [],
                fixed_port=f.port, damage_day=damage.get(f.id), must_crew=False, optional=False,
                range_days=(start, start))
            if opts.replan:
                info.previous_launch = start
                info.previous_port = f.port
                info.previous_undock = end
            if info.undock_hi < 0 and start < 0:
                # Gone before the origin: only its crew's rest matters.
                info.stay_days = (stay_fixed, stay_fixed)
            flights[f.id] = info

    # Who has flown before the origin (experienced commanders).
    experienced = {p for f in active if f.status is FlightStatus.FLOWN and f.launch_day < origin for p in f.crew()}

    # Riders and fixed history.
    legality = adapters.Legality(scenario)
    riders: list[Rider] = []
    history: list[FixedMission] = []
    previous_crew: dict[str, dict[str, str]] = defaultdict(dict)
    pinned_slots: dict[str, list[int]] = defaultdict(list)
    for f in active:
        info = flights[f.id]
        for n, seat in enumerate(f.seats):
            if not seat.astronaut:
                continue
            if opts.replan:
                previous_crew[f.id][seat.astronaut] = seat.role.value
            decided = info.fixed or seat.pinned or f.id in opts.frozen
            if not decided:
                continue
            pinned_slots[f.id].append(n)
            back = seat.returns_on or f.id
            back_info = flights.get(back)
            if info.fixed and back_info is not None and back_info.fixed and back_info.undock_hi < 0:
                land = back_info.undock_hi
                history.append(FixedMission(seat.astronaut, info.launch_lo, land))
                continue
            returns = [back]
            if opts.replan and back_info is not None and back_info.undock_hi >= 0 and f.id not in opts.frozen:
                returns += _other_returns(scenario, flights, people.get(seat.astronaut), f, back, vtypes,
                                          legality, origin)
            lapse = _lapse_day(people.get(seat.astronaut), vtypes[f.vehicle_type].role(seat.role), f.launch_day)
            riders.append(Rider(f"{f.id}/{seat.astronaut}", seat.astronaut, f.id, seat.role, returns, back,
                                idx(lapse) if lapse is not None else None))

    # Open seat classes.
    classes: list[SeatClass] = []
    ready_cache: dict[tuple[str, tuple[str, ...], dt.date], adapters.Readiness] = {}
    reuse: dict[tuple[str, tuple[str, ...]], list[tuple[dt.date, adapters.Readiness]]] = defaultdict(list)
    # Training may start from the horizon's start when planning; after the event when replanning.
    train_from = origin if opts.replan else min(origin, scenario.settings.horizon_start)
    rider_people = {r.astronaut for r in riders}
    grantees = {g.grantee for ag in scenario.agreements for g in ag.seat_grants}

    def _ready(person: Astronaut, quals: tuple[str, ...], first: dt.date, through: dt.date) -> adapters.Readiness:
        key = (person.id, tuple(quals), through)
        if key not in ready_cache:
            held = _held_all(person, quals, (first, through))
            ready_cache[key] = held if held is not None else _reuse(reuse.get(key[:2], []), through) or \
                adapters.readiness(scenario, person.id, tuple(quals), not_before=train_from, valid_through=through)
            if held is None:
                reuse[key[:2]].append((through, ready_cache[key]))
        return ready_cache[key]

    quarantine = scenario.settings.preflight_quarantine_days
    jit_cache: dict[tuple[str, tuple[str, ...], dt.date, dt.date], adapters.Readiness] = {}

    def _in_time(person: Astronaut, quals: tuple[str, ...], through: dt.date, launch: dt.date,
                 earliest: adapters.Readiness) -> adapters.Readiness:
        """Training that is needed runs just in time: the latest sessions done by launch less quarantine."""
        if not earliest.steps:
            return earliest
        by = launch - dt.timedelta(days=quarantine)
        key = (person.id, quals, through, by)
        if key not in jit_cache:
            jit_cache[key] = adapters.readiness(scenario, person.id, quals, not_before=train_from,
                                                valid_through=through, by=by, blocked=blocked_days(person.id))
        found = jit_cache[key]
        return found if found.ready_day is not None else earliest

    blocked_cache: dict[str, tuple[tuple[dt.date, dt.date], ...]] = {}

    def blocked_days(person: str) -> tuple[tuple[dt.date, dt.date], ...]:
        if person not in blocked_cache:
            blocked_cache[person] = around_stays(scenario, person)
        return blocked_cache[person]
    for f in active:
        info = flights[f.id]
        if info.fixed or f.uncrewed or f.id in opts.frozen:
            continue
        vt = vtypes[f.vehicle_type]
        groups: dict[tuple[Role, str], int] = defaultdict(int)
        for n, seat in enumerate(f.seats):
            if n in pinned_slots[f.id]:
                continue
            groups[(seat.role, seat.returns_on or f.id)] += 1
        for (role, back), count in sorted(groups.items()):
            spec = vt.role(role)
            if spec is None or back not in flights:
                continue
            back_info = flights[back]
            back_vt = vtypes[back_info.vehicle_type]
            sc = SeatClass(f"{f.id}/{role.value}/{back}", f.id, role, back, count, spec.required)
            first_day = info.launch_lo
            # (with the flown range only: a seat of an optional flight left out is empty)
            landing_hi = max(info.flown_undock_hi if back == f.id else back_info.flown_undock_hi, info.flown_hi)
            landing_lo = max(info.undock_lo if back == f.id else back_info.undock_lo, info.launch_lo)
            span = (origin + dt.timedelta(days=first_day), origin + dt.timedelta(days=landing_hi))
            qual_through = origin + dt.timedelta(days=landing_lo)
            qual_latest = origin + dt.timedelta(days=landing_hi)
            for person in scenario.astronauts:
                why = _ineligible(person, spec, info, span, grounded.get(person.id, []),
                                  scenario.settings.real_people_planned_before)
                if why is None and not all(may_hold_role(scenario.agreements, spec, person.agency, vt.operator, day)
                                           for day in (span[0], origin + dt.timedelta(days=info.flown_hi))):
                    why = f"seat.holder: the {role.value} seat of a {vt.name} goes to {', '.join(spec.agencies)}"
                if why is None:
                    bad = adapters.misfits(person, vt) or (adapters.misfits(person, back_vt) if back != f.id else [])
                    if bad:
                        why = f"seat fit: {bad[0]}"
                if why is None:
                    rules = legality.forbidding(person, f, vt, span)
                    if back != f.id:
                        rules += legality.forbidding(person, scenario.flight(back), back_vt, span)
                    if rules:
                        why = f"legality.{rules[0]}"
                if why is None and person.id in rider_people and opts.replan:
                    why = None
                if why is None:
                    # Training that stays valid through the latest landing keeps the stay free; when none is
                    # ready in time, one valid through the earliest landing (the stay is then cut to it).
                    for through in dict.fromkeys((qual_latest, qual_through)):
                        r = _ready(person, spec.qualifications, span[0], through)
                        if r.ready_day is not None and idx(r.ready_day) <= info.flown_hi:
                            break
                    if r.ready_day is not None and idx(r.ready_day) <= info.flown_hi:
                        r = _in_time(person, tuple(spec.qualifications), through, span[0], r)
                    if r.ready_day is None:
                        why = f"qualification: {r.reason}"
                    elif idx(r.ready_day) + (quarantine if r.steps else 0) > info.flown_hi:
                        why = (f"qualification: ready only on {r.ready_day.isoformat()}"
                               + (f", then {quarantine} days' quarantine" if r.steps and quarantine else ""))
                    else:
                        # Courses end before the pre-flight quarantine: launch no earlier than its end.
                        sc.candidates.append(Candidate(
                            person.id, idx(r.ready_day) + (quarantine if r.steps else 0), r.training_days,
                            person.id in experienced, r.earned, idx(r.valid_until) if r.valid_until else None,
                            r.steps))
                if why is not None:
                    sc.rejected[person.id] = why
            if opts.max_candidates is not None and len(sc.candidates) > opts.max_candidates:
                keep = {p.astronaut for p in scenario.proposals if p.astronaut} | {
                    a.id for a in scenario.astronauts if a.agency in grantees}
                ranked = sorted(sc.candidates, key=lambda c: (c.astronaut not in keep, c.training_days, c.ready,
                                                               c.astronaut))
                sc.candidates = ranked[:opts.max_candidates]
            classes.append(sc)

    # Co-crew legality: pairs that may not share a flight.
    conflicts: dict[str, list[tuple[str, str, str]]] = {}
    if legality.has_co_crew_rules():
        for f in active:
            info = flights[f.id]
            if info.fixed:
                continue
            vt = vtypes[f.vehicle_type]
            span = (origin + dt.timedelta(days=info.launch_lo), origin + dt.timedelta(days=info.undock_hi))
            names = sorted({c.astronaut for sc in classes if sc.flight == f.id for c in sc.candidates}
                           | {r.astronaut for r in riders if r.flight == f.id})
            pairs: list[tuple[str, str, str]] = []
            for i, a in enumerate(names):
                for b in names[i + 1:]:
                    pa, pb = people[a], people[b]
                    hit = legality.forbidding(pa, f, vt, span, (pb,)) or legality.forbidding(pb, f, vt, span, (pa,))
                    if hit:
                        pairs.append((a, b, hit[0]))
            if pairs:
                conflicts[f.id] = pairs

    candidates = {c.astronaut for sc in classes for c in sc.candidates} | rider_people
    history = [h for h in history if h.astronaut in candidates and h.landing + longest_rest >= 0]
    # Flown/decided missions that ended before the origin but still constrain rest.
    for f in active:
        info = flights[f.id]
        if not info.fixed:
            continue
        for seat in f.seats:
            if seat.astronaut and seat.astronaut in candidates and not any(
                    r.astronaut == seat.astronaut and r.flight == f.id for r in riders):
                home = flights.get(seat.returns_on or f.id, info)
                mission = FixedMission(seat.astronaut, info.launch_lo, home.undock_hi)
                if mission.landing + longest_rest >= 0 and mission not in history:
                    history.append(mission)
    return Instance(scenario=scenario, origin=origin, horizon_end=horizon_end, rest_days=rest, flights=flights,
                    classes=classes, riders=riders, history=history, experienced=experienced,
                    co_crew_conflicts=conflicts, windows_from_orbit=windows_from_orbit, replan=opts.replan,
                    require_crewed=opts.require_crewed,
                    previous_crew=dict(previous_crew), frozen=opts.frozen, notes=notes)


def _port_open(port: object, first: dt.date, last: dt.date) -> bool:
    from crewplan.domain import Port

    assert isinstance(port, Port)
    return (port.available_from is None or port.available_from <= first) and (
        port.available_until is None or last < port.available_until)


def _lapse_day(person: Astronaut | None, spec: object, launch: dt.date) -> dt.date | None:
    """The first day without one of the seat's qualifications for a person who held them all at launch."""
    from crewplan.domain import SeatRole

    if person is None or not isinstance(spec, SeatRole):
        return None
    ends: list[dt.date] = []
    for q in spec.qualifications:
        held = [h for h in person.qualifications if h.qualification == q and h.earned <= launch
                and (h.expires is None or h.expires > launch)]
        if not held:
            return None  # not on record (real crews) or not held at launch: the checker's business
        if all(h.expires is not None for h in held):
            ends.append(max(h.expires for h in held if h.expires is not None))
    return min(ends) if ends else None


def _reuse(known: list[tuple[dt.date, adapters.Readiness]], through: dt.date) -> adapters.Readiness | None:
    """A readiness already computed for a laxer validity that is also the answer for ``through``.

    Asking the qualifications to stay valid through a later day only removes training plans, so the
    earliest plan found for an earlier day ``v <= through`` is still the earliest when it stays valid
    through ``through``; and no plan for ``v`` means none for ``through``. This saves the training search
    for every flight after the first one a person is a candidate for.
    """
    for v, r in known:
        if v > through:
            continue
        if r.ready_day is None:
            return r
        if r.valid_until is None or r.valid_until > through:
            return r
    return None


def _held_all(person: Astronaut, quals: tuple[str, ...], span: tuple[dt.date, dt.date]) -> adapters.Readiness | None:
    """Readiness without training when every qualification is already held through ``span``."""
    ready = MIN_DAY
    ends: list[dt.date] = []
    for q in quals:
        held = [h for h in person.qualifications if h.qualification == q
                and (h.expires is None or h.expires > span[1])]
        if not held:
            return None
        ready = max(ready, min(h.earned for h in held))
        if all(h.expires is not None for h in held):
            ends.append(max(h.expires for h in held if h.expires is not None))
    return adapters.Readiness(ready if quals else span[0], 0, valid_until=min(ends) if ends else None)


def _ineligible(person: Astronaut, spec: object, info: FlightInfo, span: tuple[dt.date, dt.date],
                grounded: list[tuple[dt.date, dt.date]], real_until: dt.date | None = None) -> str | None:
    from crewplan.domain import SeatRole

    assert isinstance(spec, SeatRole)
    if person.category not in spec.categories:
        return f"qualification: category {person.category.value} not allowed as {spec.role.value}"
    for need in spec.languages:
        level = max((s.level for s in person.languages if s.language == need.language), default=0)
        if level < need.level_min:
            return f"qualification: {need.language} level {level} < {need.level_min}"
    if person.medical is Medical.GROUNDED:
        return "crew.available: medically grounded"
    last_launch = span[0] + dt.timedelta(days=info.flown_hi - info.launch_lo)
    if not person.fictional and real_until is not None and last_launch >= real_until:
        # (a range that straddles the day leaves the person out too: the planner is safe, not exact, there)
        return f"crew.available: a real person, planned only on flights before {real_until.isoformat()}"
    if person.available_from and person.available_from > span[0]:
        return f"crew.available: available from {person.available_from.isoformat()}"
    if person.available_until and person.available_until < span[1]:
        return f"crew.available: available until {person.available_until.isoformat()}"
    for first, last in grounded:
        if intersect([span], [(first, last)]):
            return f"crew.available: grounded from {first.isoformat()}"
    return None


def _other_returns(scenario: Scenario, flights: dict[str, FlightInfo], person: Astronaut | None, up: Flight,
                   current: str, vtypes: dict[str, VehicleType], legality: adapters.Legality,
                   origin: dt.date) -> list[str]:
    """Replan: other flights to the same station that could bring this person home. Riding home in another
    vehicle needs a seat that fits (and, where each seat is moulded to its person, a liner of their own: only
    people who came up in that type have one), not that vehicle's seat-role qualifications: crews are readied
    for it aboard (Rubio's liner moved to Crew-5's Dragon in 2023; Wilmore and Williams came home on Crew-9),
    and the checker asks no more. The law must let them ride it (the checker's legality rule reads the way
    home as it reads the way up): no ``forbid`` rule may hold for them on it from the origin to the last day
    it may leave (its planned crew as co-crew)."""
    out = []
    for info in flights.values():
        if info.id in (current,) or info.station != up.station or not info.lifeboat:
            continue
        if info.damage_day is not None or info.undock_hi < 0:
            continue
        if info.launch_lo < flights[up.id].launch_lo:
            continue
        vt = vtypes[info.vehicle_type]
        if person is not None and adapters.misfits(person, vt):
            continue
        if vt.seat_fit.custom_liner and vt.id != up.vehicle_type:
            continue  # the checker's seat.return: no moulded liner aboard for someone who came up in another type
        if person is not None and scenario.rules:
            home = scenario.flight(info.id)
            crew = tuple(p for p in scenario.astronauts if p.id in home.crew())
            last = origin + dt.timedelta(days=max(0, info.undock_hi))
            if legality.forbidding(person, home, vt, (origin, last), crew):
                continue
        out.append(info.id)
    out.sort(key=lambda i: flights[i].launch_lo)
    return out[:4]


def around_stays(scenario: Scenario, person: str) -> tuple[tuple[dt.date, dt.date], ...]:
    """The quarantine before and the recovery after each decided stay of ``person``: no course runs then."""
    from crewplan.training import stays_of

    before = dt.timedelta(days=scenario.settings.preflight_quarantine_days)
    after = dt.timedelta(days=scenario.settings.postflight_recovery_days)
    out: list[tuple[dt.date, dt.date]] = []
    for launch, landing in stays_of(scenario, person):
        if before:
            out.append((launch - before, launch))
        if after:
            out.append((landing, landing + after))
    return tuple(out)

"""The built-in scenario against the reference record of flown crewed flights (tests/data/flights.csv).

Every flight of the record that was aboard a station in 2021-2025 (Soyuz MS-10, 2018, is outside the record's
horizon) must appear in the built-in scenario with the same launch day, landing day (the vehicle's own, or the
crew's when the record gives that), station, crew (names compared after normalising accents and punctuation),
roles, and the vehicle each person came home on wherever the record says "down on X".

Crew annotations in the CSV: ``[down on X]`` / ``[down in X capsule]`` (flew up on this row's flight, came
home on X), ``[up X]`` (flew up on X, came home on this row's flight), ``[up X, down Y]``.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pytest

from crewplan.domain import Flight, FlightStatus, Role, Scenario, day_of
from crewplan.scenario import load_scenario

RECORD = Path(__file__).parent / "data" / "flights.csv"
FIRST_DAY = dt.date(2021, 1, 1)
LAST_LAUNCH = dt.date(2025, 12, 31)

ROLES = {
    "commander": "commander",
    "pilot": "pilot",
    "flight engineer": "flight_engineer",
    "mission specialist": "mission_specialist",
    "payload specialist": "payload_specialist",
    "spaceflight participant": "spaceflight_participant",
    "crew": "crew",
}


def norm(text: str) -> str:
    """A name or mission name without case, accents, punctuation or spaces."""
    text = text.replace("ı", "i").replace("ł", "l").replace("Ł", "L")
    text = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in text.lower() if ch.isalnum())


def mission_name(short: str) -> str:
    """The record's mission name for a short reference inside an annotation (``MS-19``, ``SZ-21 capsule``)."""
    short = short.replace("capsule", "").strip()
    for pattern, full in (
        (r"MS-(\d+)", "Soyuz MS-{}"),
        (r"SZ-(\d+)", "Shenzhou-{}"),
        (r"Crew-(\d+)", "SpaceX Crew-{}"),
    ):
        match = re.fullmatch(pattern, short)
        if match:
            return full.format(match.group(1))
    if short == "Boe-CFT":
        return "Boeing Crew Flight Test"
    raise AssertionError(f"unknown mission reference {short!r} in the record")


@dataclass(frozen=True)
class Member:
    name: str
    role: str | None
    """The scenario role on the up flight, when this row is the up flight."""
    up: str
    """Record mission name of the flight the person flew up on."""
    down: str | None
    """Record mission name of the flight the person came home on, when the record says."""


@dataclass(frozen=True)
class Row:
    mission: str
    station: str
    vehicle: str
    launch: dt.date
    landing: dt.date | None
    landing_text: str
    crew: tuple[Member, ...]


def _member(mission: str, text: str) -> Member:
    name, _agency, rest = (part.strip() for part in text.split("|"))
    note = re.search(r"\[(.*?)\]", rest)
    role_text = re.sub(r"\[.*?\]|\(.*?\)", "", rest).strip().lower()
    up, down = mission, None
    if note:
        for part in (p.strip() for p in note.group(1).split(",")):
            if part.startswith("up "):
                up = mission_name(part[3:])
            elif part.startswith("down"):
                down = mission_name(re.sub(r"^down\s+(on|in)?\s*", "", part))
            else:
                raise AssertionError(f"{mission}: unknown crew note {part!r}")
        if up != mission and down is None:
            down = mission
    role = None
    if up == mission:
        assert role_text in ROLES, f"{mission}: unknown role {role_text!r}"
        role = ROLES[role_text]
    return Member(name, role, up, down)


@cache
def record() -> tuple[Row, ...]:
    rows = []
    with RECORD.open(encoding="utf-8", newline="") as handle:
        for raw in csv.DictReader(handle):
            launch = dt.date.fromisoformat(raw["launch_date"])
            text = raw["landing_date"].strip()
            landing = dt.date.fromisoformat(text) if re.fullmatch(r"\d{4}-\d\d-\d\d", text) else None
            if launch > LAST_LAUNCH or (landing is not None and landing < FIRST_DAY):
                continue  # outside the record's horizon (Soyuz MS-10, 2018)
            crew = tuple(_member(raw["mission"], m) for m in raw["crew"].split(";") if m.strip())
            rows.append(Row(raw["mission"], raw["station"], raw["vehicle"], launch, landing, text, crew))
    return tuple(rows)


@cache
def scenario() -> Scenario:
    return load_scenario(None)


def flight_named(mission: str) -> Flight:
    found = [f for f in scenario().flights if norm(f.name) == norm(mission)]
    assert found, f"no flight named {mission!r} in the built-in scenario"
    assert len(found) == 1, f"several flights named {mission!r}: {[f.id for f in found]}"
    return found[0]


def person_name(astronaut_id: str) -> str:
    return norm(scenario().astronaut(astronaut_id).name)


def landing_day(flight: Flight) -> dt.date | None:
    return day_of(flight.landing) if flight.landing else None


def test_record_is_read() -> None:
    rows = record()
    assert len(rows) >= 38
    names = {r.mission for r in rows}
    assert "SpaceX Crew-1" in names, "Crew-1 (launched 2020, aboard in 2021) belongs to the record"
    assert not any("MS-10" in n for n in names)


@pytest.mark.parametrize("row", record(), ids=lambda r: r.mission)
def test_flight_matches_record(row: Row) -> None:
    flight = flight_named(row.mission)
    assert flight.status is FlightStatus.FLOWN, f"{flight.id}: status {flight.status}"
    assert flight.launch_day == row.launch, f"{flight.id}: launch {flight.launch_day}, record {row.launch}"
    assert flight.station == row.station.lower(), f"{flight.id}: station {flight.station}, record {row.station}"

    up_here = [m for m in row.crew if m.up == row.mission]
    if "uncrewed" in row.vehicle:
        assert flight.uncrewed, f"{flight.id}: the record says it launched uncrewed"
    seated = sorted(person_name(a) for a in flight.crew())
    assert seated == sorted(norm(m.name) for m in up_here), f"{flight.id}: crew differs from the record"

    roles = {person_name(s.astronaut): s.role.value for s in flight.seats if s.astronaut}
    for member in up_here:
        assert roles[norm(member.name)] == member.role, (
            f"{flight.id}: {member.name} has role {roles[norm(member.name)]}, record {member.role}"
        )

    if row.landing is None:
        assert flight.landing is None or day_of(flight.landing) > LAST_LAUNCH, (
            f"{flight.id}: the record gives no landing ({row.landing_text!r}) but the scenario lands it "
            f"on {landing_day(flight)}"
        )
        assert flight.stay_days is not None, f"{flight.id}: still in orbit, needs a planned stay_days"
    else:
        crew_home = {landing_day(flight_by_id(s.returns_on)) for s in flight.seats if s.astronaut and s.returns_on}
        assert row.landing == landing_day(flight) or (crew_home == {row.landing}), (
            f"{flight.id}: landing {landing_day(flight)} (crew home {sorted(map(str, crew_home))}), "
            f"record {row.landing}"
        )


def flight_by_id(flight_id: str) -> Flight:
    return scenario().flight(flight_id)


def _crew_returns() -> list[tuple[str, Member]]:
    return [(row.mission, m) for row in record() for m in row.crew if m.down is not None]


@pytest.mark.parametrize(("mission", "member"), _crew_returns(), ids=lambda v: v if isinstance(v, str) else v.name)
def test_return_vehicle_matches_record(mission: str, member: Member) -> None:
    up = flight_named(member.up)
    seats = [s for s in up.seats if s.astronaut and person_name(s.astronaut) == norm(member.name)]
    assert seats, f"{member.name} is not on {up.id}, the flight the record says they flew up on"
    home = seats[0].returns_on or up.id
    expected = flight_named(member.down).id  # type: ignore[arg-type]
    assert home == expected, f"{member.name}: returns on {home}, the record says {expected} ({mission})"


def test_no_flown_flight_outside_the_record() -> None:
    """Every flown flight of the scenario is in the record: none invented, none duplicated."""
    names = {norm(r.mission) for r in record()}
    extra = [f.id for f in scenario().flights if f.status is FlightStatus.FLOWN and norm(f.name) not in names]
    assert not extra, f"flown flights not in the record: {extra}"


def test_one_entry_per_real_person() -> None:
    """A real person appears once, whatever the number of flights (e.g. Tang Hongbo, SZ-12 and SZ-17)."""
    real = [norm(a.name) for a in scenario().astronauts if not a.fictional]
    assert len(real) == len(set(real)), "a real person is listed twice"
    named = {norm(m.name) for row in record() for m in row.crew}
    assert named <= set(real), f"record crew missing from astronauts: {sorted(named - set(real))}"


def _assignments(s: Scenario) -> dict[str, list[tuple[str, str, dt.date]]]:
    """person -> (flight, role, launch day) of every seat they held: flown, or in an earlier plan."""
    out: dict[str, list[tuple[str, str, dt.date]]] = {}
    for f in s.flights:
        for seat in f.seats:
            if seat.astronaut:
                out.setdefault(seat.astronaut, []).append((f.id, seat.role.value, f.launch_day))
        for rev in f.planned_as:
            for seat in rev.seats or ():
                if seat.astronaut:
                    launch = day_of(rev.launch) if rev.launch else f.launch_day
                    out.setdefault(seat.astronaut, []).append((f.id, seat.role.value, launch))
    return out


def test_real_people_carry_no_invented_data() -> None:
    """Real people: no body or medical data; each qualification and language level they carry names the
    assignment of the record that implies it, and that assignment exists with that role."""
    s = scenario()
    jobs = _assignments(s)
    for person in s.astronauts:
        if not person.fictional:
            assert person.body is None, person.id
            for entry in (*person.qualifications, *person.languages):
                found = re.fullmatch(r"implied by their assignment to (\S+) as (\S+)", entry.source or "")
                assert found, f"{person.id}: {entry} does not say which assignment implies it"
                assert (found[1], found[2]) in {(f, r) for f, r, _ in jobs.get(person.id, [])}, (person.id, entry)
        else:
            assert "fictional" in person.name.lower(), f"{person.id}: a fictional name must say so"


def test_real_people_hold_what_their_assignments_ask() -> None:
    """Every seat a real person held (flown, or planned before a disruption) asks for qualifications and
    language levels they carry on that launch day, so a manifest cut at a past day can keep or move them."""
    s = scenario()
    vtypes = {v.id: v for v in s.vehicle_types}
    flights = {f.id: f for f in s.flights}
    people = {a.id: a for a in s.astronauts}
    for person, jobs in _assignments(s).items():
        a = people[person]
        if a.fictional:
            continue
        for fid, role, launch in jobs:
            spec = vtypes[flights[fid].vehicle_type].role(Role(role))
            assert spec is not None, (fid, role)
            for q in spec.qualifications:
                assert any(h.qualification == q and h.earned <= launch and (h.expires is None or h.expires > launch)
                           for h in a.qualifications), f"{person} lacks {q} for {fid} on {launch}"
            for need in spec.languages:
                level = max((x.level for x in a.languages if x.language == need.language), default=0)
                assert level >= need.level_min, f"{person}: {need.language} {level} < {need.level_min} for {fid}"


def test_implied_qualifications_end_with_the_record() -> None:
    """Nothing is implied beyond the record: no real person holds a qualification past the first planned launch
    unless the landing of the assignment implying it is later (the planned flights stay open for the pool)."""
    s = scenario()
    record_end = min(f.launch_day for f in s.flights if f.status is FlightStatus.PLANNED)
    flights = {f.id: f for f in s.flights}
    for a in s.astronauts:
        if a.fictional:
            continue
        for h in a.qualifications:
            assert h.expires is not None, (a.id, h)
            if h.expires > record_end:
                fid = (h.source or "").split(" to ")[1].split(" as ")[0]
                f = flights[fid]
                home = next((flights[x.returns_on] for x in f.seats if x.astronaut == a.id and x.returns_on), f)
                end = home.undocking_day()
                assert end is not None and h.expires <= end + dt.timedelta(days=1), (a.id, h)

"""What a replan changed, in the terms a crew office uses, and why (solver-free).

Compares the previous manifest (with the events added) and the replan's manifest from the first event's
day on: a person taken off a flight, moved to another (one change), put on one, given another role; a
decided person's ride home; a launch day; a stay; a flight that now flies uncrewed; an optional flight
added. Each change carries a reason read off the events and the plan: the damaged vehicle, the crew it
strands and the flight that brings them home, a relief launched early, a seat freed for the way home. A
reason the plan does not show reads "to keep the hard rules with the changes above" (a port, a handover,
the station's capacity).

The lifeboat part: each stranded person's days without a seat on a sound lifeboat, from the checker's
forced ``lifeboat`` findings.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass
from typing import Any

from crewplan.domain import Event, EventKind, Flight, FlightStatus, Scenario, day_of

GENERIC = "to keep the hard rules with the changes above"


@dataclass(frozen=True)
class Change:
    kind: str
    flight: str
    astronaut: str | None
    before: str
    after: str
    why: str

    def as_json(self) -> dict[str, Any]:
        return asdict(self)


def live(f: Flight, origin: dt.date) -> bool:
    """Flown or planned, and still to fly on ``origin`` or in orbit then (what a replan from ``origin`` sees)."""
    if f.status not in (FlightStatus.FLOWN, FlightStatus.PLANNED):
        return False
    end = f.undocking_day()
    return f.launch_day >= origin or end is None or end >= origin


def changes(previous: Scenario, made: Scenario, events: list[Event], origin: dt.date) -> list[Change]:
    """Every change from ``previous`` to ``made`` from ``origin`` on, with its reason."""
    before = {f.id: f for f in previous.flights if live(f, origin)}
    after = {f.id: f for f in made.flights if f.id in before}
    damaged = {e.flight: e for e in events if e.kind is EventKind.VEHICLE_DAMAGED and e.flight}
    slipped = {e.flight: e for e in events if e.kind is EventKind.LAUNCH_SLIP and e.flight}
    grounded = {e.astronaut: e for e in events if e.kind is EventKind.ASTRONAUT_GROUNDED and e.astronaut}
    # Stays by (flight up, person) -> flight home: a person may have several in the plan.
    home_before = _homes(before.values())
    home_after = _homes(after.values())
    stranded = {k for k, back in home_before.items() if back in damaged or k[0] in damaged}
    rehomed = {k for k, back in home_before.items() if k in home_after and home_after[k] != back}
    moved_home = {a for _, a in stranded | rehomed}
    carries = {fid: sorted(k[1] for k in stranded if home_after.get(k) == fid) for fid in after}
    waiting = {fid: sorted(k[1] for k in stranded | rehomed if home_after.get(k) == fid) for fid in after}
    ride = {k[1]: home_after[k] for k in stranded | rehomed if k in home_after}
    out: list[Change] = []
    crew_b = {fid: {s.astronaut: s.role.value for s in f.seats if s.astronaut} for fid, f in before.items()}
    crew_a = {fid: {s.astronaut: s.role.value for s in f.seats if s.astronaut} for fid, f in after.items()}
    taken = sorted(((fid, a) for fid, crew in crew_b.items() for a in crew if a not in crew_a.get(fid, {})),
                   key=lambda t: (before[t[0]].launch_day, t[1]))
    given = sorted(((fid, a) for fid, crew in crew_a.items() for a in crew if a not in crew_b.get(fid, {})),
                   key=lambda t: (after[t[0]].launch_day, t[1]))
    # A person taken off one flight and put on another is one move (paired in flight order).
    spare = list(given)
    for fid, a in taken:
        if a in moved_home and a not in grounded and not carries.get(fid):
            why = f"their stay up there changed ({_name(made, ride[a])} brings them home): not ready in time"
        else:
            why = _why_off(fid, a, after[fid], carries, damaged, grounded, made)
        dest = next((g for g in spare if g[1] == a), None)
        if dest is not None:
            spare.remove(dest)
            out.append(Change("crew moved", dest[0], a, f"on {fid}", f"on {dest[0]}", f"re-flown: {why}"))
        else:
            out.append(Change("crew removed", fid, a, f"on {fid} as {crew_b[fid][a]}", "not flying", why))
    for fid, a in spare:
        out.append(Change("crew added", fid, a, "not on it", f"on {fid} as {crew_a[fid][a]}",
                          "fills a seat left open"))
    for fid, crew in crew_a.items():
        for a, role in sorted(crew.items()):
            old = crew_b.get(fid, {}).get(a)
            if old is not None and old != role:
                out.append(Change("role changed", fid, a, old, role, f"the {role} seat stays filled after "
                                  "the crew changed"))
    for (up, a), back in sorted(home_before.items()):
        new = home_after.get((up, a))
        if new is None or new == back:
            continue
        why = (f"{_name(previous, back)} is damaged ({damaged[back].id})" if back in damaged else
               f"{_name(previous, up)} is damaged ({damaged[up].id})" if up in damaged else
               f"{back} takes {', '.join(carries[back])} home instead" if carries.get(back) else GENERIC)
        out.append(Change("return changed", new, a, f"home on {back}", f"home on {new}", why))
    for fid, f in after.items():
        out += _flight_changes(before[fid], f, waiting.get(fid, []), damaged, slipped, origin)
    offered = {f.id for f in previous.flights if f.optional and f.status is FlightStatus.CANCELLED}
    homes = _homes(made.flights)
    for f in made.flights:
        if f.id in offered and f.status is FlightStatus.PLANNED:
            riders = sorted(a for (_, a), back in homes.items() if back == f.id)
            why = f"relief lifeboat for {', '.join(riders)}" if riders else GENERIC
            out.append(Change("flight added", f.id, None, "not flown", f"launches {f.launch_day.isoformat()}", why))
    return out


def _homes(flights: Any) -> dict[tuple[str, str], str]:
    """(flight up, person) -> flight home."""
    return {(f.id, s.astronaut): s.returns_on or f.id for f in flights for s in f.seats if s.astronaut}


def _name(s: Scenario, fid: str) -> str:
    return next((f.name for f in s.flights if f.id == fid), fid)


def _why_off(fid: str, person: str, now: Flight, carries: dict[str, list[str]], damaged: dict[str, Event],
             grounded: dict[str, Event], made: Scenario) -> str:
    if person in grounded:
        return f"grounded ({grounded[person].id})"
    if carries.get(fid):
        return f"seat freed for {', '.join(carries[fid])} to come home on {fid}"
    if not now.crew() and fid not in damaged:
        return f"{now.name} flies uncrewed as a relief lifeboat" if _relief(now, made) else f"{now.name} flies uncrewed"
    if fid in damaged:
        return f"{now.name} is damaged ({damaged[fid].id})"
    return GENERIC


def _relief(f: Flight, made: Scenario) -> bool:
    """An uncrewed flight that brings someone home (its vehicle is a lifeboat for a stranded crew)."""
    return any(s.returns_on == f.id for g in made.flights for s in g.seats)


def _flight_changes(b: Flight, a: Flight, carrying: list[str], damaged: dict[str, Event],
                    slipped: dict[str, Event], origin: dt.date) -> list[Change]:
    out: list[Change] = []
    if a.status is FlightStatus.PLANNED and a.launch_day != b.launch_day:
        shift = (a.launch_day - b.launch_day).days
        if shift < 0 and carrying:
            why = f"brought forward to end the lifeboat gap of {', '.join(carrying)} sooner"
        elif shift < 0:
            why = "brought forward " + GENERIC.removeprefix("to ")
        elif a.id in slipped:
            why = f"slipped ({slipped[a.id].id})"
        else:
            why = GENERIC
        out.append(Change("launch moved", a.id, None, b.launch_day.isoformat(), a.launch_day.isoformat(),
                          f"{shift:+d} days: {why}"))
    end_b, end_a = b.undocking_day(), a.undocking_day()
    moved = end_b is not None and end_a is not None and (
        (end_a - a.docking_day) != (end_b - b.docking_day) if a.launch_day >= origin else end_a != end_b)
    if moved and end_a is not None and end_b is not None:
        if a.id in damaged:
            why = f"the damaged vehicle leaves {'empty' if not carrying else ''}".rstrip()
        elif carrying:
            why = f"brings {', '.join(carrying)} home"
        else:
            why = GENERIC
        stay_b, stay_a = (end_b - b.docking_day).days, (end_a - a.docking_day).days
        out.append(Change("stay changed", a.id, None, f"{stay_b} d, undocks {end_b.isoformat()}",
                          f"{stay_a} d, undocks {end_a.isoformat()}", f"{stay_a - stay_b:+d} days: {why}"))
    if b.crew() and not a.crew() and a.status is FlightStatus.PLANNED:
        out.append(Change("flies uncrewed", a.id, None, f"{len(b.crew())} crew", "uncrewed",
                          "relief lifeboat for " + ", ".join(carrying) if carrying else GENERIC))
    return out


def lifeboat_days(forced: list[Any]) -> list[dict[str, Any]]:
    """Per person, each run of days without a seat on a sound lifeboat (from forced ``lifeboat`` findings)."""
    rows: list[dict[str, Any]] = []
    for v in forced:
        if v.rule != "lifeboat":
            continue
        first, last = day_of(v.first_day), day_of(v.last_day)
        for person in v.entities.astronauts:
            rows.append({"astronaut": person, "station": (v.entities.stations or ("",))[0],
                         "first_day": first.isoformat(), "last_day": last.isoformat(),
                         "days": (last - first).days + 1})
    rows.sort(key=lambda r: (r["first_day"], r["astronaut"]))
    return rows

"""Write into the built-in people.yaml the qualifications and language levels that the record's assignments
imply for each real person (run once after adding flights or people; ``--check`` only reports).

A real person who held a seat (flown, or assigned in a flight's ``planned_as`` revision) held what the
seat's role asks for: its qualifications, earned 30 days before that launch (ASSUMED: training ends before
the two weeks' quarantine) and valid as long as the qualification lasts but not beyond the record (the
first planned launch), unless that assignment's landing is later (then to the day after it): what they hold
beyond the record is not known. And its language levels. Each
entry says so in its ``source``. A person who already carries qualifications or languages is left alone.

    .venv/bin/python scripts/implied_qualifications.py [--check]
"""

from __future__ import annotations

import datetime as dt
import re
import sys
from collections import defaultdict
from pathlib import Path

from crewplan.domain import Scenario, Seat, day_of
from crewplan.scenario.builtin import builtin_path
from crewplan.scenario.loader import load_scenario
from crewplan.training.plan import add_months

LEAD = dt.timedelta(days=30)


def assignments(s: Scenario) -> dict[str, list[tuple[dt.date, dt.date | None, str, str, Seat]]]:
    """person -> (launch day, landing day, flight, vehicle type, seat), from flown seats and earlier plans."""
    flights = {f.id: f for f in s.flights}
    out: dict[str, list[tuple[dt.date, dt.date | None, str, str, Seat]]] = defaultdict(list)
    for f in s.flights:
        for seat in f.seats:
            if seat.astronaut:
                home = flights.get(seat.returns_on or f.id, f)
                out[seat.astronaut].append((f.launch_day, home.undocking_day(), f.id, f.vehicle_type, seat))
        for rev in f.planned_as:
            launch = day_of(rev.launch) if rev.launch else f.launch_day
            stay = rev.stay_days if rev.stay_days is not None else f.stay_days
            landing = launch + dt.timedelta(days=stay) if stay is not None else f.undocking_day()
            for seat in rev.seats or ():
                if seat.astronaut:
                    out[seat.astronaut].append((launch, landing, f.id, f.vehicle_type, seat))
    return out


def block(s: Scenario, jobs: list[tuple[dt.date, dt.date | None, str, str, Seat]], record_end: dt.date) -> str:
    vtypes = {v.id: v for v in s.vehicle_types}
    months = {q.id: q.validity_months for q in s.qualifications}
    held: dict[str, list[tuple[dt.date, dt.date | None, str]]] = defaultdict(list)
    languages: dict[str, tuple[int, str]] = {}
    for launch, landing, fid, vt_id, seat in sorted(jobs, key=lambda j: (j[0], j[2])):
        spec = vtypes[vt_id].role(seat.role)
        if spec is None:
            continue
        why = f"implied by their assignment to {fid} as {seat.role.value}"
        for q in spec.qualifications:
            earned = launch - LEAD
            expires = add_months(earned, months[q]) if months.get(q) else None
            if landing is not None:
                # Nothing is implied beyond the record: at most to its end, or the day after a later landing.
                cap = max(landing + dt.timedelta(days=1), record_end)
                expires = min(expires, cap) if expires else cap
            end = landing or launch
            if any(e0 <= launch and (e is None or e > end) for e0, e, _ in held[q]):
                continue  # still held from an earlier assignment through this one's landing
            held[q].append((earned, expires, why))
        for need in spec.languages:
            if need.level_min > languages.get(need.language, (0, ""))[0]:
                languages[need.language] = (need.level_min, why)
    lines = []
    if held:
        lines.append("    qualifications:")
        for q, entries in held.items():
            for earned, expires, why in entries:
                end = f", expires: {expires.isoformat()}" if expires else ""
                lines.append(f"      - {{qualification: {q}, earned: {earned.isoformat()}{end}, source: \"{why}\"}}")
    if languages:
        lines.append("    languages:")
        for lang, (level, why) in sorted(languages.items()):
            lines.append(f"      - {{language: {lang}, level: {level}, source: \"{why}\"}}")
    return "\n".join(lines) + "\n" if lines else ""


def main(argv: list[str]) -> int:
    folder = builtin_path()
    s = load_scenario(folder)
    text = (folder / "people.yaml").read_text(encoding="utf-8")
    jobs = assignments(s)
    record_end = min(f.launch_day for f in s.flights if f.status.value == "planned")
    missing = []
    for person in s.astronauts:
        if person.fictional or person.qualifications or person.languages or person.id not in jobs:
            continue
        add = block(s, jobs[person.id], record_end)
        if not add:
            continue
        missing.append(person.id)
        m = re.search(rf"^  - id: {re.escape(person.id)}\n.*?(?=^  - id: |^#|\Z)", text, re.S | re.M)
        assert m, person.id
        text = text[:m.end()].rstrip("\n") + "\n" + add + text[m.end():]
    if "--check" in argv:
        print("\n".join(missing) or "every real person carries what their assignments imply")
        return 1 if missing else 0
    (Path(folder) / "people.yaml").write_text(text, encoding="utf-8")
    print(f"{len(missing)} people updated")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

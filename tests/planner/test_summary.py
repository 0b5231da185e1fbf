"""The plan summary counts seats and seat-days per agency and each person's flights, days and courses, as a
direct count over the manifest's seats says (launch to landing of the vehicle each person comes home in)."""

from __future__ import annotations

import datetime as dt
from collections import Counter

from crewplan.domain import Booking
from crewplan.planner.summary import summarize
from planner.scenarios import flight, person, scenario


def test_seat_days_per_agency_and_person() -> None:
    people = [person("r1", "RSA", "RU"), person("r2", "RSA", "RU"), person("n1", "NASA", "US", ("soyuz-q",))]
    s = scenario(people, [
        flight("s1", "soyuz", "iss", "2026-01-10", stay_days=180,
               crew=[("commander", "r1"), ("flight_engineer", "n1"), ("flight_engineer", "r2")]),
        flight("s2", "soyuz", "iss", "2026-03-01", stay_days=10, crew=[("commander", None)]),  # open: not counted
    ])
    s = s.model_copy(update={"bookings": (Booking(id="b1", astronaut="n1", course="soyuz-course",
                                                  start=dt.date(2025, 6, 1), end=dt.date(2025, 9, 1)),)})
    doc = summarize(s, dt.date(2026, 1, 1))
    by_agency = {a["agency"]: a for a in doc["agencies"]}
    # Direct count: every seat of a planned flight, launch to landing (docking + stay, landing the same day).
    expected: Counter[str] = Counter()
    seats: Counter[str] = Counter()
    agency = {p["id"]: p["agency"] for p in people}
    for f in s.flights:
        landing = f.docking_day + dt.timedelta(days=f.stay_days or 0)
        for p in f.crew():
            expected[agency[p]] += (landing - f.launch_day).days
            seats[agency[p]] += 1
    assert {a: by_agency[a]["seat_days"] for a in expected} == dict(expected)
    assert {a: by_agency[a]["seats"] for a in seats} == dict(seats)
    assert abs(sum(a["seat_days_share_pct"] for a in doc["agencies"]) - 100.0) < 0.2
    n1 = next(p for p in doc["people"] if p["astronaut"] == "n1")
    assert n1["flights"] == ["s1"] and n1["courses"] == ["soyuz-course"] and n1["days_in_space"] == expected["NASA"]

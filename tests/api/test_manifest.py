"""A plan's occupancy by day, a person's training plan, the manifest's files and a branch beside its plan,
against the public record the built-in scenario holds and the plan's own document."""

from __future__ import annotations

import csv
import datetime as dt
import io
import itertools

import icalendar

from api.service import Service
from crewplan.report.exports import MANIFEST_COLUMNS


def _gap_runs(station: dict) -> list[tuple[str, str]]:
    """The station's gap days merged into runs (a gap run may be split where the crew aboard changes)."""
    out: list[list[str]] = []
    for run in station["runs"]:
        if not run["gap"]:
            continue
        if out and dt.date.fromisoformat(out[-1][1]) + dt.timedelta(days=1) == dt.date.fromisoformat(run["first_day"]):
            out[-1][1] = run["last_day"]
        else:
            out.append([run["first_day"], run["last_day"]])
    return [(a, b) for a, b in out]


def test_occupancy_shows_the_real_lifeboat_gaps_and_adds_up(service: Service) -> None:
    with service.client("roscosmos-viewer") as client:
        found = client.get(f"/plans/{service.plans['main']}/occupancy").json()
        document = client.get(f"/plans/{service.plans['main']}/document").json()
    stations = {s["station"]: s for s in found["stations"]}
    # The record: Soyuz MS-22 leaked on 2022-12-14 and MS-23 docked on 2023-02-26 (74 days without a lifeboat
    # seat for its crew); Shenzhou-20's window cracked on 2025-11-05 and Shenzhou-22 docked on 2025-11-25.
    assert ("2022-12-14", "2023-02-25") in _gap_runs(stations["iss"])
    assert ("2025-11-05", "2025-11-24") in _gap_runs(stations["css"])
    for station in stations.values():
        runs = station["runs"]
        assert runs[0]["first_day"] == found["first_day"] and runs[-1]["last_day"] == found["last_day"]
        for before, after in itertools.pairwise(runs):
            assert dt.date.fromisoformat(before["last_day"]) + dt.timedelta(days=1) == \
                dt.date.fromisoformat(after["first_day"])
        assert all(r["aboard"] == len(r["people"]) for r in runs)
        assert all(r["gap"] for r in runs if r["aboard"] > r["lifeboat_seats"])
        days = sum((dt.date.fromisoformat(r["last_day"]) - dt.date.fromisoformat(r["first_day"])).days + 1
                   for r in runs if r["gap"])
        assert days == station["gap_days"]
    # Everyone flown to a station in the document is aboard it on the day after their flight docked.
    for flight in document["scenario"]["flights"]:
        if flight.get("status") == "flown" and flight.get("docking") and flight["station"] in stations:
            day = (dt.date.fromisoformat(flight["docking"][:10]) + dt.timedelta(days=1)).isoformat()
            aboard = next(r["people"] for r in stations[flight["station"]]["runs"]
                          if r["first_day"] <= day <= r["last_day"])
            crew = {s["astronaut"] for s in flight.get("seats", []) if s.get("astronaut")}
            assert crew <= set(aboard), (flight["id"], crew, aboard)


def test_the_manifest_files_match_the_document(service: Service) -> None:
    plan = service.plans["main"]
    with service.client("esa-planner") as client:
        document = client.get(f"/plans/{plan}/document").json()
        manifest = client.get(f"/plans/{plan}/exports/manifest.csv")
        as_json = client.get(f"/plans/{plan}/exports/manifest.json")
        flights = client.get(f"/plans/{plan}/exports/flights.ics")
        one = client.get(f"/plans/{plan}/exports/training.csv")
        nobody = client.get(f"/plans/{plan}/exports/training.csv?astronaut=nobody")
    assert manifest.headers["content-type"].startswith("text/csv")
    assert f'plan-{plan}-r{document["revision"]}-manifest.csv' in manifest.headers["content-disposition"]
    rows = list(csv.DictReader(io.StringIO(manifest.text)))
    assert tuple(rows[0]) == MANIFEST_COLUMNS
    seats = {(f["id"], s["astronaut"]) for f in document["scenario"]["flights"] for s in f.get("seats", [])
             if s.get("astronaut")}
    assert {(r["flight"], r["astronaut"]) for r in rows if r["astronaut"]} == seats
    assert as_json.json() == document["scenario"]
    events = icalendar.Calendar.from_ical(flights.content).walk("VEVENT")
    launched = {str(e["uid"]).split(".")[1] for e in events if str(e["uid"]).endswith(".launch@crewplan")}
    assert launched == {f["id"] for f in document["scenario"]["flights"] if f.get("status") != "cancelled"}
    assert one.status_code == 422 and "astronaut" in one.json()["detail"]
    assert nobody.status_code == 404


def test_a_training_plan_is_the_persons_own(service: Service) -> None:
    plan = service.plans["main"]
    with service.client("cmsa-planner") as client:
        document = client.get(f"/plans/{plan}/document").json()
        seated = sorted({s["astronaut"] for f in document["scenario"]["flights"] if f.get("status", "planned")
                         == "planned" for s in f.get("seats", []) if s.get("astronaut")})
        assert seated, "the canary plan seats someone on a planned flight"
        trained = client.get(f"/plans/{plan}/astronauts/{seated[0]}/training").json()
        as_csv = client.get(f"/plans/{plan}/exports/training.csv?astronaut={seated[0]}").text
        missing = client.get(f"/plans/{plan}/astronauts/nobody/training")
    assert trained["astronaut"] == seated[0] and trained["targets"]
    rows = list(csv.DictReader(io.StringIO(as_csv)))
    assert [(r["course"], r["start"]) for r in rows] == [(s["course"], s["start_day"]) for s in trained["steps"]]
    assert all(s["start_day"] <= s["end_day"] for s in trained["steps"])
    assert missing.status_code == 404


def test_a_branch_beside_its_plan(service: Service) -> None:
    with service.client("nasa-planner") as client:
        compared = client.get(f"/plans/{service.plans['branch']}/compare").json()
        not_a_branch = client.get(f"/plans/{service.plans['main']}/compare")
    # The seed moved Shenzhou-25 to 2027-04-09 on the branch (tests/api/service.py).
    assert {"kind": "launch_day", "flight": "shenzhou-25", "after": "2027-04-09"}.items() <= \
        next(c for c in compared["changes"] if c["flight"] == "shenzhou-25").items()
    assert compared["parent_id"] == service.plans["main"]
    assert not_a_branch.status_code == 422

"""What ``plan``, ``replan`` and ``report`` promise on the built-in scenario, through the real command line:
the same seed gives the same plan, the manifest's header is verified when read, booked training reaches the
exports, a replan exits 3 with only the findings the events force, and no saved manifest is lost."""

from __future__ import annotations

import csv
import datetime as dt
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import icalendar
import pytest

import crewplan
from crewplan.check import check_scenario
from crewplan.scenario import builtin_path, load_scenario

ENV = {**os.environ, "COLUMNS": "200"}
README_EVENT = "vehicle_damaged flight=shenzhou-24 date=2027-01-10"
# A search stopped by the work limit (deterministic time) ends in the same place on every run; the wall-clock
# limit is only a safety net here.
SAME = ("--seed", "7", "--work-limit", "30", "--time-limit", "850", "--quiet")


def cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "crewplan.cli", *args], capture_output=True, text=True, env=ENV,
                          timeout=900)


@pytest.fixture(scope="module")
def planned(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("plan") / "out"
    done = cli("plan", "--out", str(out), *SAME)
    assert done.returncode == 0, done.stderr
    return out


def _decisions(path: Path) -> tuple[object, object]:
    m = load_scenario(path)
    return m.flights, m.bookings


@pytest.mark.timeout(900)
def test_the_same_seed_gives_the_same_plan(planned: Path, tmp_path: Path) -> None:
    again = tmp_path / "again"
    done = cli("plan", "--out", str(again), *SAME)
    assert done.returncode == 0, done.stderr
    assert _decisions(again / "manifest.yaml") == _decisions(planned / "manifest.yaml")


def test_the_plan_header_is_verified_when_read(planned: Path, tmp_path: Path) -> None:
    copy = tmp_path / "copy"
    shutil.copytree(planned, copy)
    untouched = cli("check", str(copy / "manifest.yaml"), "--json")
    assert "changed after crewplan wrote it" not in untouched.stderr
    assert "plan.header" not in [w["rule"] for w in json.loads(untouched.stdout)["warnings"]]
    text = (copy / "manifest.yaml").read_text(encoding="utf-8")
    head, rest = text.split("  objective: ", 1)
    (copy / "manifest.yaml").write_text(head + "  objective: 1.0e9\n" + rest.split("\n", 1)[1], encoding="utf-8")
    tampered = cli("check", str(copy / "manifest.yaml"), "--json")
    assert "changed after crewplan wrote it" in tampered.stderr
    assert "plan.header" in [w["rule"] for w in json.loads(tampered.stdout)["warnings"]]


def test_booked_training_reaches_the_exports(planned: Path) -> None:
    manifest = load_scenario(planned / "manifest.yaml")
    assert manifest.bookings, "the plan needs training (fictional candidates hold no qualifications yet)"
    rows = set()
    for path in (planned / "training").glob("*.csv"):
        with path.open(newline="", encoding="utf-8") as handle:
            rows |= {(r["astronaut"], r["course"], r["start"]) for r in csv.DictReader(handle)}
    for booking in manifest.bookings:
        assert (booking.astronaut, booking.course, booking.start.isoformat()) in rows, booking.id
    events = icalendar.Calendar.from_ical((planned / "training.ics").read_bytes()).walk("VEVENT")
    assert len(events) == len(manifest.bookings)


@pytest.mark.timeout(900)
def test_the_readme_replan_forces_only_what_the_damage_forces(planned: Path, tmp_path: Path) -> None:
    """Shenzhou-24 damaged with its crew aboard a station that must stay crewed by three: the only findings
    are the ones the damage forces on the CSS (lifeboat days no launch can close, a qualification lapse of a
    crew that stays on, days the CSS crew falls short), each counted by its objective term; the ISS is kept
    exactly as planned; every change is listed with its reason."""
    out = tmp_path / "replan"
    done = cli("replan", str(planned / "manifest.yaml"), "--event", README_EVENT, "--out", str(out), "--json",
               "--quiet", "--time-limit", "300")
    assert done.returncode == 3, done.stderr
    doc = json.loads(done.stdout)
    forced = doc["check"]["violations_in_plan"]
    assert forced and "lifeboat" in {v["rule"] for v in forced}
    assert {v["rule"] for v in forced} <= {"lifeboat", "qualification", "station.crew"}
    assert all(v["entities"]["stations"] == ["css"] for v in forced if v["rule"] != "qualification")
    assert doc["check"]["forced"] == len(forced)
    written = load_scenario(out / "manifest.yaml")
    origin = dt.date.fromisoformat(doc["origin"])
    for v in forced:
        if v["rule"] == "qualification":  # only people already in space, on the flight that brought them up
            assert all(written.flight(f).launch_day < origin for f in v["entities"]["flights"]), v
    hard = [v for v in check_scenario(written).hard if v.last_day >= origin]
    assert {v.rule for v in hard} == {v["rule"] for v in forced} and len(hard) == len(forced)
    before = load_scenario(planned / "manifest.yaml")
    for f in before.flights:
        if f.station == "iss":
            g = written.flight(f.id)
            assert (g.launch_day, g.undocking_day(), g.port, g.seats) == (
                f.launch_day, f.undocking_day(), f.port, f.seats), f.id
    changes = doc["changes"]
    assert changes and all(c["why"] and c["flight"] for c in changes)
    assert any(c["kind"] == "return changed" and "damaged" in c["why"] for c in changes)
    assert {c["flight"] for c in changes} <= {f.id for f in before.flights if f.station == "css"}


def test_reporting_into_a_plan_folder_keeps_its_manifest(planned: Path, tmp_path: Path) -> None:
    copy = tmp_path / "copy"
    shutil.copytree(planned, copy)
    before = (copy / "manifest.yaml").read_bytes()
    assert cli("report", str(copy), "--out", str(copy), "--quiet").returncode == 0
    assert (copy / "manifest.yaml").read_bytes() == before
    refused = cli("report", "--out", str(copy), "--quiet")
    assert refused.returncode == 2 and "earlier plan" in refused.stderr
    assert (copy / "manifest.yaml").read_bytes() == before


def test_first_contact() -> None:
    version = cli("--version")
    assert version.returncode == 0 and version.stdout.strip() == f"crewplan {crewplan.__version__}"
    flights = json.loads(cli("ls", "flights", "--json").stdout)
    assert [f["id"] for f in flights] == [f.id for f in load_scenario(builtin_path()).flights]
    valid = json.loads(cli("scenario", "validate", "--json").stdout)
    assert valid["valid"] is True and valid["counts"]["flights"] == len(flights)

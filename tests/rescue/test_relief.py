"""Foreign reliefs (issue 14): after a damage, the replanner may fly a vehicle from outside the station's
programme as the relief, where the rescue answer says it could come and someone may ride it home."""

from __future__ import annotations

import copy
import datetime as dt
import json
import subprocess
import sys

import pytest

from crewplan.check import check_scenario
from crewplan.domain import Scenario
from crewplan.errors import UsageError
from crewplan.planner.manifest import manifest
from crewplan.planner.replan import replan, replan_instance
from crewplan.planner.solve import SolveOptions
from crewplan.rescue.relief import relief_offers
from crewplan.scenario import save_scenario
from crewplan.scenario.events import events_from_text
from planner.scenarios import _BASE, flight, person, scenario

OPTS = SolveOptions(time_limit_s=60, workers=2)
DAMAGE = "vehicle_damaged flight=sz-a date=2025-06-01"
CATCH_UP = {"id": "catch-up", "hours": 14.7, "phase_deg_min": -180, "phase_deg_max": 180,
            "phasing_altitude_km": 227, "approach_hours": 8.1, "hours_max": 72}


def study(**sections: object) -> Scenario:
    """The CSS with an IDSS adapter on its forward port and no standby; its Shenzhou crew's vehicle is damaged
    on 2025-06-01 and the next Shenzhou is months away, while a Crew Dragon flies to the ISS on 2025-06-20."""
    stations = copy.deepcopy(_BASE["stations"])
    css = next(s for s in stations if s["id"] == "css")
    css.pop("standby_rescue_days")
    types = copy.deepcopy(_BASE["vehicle_types"])
    next(t for t in types if t["id"] == "dragon")["rendezvous_profiles"] = [CATCH_UP]
    people = [person(f"cn{i}", "CMSA", "CN") for i in range(1, 7)] + [person(f"us{i}", "NASA", "US")
                                                                       for i in range(1, 5)]
    adapter = {"id": "css-ida", "name": "CSS IDSS adapter (a study)", "station": "css", "port": "fwd",
               "base_system": "CDM", "presents_system": "IDSS", "status": "planned", "installed_date": "2025-01-01"}
    return scenario(people, [
        flight("sz-a", "shenzhou", "css", "2025-04-24", status="flown", undocking="2025-10-25", port="radial",
               crew=[("commander", "cn1"), ("crew", "cn2"), ("crew", "cn3")]),
        flight("sz-b", "shenzhou", "css", "2025-10-20", stay_days=180,
               crew=[("commander", "cn4"), ("crew", "cn5"), ("crew", "cn6")]),
        flight("crew-x", "dragon", "iss", "2025-06-20", stay_days=180, port="h-fwd",
               crew=[("commander", "us1"), ("pilot", "us2"), ("mission_specialist", "us3"),
                     ("mission_specialist", "us4")]),
    ], stations=stations, vehicle_types=types, docking_adapters=[adapter], **sections)


def lifeboat_days(m: Scenario, after: dt.date) -> int:
    report = check_scenario(m)
    return sum((v.last_day - v.first_day).days + 1 for v in report.violations
               if v.rule == "lifeboat" and v.last_day >= after)


def test_a_dragon_is_offered_as_the_css_relief_and_closes_the_gap_the_next_shenzhou_leaves() -> None:
    before = study()
    events = events_from_text(before, [DAMAGE])
    extra, offers = relief_offers(before, events)
    offered = {o.vehicle_type: o for o in offers}
    assert offered["dragon"].flight is not None and len(extra) == 1
    relief = extra[0]
    assert relief.optional and relief.uncrewed and relief.station == "css" and relief.site == "ksc"
    assert dt.date(2025, 6, 20) <= relief.launch_day <= dt.date(2025, 7, 20)  # crew-x's vehicle, ready then
    assert offered["soyuz"].flight is None  # no port takes its SSVP
    assert "shenzhou" not in offered  # the station's own: the replanner moves its flights already
    without = manifest(*_solved(replan(before, events, OPTS)))
    with_relief = manifest(*_solved(replan(before, events, OPTS, extra_flights=extra)))
    flown = with_relief.flight(relief.id)
    assert flown.status.value == "planned"  # flown, not left out
    homes = {s.astronaut: s.returns_on for s in with_relief.flight("sz-a").seats if s.astronaut}
    assert set(homes.values()) == {relief.id}
    gap_without, gap_with = lifeboat_days(without, dt.date(2025, 6, 1)), lifeboat_days(with_relief,
                                                                                       dt.date(2025, 6, 1))
    assert gap_with < gap_without / 3, (gap_with, gap_without)


def test_a_law_that_keeps_the_crew_off_the_vehicle_means_no_offer() -> None:
    wolf = {"id": "no-cn-on-us", "name": "no Chinese crew on US vehicles", "effect": "forbid",
            "citation": "a study rule", "summary": "a study rule",
            "when": {"astronaut_nationality": ["CN"], "vehicle_operator": ["NASA"]}}
    before = study(rules=[wolf])
    extra, offers = relief_offers(before, events_from_text(before, [DAMAGE]))
    dragon = next(o for o in offers if o.vehicle_type == "dragon")
    assert extra == () and dragon.flight is None
    assert "may ride" in dragon.reason and "no Chinese crew on US vehicles" in dragon.reason, dragon.reason
    # Given the flight anyway, the replanner does not send them home in it (the checker's legality rule
    # reads the way home as the way up).
    offered, _ = relief_offers(study(), events_from_text(before, [DAMAGE]))
    _, inst = replan_instance(before, events_from_text(before, [DAMAGE]), extra_flights=offered)
    rides = {r.astronaut: r.returns for r in inst.riders if r.flight == "sz-a"}
    assert set(rides) == {"cn1", "cn2", "cn3"} and all(offered[0].id not in back for back in rides.values())
    _, lawless = replan_instance(study(), events_from_text(before, [DAMAGE]), extra_flights=offered)
    assert all(offered[0].id in r.returns for r in lawless.riders if r.flight == "sz-a")


def test_a_scenario_that_forbids_foreign_reliefs_refuses_the_option() -> None:
    before = study(settings={"foreign_relief_allowed": False})
    with pytest.raises(UsageError, match="foreign_relief_allowed"):
        relief_offers(before, events_from_text(before, [DAMAGE]))


def _solved(rr: object) -> tuple[object, object]:
    assert rr.result.feasible, rr.result.status  # type: ignore[attr-defined]
    return rr.instance, rr.result  # type: ignore[attr-defined]


def test_the_replan_command_offers_flies_and_reports_the_relief(tmp_path) -> None:
    before = tmp_path / "before.yaml"
    save_scenario(study(), before)
    run = [sys.executable, "-m", "crewplan.cli", "replan", str(before), "--event", DAMAGE, "--time-limit", "60"]
    done = subprocess.run([*run, "--foreign-relief", "--json", "--out", str(tmp_path / "out")],
                          capture_output=True, text=True, timeout=600)
    assert done.returncode in (0, 3), done.stderr  # 3: the gap before the relief docks is forced
    doc = json.loads(done.stdout)
    dragon = next(r for r in doc["foreign_relief"] if r["vehicle_type"] == "dragon")
    assert dragon["flown"] is True and dragon["offered"].startswith("relief-dragon-css")
    assert any(c["flight"] == dragon["offered"] for c in doc["changes"]), doc["changes"]
    plain = subprocess.run([*run, "--json"], capture_output=True, text=True, timeout=600)
    assert "foreign_relief" not in json.loads(plain.stdout)  # off by default
    save_scenario(study(settings={"foreign_relief_allowed": False}), before)
    refused = subprocess.run([*run, "--foreign-relief"], capture_output=True, text=True, timeout=300)
    assert refused.returncode == 2 and "foreign_relief_allowed" in refused.stderr, refused.stderr
    assert "Traceback" not in refused.stderr

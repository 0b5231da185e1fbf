"""``crewplan rescue`` on the three stories of the record (issue 14): the answers the agencies found, from the
manifest as it was planned on the morning of each day."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys

import pytest

from crewplan.domain import AdapterStatus, DockingAdapter
from crewplan.rescue.candidates import candidates
from crewplan.scenario import load_scenario


@pytest.fixture(scope="module")
def builtin():
    return load_scenario()


def by_vehicle(found: list, docked: bool = False) -> dict:
    return {c.vehicle_type: c for c in found if (c.docked_flight is not None) is docked}


def test_after_the_ms22_leak_rubio_could_come_home_in_crew5s_dragon(builtin) -> None:
    found = candidates(builtin, "iss", dt.date(2022, 12, 14))
    assert found[0].docked_flight == "crew-5" and found[0].answer  # there already, in a contingency place
    assert {r.astronaut for r in found[0].riders} == {"sergey-prokopyev", "dmitry-petelin", "frank-rubio"}
    assert all(r.may_ride for r in found[0].riders)
    launched = by_vehicle(found)
    soyuz = launched["soyuz-ms"]
    # MS-23 was planned for 2023-03-16; brought forward by Baikonur's readiness it could fly uncrewed with
    # three free seats about when it did (the record: launched 2023-02-24, docked 2023-02-26).
    assert soyuz.answer and soyuz.next_flight == "soyuz-ms-23" and soyuz.seats == 3
    assert dt.date(2023, 2, 15) <= soyuz.arrival_utc.date() <= dt.date(2023, 3, 1)  # type: ignore[union-attr]
    assert all("seat liner" in " ".join(r.reasons) for r in soyuz.riders)  # Soyuz seats need their own liners
    # A Shenzhou could reach the ISS's plane from Jiuquan, but docks there only if a claim holds, and the
    # Wolf Amendment keeps the NASA astronaut off it.
    shenzhou = launched["shenzhou"]
    assert not shenzhou.answer and shenzhou.docking == "claimed"
    assert {r.astronaut: r.may_ride for r in shenzhou.riders}["frank-rubio"] is False


def test_after_the_starliner_decision_crew9_comes_with_two_seats(builtin) -> None:
    found = candidates(builtin, "iss", dt.date(2024, 8, 24))
    stranded = {r.astronaut for c in found for r in c.riders}
    assert stranded == {"barry-wilmore", "sunita-williams"}
    docked = by_vehicle(found, docked=True)
    assert docked["crew-dragon"].answer and docked["crew-dragon"].docked_flight == "crew-8"  # its emergency places
    assert "starliner" not in docked  # damaged: no lifeboat
    dragon = by_vehicle(found)["crew-dragon"]
    assert dragon.answer and dragon.next_flight == "crew-9" and dragon.seats_with_min_crew == 2
    # The record: Crew-9 docked 2024-09-29 after a hurricane delay; the plan of 2024-08-24 had it a few days earlier.
    assert dt.date(2024, 9, 20) <= dragon.arrival_utc.date() <= dt.date(2024, 9, 30)  # type: ignore[union-attr]


def test_at_the_chinese_station_only_china_can_come_and_the_rest_is_claims(builtin) -> None:
    found = candidates(builtin, "css", dt.date(2025, 11, 5))
    launched = by_vehicle(found)
    shenzhou = launched["shenzhou"]
    # The CSS's 16-day standby (the record: Shenzhou-22 launched uncrewed 20 days after the damage).
    assert shenzhou.answer and shenzhou.ready_day == dt.date(2025, 11, 21)
    assert {r.astronaut for r in shenzhou.riders} == {"chen-dong", "chen-zhongrui", "wang-jie"}
    soyuz = launched["soyuz-ms"]
    assert not soyuz.answer and soyuz.docking == "none"
    assert any("above the orbit's inclination" in r for r in soyuz.reasons)
    dragon = launched["crew-dragon"]
    assert dragon.sites and dragon.docking == "claimed" and not dragon.answer  # Florida reaches 41.5°; no docking
    assert any("adapter" in f or "docking test" in f for f in dragon.fixes)
    assert all(not r.may_ride and any("Wolf" in x for x in r.reasons) for r in dragon.riders)
    assert "shenzhou-20" not in {c.docked_flight for c in found}  # the damaged one is no lifeboat


def test_the_command_answers_in_json_and_refuses_bad_input() -> None:
    run = [sys.executable, "-m", "crewplan.cli", "rescue"]
    done = subprocess.run([*run, "--station", "css", "--date", "2025-11-05", "--json"], capture_output=True,
                          text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    first = json.loads(done.stdout)["candidates"][0]
    assert first["vehicle_type"] == "shenzhou" and first["answer"] is True and first["arrival_utc"].endswith("Z")
    for args, words in ((["--station", "tiangong", "--date", "2025-11-05"], "css"),
                        (["--station", "css", "--date", "5 Nov 2025"], "YYYY-MM-DD")):
        bad = subprocess.run([*run, *args], capture_output=True, text=True, timeout=120)
        assert bad.returncode == 2 and words in bad.stderr and "Traceback" not in bad.stderr, bad.stderr


def test_what_it_would_take_at_the_chinese_station_is_an_adapter_and_a_planned_one_counts_from_its_day(
        builtin) -> None:
    day = dt.date(2025, 11, 5)
    dragon = by_vehicle(candidates(builtin, "css", day))["crew-dragon"]
    wanted = "an adapter from cdm to idss on a port (as ida-2 on iss, ida-3 on iss)"
    assert wanted in dragon.fixes, dragon.fixes
    planned = DockingAdapter(id="css-ida", name="a CSS IDSS adapter", station="css", port="tianhe-forward",
                             base_system="cdm", presents_system="idss", status=AdapterStatus.PLANNED,
                             installed_date=dt.date(2026, 1, 1))
    study = builtin.model_copy(update={"docking_adapters": (*builtin.docking_adapters, planned)})
    before = by_vehicle(candidates(study, "css", day))["crew-dragon"]
    assert before.docking == "claimed"
    assert any("wait for a CSS IDSS adapter (planned on tianhe-forward from 2026-01-01)" in f for f in before.fixes)
    after = by_vehicle(candidates(study, "css", dt.date(2026, 2, 1)))["crew-dragon"]
    assert after.docking == "verified" and after.ports == ["tianhe-forward"]
    assert all(not r.may_ride for r in after.riders)  # the adapter changes the docking, not the law


def test_no_crew_vehicle_can_berth_and_one_with_a_cbm_would_be_berthed_with_the_arm(builtin) -> None:
    from crewplan.rescue.candidates import berthing

    iss, css = builtin.station("iss"), builtin.station("css")
    assert {p.id for p in iss.berthing_ports} == {"harmony-nadir", "unity-nadir"} and iss.arm
    for vt in builtin.vehicle_types:
        assert vt.berthing_system is None  # every crew vehicle docks
        assert berthing(vt, iss).ports == [] and "no berthing mechanism" in berthing(vt, iss).reason
    soyuz = by_vehicle(candidates(builtin, "css", dt.date(2025, 11, 5)))["soyuz-ms"]
    assert any("cannot berth instead" in r for r in soyuz.reasons)
    # A type with a CBM (as the first Dragon had) would be berthed at the ISS, and nowhere at the CSS.
    cbm = builtin.vehicle_type("crew-dragon").model_copy(update={"berthing_system": "cbm"})
    assert berthing(cbm, iss).ports == ["harmony-nadir", "unity-nadir"]
    assert "Canadarm2" in berthing(cbm, iss).reason
    assert berthing(cbm, css).ports == [] and "no cbm berthing port" in berthing(cbm, css).reason

"""Replan responses of the shape agencies chose, each starting from the manifest before the event."""

from __future__ import annotations

import datetime as dt

from crewplan.check import check_scenario
from crewplan.domain import Scenario
from crewplan.planner.manifest import manifest
from crewplan.planner.replan import replan
from crewplan.planner.solve import SolveOptions
from crewplan.scenario.events import events_from_text
from planner.scenarios import flight, person, scenario

OPTS = SolveOptions(time_limit_s=20, workers=2)


def _run(before: Scenario, event: str) -> tuple[Scenario, object]:
    rr = replan(before, events_from_text(before, [event]), OPTS)
    assert rr.result.feasible, rr.result.status
    return manifest(rr.instance, rr.result), rr


def _returns(m: Scenario, fid: str) -> dict[str, str]:
    f = m.flight(fid)
    return {s.astronaut: s.returns_on or fid for s in f.seats if s.astronaut}


def _only_forced_lifeboat_gaps(m: Scenario, origin: dt.date, relief: dt.date) -> None:
    """After the event the checker finds nothing but lifeboat gaps that end before the relief docks."""
    report = check_scenario(m)
    last_launch = max(f.launch_day for f in m.flights)
    for v in report.violations:
        if v.last_day < origin or (v.rule == "rescue.standby" and v.first_day >= last_launch):
            continue  # history, or the end of the scenario's flights (nothing later can stand by)
        assert v.rule == "lifeboat", v.message
        assert v.last_day < relief, v.message


def test_soyuz_ms22_leak_next_soyuz_flies_uncrewed_and_crew_stays_longer() -> None:
    people = [person(p, "RSA", "RU") for p in ("ru1", "ru2", "ru4", "ru5")] + \
             [person(p, "RSA", "RU", ("dragon-q",)) for p in ("ru3", "ru6")] + \
             [person(p, "NASA", "US", ("soyuz-q",)) for p in ("us1", "us5")] + \
             [person(p, "NASA", "US") for p in ("us2", "us3", "us4", "us6", "us7", "us8")]
    before = scenario(people, [
        flight("ms-22", "soyuz", "iss", "2022-09-21", status="flown", undocking="2023-03-28", port="rassvet",
               crew=[("commander", "ru1"), ("flight_engineer", "ru2"), ("flight_engineer", "us1")]),
        flight("crew-5", "dragon", "iss", "2022-10-05", status="flown", undocking="2023-03-11", port="h-fwd",
               crew=[("commander", "us2"), ("pilot", "us3"), ("mission_specialist", "us4"),
                     ("mission_specialist", "ru3")]),
        flight("ms-23", "soyuz", "iss", "2023-03-16", stay_days=187, port="prichal",
               crew=[("commander", "ru4"), ("flight_engineer", "ru5"), ("flight_engineer", "us5")]),
        flight("crew-6", "dragon", "iss", "2023-03-02", stay_days=180, port="h-zen",
               crew=[("commander", "us6"), ("pilot", "us7"), ("mission_specialist", "us8"),
                     ("mission_specialist", "ru6")]),
    ])
    after, _rr = _run(before, "vehicle_damaged flight=ms-22 date=2022-12-14")
    ms23 = after.flight("ms-23")
    assert ms23.crew() == ()                                   # the next Soyuz flies uncrewed ...
    assert set(_returns(after, "ms-22").values()) == {"ms-23"}  # ... and brings the MS-22 crew home
    assert ms23.launch_day < dt.date(2023, 3, 16)              # as early as the replan allows
    assert after.flight("crew-6").crew() == before.flight("crew-6").crew()  # the rest is left alone
    _only_forced_lifeboat_gaps(after, dt.date(2022, 12, 14), ms23.launch_day)


def test_shenzhou20_damage_crew_home_on_sz21_and_standby_launches_uncrewed() -> None:
    people = [person(f"cn{i}", "CMSA", "CN") for i in range(1, 13)]
    before = scenario(people, [
        flight("sz-20", "shenzhou", "css", "2025-04-24", status="flown", undocking="2025-11-05", port="radial",
               crew=[("commander", "cn1"), ("crew", "cn2"), ("crew", "cn3")]),
        flight("sz-21", "shenzhou", "css", "2025-10-31", status="flown", undocking="2026-04-29", port="fwd",
               crew=[("commander", "cn4"), ("crew", "cn5"), ("crew", "cn6")]),
        flight("sz-22", "shenzhou", "css", "2026-04-20", stay_days=180,
               crew=[("commander", "cn7"), ("crew", "cn8"), ("crew", "cn9")]),
        flight("sz-23", "shenzhou", "css", "2026-10-20", stay_days=180,
               crew=[("commander", "cn10"), ("crew", "cn11"), ("crew", "cn12")]),
    ])
    after, _rr = _run(before, "vehicle_damaged flight=sz-20 date=2025-11-05")
    assert set(_returns(after, "sz-20").values()) == {"sz-21"}   # SZ-20 crew home on SZ-21
    assert set(_returns(after, "sz-21").values()) == {"sz-22"}   # SZ-21 crew waits for SZ-22
    sz22 = after.flight("sz-22")
    assert sz22.crew() == ()                                     # the standby Shenzhou flies uncrewed
    assert sz22.launch_day <= dt.date(2025, 11, 5) + dt.timedelta(days=12)
    assert after.flight("sz-21").undocking_day() < dt.date(2026, 4, 29)
    _only_forced_lifeboat_gaps(after, dt.date(2025, 11, 5), sz22.launch_day)


def test_vehicle_that_may_not_bring_crew_home_next_vehicle_flies_with_empty_seats() -> None:
    people = [person(p, "NASA", "US", ("starliner-q", "dragon-q")) for p in ("s1", "s2")] + \
             [person(p, "NASA", "US") for p in ("d1", "d2", "d3", "d4", "n1", "n2", "n3", "n4")] + \
             [person(p, "RSA", "RU") for p in ("r1", "r2", "r3")]
    roomy = [dict(st, capacity={"nominal_crew": 9, "handover_crew": 13, "handover_days_max": 20})
             for st in scenario([], []).model_dump(mode="json", by_alias=True, exclude_defaults=True)["stations"]]
    before = scenario(people, [
        flight("cft", "starliner", "iss", "2024-06-05", status="flown", undocking="2024-06-15", port="h-fwd",
               crew=[("commander", "s1"), ("pilot", "s2")]),
        flight("crew-8", "dragon", "iss", "2024-03-04", status="flown", undocking="2024-10-23", port="h-zen",
               crew=[("commander", "d1"), ("pilot", "d2"), ("mission_specialist", "d3"),
                     ("mission_specialist", "d4")]),
        flight("ms-25", "soyuz", "iss", "2024-03-23", status="flown", undocking="2024-09-23", port="rassvet",
               crew=[("commander", "r1"), ("flight_engineer", "r2"), ("flight_engineer", "r3")]),
        flight("crew-9", "dragon", "iss", "2024-08-18", stay_days=160, port="h-fwd",
               crew=[("commander", "n1"), ("pilot", "n2"), ("mission_specialist", "n3"),
                     ("mission_specialist", "n4")]),
    ], stations=roomy)
    after, _rr = _run(before, "vehicle_damaged flight=cft date=2024-06-14")
    assert set(_returns(after, "cft").values()) == {"crew-9"}
    crew9 = after.flight("crew-9")
    assert 1 <= len(crew9.crew()) <= 2                            # seats left empty for the CFT crew
    assert set(crew9.crew()) <= {"n1", "n2", "n3", "n4"}          # from the crew it had
    _only_forced_lifeboat_gaps(after, dt.date(2024, 6, 14), crew9.launch_day)


def _ms22_with_an_optional_relief(ms23_launch: str) -> Scenario:
    """MS-22 docked, the next planned Soyuz launching on ``ms23_launch``, and an optional uncrewed Soyuz that
    could be readied to launch on 2023-01-20."""
    people = [person(p, "RSA", "RU") for p in ("ru1", "ru2", "ru4", "ru5")] + \
             [person(p, "NASA", "US", ("soyuz-q",)) for p in ("us1", "us5")]
    return scenario(people, [
        flight("ms-22", "soyuz", "iss", "2022-09-21", status="flown", undocking="2023-03-28", port="rassvet",
               crew=[("commander", "ru1"), ("flight_engineer", "ru2"), ("flight_engineer", "us1")]),
        flight("ms-23", "soyuz", "iss", ms23_launch, stay_days=180, port="rassvet",
               crew=[("commander", "ru4"), ("flight_engineer", "ru5"), ("flight_engineer", "us5")]),
        # Offered, not flown by the previous plan: an optional flight left out is written cancelled.
        flight("ms-relief", "soyuz", "iss", "2023-01-20", stay_days=180, port="prichal", uncrewed=True,
               optional=True, status="cancelled",
               crew=[("commander", None), ("flight_engineer", None), ("flight_engineer", None)]),
    ])


def test_an_optional_relief_flies_when_it_shortens_the_lifeboat_gap() -> None:
    before = _ms22_with_an_optional_relief("2023-07-01")  # half a year away: too late to relieve MS-22
    after, _rr = _run(before, "vehicle_damaged flight=ms-22 date=2022-12-14")
    relief = after.flight("ms-relief")
    assert relief.status.value == "planned" and relief.crew() == ()   # the added relief flies ...
    assert set(_returns(after, "ms-22").values()) == {"ms-relief"}     # ... and brings the MS-22 crew home
    assert set(after.flight("ms-23").crew()) == {"ru4", "ru5", "us5"}  # the planned crew keeps its flight
    _only_forced_lifeboat_gaps(after, dt.date(2022, 12, 14), relief.launch_day)


def test_an_optional_relief_is_left_out_when_nothing_needs_it() -> None:
    before = _ms22_with_an_optional_relief("2023-03-29")  # the handover as planned
    after, rr = _run(before, "launch_slip flight=ms-23 date=2023-01-10 slip_days=1")
    assert after.flight("ms-relief").status.value == "cancelled"      # not flown: written cancelled
    assert rr.result.quantities.get("flights_added", 0) == 0
    assert rr.result.quantities["changes_from_previous"] == 0
    assert check_scenario(after).hard == [] or all(v.last_day < dt.date(2023, 6, 1)
                                                   for v in check_scenario(after).hard)


def _css_with_an_optional_rotation() -> Scenario:
    """SZ-21 docked (its vehicle good until about 2026-05-18), SZ-22 planned to relieve it, and an extra crewed
    rotation the scenario offers (a standby Shenzhou with a crew, launching by 2026-05-10 at the latest)."""
    people = [person(f"cn{i}", "CMSA", "CN") for i in range(1, 13)]
    css = [dict(st, continuous_from="2022-06-05", min_crew=3) if st["id"] == "css" else st
           for st in scenario([], []).model_dump(mode="json", by_alias=True, exclude_defaults=True)["stations"]]
    return scenario(people, [
        flight("sz-20", "shenzhou", "css", "2025-04-24", status="flown", undocking="2025-11-05", port="radial",
               crew=[("commander", "cn1"), ("crew", "cn2"), ("crew", "cn3")]),
        flight("sz-21", "shenzhou", "css", "2025-10-31", status="flown", undocking="2026-04-29", port="fwd",
               crew=[("commander", "cn4"), ("crew", "cn5"), ("crew", "cn6")]),
        flight("sz-22", "shenzhou", "css", "2026-04-20", stay_days=180, port="radial",
               crew=[("commander", "cn7"), ("crew", "cn8"), ("crew", "cn9")]),
        flight("sz-extra", "shenzhou", "css", "2026-04-25", launch_latest="2026-05-10", stay_days=180,
               port="radial", optional=True, status="cancelled",
               crew=[("commander", None), ("crew", None), ("crew", None)]),
        flight("sz-23", "shenzhou", "css", "2026-10-15", stay_days=180, port="fwd",
               crew=[("commander", "cn10"), ("crew", "cn11"), ("crew", "cn12")]),
    ], stations=css, settings={"horizon_start": "2025-01-01", "horizon_end": "2026-12-31"})


def test_an_extra_crewed_rotation_flies_when_the_planned_one_slips_past_the_docked_crews_vehicle() -> None:
    before = _css_with_an_optional_rotation()
    # SZ-22 cannot fly before October: SZ-21 must come home by its vehicle's docked life, leaving the CSS empty.
    after, rr = _run(before, "launch_slip flight=sz-22 date=2026-03-01 slip_days=214")
    extra = after.flight("sz-extra")
    assert extra.status.value == "planned" and len(extra.crew()) == 3   # the extra rotation flies, crewed ...
    assert rr.result.quantities["flights_added"] == 1
    assert after.flight("sz-22").launch_day >= dt.date(2026, 10, 1)
    assert rr.result.quantities.get("station_crew_shortfalls", 0) == 0  # ... so the CSS is never left empty
    assert set(extra.crew()) == {"cn7", "cn8", "cn9"}                   # the displaced crew re-flown
    _only_forced_lifeboat_gaps(after, dt.date(2026, 3, 1), extra.launch_day)  # (and no lifeboat gap either)


def test_an_extra_crewed_rotation_is_left_out_with_its_seats_empty_when_the_plan_holds() -> None:
    before = _css_with_an_optional_rotation()
    after, rr = _run(before, "launch_slip flight=sz-22 date=2026-03-01 slip_days=1")
    extra = after.flight("sz-extra")
    assert extra.status.value == "cancelled" and extra.crew() == ()
    assert rr.result.quantities.get("flights_added", 0) == 0
    assert set(after.flight("sz-22").crew()) == {"cn7", "cn8", "cn9"}


def _css_rotations() -> Scenario:
    people = [person(f"cn{i}", "CMSA", "CN") for i in range(1, 10)]
    css = [dict(st, continuous_from="2022-06-05", min_crew=3) if st["id"] == "css" else st
           for st in scenario([], []).model_dump(mode="json", by_alias=True, exclude_defaults=True)["stations"]]
    return scenario(people, [
        flight("sz-21", "shenzhou", "css", "2025-10-31", status="flown", undocking="2026-04-29", port="fwd",
               crew=[("commander", "cn1"), ("crew", "cn2"), ("crew", "cn3")]),
        flight("sz-22", "shenzhou", "css", "2026-04-20", stay_days=180, port="radial",
               crew=[("commander", "cn4"), ("crew", "cn5"), ("crew", "cn6")]),
        flight("sz-23", "shenzhou", "css", "2026-10-15", stay_days=180, port="fwd",
               crew=[("commander", "cn7"), ("crew", "cn8"), ("crew", "cn9")]),
    ], stations=css, settings={"horizon_start": "2025-01-01", "horizon_end": "2027-02-28"})


def test_a_planned_stay_grows_within_the_docked_life_when_allowed_to_meet_a_slipped_relief() -> None:
    before = _css_rotations()
    slip = events_from_text(before, ["launch_slip flight=sz-23 date=2026-03-01 slip_days=245"])  # to 2026-11-01
    # Launches may not move later, and a stay only by its own slack (none): SZ-22 leaves before SZ-23 comes.
    kept = replan(before, slip, OPTS, shift_days=0)
    assert kept.result.quantities["station_crew_shortfalls"] > 0
    grown = replan(before, slip, OPTS, shift_days=0, stay_shift_days=30)
    assert grown.result.feasible and grown.result.quantities.get("station_crew_shortfalls", 0) == 0
    after = manifest(grown.instance, grown.result)
    sz22 = after.flight("sz-22")
    stay = (sz22.undocking_day() - sz22.docking_day).days
    assert 180 < stay <= 200                                      # longer, within the Shenzhou's docked life
    assert set(sz22.crew()) == {"cn4", "cn5", "cn6"} and set(after.flight("sz-23").crew()) == {"cn7", "cn8", "cn9"}
    _only_forced_lifeboat_gaps(after, dt.date(2026, 3, 1), sz22.launch_day)

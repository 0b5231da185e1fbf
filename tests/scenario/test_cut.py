"""``crewplan scenario at DATE``: the built-in record cut at the mornings of its three disruptions, against the
facts of what was then planned (facts-2 sections 2 and 3), and the cut manifests against the checker."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path

import pytest

from crewplan.check import check_scenario
from crewplan.domain import FlightStatus, Scenario
from crewplan.errors import UsageError
from crewplan.scenario import load_scenario
from crewplan.scenario.cut import scenario_at

MORNINGS = [(dt.date(2022, 12, 14), dt.date(2023, 12, 31)), (dt.date(2024, 8, 24), dt.date(2025, 6, 30)),
            (dt.date(2025, 11, 5), dt.date(2026, 4, 20))]


@pytest.fixture(scope="module")
def builtin() -> Scenario:
    return load_scenario(None)


def test_before_the_ms22_leak(builtin: Scenario) -> None:
    cut = scenario_at(builtin, dt.date(2022, 12, 14), dt.date(2023, 12, 31))
    ms22 = cut.flight("soyuz-ms-22")
    assert ms22.status is FlightStatus.FLOWN and ms22.landing is None and ms22.stay_days == 188
    assert all(s.returns_on is None for s in ms22.seats)          # home on their own ship, as then planned
    ms23 = cut.flight("soyuz-ms-23")
    assert ms23.status is FlightStatus.PLANNED and not ms23.uncrewed
    assert ms23.launch_day == dt.date(2023, 3, 16)
    assert {s.astronaut: s.role.value for s in ms23.seats} == {
        "oleg-kononenko": "commander", "nikolai-chub": "flight_engineer", "loral-ohara": "flight_engineer"}
    assert cut.flight("soyuz-ms-24").crew() == ()                  # its crew then: not in the facts
    assert cut.flight("crew-6").status is FlightStatus.PLANNED     # launched 2023-03-02: still to fly
    assert cut.flight("shenzhou-15").landing is None               # in orbit that morning
    assert not any(e.id == "ms22-coolant-leak" for e in cut.events)
    assert cut.settings.horizon_end == dt.date(2023, 12, 31)
    assert all(f.launch_day <= dt.date(2023, 12, 31) or f.purpose == "standby" for f in cut.flights)


def test_on_the_morning_of_a_decision_the_old_plan_holds(builtin: Scenario) -> None:
    cut = scenario_at(builtin, dt.date(2024, 8, 24), dt.date(2025, 6, 30))
    crew9 = cut.flight("crew-9")
    assert set(crew9.crew()) == {"zena-cardman", "nick-hague", "stephanie-wilson", "aleksandr-gorbunov"}
    assert crew9.launch_day == dt.date(2024, 9, 24)
    assert all(s.returns_on is None for s in cut.flight("boe-cft").seats)   # home on Starliner, as planned


def test_a_standby_station_keeps_two_vehicles_standing_by_after_the_horizon(builtin: Scenario) -> None:
    cut = scenario_at(builtin, dt.date(2025, 11, 5), dt.date(2026, 4, 20))
    standby = [f for f in cut.flights if f.station == "css" and f.launch_day > dt.date(2026, 4, 20)]
    assert len(standby) == 2
    assert all(f.uncrewed and f.purpose == "standby" and f.port is None and not f.seats for f in standby)
    sz22 = cut.flight("shenzhou-22")                                 # then planned for April 2026, crewed
    assert sz22.launch_day == dt.date(2026, 4, 24) and sz22 in standby


@pytest.mark.parametrize(("day", "end"), MORNINGS, ids=[str(d) for d, _ in MORNINGS])
def test_each_morning_is_a_manifest_the_checker_accepts(builtin: Scenario, day: dt.date, end: dt.date) -> None:
    """What was planned that morning breaks no hard rule from the morning on (the disruption has not
    happened yet)."""
    cut = scenario_at(builtin, day, end)
    hard = [v for v in check_scenario(cut).hard if v.last_day >= day]
    assert hard == [], [v.message for v in hard]


def test_a_day_outside_the_horizon_is_refused(builtin: Scenario) -> None:
    with pytest.raises(UsageError, match="horizon"):
        scenario_at(builtin, dt.date(2035, 1, 1))
    with pytest.raises(UsageError, match="must be after"):
        scenario_at(builtin, dt.date(2024, 1, 1), dt.date(2023, 1, 1))


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "crewplan.cli", *args], capture_output=True, text=True,
                          timeout=300)


def test_the_command_writes_a_manifest_that_loads(tmp_path: Path) -> None:
    out = tmp_path / "before" / "ms22.yaml"
    done = _cli("scenario", "at", "2022-12-14", "--horizon-end", "2023-12-31", "--out", str(out))
    assert done.returncode == 0, done.stderr
    assert "morning of 2022-12-14" in done.stdout
    cut = load_scenario(out)
    assert cut.flight("soyuz-ms-23").status is FlightStatus.PLANNED
    assert (out.parent / "elements").is_dir()
    assert _cli("scenario", "validate", str(out)).returncode == 0


@pytest.mark.parametrize(("args", "message"), [
    (("2022-13-01", "--out", "x.yaml"), "is not a day"),
    (("2022-12-14",), "needs --out"),
    (("2022-12-14", "--horizon-end", "soon", "--out", "x.yaml"), "is not a day"),
])
def test_bad_input_gets_a_clear_error(tmp_path: Path, args: tuple[str, ...], message: str) -> None:
    done = _cli("scenario", "at", *(str(tmp_path / a) if a == "x.yaml" else a for a in args))
    assert done.returncode == 2 and message in done.stderr and "Traceback" not in done.stderr

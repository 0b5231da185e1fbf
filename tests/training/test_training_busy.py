"""A course cannot be taken while the trainee is in space."""

import datetime as dt
from pathlib import Path

import pytest

from crewplan.scenario import load_scenario
from crewplan.training import earliest_ready
from crewplan.training.curriculum import TrainingError
from crewplan.training.plan import stays_of

MINIMAL = Path(__file__).resolve().parents[1] / "data" / "minimal" / "scenario.yaml"


def _scenario(tmp_path: Path, commander: str) -> object:
    # cand-pk-1 takes the basic course; its only session starts 2026-01-05 and lasts 12 weeks. Seat them on
    # SZ-23's payload seat (launch 2026-04-25, home on SZ-22) or not at all.
    text = MINIMAL.read_text(encoding="utf-8").replace(
        "      - {role: payload_specialist, returns_on: SZ-22}",
        f"      - {{role: payload_specialist, astronaut: {commander}, returns_on: SZ-22}}")
    path = tmp_path / "scenario.yaml"
    path.write_text(text, encoding="utf-8")
    return load_scenario(path)


def test_stays_run_from_launch_to_the_landing_of_the_vehicle_home(tmp_path):
    scenario = _scenario(tmp_path, "cand-pk-1")
    # Up on SZ-23 (2026-04-25), home on SZ-22, which lands 2026-05-01.
    assert stays_of(scenario, "cand-pk-1") == [(dt.date(2026, 4, 25), dt.date(2026, 5, 1))]


def test_a_session_during_a_stay_in_space_is_not_used(tmp_path):
    # The Shenzhou course's only session starts 2026-04-06 and runs 20 weeks, through the stay in space.
    with pytest.raises(TrainingError, match="in space from 2026-04-25 to 2026-05-01"):
        earliest_ready(_scenario(tmp_path, "cand-pk-1"), "cand-pk-1", ["shenzhou-crew"],
                       not_before=dt.date(2026, 1, 1))


def test_the_same_session_is_used_by_someone_on_the_ground(tmp_path):
    plan = earliest_ready(load_scenario(MINIMAL), "cand-pk-1", ["shenzhou-crew"], not_before=dt.date(2026, 1, 1))
    assert [(step.course, step.start) for step in plan.steps] == [
        ("basic-course", dt.date(2026, 1, 5)), ("shenzhou-course", dt.date(2026, 4, 6))]

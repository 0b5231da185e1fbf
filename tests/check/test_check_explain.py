"""``explain``: may this person take this seat, and if not, why and from when."""

from __future__ import annotations

import json

import pytest
from check_mini import base, build, day, faulty
from typer.testing import CliRunner

from crewplan.check.explain import explain
from crewplan.cli import app
from crewplan.domain import Role


def test_nasa_astronaut_on_a_shenzhou_flight_is_barred_by_the_wolf_amendment() -> None:
    answer = explain(build(base()), "n5", "sz-c")
    assert not answer.allowed
    wolf = [r for r in answer.reasons if r.rule == "legality.wolf-amendment"]
    assert len(wolf) == 1 and wolf[0].citation == "Public Law 112-10, Sec. 1340"
    assert wolf[0].ready_from is None and answer.ready_from is None  # no end date: never while the law stands


def test_candidate_whose_training_ends_after_launch_gets_the_ready_date() -> None:
    answer = explain(build(base()), "p2", "sz-c", Role.PAYLOAD_SPECIALIST)
    assert [r.rule for r in answer.reasons] == ["qualification"]
    # basic course 2030-01-07 + 26 weeks = 2030-07-08; next crew session 2030-09-02 + 16 weeks = 2030-12-23.
    assert answer.training is not None and answer.training.ready_day == day("2030-12-23")
    assert [s.course for s in answer.training.steps] == ["basic-training", "sz-crew-course"]
    assert answer.ready_from == day("2030-12-23") and answer.launch_day == day("2030-12-05")
    assert not answer.allowed


def test_training_that_ends_before_launch_makes_the_seat_allowed() -> None:
    answer = explain(build(base()), "p2", "sz-e", Role.FLIGHT_ENGINEER)
    assert answer.allowed and answer.reasons and all(r.fixed_by_training for r in answer.reasons)


def test_too_tall_for_the_seat() -> None:
    answer = explain(build(faulty("seat-fit")), "c6", "sz-e")
    assert [r.rule for r in answer.reasons] == ["seat.fit"]
    assert "195 cm is above the maximum 190 cm" in answer.reasons[0].message
    assert answer.ready_from is None


def test_esa_astronaut_on_a_cmsa_flight_after_the_agreement_ended() -> None:
    answer = explain(build(base()), "e2", "sz-d")
    assert [r.rule for r in answer.reasons] == ["legality.esa-on-cmsa"]
    assert "2030-12-31" in answer.reasons[0].message  # the agreement's end
    assert not answer.allowed


def test_same_esa_astronaut_while_the_agreement_was_in_force_is_allowed() -> None:
    answer = explain(build(base()), "e2", "sz-b")
    assert answer.allowed and answer.reasons == ()


def test_unknown_ids_are_usage_errors() -> None:
    from crewplan.errors import UsageError

    with pytest.raises(UsageError):
        explain(build(base()), "nobody", "sz-a")


def test_explain_command_json_and_exit_code(tmp_path: object) -> None:
    from check_mini import FAULT_DIR

    runner = CliRunner()
    result = runner.invoke(app, ["explain", str(FAULT_DIR / "clean.yaml"), "--astronaut", "n5", "--flight", "sz-c",
                                 "--json"])
    assert result.exit_code == 1
    doc = json.loads(result.stdout)
    assert doc["allowed"] is False and "legality.wolf-amendment" in [r["rule"] for r in doc["reasons"]]
    ok = runner.invoke(app, ["explain", str(FAULT_DIR / "clean.yaml"), "--astronaut", "e2", "--flight", "sz-b"])
    assert ok.exit_code == 0 and "yes" in ok.stdout


def test_builtin_nasa_astronaut_on_planned_shenzhou() -> None:
    from crewplan.scenario import load_scenario

    scenario = load_scenario(None)
    nasa = next(a.id for a in scenario.astronauts if a.agency == "NASA")
    shenzhou = next(f.id for f in scenario.flights if f.vehicle_type == "shenzhou" and f.status.value == "planned")
    answer = explain(scenario, nasa, shenzhou)
    assert "legality.wolf-amendment-nasa" in [r.rule for r in answer.reasons]
    assert not answer.allowed

"""``explain``: may this person take this seat, and if not, why and from when."""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest
from check_mini import base, build, day, faulty
from typer.testing import CliRunner

from crewplan.check import FAMILIES, check_scenario
from crewplan.check.explain import explain
from crewplan.cli import app
from crewplan.domain import Flight, Role, Scenario

NO_WINDOW = [f for f in FAMILIES if f != "window"]


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


# --- The built-in scenario (load_scenario(None)): the lead's cases of issue 4. ---------------------------------

PK, SZ24, SZ23 = "cand-pk-1", "shenzhou-24", "shenzhou-23"


@pytest.fixture(scope="module")
def builtin() -> Scenario:
    from crewplan.scenario import load_scenario

    return load_scenario(None)


def _copy(scenario: Scenario, **update: object) -> Scenario:
    """``model_copy`` without the cached id index (it would keep answering lookups from the old entities)."""
    new = scenario.model_copy(update=update)
    new.__dict__.pop("_index", None)
    return new


def _with_flight(scenario: Scenario, flight_id: str, change: Callable[[Flight], Flight]) -> Scenario:
    return _copy(scenario, flights=tuple(change(f) if f.id == flight_id else f for f in scenario.flights))


def _flat(text: str) -> str:
    return " ".join(text.split())


def test_builtin_short_visit_is_checked_in_its_seat_with_its_return_flight(builtin: Scenario) -> None:
    """Bug 1: the payload specialist seat of Shenzhou-24 returns on Shenzhou-23 (a ~1-week visit)."""
    answer = explain(builtin, PK, SZ24)
    sz23_home = builtin.flight(SZ23).undocking_day()
    assert sz23_home == day("2026-10-21") and builtin.flight(SZ24).undocking_day() == day("2027-04-13")
    assert answer.role is Role.PAYLOAD_SPECIALIST
    assert answer.returns_on == SZ23 and answer.landing_day == sz23_home
    assert "agreement.stay" not in [r.rule for r in answer.reasons]
    # The qualifications must hold to the landing of the vehicle that brings them home, not Shenzhou-24's.
    qual = [v for v in answer.violations if v.rule == "qualification"]
    assert len(qual) == 1 and qual[0].last_day == sz23_home and "(2026-10-15 to 2026-10-21)" in qual[0].message
    assert answer.training is not None and answer.training.valid_through == sz23_home
    assert any("returns on Shenzhou-23" in n for n in answer.notes)


def test_builtin_stay_limit_still_applies_when_the_seat_stays_the_whole_increment(builtin: Scenario) -> None:
    """Bug 1, the other side (and bug 4): without ``returns_on`` the same seat is a 180-day stay, beyond the
    grant's 14 days; no date removes that, returning earlier does, so "not while these rules stand" is wrong."""
    long_stay = _with_flight(builtin, SZ24, lambda f: f.model_copy(update={"seats": tuple(
        s.model_copy(update={"returns_on": None}) for s in f.seats)}))
    answer = explain(long_stay, PK, SZ24)
    assert answer.returns_on == SZ24 and answer.landing_day == day("2027-04-13")
    stay = [r for r in answer.reasons if r.rule == "agreement.stay"]
    assert len(stay) == 1 and "stays 180 days" in stay[0].message and "at most 14" in stay[0].message
    assert not answer.allowed and answer.answer == "no"
    assert answer.ready_from is None and not answer.barred and not stay[0].permanent
    could = answer.could_fly()
    assert could is not None and "rules stand" not in could and f"return {PK} earlier" in could


def test_builtin_training_before_launch_is_a_condition_not_a_refusal(builtin: Scenario) -> None:
    """Bug 2: training that ends before launch is the fix, not a reason: "yes, once trained"."""
    answer = explain(builtin, PK, SZ24)
    assert answer.allowed and answer.needs_training and answer.answer == "yes, once trained"
    assert [r.rule for r in answer.reasons] == ["qualification"] and answer.reasons[0].fixed_by_training
    assert answer.training is not None and answer.training.ready_day == day("2026-08-10")
    assert answer.ready_from == day("2026-08-10") < answer.launch_day == day("2026-10-15")
    assert "ready from 2026-08-10 after training plan" in answer.reasons[0].message
    assert answer.could_fly() is None
    result = CliRunner().invoke(app, ["explain", "--astronaut", PK, "--flight", SZ24])
    assert result.exit_code == 0, result.stdout
    out = _flat(result.stdout)
    assert out.startswith(f"yes, once trained: {PK} may take the payload specialist seat on {SZ24}")
    assert "ready from 2026-08-10" in out and "could fly" not in out and "no:" not in out
    doc = json.loads(CliRunner().invoke(app, ["explain", "--astronaut", PK, "--flight", SZ24, "--json"]).stdout)
    assert doc["answer"] == "yes, once trained" and doc["allowed"] is True and doc["ready_from"] == "2026-08-10"


def test_builtin_open_seats_of_the_plan_are_not_blamed_on_the_person(builtin: Scenario) -> None:
    """Bug 3: the commander seat of Shenzhou-24 is open because the plan is not made; the checker reports
    "crewed but has no commander" once anyone sits in it, but that is not this person's doing."""
    from crewplan.check.explain import _seat

    seated, _, _ = _seat(builtin, builtin.flight(SZ24), PK, None)
    report = check_scenario(_with_flight(builtin, SZ24, lambda _: seated), families=NO_WINDOW)
    assert any(v.rule == "seat.role" and "has no commander" in v.message for v in report.violations)
    answer = explain(builtin, PK, SZ24)
    assert "seat.role" not in [r.rule for r in answer.reasons]
    assert any("commander seat is still open" in n for n in answer.notes)
    # The same on a Soyuz: a qualified Roscosmos candidate in an open flight engineer seat is a plain yes.
    ru = explain(builtin, "cand-ru-1", "soyuz-ms-29", Role.FLIGHT_ENGINEER)
    assert ru.allowed and ru.answer == "yes" and ru.reasons == ()


def test_builtin_problems_that_exist_without_the_person_are_not_theirs(builtin: Scenario) -> None:
    """Bug 3: other people's findings and a station over its handover crew without this person stay theirs,
    even though the message (the head count) changes with the person aboard."""
    def crew(names: list[str]) -> Callable[[Flight], Flight]:
        def change(f: Flight) -> Flight:
            who = iter(names)
            return f.model_copy(update={"seats": tuple(
                s.model_copy(update={"astronaut": next(who, None)}) if s.role is not Role.PAYLOAD_SPECIALIST
                or f.id == SZ23 else s for s in f.seats)})
        return change

    crowded = _with_flight(_with_flight(builtin, SZ23, crew(["cand-cn-p1", "cand-cn-p2", "cand-cn-p3"])), SZ24,
                           crew(["cand-cn-p4", "cand-cn-p5"]))
    crowded = _copy(crowded, stations=tuple(
        s.model_copy(update={"capacity": s.capacity.model_copy(update={"handover_crew": 4})}) if s.id == "css"
        else s for s in crowded.stations))
    without = check_scenario(crowded, families=NO_WINDOW)
    assert any(v.rule == "station.capacity" and "5 people aboard" in v.message for v in without.violations)
    assert any(v.rule == "qualification" and "cand-cn-p4" in v.entities.astronauts for v in without.violations)
    answer = explain(crowded, PK, SZ24)
    assert [r.rule for r in answer.reasons] == ["qualification"]
    assert all(PK in v.entities.astronauts for v in answer.violations)
    assert answer.answer == "yes, once trained"
    assert any("already a problem without this seat" in n and "6 people aboard" in n for n in answer.notes)


def test_builtin_could_fly_gives_a_date_or_a_fix_unless_an_endless_rule_bars(builtin: Scenario) -> None:
    """Bug 4: "not while these rules stand" only for a rule with no end date."""
    wolf = explain(builtin, "cand-us-1", SZ24)
    assert wolf.barred and (wolf.could_fly() or "").startswith("not while these rules stand")
    later = explain(builtin, "cand-ru-4", "soyuz-ms-29", Role.COMMANDER)  # commander course ends after launch
    assert not later.allowed and later.could_fly() == "a flight launching on or after 2027-04-05"
    nasa = explain(builtin, "cand-us-4", "soyuz-ms-29", Role.COMMANDER)  # and the seat is Roscosmos's
    assert "seat.holder" in [r.rule for r in nasa.reasons] and "Roscosmos astronaut" in (nasa.could_fly() or "")
    tall = explain(builtin, "cand-us-3", "soyuz-ms-29", Role.FLIGHT_ENGINEER)
    could = tall.could_fly() or ""
    assert not tall.barred and "rules stand" not in could and "vehicle type whose seats fit" in could
    # An agreement that comes into force later: the rule barring ESA astronauts ends the day it starts.
    deals = tuple(a.model_copy(update={"valid_from": day("2027-06-01"), "valid_until": None})
                  if a.id == "esa-cmsa-2014" else a for a in builtin.agreements)
    esa = explain(_copy(builtin, agreements=deals), "cand-esa-1", SZ24, Role.PAYLOAD_SPECIALIST)
    rule = [r for r in esa.reasons if r.rule == "legality.esa-on-cmsa-flights"]
    assert len(rule) == 1 and rule[0].ready_from == day("2027-06-01") and not rule[0].permanent
    assert not esa.barred and "rules stand" not in (esa.could_fly() or "")
    result = CliRunner().invoke(app, ["explain", "--astronaut", "cand-ru-4", "--flight", "soyuz-ms-29",
                                      "--role", "commander"])
    assert result.exit_code == 1 and "could fly: a flight launching on or after 2027-04-05" in _flat(result.stdout)


def test_builtin_nasa_candidate_on_shenzhou_24_is_refused_wolf_amendment_first(builtin: Scenario) -> None:
    answer = explain(builtin, "cand-us-1", SZ24)
    assert not answer.allowed and answer.answer == "no"
    assert answer.reasons[0].rule == "legality.wolf-amendment-nasa" and answer.reasons[0].permanent
    assert answer.ready_from is None
    out = _flat(CliRunner().invoke(app, ["explain", "--astronaut", "cand-us-1", "--flight", SZ24]).stdout)
    assert out.startswith("no: cand-us-1") and out.index("wolf-amendment-nasa") < out.index("qualification")


def test_builtin_esa_candidate_after_the_esa_cmsa_agreement_ended(builtin: Scenario) -> None:
    answer = explain(builtin, "cand-esa-1", SZ24)
    assert not answer.allowed and answer.reasons[0].rule == "legality.esa-on-cmsa-flights"
    assert "ended on 2023-01-23" in answer.reasons[0].message and answer.barred


def test_builtin_too_tall_candidate_on_a_soyuz(builtin: Scenario) -> None:
    answer = explain(builtin, "cand-us-3", "soyuz-ms-29", Role.FLIGHT_ENGINEER)
    fit = [r.message for r in answer.reasons if r.rule == "seat.fit"]
    assert not answer.allowed and any("height 195 cm is above the maximum 190 cm" in m for m in fit)
    assert all(r.ready_from is None for r in answer.reasons if r.rule == "seat.fit")

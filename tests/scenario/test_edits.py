"""Plan edits as the service applies them: each result passes the loader's validation."""

from __future__ import annotations

import datetime as dt

import pytest

from crewplan.errors import ScenarioError, UsageError
from crewplan.scenario import edits, load_scenario


def test_moving_a_launch_keeps_the_stay_and_the_range_width() -> None:
    s = load_scenario()
    before = s.flight("soyuz-ms-29")
    moved = edits.move_launch(s, "soyuz-ms-29", before.launch_day + dt.timedelta(days=5)).scenario.flight(
        "soyuz-ms-29")
    assert moved.launch_day == before.launch_day + dt.timedelta(days=5)
    assert moved.stay_days == before.stay_days
    if before.undocking_day() is not None:
        assert moved.undocking_day() == before.undocking_day() + dt.timedelta(days=5)


def test_a_flown_flight_cannot_move_and_an_unknown_one_is_named() -> None:
    s = load_scenario()
    with pytest.raises(UsageError, match="only a planned launch can move"):
        edits.move_launch(s, "shenzhou-20", dt.date(2027, 1, 1))
    with pytest.raises(UsageError, match="no flight with id"):
        edits.move_launch(s, "no-such-flight", dt.date(2027, 1, 1))


def test_pin_release_waiver_and_event_give_valid_scenarios() -> None:
    s = load_scenario()
    with pytest.raises(UsageError, match="has no seat"):
        edits.pin(s, "crew-13", "nobody")
    waived = edits.waive(s, rule="lifeboat", reason="test", until=dt.date(2027, 1, 1), accepted_by="me")
    assert waived.scenario.waivers[-1].end == dt.date(2027, 1, 1)
    event = edits.add_event(s, {"kind": "launch_slip", "date": dt.date(2026, 7, 1), "flight": "soyuz-ms-29",
                                "slip_days": 10, "description": "a test slip"})
    assert event.scenario.events[-1].flight == "soyuz-ms-29" and event.flights == ("soyuz-ms-29",)
    with pytest.raises(ScenarioError):
        edits.add_event(s, {"kind": "launch_slip", "date": dt.date(2026, 7, 1), "flight": "nope", "slip_days": 1,
                              "description": "a slip of no flight"})


def test_a_proposal_is_submitted_then_decided_with_who_why_and_when() -> None:
    s = load_scenario()
    made = edits.add_proposal(s, proposer="ESA", kind="astronaut_flight", astronaut="cand-esa-1", station="css",
                              submitted_by="esa-planner (ESA)", note="a second visit")
    proposal = made.scenario.proposals[-1]
    assert (proposal.id, proposal.status.value, proposal.submitted_by) == (
        "esa-proposal-" + str(len(s.proposals) + 1), "proposed", "esa-planner (ESA)")
    assert made.astronauts == ("cand-esa-1",)
    experiment = edits.add_proposal(made.scenario, proposer="ESA", kind="experiment",
                                    experiment="exp-esa-extremophiles", submitted_by="me")
    assert experiment.scenario.proposals[-1].station == "iss"  # the experiment's station decides
    declined = edits.decide_proposal(made.scenario, proposal.id, accept=False, reason="no seat in 2027",
                                     decided_by="cmsa-planner (CMSA)", today=dt.date(2026, 12, 2))
    after = declined.scenario.proposals[-1]
    assert (after.status.value, after.decision_reason, after.decided_by, after.decided_on) == (
        "declined", "no seat in 2027", "cmsa-planner (CMSA)", dt.date(2026, 12, 2))
    with pytest.raises(UsageError, match="not in the plan"):
        edits.decide_proposal(s, "no-such", accept=True, reason="x", decided_by="me", today=dt.date(2026, 1, 1))
    with pytest.raises(UsageError, match="names no astronaut"):
        edits.add_proposal(s, proposer="ESA", kind="astronaut_flight", submitted_by="me")
    with pytest.raises(ScenarioError):  # an astronaut the scenario does not hold
        edits.add_proposal(s, proposer="ESA", kind="astronaut_flight", astronaut="nobody", submitted_by="me")


def test_the_planner_counts_a_proposal_only_once_it_is_accepted() -> None:
    from crewplan.planner.instance import build_instance
    from crewplan.planner.model import build_model

    s = load_scenario()
    pending = next(p for p in s.proposals if p.id == "prop-pk-backup-astronaut")
    assert pending.status.value == "proposed"
    accepted = edits.decide_proposal(s, pending.id, accept=True, reason="a seat", decided_by="me",
                                     today=dt.date(2026, 1, 1)).scenario

    def rewarded(scenario) -> bool:
        names = {v.name for v in build_model(build_instance(scenario)).model.proto.variables}
        return f"proposal({pending.id})" in names

    assert not rewarded(s) and rewarded(accepted)

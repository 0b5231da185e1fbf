"""The three-way merge of a branch into its plan, entity by entity, and who must approve what it changes."""

from __future__ import annotations

import datetime as dt

from crewplan.policy import approvers
from crewplan.scenario import edits, load_scenario
from crewplan.scenario.merge import merge
from crewplan.scenario.save import scenario_data


def _data(scenario):
    return scenario_data(scenario)


def test_changes_on_both_sides_to_different_entities_both_land() -> None:
    base = load_scenario()
    plan = edits.move_launch(base, "shenzhou-24", dt.date(2026, 10, 20)).scenario
    branch = edits.move_launch(base, "soyuz-ms-29", dt.date(2026, 8, 2)).scenario
    merged = merge(_data(base), _data(plan), _data(branch))
    assert merged.conflicts == [] and merged.from_branch == [("flights", "soyuz-ms-29")]
    flights = {f["id"]: f for f in merged.data["flights"]}
    assert flights["shenzhou-24"]["launch"] == "2026-10-20" and flights["soyuz-ms-29"]["launch"] == "2026-08-02"
    assert [f["id"] for f in merged.data["flights"]] == [f.id for f in base.flights]  # the plan's order


def test_the_same_entity_changed_differently_is_a_conflict_and_the_same_way_is_not() -> None:
    base = load_scenario()
    one = edits.move_launch(base, "shenzhou-24", dt.date(2026, 10, 20)).scenario
    other = edits.move_launch(base, "shenzhou-24", dt.date(2026, 10, 22)).scenario
    assert merge(_data(base), _data(one), _data(other)).conflicts == [("flights", "shenzhou-24")]
    same = merge(_data(base), _data(one), _data(one))
    assert same.conflicts == [] and same.from_branch == [] and same.data == _data(one)


def test_added_and_removed_entities_and_whole_sections() -> None:
    base = load_scenario()
    branch = edits.add_event(base, {"kind": "launch_slip", "date": dt.date(2026, 7, 1), "flight": "soyuz-ms-29",
                                    "slip_days": 10, "description": "a slip"}).scenario
    plan_data = _data(base)
    plan_data["waivers"] = []  # the plan dropped its waivers meanwhile
    plan_data["settings"] = {**plan_data.get("settings", {}), "rest_days_min": 99}
    merged = merge(_data(base), plan_data, _data(branch))
    assert merged.conflicts == []
    assert merged.data["events"][-1]["flight"] == "soyuz-ms-29" and merged.data["waivers"] == []
    assert merged.data["settings"]["rest_days_min"] == 99
    assert merged.from_branch == [("events", branch.events[-1].id)]
    branch_data = _data(base)
    branch_data["settings"] = {**branch_data.get("settings", {}), "rest_days_min": 7}
    assert merge(_data(base), plan_data, branch_data).conflicts == [("settings", "")]


def test_the_agencies_a_change_touches_approve_it() -> None:
    base = load_scenario()
    moved = edits.move_launch(base, "soyuz-ms-29", dt.date(2026, 8, 2)).scenario
    need = approvers(base, moved, [("flights", "soyuz-ms-29")])
    assert "Roscosmos" in need and need["Roscosmos"] == ["flight soyuz-ms-29"]
    crew = {base.astronaut(a).agency for a in base.flight("soyuz-ms-29").crew()}
    assert set(need) == {"Roscosmos"} | crew
    proposal = edits.add_proposal(base, proposer="ESA", kind="astronaut_flight", astronaut="cand-esa-1",
                                  station="css", submitted_by="me").scenario
    assert set(approvers(base, proposal, [("proposals", proposal.proposals[-1].id)])) == {"ESA", "CMSA"}
    operators = {s.operator for s in base.stations}
    assert set(approvers(base, base, [("settings", "")])) == operators

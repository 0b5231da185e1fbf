"""Merge requests through the live service, on SQLite and PostgreSQL: a branch's change merges only after
every agency it touches approved; the diff and the checker's verdict on the merged result; conflicts and a
moved plan are refused; non-members see nothing."""

from __future__ import annotations

from typing import Any

import httpx

from api.service import Service


def _plan(client: httpx.Client, plan_id: int) -> dict[str, Any]:
    answer = client.get(f"/plans/{plan_id}")
    assert answer.status_code == 200, answer.text
    result: dict[str, Any] = answer.json()
    return result


def _branch_moving(client: httpx.Client, main: int, flight: str, day: str) -> int:
    branch = client.post(f"/plans/{main}/branches", json={"name": f"move {flight}"}).json()
    moved = client.post(f"/plans/{branch['id']}/edits/launch-day", headers={"If-Match": "1"},
                        json={"flight": flight, "launch_day": day})
    assert moved.status_code == 200, moved.text
    return int(branch["id"])


def test_a_branch_merges_once_every_touched_agency_approved(service: Service) -> None:
    main = service.plans["main"]
    with service.client("nasa-planner") as nasa:
        branch = _branch_moving(nasa, main, "shenzhou-24", "2026-10-19")
        opened = nasa.post(f"/plans/{branch}/merge-requests", json={"title": "SZ-24 four days later"})
        assert opened.status_code == 201, opened.text
        request = opened.json()
        url = f"/merge-requests/{request['id']}"
        assert request["plan_id"] == main and request["conflicts"] == []
        assert [c for c in request["changes"] if c["flight"] == "shenzhou-24"] == [
            {"kind": "launch_day", "flight": "shenzhou-24", "before": "2026-10-15", "after": "2026-10-19"}]
        assert request["verdict"]["hard_merged"] >= 0 and "hard_now" in request["verdict"]
        # SZ-24 is CMSA's vehicle and carries a CMSA astronaut: CMSA must approve (NASA, the opener, is not
        # asked: nothing of NASA's changes)
        assert [(a["agency"], a["touches"]) for a in request["required"]] == [("CMSA", ["flight shenzhou-24"])]
        assert request["waiting_for"] == ["CMSA"] and request["approvals"] == []
        assert "merge" not in request["allowed_actions"]
        refused = nasa.post(f"{url}/merge", headers={"If-Match": str(request["plan_revision"])})
        assert refused.status_code == 403 and "waiting for the approval of" in refused.text
    for who in ("esa-planner", "nasa-planner"):
        with service.client(who) as other:
            asked = other.post(f"{url}/approvals", json={"approve": True})
            assert asked.status_code == 403 and "merge.approvers" in asked.text
    with service.client("cmsa-viewer") as viewer:
        assert viewer.post(f"{url}/approvals", json={"approve": True}).status_code == 403
    with service.client("cmsa-planner") as cmsa:
        rejected = cmsa.post(f"{url}/approvals", json={"approve": False, "comment": "not yet"}).json()
        assert rejected["waiting_for"] == ["CMSA"] and "approve" in rejected["allowed_actions"]
        approved = cmsa.post(f"{url}/approvals", json={"approve": True, "comment": "CMSA agrees"})
        assert approved.status_code == 200 and approved.json()["waiting_for"] == []
    with service.client("nasa-planner") as nasa:
        now = nasa.get(url).json()
        assert "merge" in now["allowed_actions"]
        assert [(a["agency"], a["approve"]) for a in now["approvals"]] == [("CMSA", False), ("CMSA", True)]
        assert nasa.post(f"{url}/merge", headers={"If-Match": "1"}).status_code == 409
        merged = nasa.post(f"{url}/merge", headers={"If-Match": str(now["plan_revision"])})
        assert merged.status_code == 200, merged.text
        assert merged.json()["status"] == "merged"
        revision = merged.json()["merged_revision"]
        assert _plan(nasa, main)["revision"] == revision == now["plan_revision"] + 1
        flights = {f["id"]: f for f in nasa.get(f"/plans/{main}/document").json()["scenario"]["flights"]}
        assert flights["shenzhou-24"]["launch"] == "2026-10-19"
        assert nasa.post(f"{url}/merge", headers={"If-Match": str(revision)}).status_code == 409  # merged once
    with service.client("outsider-planner") as outsider:
        assert outsider.get(url).status_code == 404
        assert outsider.post(f"{url}/approvals", json={"approve": True}).status_code == 404


def test_a_conflicting_branch_is_refused_with_what_conflicts(service: Service) -> None:
    main = service.plans["main"]
    with service.client("cmsa-planner") as cmsa:
        branch = _branch_moving(cmsa, main, "shenzhou-25", "2027-04-10")
        revision = str(_plan(cmsa, main)["revision"])
        direct = cmsa.post(f"/plans/{main}/edits/launch-day", headers={"If-Match": revision},
                           json={"flight": "shenzhou-25", "launch_day": "2027-04-12"})
        assert direct.status_code == 200, direct.text
        answer = cmsa.post(f"/plans/{branch}/merge-requests", json={"title": "SZ-25"})
        assert answer.status_code == 409 and "flights shenzhou-25" in answer.text
        not_a_branch = cmsa.post(f"/plans/{main}/merge-requests", json={"title": "main into nothing"})
        assert not_a_branch.status_code == 422


def test_the_opener_closes_a_request_and_others_may_not(service: Service) -> None:
    main = service.plans["main"]
    with service.client("cmsa-planner") as cmsa:
        branch = _branch_moving(cmsa, main, "shenzhou-26", "2027-09-30")
        request = cmsa.post(f"/plans/{branch}/merge-requests", json={"title": "SZ-26"}).json()
        assert [a["agency"] for a in request["approvals"]] == ["CMSA"]  # the opener's agency approves by opening
        listed = cmsa.get(f"/plans/{main}/merge-requests").json()["merge_requests"]
        assert request["id"] in {r["id"] for r in listed}
    url = f"/merge-requests/{request['id']}"
    with service.client("nasa-planner") as nasa:
        assert nasa.post(f"{url}/close").status_code == 403
    with service.client("cmsa-planner") as cmsa:
        closed = cmsa.post(f"{url}/close")
        assert closed.status_code == 200 and closed.json()["status"] == "closed"
        assert cmsa.post(f"{url}/approvals", json={"approve": True}).status_code == 409

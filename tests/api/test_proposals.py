"""Proposals through the live service: an agency proposes its own astronaut to a station's operator, who
decides with a reason; only the two parties see it; each step is an edit with If-Match."""

from __future__ import annotations

from api.service import Service


def _revision(service: Service, who: str) -> str:
    with service.client(who) as client:
        return str(client.get(f"/plans/{service.plans['main']}").json()["revision"])


def test_a_proposal_goes_from_the_proposer_to_the_operator_and_nobody_else(service: Service) -> None:
    main = service.plans["main"]
    body = {"kind": "astronaut_flight", "astronaut": "cand-esa-1", "station": "css", "note": "PROPOSAL-NOTE-7"}
    with service.client("esa-planner") as esa:
        assert esa.post(f"/plans/{main}/proposals", json=body).status_code == 428
        made = esa.post(f"/plans/{main}/proposals", json=body, headers={"If-Match": _revision(service, "esa-planner")})
        assert made.status_code == 201, made.text
        pid = made.json()["proposal"]
        mine = esa.get(f"/plans/{main}/proposals/{pid}").json()
        assert (mine["status"], mine["proposer"], mine["submitted_by"]) == ("proposed", "ESA", "esa-planner (ESA)")
        assert mine["allowed_actions"] == ["read"]
        foreign = esa.post(f"/plans/{main}/proposals", headers={"If-Match": _revision(service, "esa-planner")},
                           json={"kind": "astronaut_flight", "astronaut": "cand-us-1", "station": "css"})
        assert foreign.status_code == 403 and "proposal.own" in foreign.text
    with service.client("nasa-planner") as nasa:
        assert nasa.get(f"/plans/{main}/proposals/{pid}").status_code == 404
        assert pid not in {p["id"] for p in nasa.get(f"/plans/{main}/proposals").json()["proposals"]}
        assert "PROPOSAL-NOTE-7" not in nasa.get(f"/plans/{main}/document").text
    with service.client("cmsa-planner") as cmsa:
        theirs = cmsa.get(f"/plans/{main}/proposals/{pid}").json()
        assert theirs["allowed_actions"] == ["read", "decide"]
        stale = cmsa.post(f"/plans/{main}/proposals/{pid}/decision", headers={"If-Match": "1"},
                          json={"accept": False, "reason": "no seat in 2027"})
        assert stale.status_code == 409
        decided = cmsa.post(f"/plans/{main}/proposals/{pid}/decision", json={"accept": False, "reason":
                            "no seat in 2027"}, headers={"If-Match": _revision(service, "cmsa-planner")})
        assert decided.status_code == 200, decided.text
    with service.client("esa-planner") as esa:
        after = esa.get(f"/plans/{main}/proposals/{pid}").json()
    assert (after["status"], after["decision_reason"], after["decided_by"]) == (
        "declined", "no seat in 2027", "cmsa-planner (CMSA)")
    assert after["decided_on"] is not None

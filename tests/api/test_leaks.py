"""Canary values in every protected field; every response of every endpoint, for every principal, scanned
for the ones that principal may not see: no leak."""

from __future__ import annotations

import pytest

from api.canary import Canary
from api.service import Service
from crewplan.scenario import load_scenario

OPERATOR = {s.id: s.operator for s in load_scenario().stations}
PROPOSALS = {p.id: (p.proposer, OPERATOR.get(p.station or "")) for p in load_scenario().proposals}


def may_see(principal: dict, canary: Canary) -> bool:
    if canary.kind == "body":
        return principal["agency"] == canary.owner
    if canary.kind == "medical":
        return principal["agency"] in (canary.owner, "ESA")  # CMSA shares medical data with ESA
    if canary.kind == "export":
        return "CN" not in principal["nationalities"]
    return principal["agency"] in PROPOSALS[canary.owner]


def endpoints(plans: dict[str, int]) -> list[str]:
    out = ["/auth/me", "/plans", "/audit", "/audit/verify", "/authz/explain", "/openapi.json", "/health"]
    for plan in (plans["main"], plans["branch"], plans["missing"]):
        out += [f"/plans/{plan}", f"/plans/{plan}/document", f"/plans/{plan}/revisions",
                f"/plans/{plan}/revisions/1", f"/plans/{plan}/check", f"/plans/{plan}/check?revision=1",
                f"/plans/{plan}/explain?astronaut=cand-us-1&flight=crew-13",
                f"/plans/{plan}/explain?astronaut=cand-cn-p1&flight=shenzhou-24",
                f"/plans/{plan}/windows?station=iss&site=ksc&start=2026-08-01&days=1",
                f"/authz/explain?plan_id={plan}&astronaut=cand-cn-p1&item=exp-nasa-cardiac-imaging",
                f"/plans/{plan}/proposals", f"/plans/{plan}/proposals?revision=1",
                *(f"/plans/{plan}/proposals/{p}" for p in PROPOSALS), f"/plans/{plan}/solve-jobs",
                f"/plans/{plan}/merge-requests", f"/plans/{plan}/occupancy", f"/plans/{plan}/compare",
                *(f"/plans/{plan}/astronauts/{a}/training" for a in ("cand-us-1", "cand-cn-p1")),
                *(f"/plans/{plan}/exports/{name}" for name in ("manifest.csv", "manifest.json", "flights.ics",
                                                                 "training.ics")),
                f"/plans/{plan}/exports/training.csv?astronaut=cand-cn-p1"]
    out += [f"/plans/{plans['main']}/revisions/2", f"/plans/{plans['main']}/diff?from=1&to=2",
            "/merge-requests/1", "/merge-requests/2"]
    return out


def test_the_canaries_are_planted_where_the_owner_sees_them(service: Service) -> None:
    """The scan below proves something only if the owners do see the values (so they reach responses)."""
    with service.client("nasa-planner") as client:
        nasa = client.get(f"/plans/{service.plans['main']}/document").text
        check = client.get(f"/plans/{service.plans['main']}/check").text
    assert "195.713" in nasa and "CANARY-EXPERIMENT-exp-nasa-cardiac-imaging" in nasa and "195.713" in check
    with service.client("cmsa-viewer") as client:
        cmsa = client.get(f"/plans/{service.plans['main']}/check").text
    assert "medically grounded" in cmsa


@pytest.mark.parametrize("who", ["cmsa-planner", "cmsa-viewer", "nasa-planner", "nasa-admin", "roscosmos-viewer",
                                 "esa-planner", "suparco-viewer", "outsider-planner"])
def test_no_response_leaks_a_canary(service: Service, who: str) -> None:
    principal = service.principals[who]
    hidden = [c for c in service.canaries if not may_see(principal, c)]
    assert hidden  # every principal is kept from something
    leaks = []
    with service.client(who) as client:
        for path in endpoints(service.plans):
            answer = client.get(path)
            assert answer.status_code < 500, (path, answer.text[:500])
            text = answer.text
            leaks += [(path, c.text) for c in hidden if c.text in text]
    assert leaks == []

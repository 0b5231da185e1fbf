"""What a plan gives each agreement, proposal and partner agency, in plain data (solver-free)."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from crewplan.domain import FlightStatus, ProposalKind, ProposalStatus, Scenario
from crewplan.rules import grant_counts


def summarize(manifest: Scenario, origin: Any) -> dict[str, Any]:
    """Agreements (seats per grant), proposals (flown or not), agencies (seats), flights decided."""
    people = {a.id: a for a in manifest.astronauts}
    vtypes = {t.id: t for t in manifest.vehicle_types}
    stations = {s.id: s for s in manifest.stations}
    seats = [(f, p) for f in sorted(manifest.flights, key=lambda f: f.launch_day)
             if f.status is not FlightStatus.CANCELLED for p in f.crew()]
    agreements = []
    for ag in manifest.agreements:
        for g in ag.seat_grants:
            flown = [(f.id, p) for f, p in seats if p in people and grant_counts(
                g, ag, people[p].agency, f, vtypes[f.vehicle_type], stations[f.station].operator)][:g.seats]
            agreements.append({"agreement": ag.id, "grant": g.id, "grantee": g.grantee, "seats": g.seats,
                               "deadline": g.deadline.isoformat() if g.deadline else None,
                               "flown": [{"flight": f, "astronaut": p} for f, p in flown],
                               "hypothetical": ag.hypothetical})
    proposals = []
    for pr in manifest.proposals:
        if pr.kind is not ProposalKind.ASTRONAUT_FLIGHT:
            continue
        hit = next((f.id for f, p in seats if p == pr.astronaut and (pr.station is None or f.station == pr.station)
                    and (pr.earliest is None or f.launch_day >= pr.earliest)
                    and (pr.latest is None or f.launch_day <= pr.latest)), None)
        proposals.append({"proposal": pr.id, "astronaut": pr.astronaut, "status": pr.status.value,
                          "accepted": pr.status is ProposalStatus.ACCEPTED, "flight": hit})
    by_agency: dict[str, list[str]] = defaultdict(list)
    planned = []
    for f in sorted(manifest.flights, key=lambda f: f.launch_day):
        if f.status is FlightStatus.PLANNED and f.launch_day >= origin:
            planned.append({"flight": f.id, "launch": f.launch_day.isoformat(), "port": f.port,
                            "crew": list(f.crew()), "uncrewed": not f.crew()})
            for p in f.crew():
                if p in people:
                    by_agency[people[p].agency].append(f.id)
    agencies = [{"agency": a, "seats": len(fs), "flights": fs} for a, fs in sorted(by_agency.items())]
    return {"agreements": agreements, "proposals": proposals, "agencies": agencies, "flights": planned}

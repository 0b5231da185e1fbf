"""What a plan gives each agreement, proposal, partner agency and person, in plain data (solver-free).

Agencies are measured in seats and in seat-days (launch to landing of every planned seat: a ten-day visit
is not a six-month increment), against the seats their agreements grant them."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from crewplan.check.context import CheckContext
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
    planned = []
    for f in sorted(manifest.flights, key=lambda f: f.launch_day):
        if f.status is FlightStatus.PLANNED and f.launch_day >= origin:
            planned.append({"flight": f.id, "launch": f.launch_day.isoformat(), "port": f.port,
                            "crew": list(f.crew()), "uncrewed": not f.crew()})
    return {"agreements": agreements, "proposals": proposals, **_people_and_agencies(manifest, origin, agreements),
            "flights": planned}


def _people_and_agencies(manifest: Scenario, origin: Any, agreements: list[dict[str, Any]]) -> dict[str, Any]:
    """Per agency: seats, seat-days and their share, grant seats promised and flown; per person flying in the
    planned period: flights, days in space, courses booked."""
    ctx = CheckContext(manifest, (manifest.settings.horizon_start, manifest.settings.horizon_end))
    people = {a.id: a for a in manifest.astronauts}
    stays = [s for s in ctx.stays if s.up.status is FlightStatus.PLANNED and s.launch_day >= origin]
    seats: dict[str, list[str]] = defaultdict(list)
    seat_days: dict[str, int] = defaultdict(int)
    mine: dict[str, list[Any]] = defaultdict(list)
    for stay in stays:
        agency = people[stay.astronaut].agency if stay.astronaut in people else "?"
        seats[agency].append(stay.up.id)
        seat_days[agency] += (stay.landing_day - stay.launch_day).days
        mine[stay.astronaut].append(stay)
    total = sum(seat_days.values()) or 1
    promised: dict[str, int] = defaultdict(int)
    flown: dict[str, int] = defaultdict(int)
    for g in agreements:
        promised[g["grantee"]] += g["seats"]
        flown[g["grantee"]] += len(g["flown"])
    agencies = [{"agency": a, "seats": len(seats[a]), "seat_days": seat_days[a],
                 "seat_days_share_pct": round(100 * seat_days[a] / total, 1),
                 "grant_seats": promised.get(a, 0), "grant_seats_flown": flown.get(a, 0), "flights": seats[a]}
                for a in sorted(set(seats) | set(promised))]
    booked: dict[str, list[str]] = defaultdict(list)
    for b in sorted(manifest.bookings, key=lambda b: (b.start, b.id)):
        booked[b.astronaut].append(b.course)
    persons = [{"astronaut": p, "agency": people[p].agency if p in people else None,
                "flights": [s.up.id if s.back.id == s.up.id else f"{s.up.id}/{s.back.id}" for s in ms],
                "days_in_space": sum((s.landing_day - s.launch_day).days for s in ms), "courses": booked.get(p, [])}
               for p, ms in sorted(mine.items(), key=lambda kv: (kv[1][0].launch_day, kv[0]))]
    return {"agencies": agencies, "people": persons}

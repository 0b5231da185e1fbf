"""The built-in scenario with canary values planted in every protected field, and who may see each.

Body measures (unique numbers), medical statuses, export-controlled details (experiment names, module and
vehicle notes, a seat-fit limit) and proposals' notes: a response that shows one of them to a principal the
policy keeps it from is a leak.
"""

from __future__ import annotations

from dataclasses import dataclass

from crewplan.domain import Body, Medical, Scenario, SeatFit
from crewplan.scenario import load_scenario

TALL = "cand-us-1"
"""A NASA candidate made too tall for the Crew Dragon's (canary) seat limit, put on Crew-13."""
GROUNDED = "cand-cn-p1"
"""A CMSA candidate made medically grounded and put on Shenzhou-24."""
SEAT_LIMIT_CM = 190.417
GROUNDED_TEXT = "medically grounded"


@dataclass(frozen=True)
class Canary:
    text: str
    kind: str
    """``body``, ``medical``, ``export`` or ``proposal``."""
    owner: str
    """The agency whose data it is (body, medical), or the proposal's id (proposal)."""


def canary_scenario() -> tuple[Scenario, list[Canary]]:
    s = load_scenario()
    canaries: list[Canary] = []
    people = []
    for n, a in enumerate(s.astronauts):
        if a.fictional and a.body is not None:
            # Unique per person and field (and at most 6 significant digits: messages print them with :g).
            height = 195.713 if a.id == TALL else 150.013 + n * 0.5
            body = Body(height_cm=round(height, 3), sitting_height_cm=round(80.029 + n * 0.2, 3),
                        mass_kg=round(50.037 + n * 0.5, 3))
            canaries += [Canary(f"{v:g}", "body", a.agency)
                         for v in (body.height_cm, body.sitting_height_cm, body.mass_kg)]
            a = a.model_copy(update={"body": body})
        if a.id == GROUNDED:
            a = a.model_copy(update={"medical": Medical.GROUNDED})
        people.append(a)
    canaries.append(Canary(GROUNDED_TEXT, "medical", "CMSA"))
    experiments = []
    for e in s.experiments:
        if e.export_control_class:
            e = e.model_copy(update={"name": f"CANARY-EXPERIMENT-{e.id}", "field": f"CANARY-FIELD-{e.id}",
                                     "institute": f"CANARY-INSTITUTE-{e.id}"})
            canaries += [Canary(t, "export", "ITAR") for t in (e.name, e.field, e.institute)]
        experiments.append(e)
    vehicles = []
    for v in s.vehicle_types:
        if v.id == "crew-dragon":
            v = v.model_copy(update={"note": "CANARY-VEHICLE-NOTE", "seat_fit": SeatFit(height_cm_max=SEAT_LIMIT_CM)})
            canaries += [Canary("CANARY-VEHICLE-NOTE", "export", "ITAR"),
                         Canary(f"{SEAT_LIMIT_CM:g}", "export", "ITAR")]
        vehicles.append(v)
    stations = []
    for st in s.stations:
        segments = []
        for seg in st.segments:
            modules = []
            for m in seg.modules:
                if seg.operator == "NASA":
                    m = m.model_copy(update={"note": f"CANARY-MODULE-NOTE-{m.id}"})
                    canaries.append(Canary(m.note, "export", "ITAR"))
                modules.append(m)
            segments.append(seg.model_copy(update={"modules": tuple(modules)}))
        stations.append(st.model_copy(update={"segments": tuple(segments)}))
    proposals = []
    for p in s.proposals:
        p = p.model_copy(update={"note": f"CANARY-PROPOSAL-{p.id}"})
        canaries.append(Canary(p.note or "", "proposal", p.id))
        proposals.append(p)
    flights = []
    for f in s.flights:
        crew = {"crew-13": TALL, "shenzhou-24": GROUNDED}.get(f.id)
        if crew:
            seats = (f.seats[0].model_copy(update={"astronaut": crew}), *f.seats[1:])
            f = f.model_copy(update={"seats": seats})
        flights.append(f)
    planted = s.model_copy(update={"astronauts": tuple(people), "experiments": tuple(experiments),
                                   "vehicle_types": tuple(vehicles), "stations": tuple(stations),
                                   "proposals": tuple(proposals), "flights": tuple(flights)})
    return planted, canaries

"""Experiment crew-hours (a soft goal): an experiment is covered when someone holding its qualification is
aboard its station during its window (by their flight's launch day, conservatively: launched before the
window ends and due to stay past its start). Accepted experiment proposals count as flown when covered."""

from __future__ import annotations

from typing import Any

from ortools.sat.python import cp_model

from crewplan.domain import ProposalKind, ProposalStatus
from crewplan.planner.constraints.agreements import seat_in
from crewplan.planner.instance import Instance
from crewplan.planner.objective import ObjectiveTerm
from crewplan.planner.variables import Variables


def build(model: cp_model.CpModel, v: Variables, inst: Instance) -> list[ObjectiveTerm]:
    s = inst.scenario
    people = {a.id: a for a in s.astronauts}
    hours: Any = 0
    covered_by_exp: dict[str, Any] = {}
    for e in s.experiments:
        ws = inst.day(e.window_start) if e.window_start else 0
        we = inst.day(e.window_end) if e.window_end else inst.horizon_end
        if we < 0:
            continue

        def qualified(person: str, need: str | None = e.qualification) -> bool:
            if need is None:
                return True
            return any(h.qualification == need for h in people[person].qualifications)

        lits: list[Any] = []
        constant = False
        for r in inst.riders:
            info = inst.flights[r.flight]
            if info.station == e.station and qualified(r.astronaut) and info.launch_hi <= we \
                    and info.undock_lo >= ws and info.fixed:
                constant = True
        for sc in inst.classes:
            info = inst.flights[sc.flight]
            if info.station != e.station:
                continue
            stay = info.stay_days[0]
            for c in sc.candidates:
                if qualified(c.astronaut):
                    z = seat_in(model, v, v.x[(sc.key, c.astronaut)], sc.flight, ws - stay, we,
                                f"exp({e.id},{sc.key},{c.astronaut})")
                    if z is not None:
                        lits.append(z)
        if constant:
            covered: Any = 1
        elif lits:
            covered = model.new_bool_var(f"covered({e.id})")
            model.add(sum(lits) >= 1).only_enforce_if(covered)
        else:
            continue
        covered_by_exp[e.id] = covered
        hours += round(e.crew_hours) * covered
    props: Any = 0
    for p in s.proposals:
        if p.kind is ProposalKind.EXPERIMENT and p.status is ProposalStatus.ACCEPTED and p.experiment in covered_by_exp:
            props += p.priority * covered_by_exp[p.experiment]
    terms = [ObjectiveTerm("experiment_crew_hours", s.settings.weights.experiment_crew_hours, hours, +1, "hours")]
    if not isinstance(props, int):
        terms.append(ObjectiveTerm("proposals_flown", s.settings.weights.proposal_flown, props, +1,
                                   "priority-weighted"))
    return terms

"""The assignment core of the planning model as a MIP (``pywraplp``: HiGHS, else SCIP), for comparison.

The core is the part of the CP-SAT model that is a pure assignment once every flight is taken at its
earliest launch day and shortest stay (exact for programmes whose launch days and stays are decided, as in
the generated benchmarks):

- ``x[class, astronaut]`` booleans over the same candidates as CP-SAT (legality, seat fit, availability
  and readiness already applied by ``planner/instance.py``); a candidate not ready by that launch day or
  whose qualification lapses before landing is left out;
- a seat class holds at most its seats; a person holds at most one seat on a flight; no more of a role
  than the vehicle allows; a crewed flight fills its required roles and at most its seats;
- a person flies at most one of the missions that overlap (with rest): the same interval cliques as
  ``constraints/overlap.py``; decided missions (riders, history) exclude the candidacies they meet;
- co-crew legality pairs never share a flight;
- objective: the assignment terms of the CP-SAT model (planned flights crewed, seats filled, experienced
  commanders, training days), same weights.

Not in the core: launch-day, port, capacity, lifeboat, agreement, proposal, science and replan terms.
"""

from __future__ import annotations

import time
from collections import defaultdict
from dataclasses import dataclass, field

from ortools.linear_solver import pywraplp

from crewplan.domain import Role
from crewplan.planner.constraints.overlap import fixed_cliques
from crewplan.planner.instance import Instance


@dataclass
class MipResult:
    solver: str
    status: str
    """OPTIMAL, FEASIBLE, INFEASIBLE, NOT_SOLVED (time limit without a solution) or ERROR."""
    objective: float | None
    bound: float | None
    time_s: float
    build_s: float
    variables: int
    constraints: int
    terms: dict[str, float] = field(default_factory=dict)
    seats: dict[str, list[str]] = field(default_factory=dict)

    @property
    def gap(self) -> float | None:
        if self.objective is None or self.bound is None:
            return None
        return abs(self.bound - self.objective) / max(1.0, abs(self.objective))


_STATUS = {pywraplp.Solver.OPTIMAL: "OPTIMAL", pywraplp.Solver.FEASIBLE: "FEASIBLE",
           pywraplp.Solver.INFEASIBLE: "INFEASIBLE", pywraplp.Solver.UNBOUNDED: "UNBOUNDED",
           pywraplp.Solver.ABNORMAL: "ERROR", pywraplp.Solver.NOT_SOLVED: "NOT_SOLVED"}


def make_solver(prefer: tuple[str, ...] = ("HIGHS", "SCIP")) -> tuple[str, pywraplp.Solver]:
    """The first MIP backend of ``prefer`` that this OR-Tools build has."""
    for name in prefer:
        solver = pywraplp.Solver.CreateSolver(name)
        if solver is not None:
            return name, solver
    raise RuntimeError(f"no MIP solver among {', '.join(prefer)} in this OR-Tools build")


def solve_mip(inst: Instance, time_limit_s: float = 60.0, threads: int = 2,
              prefer: tuple[str, ...] = ("HIGHS", "SCIP")) -> MipResult:
    """Build and solve the assignment core of ``inst`` (see the module docstring)."""
    start = time.perf_counter()
    name, solver = make_solver(prefer)
    w = inst.scenario.settings.weights
    vtypes = {t.id: t for t in inst.scenario.vehicle_types}

    def rest_of(launch: int, land: int) -> int:
        return max(inst.rest_after(land - launch), 1)

    def landing(fid: str) -> int:
        f = inst.flights[fid]
        return f.launch_lo + f.stay_days[0]

    x: dict[tuple[str, str], pywraplp.Variable] = {}
    for sc in inst.classes:
        f = inst.flights[sc.flight]
        for c in sc.candidates:
            if c.ready > f.launch_lo or (c.valid_until is not None and c.valid_until <= landing(sc.returns_on)):
                continue
            x[(sc.key, c.astronaut)] = solver.BoolVar(f"x[{sc.key},{c.astronaut}]")
    by_class: dict[str, list[pywraplp.Variable]] = defaultdict(list)
    by_flight_person: dict[tuple[str, str], list[pywraplp.Variable]] = defaultdict(list)
    by_role: dict[tuple[str, Role], list[pywraplp.Variable]] = defaultdict(list)
    by_flight: dict[str, list[pywraplp.Variable]] = defaultdict(list)
    missions: dict[str, list[tuple[int, int, object]]] = defaultdict(list)
    role_of = {sc.key: sc for sc in inst.classes}
    for (key, a), var in x.items():
        sc = role_of[key]
        by_class[key].append(var)
        by_flight_person[(sc.flight, a)].append(var)
        by_role[(sc.flight, sc.role)].append(var)
        by_flight[sc.flight].append(var)
        lo = inst.flights[sc.flight].launch_lo
        missions[a].append((lo, landing(sc.returns_on) + rest_of(lo, landing(sc.returns_on)), var))
    riders_on: dict[str, int] = defaultdict(int)
    rider_roles: dict[tuple[str, Role], int] = defaultdict(int)
    for r in inst.riders:
        riders_on[r.flight] += 1
        rider_roles[(r.flight, r.role)] += 1
        lo = inst.flights[r.flight].launch_lo
        missions[r.astronaut].append((lo, landing(r.returns[0]) + rest_of(lo, landing(r.returns[0])), 1))
    for h in inst.history:
        missions[h.astronaut].append((h.launch, h.landing + rest_of(h.launch, h.landing), 1))

    for sc in inst.classes:
        if by_class[sc.key]:
            solver.Add(sum(by_class[sc.key]) <= sc.count)
    for xs in by_flight_person.values():
        if len(xs) > 1:
            solver.Add(sum(xs) <= 1)
    for ms in missions.values():
        if len(ms) < 2:
            continue
        for free, decided in fixed_cliques([(s, e, lit) for s, e, lit in ms]):
            if decided:
                for var in free:
                    solver.Add(var == 0)
            else:
                solver.Add(sum(free) <= 1)
    for fid, pairs in inst.co_crew_conflicts.items():
        for a, b, _rule in pairs:
            xs = by_flight_person.get((fid, a), []) + by_flight_person.get((fid, b), [])
            if len(xs) > 1:
                solver.Add(sum(xs) <= 1)
    crewed_terms = []
    for fid, info in inst.flights.items():
        xs = by_flight.get(fid, [])
        if info.fixed or not xs:
            continue
        vt = vtypes[info.vehicle_type]
        crewed = solver.BoolVar(f"crewed[{fid}]")
        solver.Add(sum(xs) + riders_on[fid] >= crewed)
        solver.Add(sum(xs) + riders_on[fid] <= vt.seats * crewed)
        for spec in vt.roles:
            have = by_role.get((fid, spec.role), [])
            if have:
                solver.Add(sum(have) + rider_roles[(fid, spec.role)] <= spec.max_count)
            if spec.required and not rider_roles[(fid, spec.role)]:
                solver.Add(sum(have) >= crewed)
        if info.must_crew:
            crewed_terms.append(crewed)
    cands = {(sc.key, c.astronaut): c for sc in inst.classes for c in sc.candidates}
    commanders = [var for (key, a), var in x.items() if role_of[key].role is Role.COMMANDER
                  and cands[(key, a)].experienced]
    training = [(cands[k].training_days, var) for k, var in x.items() if cands[k].training_days]
    terms = {
        "planned_flights_crewed": (w.planned_flight_crewed, crewed_terms, +1),
        "seats_filled": (w.seat_filled, list(x.values()), +1),
        "experienced_commanders": (w.experienced_commander, commanders, +1),
    }
    objective = solver.Objective()
    for weight, vars_, sense in terms.values():
        for var in vars_:
            objective.SetCoefficient(var, sense * weight)
    for days, var in training:
        objective.SetCoefficient(var, objective.GetCoefficient(var) - w.training_days * days)
    objective.SetMaximization()
    solver.SetTimeLimit(int(time_limit_s * 1000))
    solver.SetNumThreads(threads)
    solver.SuppressOutput()
    build_s = time.perf_counter() - start
    t0 = time.perf_counter()
    code = solver.Solve()
    elapsed = time.perf_counter() - t0
    status = _STATUS.get(code, str(code))
    result = MipResult(name, status, None, None, elapsed, build_s, solver.NumVariables(), solver.NumConstraints())
    if code in (pywraplp.Solver.OPTIMAL, pywraplp.Solver.FEASIBLE):
        result.objective = objective.Value()
        result.bound = objective.BestBound()
        for tname, (weight, vars_, sense) in terms.items():
            result.terms[tname] = sense * weight * sum(round(v.solution_value()) for v in vars_)
        result.terms["training_days"] = -w.training_days * sum(d * round(v.solution_value()) for d, v in training)
        for (key, a), var in x.items():
            if var.solution_value() > 0.5:
                result.seats.setdefault(key, []).append(a)
    return result

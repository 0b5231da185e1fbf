"""Decision variables of the planning model, in containers that can be fixed and read back.

- ``FlightVars``: launch day (one boolean per allowed day, and the day as an integer), undocking day,
  port booleans, crewed flag.
- ``x[(class key, astronaut)]``: the astronaut takes a seat of that seat class.
- ``y[(rider key, flight)]``: a decided person goes home on that flight (replan may change it).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ortools.sat.python import cp_model

from crewplan.planner.instance import FlightInfo, Instance

LinearExpr = Any
"""cp_model linear expressions (ortools ships no precise type for them)."""


@dataclass
class FlightVars:
    info: FlightInfo
    launch: LinearExpr
    launch_at: dict[int, Any]
    """Day -> boolean (or constant 1 when the day is fixed)."""
    undock: LinearExpr
    port_at: dict[str, Any]
    crewed: Any
    crew_count: LinearExpr = 0


@dataclass
class Decision:
    """What a solution decides, solver-free (the manifest is written from this)."""

    launch: dict[str, int] = field(default_factory=dict)
    undock: dict[str, int] = field(default_factory=dict)
    port: dict[str, str | None] = field(default_factory=dict)
    seats: dict[str, list[str]] = field(default_factory=dict)
    """class key -> astronauts."""
    returns: dict[str, str] = field(default_factory=dict)
    """rider key -> return flight."""


class Variables:
    """All decision variables of one model."""

    def __init__(self, model: cp_model.CpModel, inst: Instance) -> None:
        self.model = model
        self.inst = inst
        self.flights: dict[str, FlightVars] = {}
        self.x: dict[tuple[str, str], cp_model.IntVar] = {}
        self.y: dict[tuple[str, str], Any] = {}
        self.gap: dict[str, LinearExpr] = {}
        self.assumptions: dict[str, Any] = {}
        """Assumption literal name -> literal (explain)."""
        self.assumption_info: dict[str, dict[str, Any]] = {}
        self.use_assumptions = False
        one = model.new_constant(1)
        for f in inst.flights.values():
            days = f.launch_days
            if len(days) == 1:
                launch: LinearExpr = days[0]
                at: dict[int, Any] = {days[0]: one}
            else:
                lv = model.new_int_var_from_domain(cp_model.Domain.from_values(days), f"launch({f.id})")
                at = {d: model.new_bool_var(f"launch({f.id},{d})") for d in days}
                model.add_exactly_one(at.values())
                model.add(lv == sum(d * b for d, b in at.items()))
                launch = lv
            lo, hi = f.stay_days
            if lo == hi:
                undock: LinearExpr = launch + lo
            else:
                uv = model.new_int_var(f.launch_lo + lo, f.launch_hi + hi, f"undock({f.id})")
                model.add(uv - launch >= lo)
                model.add(uv - launch <= hi)
                undock = uv
            if f.fixed or len(f.ports) <= 1:
                ports = {p: one for p in f.ports}
            else:
                ports = {p: model.new_bool_var(f"port({f.id},{p})") for p in f.ports}
                model.add_exactly_one(ports.values())
            crewed = model.new_bool_var(f"crewed({f.id})")
            self.flights[f.id] = FlightVars(f, launch, at, undock, ports, crewed)
        for sc in inst.classes:
            for c in sc.candidates:
                self.x[(sc.key, c.astronaut)] = model.new_bool_var(f"seat({sc.key},{c.astronaut})")
        for r in inst.riders:
            if len(r.returns) == 1:
                self.y[(r.key, r.returns[0])] = one
            else:
                ys = {b: model.new_bool_var(f"return({r.key},{b})") for b in r.returns}
                model.add_exactly_one(ys.values())
                for b, v in ys.items():
                    self.y[(r.key, b)] = v

    # --- helpers ----------------------------------------------------------------------------------
    def assumption(self, name: str, **info: Any) -> Any:
        """A literal that enforces one relaxable rule instance (always true unless explaining)."""
        if name not in self.assumptions:
            lit = self.model.new_bool_var(f"assume[{name}]")
            if not self.use_assumptions:
                self.model.add(lit == 1)
            self.assumptions[name] = lit
            self.assumption_info[name] = info
        return self.assumptions[name]

    def x_on_flight(self, flight: str) -> list[tuple[str, Any]]:
        """(astronaut, var) of every open-seat candidate variable on ``flight``."""
        return [(a, v) for (key, a), v in self.x.items() if key.split("/")[0] == flight]

    def launch_in(self, flight: str, first: int, last: int) -> LinearExpr:
        """1 when the flight launches on a day in [first, last] (a linear expression of booleans)."""
        return sum(b for d, b in self.flights[flight].launch_at.items() if first <= d <= last)

    # --- fix / extract ----------------------------------------------------------------------------
    def fix(self, decision: Decision) -> None:
        """Force the given (possibly partial) decision; tests use this to probe one rule at a time."""
        for fid, day in decision.launch.items():
            self.model.add(self.flights[fid].launch == day)
        for fid, port in decision.port.items():
            if port is not None:
                self.model.add(self.flights[fid].port_at[port] == 1)
        for key, people in decision.seats.items():
            for (k, a), v in self.x.items():
                if k == key:
                    self.model.add(v == (1 if a in people else 0))
        for rkey, back in decision.returns.items():
            self.model.add(self.y[(rkey, back)] == 1)

    def hint(self, decision: Decision) -> None:
        """Give ``decision`` to the solver as a starting point (every seat variable, launch days, ports)."""
        for fid, day in decision.launch.items():
            fv = self.flights.get(fid)
            if fv is None or len(fv.launch_at) <= 1:
                continue
            for d, b in fv.launch_at.items():
                self.model.add_hint(b, d == day)
        for fid, port in decision.port.items():
            fv = self.flights.get(fid)
            if fv is None or port is None or len(fv.port_at) <= 1 or port not in fv.port_at:
                continue
            for p, b in fv.port_at.items():
                self.model.add_hint(b, p == port)
        chosen = {(key, a) for key, people in decision.seats.items() for a in people}
        for k, x in self.x.items():
            self.model.add_hint(x, k in chosen)

    def extract(self, solver: cp_model.CpSolver) -> Decision:
        out = Decision()
        for fid, fv in self.flights.items():
            out.launch[fid] = int(solver.value(fv.launch))
            out.undock[fid] = int(solver.value(fv.undock))
            out.port[fid] = next((p for p, b in fv.port_at.items() if solver.value(b)), None)
        for (key, a), v in self.x.items():
            if solver.value(v):
                out.seats.setdefault(key, []).append(a)
        for (rkey, back), v in self.y.items():
            if solver.value(v):
                out.returns[rkey] = back
        return out

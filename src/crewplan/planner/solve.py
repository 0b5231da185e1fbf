"""The thin solve step: parameters, progress, status, named objective terms, bound and time."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field

from ortools.sat.python import cp_model

from crewplan.planner.instance import Instance
from crewplan.planner.model import BuiltModel, build_model
from crewplan.planner.objective import SCALE, evaluate, quantities
from crewplan.planner.variables import Decision


@dataclass(frozen=True)
class Progress:
    """One progress report: a new incumbent or a better bound."""

    elapsed_s: float
    objective: float | None
    bound: float
    solutions: int

    @property
    def gap(self) -> float | None:
        if self.objective is None:
            return None
        return abs(self.bound - self.objective) / max(1.0, abs(self.objective))


ProgressCallback = Callable[[Progress], None]


@dataclass
class SolveOptions:
    time_limit_s: float = 60.0
    workers: int = 2
    seed: int = 0
    gap_limit: float = 0.0
    """Stop when the relative gap is at most this (0: prove optimality)."""
    log: bool = False


@dataclass
class SolveResult:
    status: str
    """OPTIMAL, FEASIBLE, INFEASIBLE, UNKNOWN or MODEL_INVALID."""
    objective: float | None
    bound: float | None
    terms: dict[str, float]
    quantities: dict[str, float]
    time_s: float
    build_s: float
    first_feasible_s: float | None
    decision: Decision | None
    history: list[Progress] = field(default_factory=list)

    @property
    def feasible(self) -> bool:
        return self.status in ("OPTIMAL", "FEASIBLE")

    @property
    def gap(self) -> float | None:
        if self.objective is None or self.bound is None:
            return None
        return abs(self.bound - self.objective) / max(1.0, abs(self.objective))


class _Watcher(cp_model.CpSolverSolutionCallback):
    def __init__(self, start: float, callback: ProgressCallback | None) -> None:
        super().__init__()
        self.start = start
        self.callback = callback
        self.history: list[Progress] = []
        self.count = 0
        self.last_objective: float | None = None

    def on_solution_callback(self) -> None:
        self.count += 1
        self.last_objective = self.objective_value / SCALE
        self._emit(self.best_objective_bound / SCALE)

    def on_bound(self, bound: float) -> None:
        self._emit(bound / SCALE)

    def _emit(self, bound: float) -> None:
        p = Progress(time.perf_counter() - self.start, self.last_objective, bound, self.count)
        self.history.append(p)
        if self.callback:
            self.callback(p)


def solve_model(built: BuiltModel, options: SolveOptions | None = None, progress: ProgressCallback | None = None,
                build_s: float = 0.0) -> SolveResult:
    opts = options or SolveOptions()
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = opts.time_limit_s
    solver.parameters.num_workers = opts.workers
    solver.parameters.random_seed = opts.seed
    solver.parameters.log_search_progress = opts.log
    if opts.gap_limit:
        solver.parameters.relative_gap_limit = opts.gap_limit
    start = time.perf_counter()
    watcher = _Watcher(start, progress)
    solver.best_bound_callback = watcher.on_bound
    status = solver.solve(built.model, watcher)
    elapsed = time.perf_counter() - start
    name = solver.status_name(status)
    first = next((p.elapsed_s for p in watcher.history if p.objective is not None), None)
    if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        decision = built.vars.extract(solver)
        terms = evaluate(built.terms, solver.value)
        qty = quantities(built.terms, solver.value)
        return SolveResult(name, solver.objective_value / SCALE, solver.best_objective_bound / SCALE, terms, qty,
                           elapsed, build_s, first, decision, watcher.history)
    return SolveResult(name, None, None, {}, {}, elapsed, build_s, None, None, watcher.history)


def solve(inst: Instance, options: SolveOptions | None = None, progress: ProgressCallback | None = None,
          families: list[str] | None = None, fix: Decision | None = None) -> SolveResult:
    """Build and solve the model of ``inst``."""
    start = time.perf_counter()
    built = build_model(inst, families)
    if fix is not None:
        built.vars.fix(fix)
    return solve_model(built, options, progress, time.perf_counter() - start)

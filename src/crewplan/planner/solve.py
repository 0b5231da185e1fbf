"""The thin solve step: parameters, progress, status, named objective terms, bound and time."""

from __future__ import annotations

import dataclasses
import signal
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from ortools.sat.python import cp_model

from crewplan.planner.instance import Instance
from crewplan.planner.model import BuiltModel, build_model
from crewplan.planner.objective import SCALE, evaluate, quantities
from crewplan.planner.variables import Decision
from crewplan.planner.warmstart import greedy_decision

LARGE_MODEL_VARIABLES = 100_000
"""From this many model variables on, ``LARGE_MODEL_PARAMETERS`` apply (before ``SolveOptions.parameters``)."""
LARGE_MODEL_PARAMETERS: dict[str, object] = {
    "cp_model_probing_level": 0, "max_presolve_iterations": 1, "symmetry_level": 0}


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
    """How to run CP-SAT. Deterministic by default: the workers take turns (CP-SAT's ``interleave_search``), so
    the same seed and number of workers give the same plan on every run and machine, unless the wall-clock time
    limit stops the search. ``deterministic=False`` lets them race (faster, but a plan of the same objective
    may differ from run to run)."""

    time_limit_s: float = 120.0
    workers: int = 2
    seed: int = 0
    gap_limit: float = 0.0
    """Stop when the relative gap is at most this (0: prove optimality)."""
    log: bool = False
    warm_start: bool = True
    """Hint the greedy plan (``planner/warmstart.py``) to the solver."""
    complete_hint: bool = True
    """Complete the hint (auxiliary variables too) by a quick solve with the hinted variables fixed; a
    complete feasible hint is the solver's first solution as soon as its presolve ends."""
    work_limit: float | None = None
    """Stop after this much of CP-SAT's deterministic time (its work units; 2 to 3 s of wall time each with
    two workers on the 2-core VM of docs/benchmarks.md): unlike the wall-clock limit, a search stopped by it
    ends in the same place on every run and machine (with the workers taking turns)."""
    parameters: dict[str, object] = field(default_factory=dict)
    """Extra CP-SAT parameters by name (e.g. ``{"cp_model_probing_level": 0}``); they win over ours."""
    deterministic: bool = True


@dataclass
class SolveResult:
    status: str
    """OPTIMAL (proven: the objective equals the bound), FEASIBLE (a plan, not proven optimal: ``gap``
    says how far from the bound), INFEASIBLE (proven: no plan), UNKNOWN (none found in time) or
    MODEL_INVALID."""
    objective: float | None
    bound: float | None
    terms: dict[str, float]
    quantities: dict[str, float]
    time_s: float
    build_s: float
    first_feasible_s: float | None
    decision: Decision | None
    history: list[Progress] = field(default_factory=list)
    hint_feasible: bool | None = None
    """Whether the warm start was completed to a feasible solution before the search (None: no hint)."""
    stopped_by: str = ""
    """Why the search ended: ``proof`` (optimal or infeasible), ``gap`` (--gap reached), ``time limit``,
    ``work limit``, ``cancelled`` (``stop`` was set: a cancelled solve job)."""

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
                build_s: float = 0.0, stop: threading.Event | None = None) -> SolveResult:
    """Solve ``built``; setting ``stop`` ends the search early with its best plan (``stopped_by``
    ``"cancelled"``), as a time limit would."""
    opts = options or SolveOptions()
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = opts.time_limit_s
    solver.parameters.num_workers = opts.workers
    solver.parameters.random_seed = opts.seed
    solver.parameters.log_search_progress = opts.log
    if opts.gap_limit:
        solver.parameters.relative_gap_limit = opts.gap_limit
    if opts.work_limit:
        solver.parameters.max_deterministic_time = opts.work_limit
    if len(built.model.proto.variables) >= LARGE_MODEL_VARIABLES:
        # Large assignment models: the hint carries the search; a long presolve does not pay back (measured
        # on the L benchmark: presolve 35 s with probing, 5 s with these; same optimum, proved sooner).
        for key, value in LARGE_MODEL_PARAMETERS.items():
            setattr(solver.parameters, key, value)
    if opts.deterministic and opts.workers > 1:
        solver.parameters.interleave_search = True
        _give_fixed_search(built)
    for key, value in opts.parameters.items():
        setattr(solver.parameters, key, value)
    start = time.perf_counter()
    watcher = _Watcher(start, progress)
    solver.best_bound_callback = watcher.on_bound
    status = run_interruptibly(solver, built.model, watcher, stop)
    cancelled = stop is not None and stop.is_set()
    elapsed = time.perf_counter() - start
    first = next((p.elapsed_s for p in watcher.history if p.objective is not None), None)
    if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        decision = built.vars.extract(solver)
        terms = evaluate(built.terms, solver.value)
        qty = quantities(built.terms, solver.value)
        objective, bound = solver.objective_value / SCALE, solver.best_objective_bound / SCALE
        # CP-SAT says OPTIMAL also when it stops at the relative gap limit; only a closed gap is a proof
        # (objective and bound are integers in the model's scaled units).
        proven = abs(solver.best_objective_bound - solver.objective_value) < 0.5
        name = "OPTIMAL" if proven else "FEASIBLE"
        why = "proof" if proven else ("gap" if status == cp_model.OPTIMAL else
                                      "cancelled" if cancelled else _limit(solver, opts))
        return SolveResult(name, objective, bound, terms, qty, elapsed, build_s, first, decision, watcher.history,
                           stopped_by=why)
    name = solver.status_name(status)
    why = "proof" if status == cp_model.INFEASIBLE else "cancelled" if cancelled else _limit(solver, opts)
    return SolveResult(name, None, None, {}, {}, elapsed, build_s, None, None, watcher.history, stopped_by=why)


def _limit(solver: cp_model.CpSolver, opts: SolveOptions) -> str:
    """Which limit stopped an unfinished search: the work limit (deterministic) or the wall clock."""
    if opts.work_limit and solver.response_proto.deterministic_time >= 0.999 * opts.work_limit:
        return "work limit"
    return "time limit"


def run_interruptibly(solver: cp_model.CpSolver, model: cp_model.CpModel,
                      callback: cp_model.CpSolverSolutionCallback | None = None,
                      stop: threading.Event | None = None) -> Any:
    """``solver.solve(model, callback)`` in a worker thread, so that Ctrl-C reaches Python at once; setting
    ``stop`` (another thread: a cancelled solve job) ends the search with its best solution.

    CP-SAT's own SIGINT handler is switched off: it would end the search quietly and hand back the
    incumbent as if the time limit had passed. Instead the main thread waits, and on ``KeyboardInterrupt``
    stops the search, waits for the worker and re-raises, so the caller writes nothing.
    """
    solver.parameters.catch_sigint_signal = False
    box: dict[str, Any] = {}
    finished = threading.Event()

    def work() -> None:
        # SIGINT goes to the main thread only (the search's own threads inherit this mask): a signal taken by a
        # C++ thread of the search could interrupt it where it cannot cope (seen: std::terminate at exit).
        signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
        try:
            box["status"] = solver.solve(model, callback)
        except BaseException as error:  # handed to the main thread below
            box["error"] = error
        finally:
            finished.set()

    # Wait on an Event, not on Thread.join: a join interrupted by Ctrl-C marks the thread as ended while it
    # still runs (CPython 3.11, bpo-45274), and the C++ search would then be torn down under it at exit.
    thread = threading.Thread(target=work, name="cp-sat", daemon=True)
    thread.start()
    try:
        while not finished.wait(0.1):
            if stop is not None and stop.is_set():
                solver.stop_search()
    except KeyboardInterrupt:
        while not finished.wait(0.05):  # the search may not have started yet: ask until it ends
            solver.stop_search()
        thread.join()
        raise
    thread.join()
    if "error" in box:
        raise box["error"]
    return box["status"]


def solve(inst: Instance, options: SolveOptions | None = None, progress: ProgressCallback | None = None,
          families: list[str] | None = None, fix: Decision | None = None,
          hint: Decision | None = None, stage: Callable[[str, str], None] | None = None,
          stop: threading.Event | None = None) -> SolveResult:
    """Build and solve the model of ``inst``.

    The solver starts from ``hint`` when given, else (with ``SolveOptions.warm_start``) from the greedy
    plan of ``planner/warmstart.py``. ``SolveOptions.time_limit_s`` bounds the warm start and the search;
    building the model comes before them (seconds on a large programme). ``stage(name, text)`` hears of each
    step as it ends: ``"model"`` (built, with its size), then ``"search"`` (about to start).
    """
    opts = options or SolveOptions()
    begin = time.perf_counter()
    built = build_model(inst, families)
    if stage is not None:
        proto = built.model.proto
        stage("model", f"CP-SAT model built: {len(proto.variables):,} variables, {len(proto.constraints):,} "
                       f"constraints, {time.perf_counter() - begin:.1f} s")
    start = time.perf_counter()
    if fix is not None:
        built.vars.fix(fix)
    if hint is None and opts.warm_start and fix is None:
        hint = greedy_decision(inst)
    completed: bool | None = None
    if hint is not None:
        built.vars.hint(hint)
        if opts.complete_hint:
            left = opts.time_limit_s - (time.perf_counter() - start)
            completed = complete_hint(built.model, max(0.05, min(10.0, 0.25 * left)))
    spent = time.perf_counter() - start
    rest = dataclasses.replace(opts, time_limit_s=max(0.05, opts.time_limit_s - spent))
    if stage is not None:
        stage("search", f"warm start {'completed' if completed else 'not completed' if hint else 'none'} in "
                        f"{spent:.1f} s; searching for {rest.time_limit_s:.1f} s at most")
    result = solve_model(built, rest, progress, time.perf_counter() - begin, stop)
    result.hint_feasible = completed
    return result


def _give_fixed_search(built: BuiltModel) -> None:
    """Interleaved search runs CP-SAT's ``fixed`` subsolver, which needs a decision strategy: OR-Tools 9.15
    aborts the whole process ("Check failed: heuristics.fixed_search != nullptr") when a model has none. The
    seat literals, true first, are the natural one."""
    if built.model.proto.search_strategy or not built.vars.x:
        return
    built.model.add_decision_strategy(list(built.vars.x.values()), cp_model.CHOOSE_FIRST,
                                      cp_model.SELECT_MAX_VALUE)


def complete_hint(model: cp_model.CpModel, time_limit_s: float = 10.0) -> bool:
    """Replace a partial hint of ``model`` by a complete one: solve a copy with the hinted variables fixed.

    Returns whether that worked (when the partial hint is infeasible the partial hint stays).
    """
    proto = model.proto
    hinted = list(zip(proto.solution_hint.vars, proto.solution_hint.values, strict=True))
    if not hinted:
        return False
    fixed = model.clone()
    fixed.clear_hints()  # type: ignore[no-untyped-call]
    fixed_proto = fixed.proto
    for index, value in hinted:
        domain = fixed_proto.variables[index].domain
        if not any(domain[i] <= value <= domain[i + 1] for i in range(0, len(domain), 2)):
            return False
        domain.clear()
        domain.extend([value, value])
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = time_limit_s
    solver.parameters.num_workers = 1
    solver.parameters.stop_after_first_solution = True
    solver.parameters.cp_model_probing_level = 0
    status = run_interruptibly(solver, fixed)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return False
    values = solver.response_proto.solution
    model.clear_hints()  # type: ignore[no-untyped-call]
    for index in range(len(proto.variables)):
        model.add_hint(model.get_int_var_from_proto_index(index), values[index])
    return True

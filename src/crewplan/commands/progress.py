"""Progress of long work on stderr: a live display on a terminal, a plain line every few seconds otherwise.

Standard output stays for results (``--json`` prints one document there and nothing else); ``--quiet``
silences progress. Off a terminal (a log, CI, a pipe) each step prints when it starts and ends, and a solve
prints its incumbent, bound and gap every :data:`INTERVAL_S` seconds, so a long plan is never silence.
"""

from __future__ import annotations

import contextlib
import signal
import threading
import time
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING

from rich.live import Live
from rich.table import Table

from crewplan.commands.common import err_console

if TYPE_CHECKING:
    from crewplan.planner.solve import Progress, ProgressCallback, SolveResult

INTERVAL_S = 5.0
"""Seconds between two progress lines when stderr is not a terminal."""
Stage = Callable[[str, str], None]
"""``stage(name, text)``: a step of the solve ended (``"model"`` built, ``"search"`` starting)."""


class Reporter:
    """Where a command tells what it is doing."""

    def __init__(self, command: str, *, quiet: bool = False) -> None:
        self.command = command
        self.quiet = quiet
        self.live = err_console.is_terminal and not quiet

    def say(self, text: str) -> None:
        """One line of progress (nothing when quiet)."""
        if not self.quiet:
            err_console.print(f"{self.command}: {text}")

    @contextlib.contextmanager
    def step(self, what: str) -> Iterator[None]:
        """A spinner on a terminal; a start and an end line otherwise."""
        if self.quiet:
            yield
            return
        if self.live:
            with err_console.status(what):
                yield
            return
        start = time.perf_counter()
        self.say(f"{what} ...")
        yield
        self.say(f"{what}: done in {time.perf_counter() - start:.1f} s")

    def solve(self, run: Callable[[ProgressCallback | None, Stage], SolveResult], time_limit_s: float
              ) -> SolveResult:
        """Run a solve (``run(progress, stage)``), showing its stages and incumbent, bound and gap."""
        if self.quiet:
            return run(None, lambda _name, _text: None)
        if self.live:
            return self._solve_live(run)
        return self._solve_lines(run, time_limit_s)

    def _solve_live(self, run: Callable[[ProgressCallback | None, Stage], SolveResult]) -> SolveResult:
        state: dict[str, Progress | None] = {"p": None}
        with Live(_table(None, "building the CP-SAT model"), console=err_console, refresh_per_second=4,
                  transient=True) as live:
            def callback(p: Progress) -> None:
                state["p"] = p
                live.update(_table(p, "solving (CP-SAT)"))

            def stage(_name: str, text: str) -> None:
                live.update(_table(state["p"], text))

            return run(callback, stage)

    def _solve_lines(self, run: Callable[[ProgressCallback | None, Stage], SolveResult], time_limit_s: float
                     ) -> SolveResult:
        latest: dict[str, Progress | None] = {"p": None}
        done = threading.Event()
        clock = {"start": time.perf_counter(), "searching": False}
        self.say(f"solving (CP-SAT, time limit {time_limit_s:g} s): building the model ...")

        def heartbeat() -> None:
            signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})  # Ctrl-C is the main thread's
            while not done.wait(INTERVAL_S):
                elapsed = time.perf_counter() - clock["start"]
                self.say(_line(latest["p"], elapsed) if clock["searching"] else
                         f"building the model: {elapsed:.0f} s")

        def stage(name: str, text: str) -> None:
            self.say(text)
            if name == "search":
                clock["start"], clock["searching"] = time.perf_counter(), True

        ticker = threading.Thread(target=heartbeat, name="progress", daemon=True)
        ticker.start()
        try:
            def callback(p: Progress) -> None:
                latest["p"] = p

            return run(callback, stage)
        finally:
            done.set()
            ticker.join()


def _line(p: Progress | None, elapsed_s: float) -> str:
    if p is None or p.objective is None:
        bound = f", bound {p.bound:,.1f}" if p is not None else ""
        return f"searching: {elapsed_s:.0f} s, no plan yet{bound}"
    gap = f"{100 * p.gap:.{2 if p.gap >= 1e-4 or p.gap == 0 else 4}f}%" if p.gap is not None else "-"
    return (f"searching: {elapsed_s:.0f} s, incumbent {p.objective:,.1f}, bound {p.bound:,.1f}, gap {gap}, "
            f"{p.solutions} plan(s) found")


def _table(p: Progress | None, title: str) -> Table:
    t = Table(title=title, title_justify="left")
    for c in ("elapsed", "incumbent", "bound", "gap", "solutions"):
        t.add_column(c, justify="right")
    if p is not None:
        t.add_row(f"{p.elapsed_s:.1f} s", "-" if p.objective is None else f"{p.objective:,.1f}",
                  f"{p.bound:,.1f}", "-" if p.gap is None else f"{100 * p.gap:.2f}%", str(p.solutions))
    return t

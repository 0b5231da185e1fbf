"""A robustness study on Dask: every (plan, sample) is one task, drawn and replanned on a worker.

- **Where**: a local cluster of worker processes (one per core, one thread each: the solver of a sample runs
  on one thread) unless ``scheduler`` names one (``tcp://host:8786``); its workers need crewplan installed,
  the same version, and the element files the plans name.
- **Reproducible**: a task's result depends only on its plan, seed, index and settings (the sample's own
  random stream, the solver's deterministic work limit), so any number of workers gives the same results.
- **Failures**: a worker that dies mid-task loses nothing: the scheduler runs its tasks again elsewhere. A
  scheduler that cannot be reached, or goes away, ends the study with :class:`ClusterError` (never a hang).
- **Ctrl-C** stops the study: the finished samples are kept, the rest cancelled.
"""

from __future__ import annotations

import contextlib
import logging
import os
import time
from collections.abc import Callable
from concurrent.futures import CancelledError
from dataclasses import dataclass, field
from typing import Any

from crewplan.domain import Scenario
from crewplan.errors import UsageError
from crewplan.robustness.evaluate import SampleResult, SampleSettings, run_sample
from crewplan.robustness.sample import draw

CONNECT_TIMEOUT_S = 10.0
LOST_AFTER_S = 15.0
"""The study ends with an error when the scheduler has been unreachable this long."""


class ClusterError(UsageError):
    """The Dask scheduler could not be reached, or went away (exit 2, with what to check)."""


def sample_task(plan: Scenario, seed: int, index: int, settings: SampleSettings) -> SampleResult:
    """One sample: drawn from the plan's rates and replanned (what a worker runs)."""
    return run_sample(plan, index, draw(plan, seed, index), settings)


@dataclass
class Study:
    results: dict[int, dict[int, SampleResult]] = field(default_factory=dict)
    """Per plan (its position in the list given), the finished samples by index."""
    interrupted: bool = False
    workers: int = 0
    scheduler: str = ""
    seconds: float = 0.0


Progress = Callable[[int, int, SampleResult], None]
"""Called with (finished, total, the sample just finished)."""


def connect(scheduler: str | None, workers: int | None) -> tuple[Any, Any]:
    """A Dask client, and the local cluster it runs on (``None`` for a given scheduler)."""
    from distributed import Client, LocalCluster

    # Their reconnect attempts log tracebacks (distributed sets its loggers' levels one by one on import); the
    # study says what failed in one line.
    for name in [*logging.root.manager.loggerDict, "distributed", "tornado"]:
        if name.split(".")[0] in ("distributed", "tornado"):
            logging.getLogger(name).setLevel(logging.CRITICAL)
    if scheduler:
        if "://" not in scheduler:
            raise ClusterError(f"--scheduler {scheduler!r} is not an address; expected e.g. tcp://10.0.0.5:8786")
        try:
            return Client(scheduler, timeout=CONNECT_TIMEOUT_S, set_as_default=True), None  # type: ignore[no-untyped-call]
        except (OSError, TimeoutError, ValueError) as error:
            raise ClusterError(f"cannot reach the Dask scheduler at {scheduler} within {CONNECT_TIMEOUT_S:g} s: "
                               f"{error}; check the address and that `dask scheduler` runs there") from None
    count = workers or os.cpu_count() or 1
    cluster = LocalCluster(n_workers=count, threads_per_worker=1, processes=True,  # type: ignore[no-untyped-call]
                           dashboard_address=None, silence_logs=logging.ERROR)
    return Client(cluster, set_as_default=True), cluster  # type: ignore[no-untyped-call]


def run_study(plans: list[Scenario], samples: int, seed: int, settings: SampleSettings, *,
              scheduler: str | None = None, workers: int | None = None, progress: Progress | None = None
              ) -> Study:
    """Every plan on samples ``0 .. samples - 1`` of ``seed`` (the same samples for each: paired)."""
    from distributed import KilledWorker, wait

    started = time.perf_counter()
    client, cluster = connect(scheduler, workers)
    study = Study(results={p: {} for p in range(len(plans))}, scheduler=scheduler or "local")
    try:
        study.workers = len(client.scheduler_info(n_workers=-1)["workers"])
        shared = client.scatter(plans, broadcast=True, hash=False)
        pending = {client.submit(sample_task, shared[p], seed, i, settings, pure=False,
                                 key=f"crewplan-sample-{p}-{i}-{seed}-{time.time_ns()}"): (p, i)
                   for i in range(samples) for p in range(len(plans))}
        total, done, lost_since = len(pending), 0, None
        while pending:
            try:
                finished, _ = wait(list(pending), timeout=1.0, return_when="FIRST_COMPLETED")  # type: ignore[no-untyped-call]
            except TimeoutError:
                finished = set()
            except (CancelledError, OSError):  # the client cancels every future when it loses the scheduler
                raise _lost(study, len(pending), done) from None
            for future in finished:
                p, i = pending.pop(future)
                try:
                    result = future.result()
                except KilledWorker as error:
                    raise ClusterError(f"sample {i} killed every worker that ran it ({error}): the workers may "
                                       "lack memory or crewplan") from None
                except (CancelledError, OSError):  # cancelled, or the result's fetch found the link closed
                    raise _lost(study, len(pending) + 1, done) from None
                study.results[p][i] = result
                done += 1
                if progress:
                    progress(done, total, result)
            if client.status == "running":
                lost_since = None
            elif lost_since is None:
                lost_since = time.monotonic()
            elif time.monotonic() - lost_since > LOST_AFTER_S:
                raise _lost(study, len(pending), done)
    except KeyboardInterrupt:
        study.interrupted = True
    finally:
        study.seconds = time.perf_counter() - started
        _close(client, cluster)
    return study


def _lost(study: Study, unfinished: int, done: int) -> ClusterError:
    return ClusterError(f"the Dask scheduler at {study.scheduler} went away with {unfinished} samples unfinished "
                        f"({done} finished); start it again and rerun")


def _close(client: Any, cluster: Any) -> None:
    with contextlib.suppress(Exception):  # closing after a lost scheduler may fail; nothing is left to save
        client.close(timeout=5)
    if cluster is not None:
        cluster.close(timeout=10)

"""Real Dask clusters for the robustness tests: ``dask scheduler`` and ``dask worker`` processes on loopback
(the package's own command line), started per test and stopped after it."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from servers import free_port

DASK = Path(sys.executable).with_name("dask")


@dataclass
class Cluster:
    address: str
    scheduler: subprocess.Popen[bytes]
    workers: list[subprocess.Popen[bytes]] = field(default_factory=list)

    def kill(self, process: subprocess.Popen[bytes]) -> None:
        with contextlib.suppress(ProcessLookupError):
            os.kill(process.pid, signal.SIGKILL)
        process.wait(30)


def _wait_for_workers(address: str, n: int) -> None:
    from distributed import Client

    with Client(address, timeout=30, set_as_default=False) as client:  # type: ignore[no-untyped-call]
        client.wait_for_workers(n, timeout=60)


@contextlib.contextmanager
def dask_cluster(workers: int, log: Path) -> Iterator[Cluster]:
    port = free_port()
    address = f"tcp://127.0.0.1:{port}"
    out = log.open("ab")
    scheduler = subprocess.Popen([str(DASK), "scheduler", "--host", "127.0.0.1", "--port", str(port),
                                  "--no-dashboard"], stdout=out, stderr=out, start_new_session=True)
    cluster = Cluster(address, scheduler)
    try:
        for _ in range(workers):
            cluster.workers.append(subprocess.Popen(
                [str(DASK), "worker", address, "--nthreads", "1", "--nworkers", "1", "--no-dashboard",
                 "--host", "127.0.0.1", "--death-timeout", "30"], stdout=out, stderr=out, start_new_session=True))
        deadline = time.monotonic() + 60
        while True:
            try:
                _wait_for_workers(address, workers)
                break
            except (OSError, TimeoutError):
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.5)
        yield cluster
    finally:
        for process in [*cluster.workers, scheduler]:
            if process.poll() is None:
                process.terminate()
                try:
                    process.wait(15)
                except subprocess.TimeoutExpired:
                    cluster.kill(process)
        out.close()

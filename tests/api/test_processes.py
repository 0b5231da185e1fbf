"""``crewplan serve --processes 2`` on SQLite and PostgreSQL: the server processes share the token key, the
failed-log-in counts and the database; the solve-job worker runs once (in the supervising process); the
listening socket gets TCP_NODELAY on its connections."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest

from api.service import Service, launch, password_of
from api.test_jobs import finished, wait
from crewplan.api.state import ServiceState
from crewplan.commands.serve import _listening_socket
from crewplan.storage import open_database
from crewplan.storage.schema import SolveJobRow

PROCESSES = 2


def children(pid: int) -> list[int]:
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            if int(stat.read_text().rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(stat.parent.name))
        except (OSError, IndexError, ValueError):
            continue
    return found


def server_processes(pid: int) -> list[int]:
    """The uvicorn server processes (the multiprocessing helpers aside)."""
    return [c for c in children(pid)
            if b"multiprocessing.resource_tracker" not in Path(f"/proc/{c}/cmdline").read_bytes()]


@pytest.fixture(scope="module")
def many(service_database: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Service]:
    running = launch(service_database, tmp_path_factory.mktemp("processes"), "--processes", str(PROCESSES))
    yield running
    running.stop()


def test_the_server_runs_the_processes_asked_for_and_stops_them_all(many: Service) -> None:
    assert len(server_processes(many.process.pid)) == PROCESSES


def test_a_token_from_any_process_is_good_in_every_other(many: Service) -> None:
    """Log-ins and reads on fresh connections, many at once (so that both processes take some): every token
    works on every connection."""
    login = {"username": "cmsa-planner", "password": password_of("cmsa-planner")}

    def round_trip(_n: int) -> tuple[int, int]:
        token = httpx.post(f"{many.url}/auth/token", data=login).json()["access_token"]
        read = httpx.get(f"{many.url}/plans/{many.plans['main']}", headers={"Authorization": f"Bearer {token}"})
        return 200, read.status_code

    with ThreadPoolExecutor(8) as pool:
        codes = list(pool.map(round_trip, range(24)))
    assert codes == [(200, 200)] * 24


def test_failed_log_ins_count_across_processes(many: Service) -> None:
    codes = [httpx.post(f"{many.url}/auth/token", data={"username": "esa-viewer", "password": f"wrong-{n}"}
                        ).status_code for n in range(7)]
    assert codes[:5] == [401] * 5 and 429 in codes[5:]


def test_two_service_states_on_one_database_share_the_failures(service_database: str, many: Service) -> None:
    """The limiter of each server process reads the database: the failures one records slow the other."""
    db = open_database(service_database)
    try:
        first, second = ServiceState(db=db), ServiceState(db=db)
        keys = ("user:nasa-viewer-2", "addr:192.0.2.7")
        for _ in range(first.limiter.free):
            assert second.limiter.wait_s(*keys) == 0
            first.limiter.failed(*keys)
        assert second.limiter.wait_s(*keys) > 0
        second.limiter.succeeded(keys[0])
        assert first.limiter.wait_s(keys[0]) == 0 and first.limiter.wait_s(*keys) == 0
    finally:
        db.dispose()


def test_a_solve_job_runs_in_the_supervising_process(many: Service) -> None:
    """The canary scenario breaks hard rules on purpose, so the job ends with the solver's proof that no plan
    keeps them all: run to its end by the one worker, that of the supervising process."""
    with many.client("cmsa-planner") as client:
        answer = client.post(f"/plans/{many.plans['main']}/solve-jobs",
                             json={"kind": "plan", "work_limit": 1.0, "time_limit_s": 120})
        assert answer.status_code == 202, answer.text
        job = wait(client, answer.headers["Location"], finished, timeout_s=300)
    assert job["status"] == "failed" and job["error"].startswith("proven infeasible"), job
    db = open_database(many.database_url)
    try:
        with db.reading() as session:
            row = session.get(SolveJobRow, job["id"])
            assert row is not None and row.worker is not None
            assert row.worker.split(":")[1:] == [str(many.process.pid), "serve"]
    finally:
        db.dispose()


def test_the_listening_socket_is_tcp_so_connections_get_nodelay() -> None:
    sock = _listening_socket("127.0.0.1", 0)
    try:
        assert sock.proto == socket.IPPROTO_TCP
        sock.listen()
        with socket.create_connection(sock.getsockname()) as _client:
            accepted, _ = sock.accept()
            with accepted:
                assert accepted.proto == socket.IPPROTO_TCP  # what asyncio looks at before TCP_NODELAY
    finally:
        sock.close()


@pytest.mark.parametrize("processes", ["1", "2"])
def test_a_port_in_use_is_a_usage_error_before_serving(tmp_path: Path, processes: str) -> None:
    import subprocess
    import sys

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        done = subprocess.run([sys.executable, "-m", "crewplan.cli", "serve", "--port", str(port), "--processes",
                               processes, "--no-worker", "--database", f"sqlite:///{tmp_path / 'db.sqlite'}"],
                              capture_output=True, text=True, timeout=120)
    assert done.returncode == 2, done.stderr
    assert f"cannot listen on 127.0.0.1:{port}" in done.stderr and "serving" not in done.stderr

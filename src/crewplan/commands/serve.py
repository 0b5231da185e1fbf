"""``crewplan serve``: the shared service over HTTP (uvicorn), on loopback by default."""

from __future__ import annotations

import ipaddress
import os
import secrets
import socket
import tempfile
from pathlib import Path
from typing import Annotated

import typer

from crewplan.commands.common import console, err_console, styled
from crewplan.commands.db import DatabaseOption
from crewplan.errors import UsageError

DEMO_USERS = {"CMSA": "CN", "Roscosmos": "RU", "NASA": "US", "ESA": "DE", "SUPARCO": "PK"}
"""The demo's agencies, each user's nationality (ESA's: one of its member states)."""
SECRET_ENV = "CREWPLAN_SECRET_KEY"


def register(app: typer.Typer) -> None:
    app.command("serve")(serve)
    app.command("worker")(worker)


def _loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def serve(host: Annotated[str, typer.Option("--host", help="Address to listen on.")] = "127.0.0.1",
          port: Annotated[int, typer.Option("--port", help="TCP port.", min=1, max=65535)] = 8000,
          database: DatabaseOption = None,
          demo: Annotated[bool, typer.Option("--demo", help="A fresh temporary database with the built-in "
                                             "scenario and a planner and a viewer for each of CMSA, Roscosmos, "
                                             "NASA, ESA and SUPARCO; prints their passwords (loopback only).")
                      ] = False,
          token_minutes: Annotated[int, typer.Option("--token-minutes", help="How long a log-in token lasts.",
                                                     min=1, max=1440)] = 15,
          no_worker: Annotated[bool, typer.Option("--no-worker", help="Run no solve jobs in this process: "
                                                  "only crewplan worker processes run them.")] = False,
          processes: Annotated[int, typer.Option("--processes", help="Server processes answering requests "
                                                 "(one per processor core serves the most clients); the "
                                                 "solve-job worker runs in the first.", min=1, max=64)] = 1,
          forwarded_allow_ips: Annotated[str, typer.Option(
              "--forwarded-allow-ips", help="Addresses of reverse proxies whose X-Forwarded-Proto and "
              "X-Forwarded-For are believed (comma-separated, or '*'): behind a TLS proxy the web UI then sees "
              "https (Secure cookies, the Origin check on the public address).")] = "127.0.0.1",
          ) -> None:
    """Serve the shared plans over HTTP (OpenAPI at /docs); creates or upgrades the database first.

    Solve jobs run in a worker thread of this process (one job at a time), unless --no-worker; crewplan
    worker processes may run them too (on PostgreSQL, any number). A job that was running when a server
    or worker died is marked failed when the next one starts.

    Tokens are signed with $CREWPLAN_SECRET_KEY when set (then they survive a restart), else with a random
    key per start. With --processes N, N server processes share the port, the database and the token key;
    the solve-job worker runs in this (the supervising) process. Stop with Ctrl-C.
    """
    import uvicorn

    from crewplan.api import create_app
    from crewplan.storage import open_database
    from crewplan.storage.database import shown

    if demo and not _loopback(host):
        raise UsageError(f"--demo prints passwords: it serves on loopback only (--host 127.0.0.1), not {host}")
    folder = tempfile.TemporaryDirectory(prefix="crewplan-demo-") if demo and database is None else None
    if folder is not None:
        database = f"sqlite:///{Path(folder.name) / 'demo.db'}"
    db = open_database(database, upgrade=True)
    try:
        if demo:
            _seed_demo(db, host, port)
        secret = os.environ.get(SECRET_ENV)
        where = f"on http://{host}:{port} (OpenAPI: /docs)"
        sock = _listening_socket(host, port)  # a port in use is a usage error (exit 2), said before "serving"
        try:
            if processes == 1:
                app = create_app(db, secret=secret.encode() if secret else None, token_minutes=token_minutes,
                                 worker=not no_worker)
                err_console.print(f"serving {shown(db.url)} {where}; Ctrl-C stops")
                uvicorn.Server(uvicorn.Config(app, host=host, port=port, log_level="warning", access_log=False,
                                              forwarded_allow_ips=forwarded_allow_ips)).run(sockets=[sock])
            else:
                err_console.print(f"serving {shown(db.url)} {where} from {processes} processes; Ctrl-C stops")
                _serve_processes(db, sock, processes, secret or secrets.token_urlsafe(32), token_minutes,
                                 worker=not no_worker, forwarded_allow_ips=forwarded_allow_ips)
        finally:
            sock.close()
    finally:
        db.dispose()
        if folder is not None:
            folder.cleanup()


def _listening_socket(host: str, port: int) -> socket.socket:
    """The port all server processes accept on. Made here, not by uvicorn: its own socket leaves the protocol
    number 0, so asyncio does not set TCP_NODELAY on accepted connections and every keep-alive response
    waits about 40 ms for a delayed ACK (uvicorn issue 3149)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
    except OSError as error:
        sock.close()
        raise UsageError(f"cannot listen on {host}:{port}: {error.strerror}") from None
    sock.set_inheritable(True)
    return sock


def _serve_processes(db: object, sock: socket.socket, processes: int, secret: str, token_minutes: int, *,
                     worker: bool, forwarded_allow_ips: str) -> None:
    """``processes`` uvicorn server processes on one socket, each opening the database itself; the solve-job
    worker in a thread of this process."""
    import uvicorn
    from uvicorn.supervisors import Multiprocess

    from crewplan.api.app import POOL_ENV, TOKEN_MINUTES_ENV
    from crewplan.jobs.worker import Worker, start_thread
    from crewplan.storage import Database
    from crewplan.storage.database import ENV, pool_share
    from crewplan.storage.jobs import worker_name

    assert isinstance(db, Database)
    os.environ[ENV] = db.url.render_as_string(hide_password=False)
    os.environ[SECRET_ENV] = secret
    os.environ[TOKEN_MINUTES_ENV] = str(token_minutes)
    os.environ[POOL_ENV] = str(pool_share(db, processes))
    host, port = sock.getsockname()[:2]
    config = uvicorn.Config("crewplan.api.app:from_environment", factory=True, host=host, port=port,
                            workers=processes, log_level="warning", access_log=False,
                            forwarded_allow_ips=forwarded_allow_ips)
    running = Worker(db, worker_name("serve")) if worker else None
    thread = start_thread(running) if running else None
    try:
        Multiprocess(config, sockets=[sock]).run()
    finally:
        if running is not None and thread is not None:
            running.stopping.set()
            thread.join(60)


def _seed_demo(db: object, host: str, port: int) -> None:
    from crewplan.scenario import load_scenario
    from crewplan.storage import Actor, Database, repository

    assert isinstance(db, Database)
    me = Actor("local:demo")
    with db.transaction() as session:
        plan = repository.create_plan(session, load_scenario(), me)
        rows = []
        for agency, nationality in DEMO_USERS.items():
            for role in ("planner", "viewer"):
                name = f"{agency.lower()}-{role}"
                password = secrets.token_urlsafe(15)
                repository.add_user(session, me, username=name, password=password, agency=agency,
                                    nationalities=[nationality], roles=[role])
                rows.append((name, password, agency, role))
    console.print(styled("demo: plan [bold]{plan}[/bold] is the built-in scenario; users (name, password):",
                         plan=plan.id))
    for name, password, agency, role in rows:
        console.print(f"  {name:<20} {password}   {agency} {role}")
    console.print(f"log in: curl -s -d 'username={rows[0][0]}&password={rows[0][1]}' "
                  f"http://{host}:{port}/auth/token")


def worker(database: DatabaseOption = None,
           once: Annotated[bool, typer.Option("--once", help="Run the queued jobs, then exit (instead of "
                                              "waiting for more).")] = False,
           poll_seconds: Annotated[float, typer.Option("--poll-seconds", help="How often to look for a queued "
                                                       "job when none is.", min=0.1, max=3600)] = 2.0) -> None:
    """Run solve jobs from the database, one at a time, until Ctrl-C (or, with --once, until none is queued).

    Many workers may share a PostgreSQL database (each job is claimed once: FOR UPDATE SKIP LOCKED); on
    SQLite, claims take turns. Ctrl-C stops the running job and marks it failed (nothing is written).
    """
    from crewplan.jobs.worker import Worker
    from crewplan.storage import open_database
    from crewplan.storage.database import shown
    from crewplan.storage.jobs import worker_name

    db = open_database(database, existing=True)
    name = worker_name("worker")
    runner = Worker(db, name, poll_s=poll_seconds,
                    on_job=lambda job_id, status: err_console.print(f"solve job {job_id}: {status}"))
    err_console.print(f"worker {name} on {shown(db.url)}; Ctrl-C stops")
    try:
        if once:
            while runner.run_one():
                pass
        else:
            runner.run_forever()
    except KeyboardInterrupt:
        runner.stopping.set()
        err_console.print("interrupted: the running job, if any, was marked failed")
        raise typer.Exit(130) from None
    finally:
        db.dispose()

"""``crewplan serve``: the shared service over HTTP (uvicorn), on loopback by default."""

from __future__ import annotations

import ipaddress
import os
import secrets
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
                                                  "only crewplan worker processes run them.")] = False) -> None:
    """Serve the shared plans over HTTP (OpenAPI at /docs); creates or upgrades the database first.

    Solve jobs run in a worker thread of this process (one job at a time), unless --no-worker; crewplan
    worker processes may run them too (on PostgreSQL, any number). A job that was running when a server
    or worker died is marked failed when the next one starts.

    Tokens are signed with $CREWPLAN_SECRET_KEY when set (then they survive a restart), else with a random
    key per start. Stop with Ctrl-C.
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
        app = create_app(db, secret=secret.encode() if secret else None, token_minutes=token_minutes,
                         worker=not no_worker)
        err_console.print(f"serving {shown(db.url)} on http://{host}:{port} (OpenAPI: /docs); Ctrl-C stops")
        uvicorn.run(app, host=host, port=port, log_level="warning", access_log=False)
    finally:
        db.dispose()
        if folder is not None:
            folder.cleanup()


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

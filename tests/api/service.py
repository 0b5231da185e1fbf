"""A real ``crewplan serve`` on a free loopback port, over a database seeded with the canary scenario."""

from __future__ import annotations

import datetime as dt
import os
import secrets
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import yaml

from api.canary import Canary, canary_scenario
from crewplan.scenario import edits
from crewplan.storage import Actor, merges, open_database, repository
from crewplan.storage.schema import AgencyRow
from servers import free_port

MATRIX = Path(__file__).with_name("authz-matrix.yaml")
SEEDER = Actor("local:test-seed")


def password_of(name: str) -> str:
    return f"pw-{name}-0123456789"


@dataclass
class Service:
    url: str
    database_url: str
    process: subprocess.Popen[bytes]
    plans: dict[str, int]
    canaries: list[Canary]
    principals: dict[str, dict[str, Any]]
    log: Path
    _tokens: dict[str, str] = field(default_factory=dict)

    def token(self, name: str) -> str:
        if name not in self._tokens:
            done = httpx.post(f"{self.url}/auth/token", data={"username": name, "password": password_of(name)})
            assert done.status_code == 200, done.text
            self._tokens[name] = done.json()["access_token"]
        return self._tokens[name]

    def client(self, name: str | None = None) -> httpx.Client:
        headers = {"Authorization": f"Bearer {self.token(name)}"} if name else {}
        return httpx.Client(base_url=self.url, headers=headers, timeout=120)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(20)


def seed(database_url: str) -> tuple[dict[str, int], list[Canary], dict[str, dict[str, Any]]]:
    scenario, canaries = canary_scenario()
    principals: dict[str, dict[str, Any]] = yaml.safe_load(MATRIX.read_text(encoding="utf-8"))["principals"]
    db = open_database(database_url)
    try:
        with db.transaction() as session:
            main = repository.create_plan(session, scenario, SEEDER, "canary")
            moved = edits.move_launch(scenario, "soyuz-ms-29", dt.date(2026, 7, 29))
            repository.add_revision(session, main.id, moved.scenario, SEEDER, expected=1, message=moved.summary)
            branch = repository.create_branch(session, main.id, SEEDER, "canary what-if")
            later = edits.move_launch(moved.scenario, "shenzhou-25", dt.date(2027, 4, 9))
            repository.add_revision(session, branch.id, later.scenario, SEEDER, expected=1, message=later.summary)
            session.refresh(branch)
            merges.open_request(session, branch, Actor("local:test-seed", "CMSA"), "SZ-25 two days later",
                                ["CMSA"])
            session.add(AgencyRow(id="Outsider", name="An agency of no plan here", country="BR"))
            session.flush()
            for name, p in principals.items():
                repository.add_user(session, SEEDER, username=name, password=password_of(name),
                                    agency=p["agency"], nationalities=p["nationalities"], roles=p["roles"])
            repository.add_share_grant(session, SEEDER, owner="CMSA", data_class="medical", grantee="ESA",
                                       valid_from=dt.date(2020, 1, 1), agreement="test grant")
            plans = {"main": main.id, "branch": branch.id, "missing": 999}
    finally:
        db.dispose()
    return plans, canaries, principals


def start(database_url: str, log: Path, *extra: str) -> tuple[str, subprocess.Popen[bytes]]:
    """``crewplan serve`` against ``database_url``; returns its base URL once it answers."""
    port = free_port()
    env = {**os.environ, "CREWPLAN_SECRET_KEY": secrets.token_hex(32)}
    env.pop("CREWPLAN_DATABASE_URL", None)
    stream = log.open("ab")
    process = subprocess.Popen([sys.executable, "-m", "crewplan.cli", "serve", "--database", database_url,
                                "--port", str(port), *extra], stdout=stream, stderr=stream, env=env,
                               stdin=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"crewplan serve exited with {process.returncode}: {log.read_text()[-3000:]}")
        try:
            if httpx.get(f"{url}/health", timeout=2).status_code == 200:
                return url, process
        except httpx.TransportError:
            pass
        time.sleep(0.2)
    process.kill()
    raise RuntimeError(f"crewplan serve did not answer within 60 s: {log.read_text()[-3000:]}")


def launch(database_url: str, folder: Path, *extra: str) -> Service:
    plans, canaries, principals = seed(database_url)
    log = folder / "serve.log"
    url, process = start(database_url, log, *extra)
    return Service(url, database_url, process, plans, canaries, principals, log)

"""``crewplan db``, ``users`` and ``audit`` through the real command line, on SQLite and PostgreSQL."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from sqlalchemy import create_engine, text

from crewplan.scenario import load_scenario
from crewplan.scenario.save import manifest_hash

PASSWORD = "correct-horse-battery-staple"


def cli(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, "COLUMNS": "200", **env}
    for name in ("CREWPLAN_PASSWORD", "CREWPLAN_DATABASE_URL"):
        if name not in env:
            environment.pop(name, None)
    return subprocess.run([sys.executable, "-m", "crewplan.cli", *args], capture_output=True, text=True,
                          env=environment, timeout=300, stdin=subprocess.DEVNULL)


def test_import_export_users_and_audit_from_the_command_line(database_url: str, tmp_path: Path) -> None:
    assert cli("db", "upgrade", "--database", database_url).returncode == 0
    done = cli("db", "import", "--json", CREWPLAN_DATABASE_URL=database_url)  # the URL from the environment
    assert done.returncode == 0, done.stderr
    imported = json.loads(done.stdout)
    assert imported["plan"] == 1 and imported["revision"] == 1 and imported["sha256"].startswith("sha256:")
    listed = json.loads(cli("db", "plans", "--json", "--database", database_url).stdout)["plans"]
    assert [(p["plan"], p["scenario"], p["revision"]) for p in listed] == [(1, "tiangong-iss", 1)]

    out = tmp_path / "exported" / "plan.yaml"
    done = cli("db", "export", "1", "--out", str(out), "--database", database_url)
    assert done.returncode == 0, done.stderr
    assert manifest_hash(load_scenario(out)) == manifest_hash(load_scenario())

    done = cli("users", "add", "li.wei", "--agency", "CMSA", "--nationality", "CN", "--role", "planner",
               "--database", database_url, CREWPLAN_PASSWORD=PASSWORD)
    assert done.returncode == 0, done.stderr
    assert PASSWORD not in done.stdout + done.stderr
    again = cli("users", "add", "li.wei", "--agency", "CMSA", "--nationality", "CN", "--database", database_url,
                CREWPLAN_PASSWORD=PASSWORD)
    assert again.returncode == 2 and "exists already" in again.stderr

    verified = cli("audit", "verify", "--json", "--database", database_url)
    assert verified.returncode == 0, verified.stderr
    verdict = json.loads(verified.stdout)
    assert verdict["intact"] and verdict["events"] >= 4 and verdict["head_hash"].startswith("sha256:")

    url = database_url.replace("postgresql://", "postgresql+psycopg://")
    engine = create_engine(url)
    with engine.begin() as connection:  # someone with the database's rights edits the log
        if engine.dialect.name == "sqlite":
            connection.exec_driver_sql("DROP TRIGGER audit_events_no_update")
        else:
            connection.exec_driver_sql("ALTER TABLE audit_events DISABLE TRIGGER USER")
        connection.execute(text("UPDATE audit_events SET actor = 'nobody' WHERE seq = 2"))
    engine.dispose()
    broken = cli("audit", "verify", "--database", database_url)
    assert broken.returncode == 1 and "record 2 was changed" in broken.stderr

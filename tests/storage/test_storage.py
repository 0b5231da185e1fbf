"""The shared database on SQLite and on a real PostgreSQL server: schema, round trip, revisions, audit chain."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import func, select, text
from sqlalchemy.exc import DBAPIError

from crewplan.scenario import load_scenario
from crewplan.scenario.save import manifest_hash, scenario_data
from crewplan.storage import Actor, StaleRevision, open_database, repository
from crewplan.storage.audit import verify
from crewplan.storage.database import Database, head
from crewplan.storage.documents import export_document
from crewplan.storage.schema import AuditEventRow, Base, PlanRow, RevisionRow, UserRow

ME = Actor("local:test")


@pytest.fixture
def db(database_url: str) -> Database:
    database = open_database(database_url)
    yield database
    database.dispose()


def _without_paths(data: dict) -> dict:
    for station in data.get("stations", []):
        if station.get("orbit", {}).get("elements_file"):
            station["orbit"]["elements_file"] = Path(station["orbit"]["elements_file"]).name
    return data


def test_the_migrations_create_exactly_the_tables_the_code_maps(db: Database) -> None:
    with db.engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    assert differences == []
    assert db.revision() == head() == "0004"


def test_import_then_export_loads_as_the_scenario_it_was(db: Database, tmp_path: Path) -> None:
    original = load_scenario()
    with db.transaction() as session:
        plan = repository.create_plan(session, original, ME)
    with db.sessions() as session:
        row = repository.revision(session, plan.id)
    again = load_scenario(export_document(row.document, tmp_path / "export" / "plan.yaml"))
    assert _without_paths(scenario_data(again)) == _without_paths(scenario_data(original))
    assert manifest_hash(again) == manifest_hash(original)  # element files by their bytes too
    assert again.model_dump(exclude={"stations"}) == original.model_dump(exclude={"stations"})


def test_revisions_only_increase_and_a_stale_edit_writes_nothing(db: Database) -> None:
    scenario = load_scenario()
    with db.transaction() as session:
        plan_id = repository.create_plan(session, scenario, ME).id
    renamed = scenario.model_copy(update={"name": "second"})
    with db.transaction() as session:
        assert repository.add_revision(session, plan_id, renamed, ME, expected=1).number == 2
    with db.sessions() as session:
        events_before = session.scalar(select(func.count()).select_from(AuditEventRow))
    with pytest.raises(StaleRevision, match="at revision 2, not 1"), db.transaction() as session:
        repository.add_revision(session, plan_id, scenario, ME, expected=1)
    with db.sessions() as session:
        assert session.get(PlanRow, plan_id).revision == 2
        assert session.scalar(select(func.count()).select_from(RevisionRow)) == 2
        assert session.scalar(select(func.count()).select_from(AuditEventRow)) == events_before
        first, second = (repository.revision(session, plan_id, n) for n in (1, 2))
        assert first.sha256 != second.sha256 and '"name":"second"' in second.document
        assert verify(session).intact


def test_times_are_aware_utc_both_ways(db: Database) -> None:
    with db.transaction() as session:
        plan = repository.create_plan(session, load_scenario(), ME)
    with db.sessions() as session:
        row = session.get(PlanRow, plan.id)
        assert row.created_at.tzinfo is not None and row.created_at.utcoffset() == dt.timedelta(0)
        assert abs(dt.datetime.now(dt.UTC) - row.created_at) < dt.timedelta(minutes=5)


def _events(db: Database, count: int = 4) -> None:
    with db.transaction() as session:
        plan_id = repository.create_plan(session, load_scenario(), ME).id
    scenario = load_scenario()
    for n in range(count):
        with db.transaction() as session:
            repository.add_revision(session, plan_id, scenario.model_copy(update={"name": f"v{n}"}), ME,
                                    expected=n + 1)


def _tamper(db: Database, *statements: str) -> None:
    """Edit the log as someone with the database's own rights would: the append-only trigger off first."""
    with db.engine.begin() as connection:
        if db.engine.dialect.name == "sqlite":
            connection.exec_driver_sql("DROP TRIGGER IF EXISTS audit_events_no_update")
            connection.exec_driver_sql("DROP TRIGGER IF EXISTS audit_events_no_delete")
        else:
            connection.exec_driver_sql("ALTER TABLE audit_events DISABLE TRIGGER USER")
        for statement in statements:
            connection.execute(text(statement))


def _verdict(db: Database):
    with db.sessions() as session:
        return verify(session)


def test_the_database_refuses_to_change_or_remove_an_audit_event(db: Database) -> None:
    _events(db)
    for statement in ("UPDATE audit_events SET actor = 'someone else' WHERE seq = 2",
                      "DELETE FROM audit_events WHERE seq = 2"):
        with pytest.raises(DBAPIError, match="append-only"), db.engine.begin() as connection:
            connection.execute(text(statement))
    assert _verdict(db).intact


def test_audit_verify_names_a_changed_record(db: Database) -> None:
    _events(db)
    intact = _verdict(db)
    assert intact.intact and intact.events > 5
    _tamper(db, "UPDATE audit_events SET digest = 'sha256:" + "1" * 64 + "' WHERE seq = 5")
    verdict = _verdict(db)
    assert not verdict.intact and verdict.first_bad == 5 and "record 5 was changed" in verdict.problem


def test_audit_verify_names_a_removed_record_and_a_removed_tail(db: Database) -> None:
    _events(db)
    total = _verdict(db).events
    _tamper(db, "DELETE FROM audit_events WHERE seq = 4")
    verdict = _verdict(db)
    assert verdict.first_bad == 4 and "record 4 is missing" in verdict.problem
    _tamper(db, f"DELETE FROM audit_events WHERE seq >= 4 AND seq <= {total}",
            f"UPDATE audit_head SET seq = {total}")
    verdict = _verdict(db)
    assert verdict.first_bad == 4 and f"records 4 to {total} were removed" in verdict.problem


def test_audit_verify_names_a_moved_record(db: Database) -> None:
    _events(db)
    # Swap records 6 and 7 (their numbers traded: the order of events changed).
    _tamper(db, "UPDATE audit_events SET seq = -1 WHERE seq = 6", "UPDATE audit_events SET seq = 6 WHERE seq = 7",
            "UPDATE audit_events SET seq = 7 WHERE seq = -1")
    verdict = _verdict(db)
    assert not verdict.intact and verdict.first_bad == 6


def test_a_user_keeps_only_an_argon2_hash_and_the_log_no_password(db: Database) -> None:
    from argon2 import PasswordHasher

    secret = "canary-password-7f3a9c"  # 22 characters
    with db.transaction() as session:
        repository.sync_agencies(session, load_scenario(), ME)
        repository.add_user(session, ME, username="li.wei", password=secret, agency="CMSA",
                            nationalities=["cn"], roles=["planner"])
    with db.sessions() as session:
        user = session.scalars(select(UserRow)).one()
        assert user.password_hash.startswith("$argon2id$") and secret not in user.password_hash
        assert PasswordHasher().verify(user.password_hash, secret)
        assert user.nationalities == ["CN"] and user.roles == ["planner"]
        for event in session.scalars(select(AuditEventRow)):
            assert secret not in repr([getattr(event, c.key) for c in AuditEventRow.__table__.columns])


@pytest.mark.parametrize(("change", "message"), [
    ({"username": "Li Wei"}, "user name 'Li Wei'"),
    ({"password": "short"}, "at least 15"),
    ({"agency": "XXX"}, "agency 'XXX' is not in the database"),
    ({"roles": ["boss"]}, "role 'boss'"),
    ({"nationalities": ["China"]}, "ISO 3166"),
])
def test_bad_users_are_refused_with_what_would_be_valid(db: Database, change: dict, message: str) -> None:
    from crewplan.errors import UsageError

    fields = {"username": "li.wei", "password": "x" * 20, "agency": "CMSA", "nationalities": ["CN"],
              "roles": ["viewer"], **change}
    with db.transaction() as session:
        repository.sync_agencies(session, load_scenario(), ME)
    with pytest.raises(UsageError, match=message), db.transaction() as session:
        repository.add_user(session, ME, **fields)

"""Engines, sessions and the schema's version: one :class:`Database` per URL.

SQLite runs in WAL mode with ``synchronous=FULL`` (a committed write survives a killed process and a power
cut), foreign keys on; a writing transaction (:meth:`Database.transaction`) opens with ``BEGIN IMMEDIATE``
(writers queue on the busy timeout instead of failing half-way), a reading one with ``BEGIN`` (a snapshot
that never blocks the writer). PostgreSQL goes through psycopg 3.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, inspect
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, NoSuchModuleError
from sqlalchemy.orm import Session, sessionmaker

from crewplan.errors import UsageError

ENV = "CREWPLAN_DATABASE_URL"
DEFAULT_URL = "sqlite:///crewplan.db"
"""The default database: a SQLite file in the current folder."""
URL_FORMS = "sqlite:///PATH.db or postgresql://USER@HOST:PORT/NAME"
MIGRATIONS = Path(__file__).resolve().parent / "migrations"
WRITE = "crewplan_write"
"""Execution option of a writing transaction (SQLite: ``BEGIN IMMEDIATE``)."""


def database_url(given: str | None = None) -> URL:
    """The database URL: ``given``, else ``$CREWPLAN_DATABASE_URL``, else the SQLite default; checked."""
    text = given or os.environ.get(ENV) or DEFAULT_URL
    try:
        url = make_url(text)
    except ArgumentError:
        raise UsageError(f"database URL {text!r} is not a URL; expected {URL_FORMS}") from None
    if url.get_backend_name() == "postgresql" and url.get_driver_name() in ("postgresql", "psycopg2", "psycopg"):
        url = url.set(drivername="postgresql+psycopg")
    elif url.drivername != "sqlite":
        raise UsageError(f"database URL {shown(url)}: {url.drivername!r} is not supported; expected {URL_FORMS}")
    if url.drivername == "sqlite" and url.database in (None, "", ":memory:"):
        raise UsageError(f"database URL {shown(url)}: an in-memory SQLite database keeps nothing; give a file: "
                         "sqlite:///PATH.db")
    return url


def shown(url: URL) -> str:
    """The URL as it may be printed: the password hidden."""
    return url.render_as_string(hide_password=True)


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    dbapi_connection.isolation_level = None  # the driver opens no transaction of its own: "begin" below does
    cursor = dbapi_connection.cursor()
    for pragma in ("journal_mode=WAL", "synchronous=FULL", "foreign_keys=ON", "busy_timeout=30000"):
        cursor.execute(f"PRAGMA {pragma}")
    cursor.close()


def _sqlite_begin(connection: Any) -> None:
    # A writer takes the write lock at once (and queues on the busy timeout); a reader reads its snapshot
    # (WAL: readers never block the writer).
    write = connection.get_execution_options().get(WRITE, False)
    connection.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")


POOL_MAX = 40
"""Connections one process opens at most: as many as the threads that run a server's requests (anyio's
default limit is 40), so that a request never queues for a connection while a thread is free (with the
pool's default of 15 the waits made the tail of the service benchmark: p95 130 ms, 78 ms with 40). All are
kept once opened (an overflow connection is closed at its return, and costs PostgreSQL a new backend at the
next peak); a pool opens them only as concurrent requests need them."""


def make_engine(url: URL, pool_max: int = POOL_MAX) -> Engine:
    """An engine for ``url`` (checked by :func:`database_url`) that opens at most ``pool_max`` connections."""
    # A few overflow connections beyond: the in-process solve-job worker's two threads read and write too.
    pool = {"pool_size": pool_max, "max_overflow": 4}
    if url.drivername == "sqlite":
        folder = Path(url.database or "").resolve().parent
        if not folder.is_dir():
            raise UsageError(f"database URL {shown(url)}: folder {folder} does not exist")
        engine = create_engine(url, connect_args={"timeout": 30}, **pool)
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "begin", _sqlite_begin)
        return engine
    try:
        return create_engine(url, pool_pre_ping=True, **pool)
    except NoSuchModuleError as error:  # pragma: no cover - psycopg is a locked dependency
        raise UsageError(f"database URL {shown(url)}: {error}") from None


def pool_share(db: Database, processes: int) -> int:
    """The connections each of ``processes`` server processes may open (besides the supervising process's
    few): :data:`POOL_MAX`, or on PostgreSQL less if the server's ``max_connections`` (less its reserved
    ones and a margin of 10 for other clients) would not hold them all."""
    if db.url.drivername == "sqlite":
        return POOL_MAX
    with db.engine.connect() as connection:
        most = int(connection.exec_driver_sql("SHOW max_connections").scalar_one())
        reserved = int(connection.exec_driver_sql("SHOW superuser_reserved_connections").scalar_one())
    return max(2, min(POOL_MAX, (most - reserved - 10) // processes - 4))


@dataclass
class Database:
    """One database: its URL, engine and session factory."""

    url: URL
    engine: Engine
    sessions: sessionmaker[Session]
    reads: sessionmaker[Session] | None = None
    """Sessions for a request that only reads (default: ``sessions``). On PostgreSQL they run in autocommit:
    under its READ COMMITTED every statement has its own snapshot inside a transaction too, so reads see the
    same, and the BEGIN and ROLLBACK round trips of each request are saved."""

    def reading(self) -> Session:
        """A session for reads only (see ``reads``); use it as a context manager."""
        return (self.reads or self.sessions)()

    @contextlib.contextmanager
    def transaction(self) -> Iterator[Session]:
        """A session whose writes commit together at the end of the block, or not at all."""
        with self.sessions.begin() as session:
            session.connection(execution_options={WRITE: True})
            yield session

    def revision(self) -> str | None:
        """The schema's Alembic revision (``None``: an empty database)."""
        from alembic.runtime.migration import MigrationContext

        with self.engine.connect() as connection:
            return MigrationContext.configure(connection).get_current_revision()

    def upgrade(self) -> str:
        """Create or upgrade the schema to the newest migration; returns its revision."""
        from alembic import command

        with self.engine.begin() as connection:
            config = _alembic_config()
            config.attributes["connection"] = connection
            command.upgrade(config, "head")
        return head()

    def dispose(self) -> None:
        self.engine.dispose()


def _alembic_config() -> Any:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


def head() -> str:
    """The newest migration shipped with crewplan."""
    from alembic.script import ScriptDirectory

    found = ScriptDirectory.from_config(_alembic_config()).get_current_head()
    assert found is not None
    return found


def open_database(given: str | None = None, *, upgrade: bool = False, existing: bool = False,
                  pool_max: int = POOL_MAX) -> Database:
    """Open the database ``given`` names (see :func:`database_url`). A new, empty one gets the schema (unless
    ``existing``: a command that only reads refuses a SQLite file that is not there, rather than make an empty
    one); one whose schema is older than this crewplan's is upgraded only with ``upgrade`` (else: an error
    that says to run ``crewplan db upgrade``)."""
    url = database_url(given)
    if existing and url.drivername == "sqlite" and not Path(url.database or "").is_file():
        raise UsageError(f"no database at {url.database} (from {shown(url)}): crewplan db upgrade or db import "
                         "creates one; or give --database / CREWPLAN_DATABASE_URL")
    engine = make_engine(url, pool_max)
    reads = (None if url.drivername == "sqlite" else
             sessionmaker(engine.execution_options(isolation_level="AUTOCOMMIT"), expire_on_commit=False))
    db = Database(url, engine, sessionmaker(engine, expire_on_commit=False), reads)
    try:
        current = db.revision()
        if upgrade or (current is None and not inspect(engine).get_table_names()):
            db.upgrade()
        elif current != head():
            raise UsageError(f"database {shown(url)} has schema {current or 'none'}, this crewplan needs "
                             f"{head()}: run crewplan db upgrade --database URL first (back it up before)")
    except DBAPIError as error:
        engine.dispose()
        raise UsageError(f"cannot open database {shown(url)}: {first_line(error)}") from None
    except UsageError:
        engine.dispose()
        raise
    return db


def first_line(error: DBAPIError) -> str:
    """The database's own message, without SQLAlchemy's statement dump."""
    text = str(error.orig) if error.orig is not None else str(error)
    return text.strip().splitlines()[0] if text.strip() else type(error).__name__

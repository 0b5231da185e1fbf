"""Storage: shared plans in a real database (SQLAlchemy 2 ORM, Alembic migrations shipped in the package).

SQLite file by default (``crewplan.db`` in the current folder), PostgreSQL when ``--database URL`` or
``CREWPLAN_DATABASE_URL`` names one. Every write appends an audit event in the same transaction
(:mod:`crewplan.storage.audit`). The domain never imports this package; the command line and the service do.
"""

from crewplan.storage.database import Database, database_url, open_database
from crewplan.storage.repository import Actor, StaleRevision

__all__ = ["Actor", "Database", "StaleRevision", "database_url", "open_database"]

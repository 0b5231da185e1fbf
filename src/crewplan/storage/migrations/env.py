"""Alembic's environment: crewplan passes the connection in (``Database.upgrade``); no alembic.ini."""

from __future__ import annotations

from alembic import context

from crewplan.storage.schema import Base

connection = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError("crewplan's migrations run through crewplan db upgrade, which passes the connection")
context.configure(connection=connection, target_metadata=Base.metadata, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()

"""Alembic environment of the Shekara store.

Run through :func:`shekara.kb.store.migrate`, which passes the connection in
``config.attributes["connection"]`` so a build and its migration share one
transaction (both PostgreSQL and SQLite have transactional DDL).
"""

from __future__ import annotations

from alembic import context

from shekara.kb.tables import metadata

config = context.config
connection = config.attributes.get("connection")
if connection is None:  # pragma: no cover - alembic CLI use
    raise RuntimeError("run migrations through shekara.kb.store.migrate()")
context.configure(connection=connection, target_metadata=metadata(), render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()

"""The platform's access to the store: its tables and an engine migrated up to them.

Example:
    >>> table("pf_users").c.username.type.length
    100
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from shekara.kb.store import make_engine, migrate
from shekara.kb.tables import metadata
from shekara.platform.tables import PLATFORM_TABLES, USERS


def table(name: str) -> sa.Table:
    """A platform table of the store metadata."""
    return metadata().tables[name]


def holds(column: sa.ColumnElement[str], item: str) -> sa.ColumnElement[bool]:
    """Whether a column of ``|``-separated ids (``"KZ-55|RU-OMS"``) holds *item*: look for
    ``|item|`` in ``|A|B|`` so that ``KZ-5`` does not match ``KZ-55``."""
    padded = sa.literal("|", sa.String) + column + sa.literal("|", sa.String)
    return padded.contains(f"|{item}|", autoescape=True)


def new_id(result: sa.CursorResult[Any]) -> int:
    """The primary key of the row an ``INSERT`` added."""
    pk = result.inserted_primary_key
    assert pk is not None
    return int(pk[0])


def ensure_platform(engine: Engine) -> None:
    """Bring a store built before the platform (or before its account status) up to date."""
    inspector = sa.inspect(engine)
    if not inspector.has_table(USERS) or "status" not in {
        c["name"] for c in inspector.get_columns(USERS)
    }:
        with engine.begin() as conn:
            migrate(conn)


def platform_engine(url: str | None = None) -> Engine:
    """An engine on the store at *url* with the platform tables in place."""
    engine = make_engine(url)
    ensure_platform(engine)
    return engine


def save_platform_rows(conn: Connection) -> dict[str, list[dict[str, Any]]]:
    """Every platform row of the store behind *conn* (a rebuild keeps them)."""
    if not sa.inspect(conn).has_table(USERS):
        return {}
    return {
        name: [dict(r._mapping) for r in conn.execute(sa.select(table(name)))]
        for name in PLATFORM_TABLES
    }


def restore_platform_rows(conn: Connection, saved: dict[str, list[dict[str, Any]]]) -> None:
    """Insert rows saved by :func:`save_platform_rows` into the rebuilt store.

    On PostgreSQL the id sequences are moved past the restored ids, so the next insert
    does not collide with a restored row.
    """
    for name in PLATFORM_TABLES:
        rows = saved.get(name, [])
        if not rows:
            continue
        t = table(name)
        conn.execute(t.insert(), rows)
        pk = list(t.primary_key.columns)
        if conn.dialect.name == "postgresql" and len(pk) == 1 and pk[0].autoincrement is True:
            conn.execute(
                sa.text(
                    f"SELECT setval(pg_get_serial_sequence('{name}', '{pk[0].name}'), "
                    f"(SELECT MAX({pk[0].name}) FROM {name}))"
                )
            )

"""Writers serialise through the store itself: one write transaction at a time.

Every write (``db build``, ``data import``, the API import) runs in
:func:`write_transaction`, which takes the store's own write lock before anything is
read for the write:

* SQLite: ``BEGIN IMMEDIATE`` (the database's reserved lock; the file is in WAL mode,
  so readers are never blocked by a writer and always see the last commit);
* PostgreSQL: ``pg_advisory_xact_lock`` on a fixed key, released at commit or rollback.

A writer that waits longer than its timeout gets :class:`StoreLockedError`. A
*store token* (build id + newest audit-log id) lets an import check, under the lock,
that the store is still the one it planned against.

Example:
    >>> from shekara.kb.store import example_engine
    >>> engine = example_engine(fresh=True)
    >>> with write_transaction(engine) as conn:
    ...     token = store_token(conn)
    >>> token == store_token(engine)
    True
"""

from __future__ import annotations

import contextlib
import sqlite3
import weakref
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.engine import Connection, Engine

#: Execution option that makes the next transaction of a connection a writer's.
WRITE_OPTION = "shekara_write"
#: Key of the PostgreSQL advisory lock all writers take ("SHEKARA" in ASCII, as an int).
PG_LOCK_KEY = 0x5348454B415241
#: Seconds a writer waits for the store's write lock before giving up.
WRITE_WAIT_S = 30.0
_BUSY_TIMEOUT: weakref.WeakKeyDictionary[Engine, float] = weakref.WeakKeyDictionary()


class StoreLockedError(RuntimeError):
    """Another writer held the store longer than this one would wait."""


def configure_sqlite(engine: Engine, busy_timeout_s: float) -> None:
    """Explicit transactions on a SQLite engine (SQLAlchemy's pysqlite recipe) and WAL mode.

    The driver's own implicit transactions start only at the first DML statement, so
    DDL and reads would run outside them; here every transaction starts with ``BEGIN``
    (``BEGIN IMMEDIATE`` for writers) and covers everything done in it.
    """

    _BUSY_TIMEOUT[engine] = busy_timeout_s

    @event.listens_for(engine, "connect")
    def _connect(dbapi_conn: Any, _record: Any) -> None:
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        cur.execute(f"PRAGMA busy_timeout = {int(busy_timeout_s * 1000)}")
        # persistent in the file; switching needs a moment of exclusive access: if the
        # store is locked or read-only now, it keeps its mode and a later open switches
        with contextlib.suppress(sqlite3.OperationalError):
            cur.execute("PRAGMA journal_mode = WAL")
        cur.close()

    @event.listens_for(engine, "begin")
    def _begin(conn: Connection) -> None:
        writer = conn.get_execution_options().get(WRITE_OPTION)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if writer else "BEGIN")


def is_lock_error(exc: BaseException) -> bool:
    """Whether *exc* says the store is locked or busy (not broken).

    >>> is_lock_error(sqlite3.OperationalError("database is locked"))
    True
    >>> is_lock_error(ValueError("x"))
    False
    """
    orig = getattr(exc, "orig", exc)
    code = getattr(orig, "sqlstate", None)
    if code in ("55P03", "57014", "40P01"):  # lock_not_available, query_canceled, deadlock
        return True
    text = str(orig).lower()
    return "database is locked" in text or "database table is locked" in text


@contextmanager
def write_transaction(engine: Engine, wait_s: float = WRITE_WAIT_S) -> Iterator[Connection]:
    """A transaction that holds the store's write lock from its first statement.

    Raises :class:`StoreLockedError` if the lock is not free within *wait_s* seconds.
    """
    with engine.connect() as conn:
        conn.execution_options(**{WRITE_OPTION: True})
        sqlite = conn.dialect.name == "sqlite"
        if sqlite:  # the busy handler waits inside BEGIN IMMEDIATE
            _busy_timeout(conn, wait_s)
        try:
            try:
                trans = conn.begin()
                if conn.dialect.name == "postgresql":
                    conn.exec_driver_sql(f"SET LOCAL lock_timeout = '{int(wait_s * 1000)}ms'")
                    conn.execute(sa.text("SELECT pg_advisory_xact_lock(:k)"), {"k": PG_LOCK_KEY})
            except sa.exc.OperationalError as exc:
                if is_lock_error(exc):
                    raise StoreLockedError(str(exc.orig)) from exc
                raise
            with trans:
                yield conn
        finally:
            if sqlite:
                _busy_timeout(conn, engine_busy_timeout(engine))


def _busy_timeout(conn: Connection, seconds: float) -> None:
    raw = conn.connection.dbapi_connection
    if raw is not None:
        raw.execute(f"PRAGMA busy_timeout = {int(seconds * 1000)}")


def engine_busy_timeout(engine: Engine) -> float:
    """The lock wait a SQLite engine was made with (seconds)."""
    return _BUSY_TIMEOUT.get(engine, WRITE_WAIT_S)


_TOKEN_SQL = sa.text(
    "SELECT (SELECT value FROM meta WHERE key = 'build_id'),"
    " (SELECT value FROM meta WHERE key = 'built_at'),"
    " (SELECT MAX(id) FROM audit_log)"
)


def store_token(bind: Engine | Connection) -> tuple[Any, ...]:
    """What identifies the store's content for a writer: build id, build time, last audit id."""
    if isinstance(bind, Engine):
        with bind.connect() as conn:
            return tuple(conn.execute(_TOKEN_SQL).one())
    return tuple(bind.execute(_TOKEN_SQL).one())

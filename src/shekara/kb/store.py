"""The store: the data package loaded into SQLite (default) or PostgreSQL.

``build`` is all-or-nothing: the whole rebuild (drop, migrate, load) runs in one
transaction that holds the store's write lock (:mod:`shekara.kb.locking`), in place,
on SQLite as on PostgreSQL. So a running server keeps its connections and sees the
new build at its next read, and an import cannot slip in between the check for
imported values and the rebuild: the rebuild refuses (``KB703``) when the store holds
imports, unless forced.

Example:
    >>> import tempfile, pathlib
    >>> url = f"sqlite:///{pathlib.Path(tempfile.mkdtemp()) / 'kb.sqlite'}"
    >>> info = build(url)
    >>> info.counts["pairs"]
    18
    >>> read_meta(make_engine(url))["data_checksum"] == info.checksum
    True
"""

from __future__ import annotations

import tempfile
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cache
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from sqlalchemy.engine import Connection, Engine

from shekara import __version__
from shekara.kb.auth_tables import API_TOKENS
from shekara.kb.errors import DataError, finding
from shekara.kb.locking import WRITE_WAIT_S, configure_sqlite, write_transaction
from shekara.kb.package import DataPackage, Record, load_package
from shekara.kb.periods import parse_period
from shekara.kb.schema import Descriptor
from shekara.kb.tables import metadata
from shekara.kb.validate import validate_loaded
from shekara.paths import default_data_dir, default_database_url

MIGRATIONS = Path(__file__).with_name("migrations")


@dataclass(frozen=True)
class BuildInfo:
    """What a build loaded: row counts per table, the data checksum, where."""

    url: str
    checksum: str
    counts: dict[str, int]
    warnings: int


def make_engine(url: str | None = None, *, lock_wait_s: float = WRITE_WAIT_S) -> Engine:
    """An engine for *url* (default: ``SHEKARA_DATABASE_URL`` or the SQLite file).

    *lock_wait_s* bounds how long a statement waits for a lock another process holds
    (SQLite busy timeout, PostgreSQL ``lock_timeout``) before it fails.
    """
    url = url or default_database_url()
    if url.startswith("sqlite:///") and url != "sqlite:///:memory:":
        Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
        engine = sa.create_engine(url, connect_args={"timeout": lock_wait_s})
        configure_sqlite(engine, lock_wait_s)
        return engine
    if url.startswith("postgresql"):
        ms = int(lock_wait_s * 1000)
        return sa.create_engine(url, connect_args={"options": f"-c lock_timeout={ms}"})
    return sa.create_engine(url)


def redact(url: str) -> str:
    """The URL without its password, for messages and logs."""
    return sa.make_url(url).render_as_string(hide_password=True)


def alembic_config(connection: Connection) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.attributes["connection"] = connection
    return cfg


def migrate(connection: Connection, revision: str = "head") -> None:
    """Bring the schema of the database behind *connection* to *revision*."""
    command.upgrade(alembic_config(connection), revision)


def _indicator_rows(records: list[Record], origin: str) -> list[dict[str, Any]]:
    rows = []
    for r in records:
        row = dict(r.values)
        start, end = parse_period(str(row["period"]))
        row.update(period_start=start, period_end=end, origin=origin)
        rows.append(row)
    return rows


def load_tables(conn: Connection, pkg: DataPackage) -> None:
    """Insert every table of *pkg* (the tables must exist and be empty)."""
    md = metadata()
    for table in pkg.descriptor.tables:
        records = pkg.tables[table]
        if not records:
            continue
        rows = (
            _indicator_rows(records, "package")
            if table == "indicators"
            else [dict(r.values) for r in records]
        )
        conn.execute(md.tables[table].insert(), rows)


def write_meta(conn: Connection, pkg: DataPackage) -> None:
    meta = metadata().tables["meta"]
    values = {
        "data_checksum": pkg.checksum,
        "data_version": pkg.descriptor.version,
        "shekara_version": __version__,
        "built_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "build_id": uuid.uuid4().hex,
    }
    conn.execute(meta.delete())
    conn.execute(meta.insert(), [{"key": k, "value": v} for k, v in values.items()])


def read_meta(engine: Engine) -> dict[str, str]:
    """The store's ``meta`` table as a dict (empty if the store has none)."""
    if not sa.inspect(engine).has_table("meta"):
        return {}
    with engine.connect() as conn:
        return {k: v for k, v in conn.execute(sa.text("SELECT key, value FROM meta"))}


def count_imports(bind: Engine | Connection) -> int:
    """Indicator values that came through ``data import`` rather than the package."""
    if not sa.inspect(bind).has_table("indicators"):
        return 0
    sql = sa.text("SELECT COUNT(*) FROM indicators WHERE origin <> 'package'")
    if isinstance(bind, Connection):
        return int(bind.execute(sql).scalar_one())
    with bind.connect() as conn:
        return int(conn.execute(sql).scalar_one())


def _saved_tokens(conn: Connection) -> list[dict[str, Any]]:
    """API tokens of the store behind *conn*: they are not package data, so a rebuild keeps them."""
    if not sa.inspect(conn).has_table(API_TOKENS):
        return []
    return [dict(r._mapping) for r in conn.execute(sa.select(metadata().tables[API_TOKENS]))]


def _restore_tokens(conn: Connection, rows: list[dict[str, Any]]) -> None:
    if rows:
        conn.execute(metadata().tables[API_TOKENS].insert(), rows)


def _drop_all(conn: Connection) -> None:
    md = metadata()
    md.drop_all(conn)
    conn.execute(sa.text("DROP TABLE IF EXISTS alembic_version"))


def build(
    url: str | None = None,
    data_dir: Path | None = None,
    *,
    seeds: Path | None = None,
    force: bool = False,
) -> BuildInfo:
    """Validate the data package and (re)build the store from it, in one transaction.

    Raises :class:`DataError` with the findings, writing nothing, if the package
    has errors, or (``KB703``) if the store holds imported values and not *force*:
    that check runs under the store's write lock, so no import can commit between
    it and the rebuild. :class:`StoreLockedError` if another writer holds the store
    too long.
    """
    url = url or default_database_url()
    pkg = load_package(data_dir or default_data_dir())
    report = validate_loaded(pkg, seeds)
    if not report.ok:
        raise DataError(report.findings)
    counts = {t: len(r) for t, r in pkg.tables.items()}
    info = BuildInfo(redact(url), pkg.checksum, counts, len(report.warnings))
    engine = make_engine(url)
    try:
        for attempt in range(3):
            try:
                _rebuild(engine, pkg, force)
                break
            except sa.exc.OperationalError as exc:
                # PostgreSQL: a reader holding one table while waiting for another may
                # deadlock with the drop; whichever is chosen as victim tries again.
                if getattr(exc.orig, "sqlstate", None) != "40P01" or attempt == 2:
                    raise
    finally:
        engine.dispose()
    return info


def _rebuild(engine: Engine, pkg: DataPackage, force: bool) -> None:
    # the platform's rows (accounts, requests, projects) are people's work: a rebuild keeps them
    from shekara.platform.db import restore_platform_rows, save_platform_rows

    with write_transaction(engine) as conn:
        imported = count_imports(conn)
        if imported and not force:
            raise DataError([finding("KB703", value=imported)])
        tokens = _saved_tokens(conn)
        kept = save_platform_rows(conn)
        _drop_all(conn)
        migrate(conn)
        load_tables(conn, pkg)
        write_meta(conn, pkg)
        _restore_tokens(conn, tokens)
        restore_platform_rows(conn, kept)


def read_records(
    engine: Engine, descriptor: Descriptor, *, skip: tuple[str, ...] = ()
) -> dict[str, list[Record]]:
    """The store's package tables (but *skip*) as records (file = ``store:<table>``,
    row = position)."""
    md = metadata()
    out: dict[str, list[Record]] = {}
    with engine.connect() as conn:
        for table in [t for t in descriptor.tables if t not in skip]:
            names = descriptor.schema(table).field_names
            t = md.tables[table]
            order = [t.c.id] if table == "indicators" else list(t.primary_key.columns)
            rows = conn.execute(sa.select(*[t.c[n] for n in names]).order_by(*order))
            out[table] = [
                Record(values=dict(zip(names, row, strict=True)), file=f"store:{table}", row=i)
                for i, row in enumerate(rows, start=1)
            ]
    return out


def _new_example_store() -> str:
    url = f"sqlite:///{Path(tempfile.mkdtemp(prefix='shekara-example-')) / 'kb.sqlite'}"
    build(url)
    return url


_shared_example_store = cache(_new_example_store)


def example_engine(*, fresh: bool = False) -> Engine:
    """An engine on the shipped data package built into a temporary SQLite store.

    For examples and experiments: the store is built once per process and shared, so
    only read from it; ask for a *fresh* one to write.

    >>> from shekara.kb import query
    >>> len(query.pairs(example_engine(), as_of=2018))
    18
    """
    return make_engine(_new_example_store() if fresh else _shared_example_store())

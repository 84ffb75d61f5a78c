"""SQL tables of the store, derived from the data package's Table Schemas.

The Table Schemas in ``data/schemas/`` are the single definition of every column;
this module turns them into SQLAlchemy Core tables. The Alembic migrations in
``kb/migrations`` are explicit code; a test checks that migrating an empty
database gives exactly this metadata, so the two cannot drift apart silently.

Besides the package's tables the store has:

* ``indicators`` gets a surrogate ``id`` and the resolved ``period_start`` /
  ``period_end`` days (for range and "as of" queries) plus ``origin``
  (``package`` or ``import``);
* ``audit_log`` — who changed what and when;
* ``meta`` — the data-package checksum and version the store was built from;
* ``api_tokens`` — hashed API tokens (:mod:`shekara.kb.auth_tables`), kept across rebuilds.

Example:
    >>> md = build_metadata()
    >>> sorted(c.name for c in md.tables["pairs"].primary_key)
    ['pair_id']
    >>> "period_start" in md.tables["indicators"].c
    True
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import sqlalchemy as sa

from shekara.kb.auth_tables import add_auth_tables
from shekara.kb.flood_tables import add_flood_tables
from shekara.kb.schema import Descriptor, Field, load_descriptor
from shekara.paths import default_data_dir
from shekara.platform.tables import add_platform_tables

_TYPES: dict[str, type[sa.types.TypeEngine[Any]]] = {
    "string": sa.Text,
    "integer": sa.Integer,
    "number": sa.Float,
    "boolean": sa.Boolean,
    "date": sa.Date,
}

#: Columns that hold names of other tables' keys and are searched often.
_INDEXED = {"entity_id", "indicator", "region_id", "pair_id", "kz_region", "ru_region"}


def _column(f: Field, primary: bool) -> sa.Column[object]:
    coltype = sa.String(200) if primary and f.type == "string" else _TYPES[f.type]()
    return sa.Column(
        f.name,
        coltype,
        primary_key=primary,
        nullable=not (f.required or primary),
        index=(f.name in _INDEXED and not primary),
    )


def build_metadata(descriptor: Descriptor | None = None) -> sa.MetaData:
    """SQLAlchemy metadata for the store of the package described by *descriptor*."""
    desc = descriptor or load_descriptor(default_data_dir())
    md = sa.MetaData()
    for table in desc.tables:
        schema = desc.schema(table)
        if table == "indicators":
            cols: list[sa.Column[object]] = [
                sa.Column("id", sa.Integer, primary_key=True, autoincrement=True)
            ]
            cols += [_column(f, primary=False) for f in schema.fields]
            cols += [
                sa.Column("period_start", sa.Date, nullable=False),
                sa.Column("period_end", sa.Date, nullable=False),
                sa.Column("origin", sa.String(16), nullable=False, server_default="package"),
            ]
            sa.Table(
                table,
                md,
                *cols,
                sa.UniqueConstraint(*schema.primary_key, name="uq_indicators_key"),
                sa.Index("ix_indicators_lookup", "indicator", "entity_type", "entity_id"),
            )
            continue
        pk = set(schema.primary_key)
        sa.Table(table, md, *[_column(f, primary=f.name in pk) for f in schema.fields])
    sa.Table(
        "audit_log",
        md,
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor", sa.Text, nullable=False),
        sa.Column("action", sa.String(32), nullable=False),
        sa.Column("target", sa.Text, nullable=False),
        sa.Column("added", sa.Integer, nullable=False, server_default="0"),
        sa.Column("updated", sa.Integer, nullable=False, server_default="0"),
        sa.Column("detail", sa.Text),
    )
    sa.Table(
        "meta",
        md,
        sa.Column("key", sa.String(64), primary_key=True),
        sa.Column("value", sa.Text, nullable=False),
    )
    add_auth_tables(md)
    add_flood_tables(md)
    add_platform_tables(md)
    return md


@lru_cache(maxsize=1)
def metadata() -> sa.MetaData:
    """The store metadata of the default data package (cached)."""
    return build_metadata()


def equal_if_given(*pairs: tuple[sa.ColumnElement[Any], object]) -> list[sa.ColumnElement[bool]]:
    """``column == value`` for every (column, value) whose value is given (not None, not empty):
    the equality part of a registry's or a read's filter.

    >>> t = metadata().tables["pairs"]
    >>> [str(c) for c in equal_if_given((t.c.pair_id, "KZ-59:RU-OMS"), (t.c.kz_region, None))]
    ['pairs.pair_id = :pair_id_1']
    """
    return [column == value for column, value in pairs if value]

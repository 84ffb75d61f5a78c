"""Column builders and table lists for the migration scripts in ``versions/``.

A migration must keep meaning what it meant when it was written, so nothing here
reads the live metadata (:mod:`shekara.kb.tables`): every builder spells out the
type and nullability it gives. Change a builder only in a way that leaves the DDL
of every existing migration as it was; a new need gets a new builder.

The repeated shapes of the store's tables have a name here: the text key of a
package table (:func:`key`), the three language columns (:func:`names`), the
citation columns of every sourced row (:func:`cited`), a foreign key
(:func:`refs`). A migration lists its new tables as :class:`NewTable` values and
:func:`create_all` / :func:`drop_all` make and drop them with their indexes, so
the downgrade cannot drift from the upgrade; :func:`creating` gives both steps of a
migration that only adds tables, and :func:`keyed` a table keyed by its first column.

Example (the columns a package table of named, cited objects starts and ends with):

    >>> [c.name for c in [key("basin_id"), *names(), *cited()]]
    ['basin_id', 'name_en', 'name_ru', 'name_kk', 'source_id', 'locator', 'note']
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa
from alembic import op

#: A column or a table constraint, as ``op.create_table`` takes them.
Part = sa.Column[Any] | sa.Constraint


def _columns(
    kind: Callable[[], sa.types.TypeEngine[Any]], names: Iterable[str], required: bool
) -> list[sa.Column[Any]]:
    return [sa.Column(n, kind(), nullable=not required) for n in names]


def text(*names: str, required: bool = False) -> list[sa.Column[Any]]:
    """Text columns, nullable unless *required*."""
    return _columns(sa.Text, names, required)


def string(length: int, *names: str, required: bool = False) -> list[sa.Column[Any]]:
    """``VARCHAR(length)`` columns, nullable unless *required*."""
    return _columns(lambda: sa.String(length=length), names, required)


def number(*names: str, required: bool = False) -> list[sa.Column[Any]]:
    """Float columns, nullable unless *required*."""
    return _columns(sa.Float, names, required)


def integer(*names: str, required: bool = False) -> list[sa.Column[Any]]:
    """Integer columns, nullable unless *required*."""
    return _columns(sa.Integer, names, required)


def flag(*names: str, required: bool = False) -> list[sa.Column[Any]]:
    """Boolean columns, nullable unless *required*."""
    return _columns(sa.Boolean, names, required)


def day(*names: str, required: bool = False) -> list[sa.Column[Any]]:
    """Date columns, nullable unless *required*."""
    return _columns(sa.Date, names, required)


def moment(*names: str, required: bool = False) -> list[sa.Column[Any]]:
    """Time-zone aware timestamp columns, nullable unless *required*."""
    return _columns(lambda: sa.DateTime(timezone=True), names, required)


def key(name: str, length: int = 200) -> sa.Column[Any]:
    """The ``VARCHAR`` key column of a table (not null; the primary key is declared apart)."""
    return sa.Column(name, sa.String(length=length), nullable=False)


def serial(name: str) -> sa.Column[Any]:
    """An auto-incremented integer key column."""
    return sa.Column(name, sa.Integer(), autoincrement=True, nullable=False)


def counter(*names: str) -> list[sa.Column[Any]]:
    """Integer counts that start at 0 (server default ``'0'``, not null)."""
    return [sa.Column(n, sa.Integer(), server_default="0", nullable=False) for n in names]


def names(prefix: str = "name", *, en_only: bool = False) -> list[sa.Column[Any]]:
    """``<prefix>_en``, ``_ru``, ``_kk`` text; all required, or only English with *en_only*."""
    return [
        *text(f"{prefix}_en", required=True),
        *text(f"{prefix}_ru", f"{prefix}_kk", required=not en_only),
    ]


def cited(*, locator: bool = False, quote: bool = False, note: bool = True) -> list[Part]:
    """The citation of a sourced row: ``source_id`` (required), ``locator`` (required if
    *locator*), then ``quote`` and ``note`` when asked for."""
    return [
        *text("source_id", required=True),
        *text("locator", required=locator),
        *text(*[n for n, wanted in (("quote", quote), ("note", note)) if wanted]),
    ]


def refs(**targets: str) -> list[Part]:
    """One foreign key per keyword: ``refs(org_id="pf_organisations.org_id")``."""
    return [sa.ForeignKeyConstraint([col], [target]) for col, target in targets.items()]


@dataclass(frozen=True)
class NewTable:
    """A table a migration creates: its parts, primary key and indexes.

    ``indexed`` columns get a one-column index named ``ix_<table>_<column>``;
    ``lookups`` are named indexes over several columns. A migration builds its list
    in a function called by each run, so every run gets fresh column objects (a
    column belongs to one table only).
    """

    name: str
    parts: Sequence[Part]
    primary_key: tuple[str, ...]
    indexed: tuple[str, ...] = ()
    lookups: dict[str, tuple[str, ...]] = field(default_factory=dict)


def keyed(
    name: str,
    key_column: str | sa.Column[Any],
    *parts: Part,
    indexed: tuple[str, ...] = (),
    lookups: dict[str, tuple[str, ...]] | None = None,
) -> NewTable:
    """A table whose primary key is its first column: a :func:`key` by that name, or
    the column given (:func:`serial`, or a key of another length).

    >>> t = keyed("units", "unit", *text("quantity", required=True))
    >>> t.primary_key, [c.name for c in t.parts], t.parts[0].type.length
    (('unit',), ['unit', 'quantity'], 200)
    """
    first = key(key_column) if isinstance(key_column, str) else key_column
    return NewTable(name, [first, *parts], (first.name,), indexed, dict(lookups or {}))


#: What a migration's ``_tables()`` returns.
Tables = list[NewTable]


def create_all(tables: Sequence[NewTable]) -> None:
    """Create *tables* in order, each with its indexes."""
    for t in tables:
        op.create_table(t.name, *t.parts, sa.PrimaryKeyConstraint(*t.primary_key))
        for column in t.indexed:
            op.create_index(op.f(f"ix_{t.name}_{column}"), t.name, [column], unique=False)
        for index_name, columns in t.lookups.items():
            op.create_index(index_name, t.name, list(columns), unique=False)


def drop_all(tables: Sequence[NewTable]) -> None:
    """Drop *tables* in reverse order (their indexes go with them)."""
    for t in reversed(tables):
        op.drop_table(t.name)


Step = Callable[[], None]


def creating(tables: Callable[[], Sequence[NewTable]]) -> tuple[Step, Step]:
    """``upgrade`` and ``downgrade`` of a migration that only creates *tables*.

    Alembic calls the module's ``upgrade``/``downgrade``; both build the list afresh.
    """

    def upgrade() -> None:
        create_all(tables())

    def downgrade() -> None:
        drop_all(tables())

    return upgrade, downgrade

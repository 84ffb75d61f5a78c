"""Crossings: status, dates and capacity columns; programme targets; external facts (2026-12-01)."""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from shekara.kb.migrations import columns as col

revision = "0004_crossings"
down_revision = "0004_flood"

_NEW_CROSSING_COLUMNS = (
    ("status", sa.Text()),
    ("opened", sa.Integer()),
    ("modernised_from", sa.Integer()),
    ("modernised_to", sa.Integer()),
    ("counterpart_name", sa.Text()),
    ("coord_approximate", sa.Boolean()),
    ("lanes", sa.Integer()),
    ("capacity_vehicles_day", sa.Float()),
)


def _tables() -> col.Tables:
    return [
        col.keyed(
            "crossing_targets",
            "target_id",
            *col.text("quantity", required=True),
            *col.number("value", required=True),
            *col.number("baseline"),
            *col.text("unit", required=True),
            *col.text("time_unit"),
            *col.integer("from_year", "by_year"),
            *col.names(),
            *col.cited(locator=True, quote=True),
        ),
        col.keyed(
            "crossing_facts",
            "fact_id",
            *col.text("crossing_id"),
            *col.text("quantity", required=True),
            *col.number("value"),
            *col.text("unit", "date"),
            *col.names(),
            *col.text("source_id", "locator"),
            *col.flag("assumption", required=True),
            *col.text("citation", "note"),
        ),
    ]


def upgrade() -> None:
    with op.batch_alter_table("crossings", schema=None) as batch_op:
        for name, coltype in _NEW_CROSSING_COLUMNS:
            batch_op.add_column(sa.Column(name, coltype, nullable=True))
    col.create_all(_tables())


def downgrade() -> None:
    col.drop_all(_tables())
    with op.batch_alter_table("crossings", schema=None) as batch_op:
        for name, _ in reversed(_NEW_CROSSING_COLUMNS):
            batch_op.drop_column(name)

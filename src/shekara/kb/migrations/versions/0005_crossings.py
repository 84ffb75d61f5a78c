"""crossings: status, dates, capacity columns; programme targets; external facts

Revision ID: 0004_crossings
Revises: 0003
Create Date: 2026-12-01 14:20:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004_crossings"
down_revision = "0004_flood"
branch_labels = None
depends_on = None

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


def upgrade() -> None:
    with op.batch_alter_table("crossings", schema=None) as batch_op:
        for name, coltype in _NEW_CROSSING_COLUMNS:
            batch_op.add_column(sa.Column(name, coltype, nullable=True))
    op.create_table(
        "crossing_targets",
        sa.Column("target_id", sa.String(length=200), nullable=False),
        sa.Column("quantity", sa.Text(), nullable=False),
        sa.Column("value", sa.Float(), nullable=False),
        sa.Column("baseline", sa.Float(), nullable=True),
        sa.Column("unit", sa.Text(), nullable=False),
        sa.Column("time_unit", sa.Text(), nullable=True),
        sa.Column("from_year", sa.Integer(), nullable=True),
        sa.Column("by_year", sa.Integer(), nullable=True),
        sa.Column("name_en", sa.Text(), nullable=False),
        sa.Column("name_ru", sa.Text(), nullable=False),
        sa.Column("name_kk", sa.Text(), nullable=False),
        sa.Column("source_id", sa.Text(), nullable=False),
        sa.Column("locator", sa.Text(), nullable=False),
        sa.Column("quote", sa.Text(), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("target_id"),
    )
    op.create_table(
        "crossing_facts",
        sa.Column("fact_id", sa.String(length=200), nullable=False),
        sa.Column("crossing_id", sa.Text(), nullable=True),
        sa.Column("quantity", sa.Text(), nullable=False),
        sa.Column("value", sa.Float(), nullable=True),
        sa.Column("unit", sa.Text(), nullable=True),
        sa.Column("date", sa.Text(), nullable=True),
        sa.Column("name_en", sa.Text(), nullable=False),
        sa.Column("name_ru", sa.Text(), nullable=False),
        sa.Column("name_kk", sa.Text(), nullable=False),
        sa.Column("source_id", sa.Text(), nullable=True),
        sa.Column("locator", sa.Text(), nullable=True),
        sa.Column("assumption", sa.Boolean(), nullable=False),
        sa.Column("citation", sa.Text(), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("fact_id"),
    )


def downgrade() -> None:
    op.drop_table("crossing_facts")
    op.drop_table("crossing_targets")
    with op.batch_alter_table("crossings", schema=None) as batch_op:
        for name, _ in reversed(_NEW_CROSSING_COLUMNS):
            batch_op.drop_column(name)

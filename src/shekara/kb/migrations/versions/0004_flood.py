"""flood-season networks (package tables) and the daily exchange table

Revision ID: 0004_flood
Revises: 0003
Create Date: 2026-12-01 14:40:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004_flood"
down_revision = "0003"
branch_labels = None
depends_on = None


def _text(name: str, required: bool = False) -> sa.Column[str]:
    return sa.Column(name, sa.Text(), nullable=not required)


def _num(name: str, required: bool = False) -> sa.Column[float]:
    return sa.Column(name, sa.Float(), nullable=not required)


def upgrade() -> None:
    op.create_table(
        "flood_nodes",
        sa.Column("node_id", sa.String(length=200), nullable=False),
        *[
            _text(n, True)
            for n in ("basin_id", "river_id", "kind", "name_en", "name_ru", "name_kk", "country")
        ],
        _num("lat", True),
        _num("lon", True),
        _text("coord_basis", True),
        *[
            _text(n)
            for n in ("coord_source_id", "coord_locator", "upstream_country", "downstream_country")
        ],
        *[_num(n) for n in ("danger_q_m3s", "danger_level_cm", "mean_q_m3s")],
        *[_text(n) for n in ("source_id", "locator", "assumed")],
        sa.PrimaryKeyConstraint("node_id"),
    )
    op.create_table(
        "flood_reaches",
        sa.Column("reach_id", sa.String(length=200), nullable=False),
        _text("basin_id", True),
        sa.Column("seq", sa.Integer(), nullable=False),
        _text("from_node", True),
        _text("to_node", True),
        *[_num(n, True) for n in ("length_km", "k_hours", "x")],
        _text("assumed"),
        sa.PrimaryKeyConstraint("reach_id"),
    )
    op.create_table(
        "flood_reservoirs",
        sa.Column("node_id", sa.String(length=200), nullable=False),
        *[_num(n, True) for n in ("area_km2", "volume_mcm", "nrl_m", "outlet_m3s", "spillway_m")],
        *[_text(n) for n in ("source_id", "locator", "assumed")],
        sa.PrimaryKeyConstraint("node_id"),
    )
    op.create_table(
        "flood_observations",
        sa.Column("node_id", sa.String(length=200), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("side", sa.String(length=8), nullable=False),
        _num("level_cm"),
        _num("discharge_m3s"),
        sa.Column("ice", sa.String(length=32), nullable=True),
        *[_num(n) for n in ("res_level_m", "volume_mcm", "inflow_m3s", "outflow_m3s")],
        sa.Column("exercise", sa.Boolean(), nullable=False),
        _text("batch", True),
        sa.PrimaryKeyConstraint("node_id", "day"),
    )


def downgrade() -> None:
    for t in ("flood_observations", "flood_reservoirs", "flood_reaches", "flood_nodes"):
        op.drop_table(t)

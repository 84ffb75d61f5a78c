"""Store table for the flood-season daily exchange: one row per node and day.

Kept apart from the data-package tables because bulletins are not transcribed package
data: they arrive every day through ``shekara flood import`` (or the API). ``build_metadata``
calls :func:`add_flood_tables` so the Alembic comparison test covers the table; migration
``0004_flood`` creates it. A store rebuild drops the bulletins like any other import.

A post bulletin fills ``level_cm``, ``discharge_m3s`` and ``ice``; a reservoir bulletin
``res_level_m``, ``volume_mcm``, ``inflow_m3s`` and ``outflow_m3s``. ``exercise`` marks the
generated exercise season ("exercise — not observed").

Example:
    >>> md = sa.MetaData()
    >>> add_flood_tables(md)
    >>> FLOOD_OBSERVATIONS in md.tables
    True
"""

from __future__ import annotations

import sqlalchemy as sa

FLOOD_OBSERVATIONS = "flood_observations"


def add_flood_tables(md: sa.MetaData) -> None:
    """Add the ``flood_observations`` table to *md* (no-op when it is already there)."""
    sa.Table(
        FLOOD_OBSERVATIONS,
        md,
        sa.Column("node_id", sa.String(200), primary_key=True),
        sa.Column("day", sa.Date, primary_key=True),
        sa.Column("side", sa.String(8), nullable=False),
        sa.Column("level_cm", sa.Float),
        sa.Column("discharge_m3s", sa.Float),
        sa.Column("ice", sa.String(32)),
        sa.Column("res_level_m", sa.Float),
        sa.Column("volume_mcm", sa.Float),
        sa.Column("inflow_m3s", sa.Float),
        sa.Column("outflow_m3s", sa.Float),
        sa.Column("exercise", sa.Boolean, nullable=False),
        sa.Column("batch", sa.Text, nullable=False),
        keep_existing=True,
    )

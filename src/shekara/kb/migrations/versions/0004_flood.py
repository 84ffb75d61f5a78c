"""Flood-season networks (package tables) and the daily exchange table (2026-12-01)."""

from __future__ import annotations

from shekara.kb.migrations import columns as col


def _tables() -> col.Tables:
    return [
        col.keyed(
            "flood_nodes",
            "node_id",
            *col.text("basin_id", "river_id", "kind", required=True),
            *col.names(),
            *col.text("country", required=True),
            *col.number("lat", "lon", required=True),
            *col.text("coord_basis", required=True),
            *col.text("coord_source_id", "coord_locator", "upstream_country", "downstream_country"),
            *col.number("danger_q_m3s", "danger_level_cm", "mean_q_m3s"),
            *col.text("source_id", "locator", "assumed"),
        ),
        col.keyed(
            "flood_reaches",
            "reach_id",
            *col.text("basin_id", required=True),
            *col.integer("seq", required=True),
            *col.text("from_node", "to_node", required=True),
            *col.number("length_km", "k_hours", "x", required=True),
            *col.text("assumed"),
        ),
        col.keyed(
            "flood_reservoirs",
            "node_id",
            *col.number(
                "area_km2", "volume_mcm", "nrl_m", "outlet_m3s", "spillway_m", required=True
            ),
            *col.text("source_id", "locator", "assumed"),
        ),
        col.NewTable(
            "flood_observations",
            [
                col.key("node_id"),
                *col.day("day", required=True),
                *col.string(8, "side", required=True),
                *col.number("level_cm", "discharge_m3s"),
                *col.string(32, "ice"),
                *col.number("res_level_m", "volume_mcm", "inflow_m3s", "outflow_m3s"),
                *col.flag("exercise", required=True),
                *col.text("batch", required=True),
            ],
            ("node_id", "day"),
        ),
    ]


revision, down_revision = "0004_flood", "0003"
upgrade, downgrade = col.creating(_tables)

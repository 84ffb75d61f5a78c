"""API tokens for write access through the web API (2026-11-21)."""

from __future__ import annotations

import sqlalchemy as sa

from shekara.kb.migrations import columns as col


def _tables() -> col.Tables:
    return [
        col.keyed(
            "api_tokens",
            col.serial("token_id"),
            *col.string(200, "name", required=True),
            *col.string(64, "token_hash", required=True),
            *col.moment("created_at", required=True),
            *col.moment("revoked_at"),
            sa.UniqueConstraint("token_hash"),
            indexed=("name",),
        )
    ]


revision, down_revision = "0003", "0002"
upgrade, downgrade = col.creating(_tables)

"""API tokens for write access through the web API (2026-11-21)."""

from __future__ import annotations

import sqlalchemy as sa

from shekara.kb.migrations import columns as col

revision = "0003"
down_revision = "0002"


def _tables() -> list[col.NewTable]:
    return [
        col.NewTable(
            "api_tokens",
            [
                col.serial("token_id"),
                *col.string(200, "name", required=True),
                *col.string(64, "token_hash", required=True),
                *col.moment("created_at", required=True),
                *col.moment("revoked_at"),
                sa.UniqueConstraint("token_hash"),
            ],
            ("token_id",),
            indexed=("name",),
        )
    ]


def upgrade() -> None:
    col.create_all(_tables())


def downgrade() -> None:
    col.drop_all(_tables())

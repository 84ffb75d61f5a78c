"""The claims table for the audit of the article's conclusions (2026-11-21)."""

from __future__ import annotations

from shekara.kb.migrations import columns as col

revision = "0002"
down_revision = "0001"


def _tables() -> list[col.NewTable]:
    return [
        col.NewTable(
            "claims",
            [
                col.key("claim_id"),
                *col.text("kind", "indicators", required=True),
                *col.text("pair_ids", "values"),
                *col.text("text_en", required=True),
                *col.cited(locator=True, quote=True, note=False),
            ],
            ("claim_id",),
        )
    ]


def upgrade() -> None:
    col.create_all(_tables())


def downgrade() -> None:
    col.drop_all(_tables())

"""The claims table for the audit of the article's conclusions (2026-11-21)."""

from __future__ import annotations

from shekara.kb.migrations import columns as col


def _tables() -> col.Tables:
    return [
        col.keyed(
            "claims",
            "claim_id",
            *col.text("kind", "indicators", required=True),
            *col.text("pair_ids", "values"),
            *col.text("text_en", required=True),
            *col.cited(locator=True, quote=True, note=False),
        )
    ]


revision, down_revision = "0002", "0001"
upgrade, downgrade = col.creating(_tables)

"""A summary of the knowledge base: what the store holds and how the border looks as of key years.

This is the main job's output until the assessment report exists.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from shekara.kb import query
from shekara.kb.store import read_meta
from shekara.kb.tables import metadata


def store_summary(engine: Engine) -> dict[str, Any]:
    """Meta information and row counts of every package table."""
    md = metadata()
    counts: dict[str, int] = {}
    with engine.connect() as conn:
        for name, table in md.tables.items():
            if name in ("meta",):
                continue
            counts[name] = int(
                conn.execute(sa.select(sa.func.count()).select_from(table)).scalar_one()
            )
    return {"meta": read_meta(engine), "counts": counts}


def layout(engine: Engine, year: int, lang: query.Lang) -> dict[str, Any]:
    """Regions and pairs of both countries in force at the end of *year*."""
    regs = query.regions(engine, as_of=year, lang=lang, border=True)
    prs = query.pairs(engine, as_of=year, lang=lang)
    return {
        "as_of": year,
        "kz_regions": [r.name for r in regs if r.country == "KZ"],
        "ru_regions": [r.name for r in regs if r.country == "RU"],
        "pairs": [f"{p.kz_name} – {p.ru_name}" for p in prs],
    }


def write_summary(engine: Engine, out: Path, lang: query.Lang = "en") -> Path:
    """Write ``summary.json`` into *out* and return its path."""
    out.mkdir(parents=True, exist_ok=True)
    doc = {**store_summary(engine), "layouts": [layout(engine, y, lang) for y in (2018, 2024)]}
    path = out / "summary.json"
    path.write_text(json.dumps(doc, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return path

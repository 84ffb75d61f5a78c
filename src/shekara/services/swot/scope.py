"""Translation and number helpers, and the resolution of a SWOT scope (border, region, pair)."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy.engine import Engine

from shekara.i18n import fmt_number, translator
from shekara.kb import query
from shekara.services.swot.messages import DOMAIN, MESSAGES, ScopeKind


# --------------------------------------------------------------------------- helpers
def _translate(lang: str) -> Callable[[str], str]:
    """``tr(key)`` → the catalog text of the message registered under *key*."""
    gettext = translator(lang, DOMAIN)

    def tr(key: str) -> str:
        return gettext(MESSAGES[key])

    return tr


def _fmt_value(value: float, unit: str | None, lang: str) -> str:
    return fmt_number(value, lang, decimals=0 if unit == "index" else None)


def _natural_key(text: str) -> list[Any]:
    return [int(t) if t.isdigit() else t for t in re.split(r"(\d+)", text)]


@dataclass(frozen=True)
class _Scope:
    kind: ScopeKind
    name: str
    pair_ids: tuple[str, ...]
    region_ids: tuple[str, ...]


def _resolve_scope(
    engine: Engine,
    scope: str,
    day: date,
    pairs: Mapping[str, query.Pair],
    regions: Mapping[str, query.Region],
    tr: Callable[[str], str],
) -> _Scope:
    if scope == "border":
        border_regions = tuple(r for r, reg in regions.items() if reg.border)
        return _Scope("border", tr("border"), tuple(pairs), border_regions)
    if scope in pairs:
        p = pairs[scope]
        return _Scope("pair", f"{p.kz_name} – {p.ru_name}", (scope,), (p.kz_region, p.ru_region))
    if scope in regions:
        own = tuple(pid for pid, p in pairs.items() if scope in (p.kz_region, p.ru_region))
        return _Scope("region", regions[scope].name, own, (scope,))
    known = {r["region_id"] for r in query.table_rows(engine, "regions")} | {
        p["pair_id"] for p in query.table_rows(engine, "pairs")
    }
    if scope in known:
        raise ValueError(f"SWOT scope {scope!r} is not in force on {day.isoformat()}")
    raise ValueError(
        f"unknown SWOT scope {scope!r}: use 'border', a region id such as 'KZ-59' "
        "or a pair id such as 'KZ-59:RU-OMS'"
    )

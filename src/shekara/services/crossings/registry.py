"""The crossing registry as the faces show it: crossings, programme targets with status, facts.

Every row keeps its source; facts from outside the seeds are either cited to a
named publication or flagged as assumptions (``assumption: true`` with the
citation text they came with).  Locations that are those of the settlement a
crossing is named after carry ``approximate: true``.

Example:
    >>> from shekara.kb.store import example_engine
    >>> rows = list_crossings(example_engine(), "en")
    >>> [r["crossing_id"] for r in rows if r["lat"] is not None]
    ['isilkul']
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from typing import Any

from sqlalchemy.engine import Engine

from shekara.i18n import translator
from shekara.kb import query

__all__ = [
    "TARGET_STATUSES",
    "crossing_detail",
    "facts",
    "list_crossings",
    "measurements",
    "targets",
]

TARGET_STATUSES: tuple[str, ...] = ("met", "behind", "in_progress", "not_assessable")
WAIT = "crossing_wait_mean"
WAIT_P90 = "crossing_wait_p90"
FLOW = "crossing_flow_vehicles"


def _cite(row: dict[str, Any]) -> str:
    return f"{row['source_id']}:{row['locator']}" if row.get("locator") else str(row["source_id"])


def measurements(engine: Engine, crossing_id: str | None = None) -> dict[str, dict[str, Any]]:
    """Measured daily waits and flows per crossing: days, means and their sources."""
    by: dict[str, dict[str, Any]] = defaultdict(lambda: {"days": {}, "sources": set()})
    for ind in (WAIT, WAIT_P90, FLOW):
        for v in query.indicator_values(
            engine, indicator=ind, entity_type="crossing", entity_id=crossing_id
        ):
            rec = by[v.entity_id]
            rec["days"].setdefault(v.period, {})[ind] = v.value
            rec["sources"].add(f"{v.source.source_id}:{v.source.locator}".rstrip(":"))
    out: dict[str, dict[str, Any]] = {}
    for cid, rec in by.items():
        days = rec["days"]
        waits = [d[WAIT] for d in days.values() if WAIT in d]
        flows = [d[FLOW] for d in days.values() if FLOW in d]
        out[cid] = {
            "days": len(days),
            "first_day": min(days),
            "last_day": max(days),
            "mean_wait_hours": sum(waits) / len(waits) if waits else None,
            "mean_flow_vehicles": sum(flows) / len(flows) if flows else None,
            "daily": [{"day": k, **days[k]} for k in sorted(days)],
            "sources": sorted(rec["sources"]),
        }
    return out


def list_crossings(engine: Engine, lang: query.Lang = "en") -> list[dict[str, Any]]:
    """Every crossing with its name in *lang*, location flag, status, dates and sources."""
    measured = measurements(engine)
    out = []
    for c in query.table_rows(engine, "crossings"):
        m = measured.get(c["crossing_id"])
        out.append(
            {
                "crossing_id": c["crossing_id"],
                "name": c[f"name_{lang}"],
                "counterpart_name": c["counterpart_name"],
                "side": c["side"],
                "region_id": c["region_id"],
                "pair_id": c["pair_id"],
                "modes": c["modes"].split("|") if c["modes"] else [],
                "lat": c["lat"],
                "lon": c["lon"],
                "approximate": bool(c["coord_approximate"]) if c["lat"] is not None else None,
                "coord_source": c["coord_source_id"],
                "status": c["status"],
                "opened": c["opened"],
                "modernised_from": c["modernised_from"],
                "modernised_to": c["modernised_to"],
                "lanes": c["lanes"],
                "capacity_vehicles_day": c["capacity_vehicles_day"],
                "mean_wait_hours": m["mean_wait_hours"] if m else None,
                "measured_days": m["days"] if m else 0,
                "source": _cite(c),
                "note": c["note"],
            }
        )
    return out


def crossing_detail(engine: Engine, crossing_id: str, lang: query.Lang = "en") -> dict[str, Any]:
    """One crossing with its daily measurements and the facts that concern it."""
    rows = [c for c in list_crossings(engine, lang) if c["crossing_id"] == crossing_id]
    if not rows:
        raise KeyError(crossing_id)
    m = measurements(engine, crossing_id).get(crossing_id)
    return {
        **rows[0],
        "measurements": m,
        "facts": [f for f in facts(engine, lang) if f["crossing_id"] == crossing_id],
    }


def facts(engine: Engine, lang: query.Lang = "en") -> list[dict[str, Any]]:
    """Facts from named publications, and flagged assumptions with their citation text."""
    return [
        {
            "fact_id": f["fact_id"],
            "crossing_id": f["crossing_id"],
            "quantity": f["quantity"],
            "name": f[f"name_{lang}"],
            "value": f["value"],
            "unit": f["unit"],
            "date": f["date"],
            "assumption": bool(f["assumption"]),
            "source": _cite(f) if f["source_id"] else None,
            "citation": f["citation"],
            "note": f["note"],
        }
        for f in query.table_rows(engine, "crossing_facts")
    ]


def _target_status(
    t: dict[str, Any], crossings: list[dict[str, Any]], year: int, lang: query.Lang
) -> tuple[str, str]:
    _ = translator(lang, "crossings")
    modernised = [
        c for c in crossings if c["status"] == "modernised" and (c["modernised_to"] or 0) <= year
    ]
    n = len(modernised)
    if t["quantity"] == "checkpoints_modernised":
        expected = int(t["value"]) * max(0, year - int(t["from_year"]) + 1)
        return (
            "not_assessable",
            _(
                "{named} modernised checkpoint(s) named by the sources by {year} against "
                "{expected} expected at this pace; the sources name examples, not a complete list"
            ).format(named=n, year=year, expected=expected),
        )
    if t["quantity"] == "crossings_to_modernise":
        return (
            "in_progress",
            _("{named} of {total} named as modernised by {year}").format(
                named=n, total=int(t["value"]), year=year
            ),
        )
    return (
        "not_assessable",
        _("no measured capacity in the knowledge base, and the source gives no time unit"),
    )


def targets(
    engine: Engine, lang: query.Lang = "en", as_of: int | None = None
) -> list[dict[str, Any]]:
    """The programme targets with their status as of a year (default: this year)."""
    year = as_of or date.today().year
    crossings = list_crossings(engine, lang)
    out = []
    for t in query.table_rows(engine, "crossing_targets"):
        status, detail = _target_status(t, crossings, year, lang)
        out.append(
            {
                "target_id": t["target_id"],
                "name": t[f"name_{lang}"],
                "value": t["value"],
                "baseline": t["baseline"],
                "unit": t["unit"],
                "time_unit": t["time_unit"],
                "from_year": t["from_year"],
                "by_year": t["by_year"],
                "status": status,
                "status_detail": detail,
                "as_of": year,
                "source": _cite(t),
                "note": t["note"],
            }
        )
    return out

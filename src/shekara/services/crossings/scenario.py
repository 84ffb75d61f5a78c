"""A multi-year modernisation order for the crossings, against the programme targets.

Order: crossings with measured waits and flows first, by vehicle-hours of waiting
a day (mean wait × mean daily flow), largest first; then registered crossings
without measurements (their order is not evidence-based and is flagged); then
unnamed placeholders up to the number of crossings the dissertation asks to
modernise (52, or 50 in its conclusion).  Crossings the sources report as
modernised count in the year the modernisation ended.  Each year takes
``per_year`` crossings (the programme's 6 a year by default).

Example:
    >>> from shekara.kb.store import example_engine
    >>> s = modernisation_scenario(example_engine(), start_year=2025)
    >>> s["years"][0]["year"], s["years"][0]["cumulative"], s["years"][-1]["cumulative"]
    (2024, 3, 52)
"""

from __future__ import annotations

import math
from typing import Any

from sqlalchemy.engine import Engine

from shekara.kb import query
from shekara.services.crossings.registry import list_crossings, measurements
from shekara.services.crossings.simulate import CrossingError

__all__ = ["modernisation_scenario"]


def _target(engine: Engine, target_id: str) -> dict[str, Any]:
    for t in query.table_rows(engine, "crossing_targets"):
        if t["target_id"] == target_id:
            return t
    raise CrossingError(f"programme target {target_id!r} is not in the knowledge base", "CRS102")


def modernisation_scenario(
    engine: Engine,
    *,
    start_year: int,
    per_year: int | None = None,
    total: int | None = None,
    lang: query.Lang = "en",
) -> dict[str, Any]:
    """Year-by-year modernisation order and the cumulative count against the programme pace."""
    pace = _target(engine, "checkpoints-per-year")
    goal = _target(engine, "crossings-to-modernise-52")
    per = per_year if per_year is not None else int(pace["value"])
    n_total = total if total is not None else int(goal["value"])
    if per < 1 or n_total < 1:
        raise CrossingError("crossings per year and the total must be at least 1")
    crossings = list_crossings(engine, lang)
    measured = measurements(engine)
    done = [c for c in crossings if c["status"] == "modernised"]
    todo = [c for c in crossings if c["status"] != "modernised"]

    def burden(c: dict[str, Any]) -> float | None:
        m = measured.get(c["crossing_id"])
        if not m or m["mean_wait_hours"] is None or m["mean_flow_vehicles"] is None:
            return None
        return float(m["mean_wait_hours"] * m["mean_flow_vehicles"])

    ranked = sorted(todo, key=lambda c: (burden(c) is None, -(burden(c) or 0.0), c["crossing_id"]))
    queue: list[dict[str, Any]] = [
        {
            "crossing_id": c["crossing_id"],
            "name": c["name"],
            "vehicle_hours_per_day": burden(c),
            "evidence": "measured" if burden(c) is not None else "no_measurements",
        }
        for c in ranked
    ]
    n_placeholders = max(0, n_total - len(done) - len(queue))
    queue += [
        {
            "crossing_id": None,
            "name": None,
            "placeholder": k + 1,
            "vehicle_hours_per_day": None,
            "evidence": "unnamed",
        }
        for k in range(n_placeholders)
    ]
    years: list[dict[str, Any]] = []
    by_year: dict[int, list[dict[str, Any]]] = {}
    for c in done:
        y = int(c["modernised_to"] or start_year - 1)
        by_year.setdefault(y, []).append(
            {"crossing_id": c["crossing_id"], "name": c["name"], "evidence": "reported"}
        )
    n_years = math.ceil(len(queue) / per)
    for k in range(n_years):
        by_year.setdefault(start_year + k, []).extend(queue[k * per : (k + 1) * per])
    cumulative = 0
    first = int(pace["from_year"])
    for y in sorted(by_year):
        cumulative += len(by_year[y])
        years.append(
            {
                "year": y,
                "crossings": by_year[y],
                "cumulative": cumulative,
                "programme_pace": min(per * max(0, y - first + 1), n_total),
            }
        )
    return {
        "start_year": start_year,
        "per_year": per,
        "total": n_total,
        "finish_year": years[-1]["year"] if years else None,
        "targets": {
            "per_year": f"{pace['source_id']}:{pace['locator']}",
            "total": f"{goal['source_id']}:{goal['locator']}",
        },
        "method": "vehicle-hours of waiting a day (measured) first; unmeasured and unnamed after",
        "years": years,
    }

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
    >>> s.years[0].year, s.years[0].cumulative, s.years[-1].cumulative
    (2024, 3, 52)
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Annotated, Any

from pydantic import Field
from sqlalchemy.engine import Engine

from shekara.kb import query
from shekara.plain import Plain, absent
from shekara.services.crossings.registry import Crossing, list_crossings, measurements
from shekara.services.crossings.simulate import CrossingError

__all__ = [
    "ModernisationScenario",
    "QueuedCrossing",
    "ReportedCrossing",
    "ScenarioYear",
    "modernisation_scenario",
]


def _target(engine: Engine, target_id: str) -> dict[str, Any]:
    for t in query.table_rows(engine, "crossing_targets"):
        if t["target_id"] == target_id:
            return t
    raise CrossingError(f"programme target {target_id!r} is not in the knowledge base", "CRS102")


@dataclass(frozen=True)
class ReportedCrossing(Plain):
    """A crossing the sources report as modernised, in the year its works ended."""

    crossing_id: str
    name: str
    evidence: Annotated[str, Field(description="reported")]


@dataclass(frozen=True)
class QueuedCrossing(Plain):
    """A crossing in the order, or an unnamed placeholder up to the programme's total."""

    crossing_id: str | None
    name: str | None
    placeholder: Annotated[
        int | None, Field(exclude_if=absent, description="Number of an unnamed crossing.")
    ]
    vehicle_hours_per_day: Annotated[
        float | None, Field(description="Mean wait × mean daily flow, when both are measured.")
    ]
    evidence: Annotated[str, Field(description="measured, no_measurements or unnamed")]


@dataclass(frozen=True)
class ScenarioYear(Plain):
    """The crossings of a year and the cumulative count against the programme's pace."""

    year: int
    crossings: list[ReportedCrossing | QueuedCrossing]
    cumulative: int
    programme_pace: int


@dataclass(frozen=True)
class ModernisationScenario(Plain):
    """``shekara crossings scenario``, ``GET /api/crossings/scenario``: the order by year."""

    start_year: int
    per_year: int
    total: int
    finish_year: int | None
    targets: Annotated[
        dict[str, str], Field(description="source:locator of the pace (per_year) and the total.")
    ]
    method: str
    years: list[ScenarioYear]


def modernisation_scenario(
    engine: Engine,
    *,
    start_year: int,
    per_year: int | None = None,
    total: int | None = None,
    lang: query.Lang = "en",
) -> ModernisationScenario:
    """Year-by-year modernisation order and the cumulative count against the programme pace."""
    pace = _target(engine, "checkpoints-per-year")
    goal = _target(engine, "crossings-to-modernise-52")
    per = per_year if per_year is not None else int(pace["value"])
    n_total = total if total is not None else int(goal["value"])
    if per < 1 or n_total < 1:
        raise CrossingError("crossings per year and the total must be at least 1")
    crossings = list_crossings(engine, lang)
    measured = measurements(engine)
    done = [c for c in crossings if c.status == "modernised"]
    todo = [c for c in crossings if c.status != "modernised"]

    def burden(c: Crossing) -> float | None:
        m = measured.get(c.crossing_id)
        if not m or m.mean_wait_hours is None or m.mean_flow_vehicles is None:
            return None
        return float(m.mean_wait_hours * m.mean_flow_vehicles)

    ranked = sorted(todo, key=lambda c: (burden(c) is None, -(burden(c) or 0.0), c.crossing_id))
    queue = [
        QueuedCrossing(
            c.crossing_id,
            c.name,
            None,
            burden(c),
            "measured" if burden(c) is not None else "no_measurements",
        )
        for c in ranked
    ]
    n_placeholders = max(0, n_total - len(done) - len(queue))
    queue += [QueuedCrossing(None, None, k + 1, None, "unnamed") for k in range(n_placeholders)]
    by_year: dict[int, list[ReportedCrossing | QueuedCrossing]] = {}
    for c in done:
        y = int(c.modernised_to or start_year - 1)
        by_year.setdefault(y, []).append(ReportedCrossing(c.crossing_id, c.name, "reported"))
    n_years = math.ceil(len(queue) / per)
    for k in range(n_years):
        by_year.setdefault(start_year + k, []).extend(queue[k * per : (k + 1) * per])
    cumulative = 0
    first = int(pace["from_year"])
    years: list[ScenarioYear] = []
    for y in sorted(by_year):
        cumulative += len(by_year[y])
        years.append(
            ScenarioYear(y, by_year[y], cumulative, min(per * max(0, y - first + 1), n_total))
        )
    return ModernisationScenario(
        start_year,
        per,
        n_total,
        years[-1].year if years else None,
        {
            "per_year": f"{pace['source_id']}:{pace['locator']}",
            "total": f"{goal['source_id']}:{goal['locator']}",
        },
        "vehicle-hours of waiting a day (measured) first; unmeasured and unnamed after",
        years,
    )

"""The crossing registry as the faces show it: crossings, programme targets with status, facts.

Every row keeps its source; facts from outside the seeds are either cited to a
named publication or flagged as assumptions (``assumption: true`` with the
citation text they came with).  Locations that are those of the settlement a
crossing is named after carry ``approximate: true``.

Example:
    >>> from shekara.kb.store import example_engine
    >>> rows = list_crossings(example_engine(), "en")
    >>> [r.crossing_id for r in rows if r.lat is not None]
    ['isilkul']
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from typing import Annotated, Any

from pydantic import Field
from sqlalchemy.engine import Engine

from shekara.i18n import translator
from shekara.kb import query
from shekara.plain import Plain, absent

__all__ = [
    "TARGET_STATUSES",
    "Crossing",
    "CrossingDetail",
    "CrossingsAndTargets",
    "CrossingsOverview",
    "DailyMeasurement",
    "Fact",
    "Measurements",
    "Target",
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


#: A measured quantity of a day: the key is absent from the JSON on a day without it.
DayValue = Annotated[float | None, Field(exclude_if=absent)]


@dataclass(frozen=True)
class DailyMeasurement(Plain):
    """One day's measured mean wait (hours), 90th-percentile wait and vehicle flow."""

    day: str
    crossing_wait_mean: DayValue = None
    crossing_wait_p90: DayValue = None
    crossing_flow_vehicles: DayValue = None


@dataclass(frozen=True)
class Measurements(Plain):
    """The measured days of a crossing: their count, span, means, rows and sources."""

    days: int
    first_day: str
    last_day: str
    mean_wait_hours: float | None
    mean_flow_vehicles: float | None
    daily: tuple[DailyMeasurement, ...]
    sources: tuple[str, ...]


def measurements(engine: Engine, crossing_id: str | None = None) -> dict[str, Measurements]:
    """Measured daily waits and flows per crossing: days, means and their sources."""
    days_of: dict[str, dict[str, dict[str, float]]] = defaultdict(dict)
    sources: dict[str, set[str]] = defaultdict(set)
    for ind in (WAIT, WAIT_P90, FLOW):
        for v in query.indicator_values(
            engine, query.ValueFilter(indicator=ind, entity_type="crossing", entity_id=crossing_id)
        ):
            days_of[v.entity_id].setdefault(v.period, {})[ind] = v.value
            sources[v.entity_id].add(f"{v.source.source_id}:{v.source.locator}".rstrip(":"))
    out: dict[str, Measurements] = {}
    for cid, days in days_of.items():
        waits = [d[WAIT] for d in days.values() if WAIT in d]
        flows = [d[FLOW] for d in days.values() if FLOW in d]
        out[cid] = Measurements(
            len(days),
            min(days),
            max(days),
            sum(waits) / len(waits) if waits else None,
            sum(flows) / len(flows) if flows else None,
            tuple(
                DailyMeasurement(k, days[k].get(WAIT), days[k].get(WAIT_P90), days[k].get(FLOW))
                for k in sorted(days)
            ),
            tuple(sorted(sources[cid])),
        )
    return out


@dataclass(frozen=True)
class Crossing(Plain):
    """A crossing point a source names (``shekara crossings list``, ``GET /api/crossings``)."""

    crossing_id: str
    name: Annotated[str, Field(description="In the language asked for.")]
    counterpart_name: str | None
    side: Annotated[str | None, Field(description="KZ or RU; null when not known.")]
    region_id: str | None
    pair_id: str | None
    modes: list[str]
    lat: float | None
    lon: float | None
    approximate: Annotated[
        bool | None, Field(description="The location is that of the settlement it is named after.")
    ]
    coord_source: str | None
    status: str | None
    opened: int | None
    modernised_from: int | None
    modernised_to: int | None
    lanes: int | None
    capacity_vehicles_day: float | None
    mean_wait_hours: Annotated[float | None, Field(description="Mean of the measured days.")]
    measured_days: int
    source: str
    note: str | None


def _crossing(c: dict[str, Any], lang: query.Lang, m: Measurements | None) -> Crossing:
    return Crossing(
        c["crossing_id"], c[f"name_{lang}"], c["counterpart_name"], c["side"], c["region_id"],
        c["pair_id"], c["modes"].split("|") if c["modes"] else [], c["lat"], c["lon"],
        bool(c["coord_approximate"]) if c["lat"] is not None else None, c["coord_source_id"],
        c["status"], c["opened"], c["modernised_from"], c["modernised_to"], c["lanes"],
        c["capacity_vehicles_day"], m.mean_wait_hours if m else None, m.days if m else 0,
        _cite(c), c["note"],
    )  # fmt: skip


def list_crossings(engine: Engine, lang: query.Lang = "en") -> list[Crossing]:
    """Every crossing with its name in *lang*, location flag, status, dates and sources."""
    measured = measurements(engine)
    return [
        _crossing(c, lang, measured.get(c["crossing_id"]))
        for c in query.table_rows(engine, "crossings")
    ]


@dataclass(frozen=True)
class Fact(Plain):
    """A fact from a named publication, or an assumption flagged with its citation text."""

    fact_id: str
    crossing_id: str | None
    quantity: str
    name: str
    value: float | None
    unit: str | None
    date: str | None
    assumption: bool
    source: str | None
    citation: str | None
    note: str | None


@dataclass(frozen=True)
class CrossingDetail(Crossing):
    """``GET /api/crossings/{id}``: the crossing, its measured days and its facts."""

    measurements: Measurements | None
    facts: list[Fact]


def crossing_detail(engine: Engine, crossing_id: str, lang: query.Lang = "en") -> CrossingDetail:
    """One crossing with its daily measurements and the facts that concern it."""
    rows = [c for c in query.table_rows(engine, "crossings") if c["crossing_id"] == crossing_id]
    if not rows:
        raise KeyError(crossing_id)
    m = measurements(engine, crossing_id).get(crossing_id)
    base = _crossing(rows[0], lang, m)
    mine = [f for f in facts(engine, lang) if f.crossing_id == crossing_id]
    return CrossingDetail(**vars(base), measurements=m, facts=mine)


def facts(engine: Engine, lang: query.Lang = "en") -> list[Fact]:
    """Facts from named publications, and flagged assumptions with their citation text."""
    return [
        Fact(
            f["fact_id"],
            f["crossing_id"],
            f["quantity"],
            f[f"name_{lang}"],
            f["value"],
            f["unit"],
            f["date"],
            bool(f["assumption"]),
            _cite(f) if f["source_id"] else None,
            f["citation"],
            f["note"],
        )
        for f in query.table_rows(engine, "crossing_facts")
    ]


def _target_status(
    t: dict[str, Any], crossings: list[Crossing], year: int, lang: query.Lang
) -> tuple[str, str]:
    _ = translator(lang, "crossings")
    modernised = [
        c for c in crossings if c.status == "modernised" and (c.modernised_to or 0) <= year
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


@dataclass(frozen=True)
class Target(Plain):
    """A programme target with its status as of a year and why."""

    target_id: str
    name: str
    value: float | None
    baseline: float | None
    unit: str | None
    time_unit: str | None
    from_year: int | None
    by_year: int | None
    status: Annotated[str, Field(description=" | ".join(TARGET_STATUSES))]
    status_detail: str
    as_of: int
    source: str
    note: str | None


def targets(engine: Engine, lang: query.Lang = "en", as_of: int | None = None) -> list[Target]:
    """The programme targets with their status as of a year (default: this year)."""
    year = as_of or date.today().year
    crossings = list_crossings(engine, lang)
    out = []
    for t in query.table_rows(engine, "crossing_targets"):
        status, detail = _target_status(t, crossings, year, lang)
        out.append(
            Target(
                t["target_id"],
                t[f"name_{lang}"],
                t["value"],
                t["baseline"],
                t["unit"],
                t["time_unit"],
                t["from_year"],
                t["by_year"],
                status,
                detail,
                year,
                _cite(t),
                t["note"],
            )
        )
    return out


@dataclass(frozen=True)
class CrossingsAndTargets(Plain):
    """``shekara crossings list --format json``: the crossings and the programme targets."""

    crossings: list[Crossing]
    targets: Annotated[list[Target], Field(description="With their status as of this year.")]


@dataclass(frozen=True)
class CrossingsOverview(CrossingsAndTargets):
    """``GET /api/crossings``: the crossings, the programme targets and the external facts."""

    facts: list[Fact]

"""Reading the store "as of" a date: regions, pairs, places, zones, links, indicator values, objects.

What "in force on a date" means is decided once, in :mod:`shekara.kb.periods`;
services ask these functions and never filter raw rows by date themselves.

All functions take an engine and return frozen dataclasses; they never compute
anything but selections. Names come in the requested language (kk, ru, en).

Example:
    >>> from shekara.kb.store import build, make_engine
    >>> from shekara.kb.store import example_engine
    >>> engine = example_engine()
    >>> len([r for r in regions(engine, as_of=2018, country="KZ", border=True)])
    7
    >>> len([r for r in regions(engine, as_of=2024, country="KZ", border=True)])
    8
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import date
from typing import Any, TypeVar

import sqlalchemy as sa
from pydantic import computed_field
from sqlalchemy.engine import Engine

from shekara.i18n import LANGS as LANGS
from shekara.i18n import Lang as Lang
from shekara.i18n import check_lang as check_lang
from shekara.kb.periods import as_of_date, in_force_clause, known_by, zone_in_force
from shekara.kb.tables import equal_if_given, metadata


@dataclass(frozen=True)
class Source:
    """Where a value comes from: a source id and a locator inside it."""

    source_id: str
    locator: str | None

    def __str__(self) -> str:
        return f"{self.source_id}:{self.locator}" if self.locator else self.source_id

    @computed_field(description="``source_id:locator`` as the CLI prints it.")  # type: ignore[prop-decorator]
    @property
    def cite(self) -> str:
        """``source_id:locator`` as the CLI prints it (also in the JSON of a result)."""
        return str(self)


@dataclass(frozen=True)
class Region:
    region_id: str
    country: str
    name: str
    border: bool
    admin_centre: str | None
    valid_from: date | None
    valid_to: date | None
    split_from: str | None
    source: Source


@dataclass(frozen=True)
class Pair:
    pair_id: str
    kz_region: str
    ru_region: str
    kz_name: str
    ru_name: str
    article_no: int | None
    source: Source
    note: str | None


@dataclass(frozen=True)
class Place:
    place_id: str
    country: str
    kind: str
    name: str
    lat: float | None
    lon: float | None
    geonames_id: int | None
    source: Source


@dataclass(frozen=True)
class IndicatorValue:
    entity_type: str
    entity_id: str
    indicator: str
    period: str
    value: float
    unit: str
    source: Source
    quote: str | None
    note: str | None
    origin: str


_Read = TypeVar("_Read", Region, Pair, Place, IndicatorValue)


def _from_row(cls: type[_Read], r: Any, lang: Lang = "en", **given: Any) -> _Read:
    """One read result from a store row: each field from the column of its name,
    ``name`` from ``name_<lang>``, ``source`` from ``source_id`` and ``locator``;
    *given* fields as passed (e.g. a converted value)."""
    row = r._mapping
    values = dict(given)
    for f in fields(cls):
        if f.name in values:
            continue
        if f.name == "source":
            values["source"] = Source(row["source_id"], row["locator"])
        elif f.name == "name":
            values["name"] = row[f"name_{lang}"]
        else:
            values[f.name] = row[f.name]
    return cls(**values)


def regions(
    engine: Engine,
    *,
    as_of: int | str | date | None = None,
    lang: Lang = "en",
    country: str | None = None,
    border: bool | None = None,
) -> list[Region]:
    """Regions in force on the as-of day (a year means its 31 December)."""
    t = metadata().tables["regions"]
    q = (
        sa.select(t)
        .where(in_force_clause(t, as_of_date(as_of)))
        .order_by(t.c.country, t.c.region_id)
    )
    if country:
        q = q.where(t.c.country == country)
    if border is not None:
        q = q.where(t.c.border == border)
    with engine.connect() as conn:
        return [_from_row(Region, r, lang, border=bool(r.border)) for r in conn.execute(q)]


def pairs(
    engine: Engine, *, as_of: int | str | date | None = None, lang: Lang = "en"
) -> list[Pair]:
    """Bordering pairs in force on the as-of day, both regions in force too."""
    day = as_of_date(as_of)
    p = metadata().tables["pairs"]
    kz = metadata().tables["regions"].alias("kz")
    ru = metadata().tables["regions"].alias("ru")
    q = (
        sa.select(p, kz.c[f"name_{lang}"].label("kz_name"), ru.c[f"name_{lang}"].label("ru_name"))
        .join(kz, kz.c.region_id == p.c.kz_region)
        .join(ru, ru.c.region_id == p.c.ru_region)
        .where(in_force_clause(p, day), in_force_clause(kz, day), in_force_clause(ru, day))
        .order_by(p.c.article_no, p.c.pair_id)
    )
    with engine.connect() as conn:
        return [_from_row(Pair, r) for r in conn.execute(q)]


def places(engine: Engine, *, lang: Lang = "en") -> list[Place]:
    t = metadata().tables["places"]
    with engine.connect() as conn:
        return [
            _from_row(Place, r, lang) for r in conn.execute(sa.select(t).order_by(t.c.place_id))
        ]


@dataclass(frozen=True)
class ValueFilter:
    """Which indicator values a read returns (``None``: any): the indicator, the entity and an
    inclusive range of years. A face builds it once from what the user gave; an empty text
    (a form's empty field) is no filter.

    >>> ValueFilter(indicator="", entity_type="region", period_from=2018)
    ValueFilter(indicator=None, entity_type='region', entity_id=None, period_from=2018, period_to=None)
    >>> len(ValueFilter(indicator="population", period_from=2018, period_to=2018).conditions())
    3
    """

    indicator: str | None = None
    entity_type: str | None = None
    entity_id: str | None = None
    period_from: int | None = None
    period_to: int | None = None

    def __post_init__(self) -> None:
        for name in ("indicator", "entity_type", "entity_id"):
            if getattr(self, name) == "":
                object.__setattr__(self, name, None)

    def conditions(self) -> list[sa.ColumnElement[bool]]:
        """The SQL conditions on the ``indicators`` table (none: every value)."""
        t = metadata().tables["indicators"]
        conds = equal_if_given(
            (t.c.indicator, self.indicator),
            (t.c.entity_type, self.entity_type),
            (t.c.entity_id, self.entity_id),
        )
        if self.period_from is not None:  # the value's period overlaps the years asked for
            conds.append(t.c.period_end >= date(self.period_from, 1, 1))
        if self.period_to is not None:
            conds.append(t.c.period_start <= date(self.period_to, 12, 31))
        return conds


#: No filter: every indicator value.
EVERY_VALUE = ValueFilter()


def indicator_values(
    engine: Engine, where: ValueFilter = EVERY_VALUE, *, limit: int | None = None, offset: int = 0
) -> list[IndicatorValue]:
    """The indicator values that match *where*, by indicator, entity and period; a page of them
    with *limit* and *offset*."""
    t = metadata().tables["indicators"]
    q = (
        sa.select(t)
        .where(*where.conditions())
        .order_by(t.c.indicator, t.c.entity_type, t.c.entity_id, t.c.period_start, t.c.id)
        .limit(limit)
        .offset(offset or None)
    )
    with engine.connect() as conn:
        return [_value(r) for r in conn.execute(q)]


def count_indicator_values(engine: Engine, where: ValueFilter = EVERY_VALUE) -> int:
    """How many values :func:`indicator_values` would return without a limit (counted by the
    database, not read)."""
    t = metadata().tables["indicators"]
    q = sa.select(sa.func.count()).select_from(t).where(*where.conditions())
    with engine.connect() as conn:
        return int(conn.execute(q).scalar_one())


def _value(r: Any) -> IndicatorValue:
    return _from_row(IndicatorValue, r)


def latest_values(
    engine: Engine,
    indicator: str,
    *,
    as_of: int | str | date | None = None,
    nearest: bool = False,
) -> dict[str, IndicatorValue]:
    """For each entity, the value of *indicator* with the latest period ending by the as-of day.

    With ``nearest`` the value whose period is closest in time to the as-of day is
    taken instead, before or after it (ties go to the earlier one). Callers must
    show the period they got: e.g. GeoNames populations carry the data set's
    vintage, and a 1920 census figure must not stand for 2018 when a 2026 one exists.
    """
    day = as_of_date(as_of)
    t = metadata().tables["indicators"]
    q = (
        sa.select(t)
        .where(t.c.indicator == indicator)
        .order_by(t.c.entity_id, t.c.period_end, t.c.id)
    )
    best: dict[str, tuple[int, IndicatorValue]] = {}
    with engine.connect() as conn:
        for r in conn.execute(q):
            if nearest:
                gap = (
                    0
                    if r.period_start <= day <= r.period_end
                    else min(abs((r.period_end - day).days), abs((r.period_start - day).days))
                )
                if r.entity_id not in best or gap < best[r.entity_id][0]:
                    best[r.entity_id] = (gap, _value(r))
            elif r.period_end <= day:
                best[r.entity_id] = (0, _value(r))
    return {k: v for k, (_, v) in best.items()}


def table_rows(engine: Engine, table: str, order_by: str | None = None) -> list[dict[str, Any]]:
    """All rows of an object table (zones, crossings, rivers …) as dictionaries."""
    t = metadata().tables[table]
    q = sa.select(t)
    q = q.order_by(t.c[order_by]) if order_by else q.order_by(*t.primary_key.columns)
    with engine.connect() as conn:
        return [dict(r._mapping) for r in conn.execute(q)]


def zones(engine: Engine, *, as_of: int | str | date | None = None) -> list[dict[str, Any]]:
    """Economic zones in force on the as-of day (:func:`shekara.kb.periods.zone_in_force`)."""
    day = as_of_date(as_of)
    return [
        z
        for z in table_rows(engine, "zones")
        if zone_in_force(z["valid_from"], z["valid_to"], z["observed"], day)
    ]


def transport_links(
    engine: Engine, *, as_of: int | str | date | None = None, status: str | None = None
) -> list[dict[str, Any]]:
    """Transport links known by the as-of year (``observed`` <= year), optionally of one status."""
    day = as_of_date(as_of)
    return [
        link
        for link in table_rows(engine, "transport_links")
        if known_by(link["observed"], day) and (status is None or link["status"] == status)
    ]


def indicator_defs(engine: Engine) -> dict[str, dict[str, Any]]:
    """The indicator definitions by indicator id (names in kk/ru/en, unit, scale …)."""
    return {d["indicator"]: d for d in table_rows(engine, "indicator_defs")}


def unit_labels(engine: Engine, lang: Lang = "en") -> dict[str, str]:
    """Unit labels in *lang* by unit id (e.g. ``persons`` → ``адам`` in kk)."""
    return {u["unit"]: u[f"label_{lang}"] for u in table_rows(engine, "units")}

"""Response models of the knowledge-base endpoints: every value with its source.

The fields mirror the CLI's JSON output; each model is built from the frozen
dataclass that :mod:`shekara.kb.query` returns, so the API adds no computation.
"""

from __future__ import annotations

from datetime import date
from typing import Any, Literal

from pydantic import BaseModel, Field

from shekara.kb import query

LangCode = Literal["kk", "ru", "en"]


class SourceRef(BaseModel):
    """Where a value comes from: a source of ``sources.csv`` and a locator inside it."""

    source_id: str
    locator: str | None = None
    cite: str = Field(description="``source_id:locator`` as the CLI prints it.")

    @classmethod
    def of(cls, s: query.Source) -> SourceRef:
        return cls(source_id=s.source_id, locator=s.locator, cite=str(s))

    @classmethod
    def from_row(cls, row: dict[str, Any], id_key: str = "source_id") -> SourceRef:
        return cls.of(query.Source(str(row[id_key]), row.get("locator")))


class Region(BaseModel):
    region_id: str = Field(description="ISO 3166-2 code, e.g. KZ-15.")
    country: str
    name: str
    border: bool
    admin_centre: str | None
    valid_from: date | None
    valid_to: date | None
    split_from: str | None
    source: SourceRef

    @classmethod
    def of(cls, r: query.Region) -> Region:
        return cls(
            region_id=r.region_id,
            country=r.country,
            name=r.name,
            border=r.border,
            admin_centre=r.admin_centre,
            valid_from=r.valid_from,
            valid_to=r.valid_to,
            split_from=r.split_from,
            source=SourceRef.of(r.source),
        )


class RegionList(BaseModel):
    as_of: date
    lang: LangCode
    count: int
    items: list[Region]


class Pair(BaseModel):
    pair_id: str = Field(description="``<KZ code>:<RU code>``, e.g. KZ-15:RU-ORE.")
    kz_region: str
    ru_region: str
    kz_name: str
    ru_name: str
    article_no: int | None
    note: str | None
    source: SourceRef

    @classmethod
    def of(cls, p: query.Pair) -> Pair:
        return cls(
            pair_id=p.pair_id,
            kz_region=p.kz_region,
            ru_region=p.ru_region,
            kz_name=p.kz_name,
            ru_name=p.ru_name,
            article_no=p.article_no,
            note=p.note,
            source=SourceRef.of(p.source),
        )


class PairList(BaseModel):
    as_of: date
    lang: LangCode
    count: int
    items: list[Pair]


class Place(BaseModel):
    place_id: str
    country: str
    kind: str
    name: str
    lat: float | None
    lon: float | None
    geonames_id: int | None
    source: SourceRef

    @classmethod
    def of(cls, p: query.Place) -> Place:
        return cls(
            place_id=p.place_id,
            country=p.country,
            kind=p.kind,
            name=p.name,
            lat=p.lat,
            lon=p.lon,
            geonames_id=p.geonames_id,
            source=SourceRef.of(p.source),
        )


class PlaceList(BaseModel):
    lang: LangCode
    count: int
    items: list[Place]


class IndicatorValue(BaseModel):
    entity_type: str
    entity_id: str
    indicator: str
    period: str = Field(description="YYYY, YYYY-MM, YYYY-MM-DD or start/end.")
    value: float
    unit: str
    source: SourceRef
    quote: str | None
    note: str | None
    origin: str = Field(description="``package`` (the data package) or ``import``.")

    @classmethod
    def of(cls, v: query.IndicatorValue) -> IndicatorValue:
        return cls(
            entity_type=v.entity_type,
            entity_id=v.entity_id,
            indicator=v.indicator,
            period=v.period,
            value=v.value,
            unit=v.unit,
            source=SourceRef.of(v.source),
            quote=v.quote,
            note=v.note,
            origin=v.origin,
        )


class IndicatorPage(BaseModel):
    """One page of indicator values; ``total`` counts all matches."""

    total: int
    limit: int
    offset: int
    items: list[IndicatorValue]


class IndicatorDef(BaseModel):
    """An entry of the indicator catalogue."""

    indicator: str
    entity_type: str
    unit: str
    name: str
    name_en: str
    name_ru: str
    name_kk: str
    min_value: float | None = None
    max_value: float | None = None
    allowed_values: str | None = None
    scale_source: str | None = None
    description: str | None = None


class IndicatorDefList(BaseModel):
    lang: LangCode
    count: int
    items: list[IndicatorDef]


class SourceInfo(BaseModel):
    """An entry of ``sources.csv``."""

    source_id: str
    kind: str
    title: str
    author: str | None = None
    publisher: str | None = None
    year: int | None = None
    version: str | None = None
    licence: str | None = None
    locator_kind: str
    file_name: str | None = None
    sha256: str | None = None
    url: str | None = None
    note: str | None = None


class SourceList(BaseModel):
    count: int
    items: list[SourceInfo]


class StoreInfo(BaseModel):
    """What the API serves: store meta, version, optional features."""

    shekara_version: str
    data_checksum: str
    data_version: str
    built_at: str
    build_id: str = Field("", description="Changes with every rebuild of the store.")
    features: dict[str, bool] = Field(
        description="Optional services found at start-up (swot, report, water, hydro)."
    )
    counts: dict[str, int]

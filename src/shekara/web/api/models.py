"""Response models of the knowledge-base endpoints: every value with its source.

The fields mirror the CLI's JSON output; each model is built from the frozen
dataclass that :mod:`shekara.kb.query` returns, so the API adds no computation.
"""

from __future__ import annotations

from datetime import date
from typing import Any, Self

from pydantic import BaseModel, ConfigDict, Field

from shekara.i18n import Lang
from shekara.kb import query

LangCode = Lang  # the one language type (shekara.i18n)


class FromKb(BaseModel):
    """A response model read from the frozen dataclass :mod:`shekara.kb.query` returns
    (field by field, by attribute: no hand-written copy)."""

    model_config = ConfigDict(from_attributes=True)

    @classmethod
    def of(cls, obj: object) -> Self:
        """The model of *obj* (a ``kb.query`` result with the same field names)."""
        return cls.model_validate(obj)


class SourceRef(FromKb):
    """Where a value comes from: a source of ``sources.csv`` and a locator inside it."""

    source_id: str
    locator: str | None = None
    cite: str = Field(description="``source_id:locator`` as the CLI prints it.")

    @classmethod
    def from_row(cls, row: dict[str, Any], id_key: str = "source_id") -> SourceRef:
        return cls.of(query.Source(str(row[id_key]), row.get("locator")))


class Region(FromKb):
    region_id: str = Field(description="ISO 3166-2 code, e.g. KZ-15.")
    country: str
    name: str
    border: bool
    admin_centre: str | None
    valid_from: date | None
    valid_to: date | None
    split_from: str | None
    source: SourceRef


class RegionList(BaseModel):
    as_of: date
    lang: LangCode
    count: int
    items: list[Region]


class Pair(FromKb):
    pair_id: str = Field(description="``<KZ code>:<RU code>``, e.g. KZ-15:RU-ORE.")
    kz_region: str
    ru_region: str
    kz_name: str
    ru_name: str
    article_no: int | None
    note: str | None
    source: SourceRef


class PairList(BaseModel):
    as_of: date
    lang: LangCode
    count: int
    items: list[Pair]


class Place(FromKb):
    place_id: str
    country: str
    kind: str
    name: str
    lat: float | None
    lon: float | None
    geonames_id: int | None
    source: SourceRef


class PlaceList(BaseModel):
    lang: LangCode
    count: int
    items: list[Place]


class IndicatorValue(FromKb):
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

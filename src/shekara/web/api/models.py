"""Response models of the knowledge-base endpoints: every value with its source.

The items are the frozen dataclasses :mod:`shekara.kb.query` returns, used as they are
(pydantic reads their fields); the models here are the envelopes (lists, pages) and the
catalogue rows.
"""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, Field

from shekara.i18n import Lang
from shekara.kb import query

LangCode = Lang  # the one language type (shekara.i18n)


# The store's read results are the response models (one definition: ``kb.query``); the
# names below are what the API modules and pages know them by.
SourceRef = query.Source
Region = query.Region
Pair = query.Pair
Place = query.Place
IndicatorValue = query.IndicatorValue


class RegionList(BaseModel):
    as_of: date
    lang: LangCode
    count: int
    items: list[Region]


class PairList(BaseModel):
    as_of: date
    lang: LangCode
    count: int
    items: list[Pair]


class PlaceList(BaseModel):
    lang: LangCode
    count: int
    items: list[Place]


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

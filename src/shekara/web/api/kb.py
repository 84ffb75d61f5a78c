"""Knowledge-base endpoints: store info, regions, pairs, places, indicators, catalogue, sources.

The functions without a route decorator (``region_list``, ``indicator_page`` …) are
the data functions: the routes return them as JSON and the dashboard pages render
them as HTML, so both show the same numbers.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Annotated, Literal, TypeVar

from fastapi import APIRouter, Depends, Path, Query, Request
from fastapi.responses import Response

from shekara import __version__
from shekara.kb import query
from shekara.kb.store import read_meta
from shekara.web.api.common import State, routes
from shekara.web.api.downloads import (
    CSV_RESPONSES,
    BomQ,
    Cell,
    csv_response,
    entity_names,
)
from shekara.web.api.models import (
    IndicatorDef,
    IndicatorDefList,
    IndicatorPage,
    IndicatorValue,
    LangCode,
    Pair,
    PairList,
    Place,
    PlaceList,
    Region,
    RegionList,
    SourceInfo,
    SourceList,
    StoreInfo,
)
from shekara.web.params import AsOf, Lang
from shekara.web.problems import ProblemError
from shekara.web.state import WebState

router = APIRouter()
item = routes(router, 404)  # one item of a list, or a 404 problem
MAX_PAGE = 1000
#: Most rows of one CSV download (about 10 MB); the ``Link`` header pages on.
MAX_CSV_ROWS = 50_000
ID = Annotated[str, Path(max_length=200)]


# ----------------------------------------------------------------------------- data functions
def region_list(
    state: WebState,
    day: date,
    lang: LangCode,
    country: str | None = None,
    include_all: bool = False,
) -> RegionList:
    regions = query.regions(
        state.engine, as_of=day, lang=lang, country=country, border=None if include_all else True
    )
    items = list(regions)
    return RegionList(as_of=day, lang=lang, count=len(items), items=items)


def pair_list(state: WebState, day: date, lang: LangCode) -> PairList:
    items = query.pairs(state.engine, as_of=day, lang=lang)
    return PairList(as_of=day, lang=lang, count=len(items), items=items)


def place_list(state: WebState, lang: LangCode) -> PlaceList:
    items = query.places(state.engine, lang=lang)
    return PlaceList(lang=lang, count=len(items), items=items)


def indicator_total(state: WebState, where: query.ValueFilter) -> int:
    """How many values match *where* (cached per filter)."""
    return state.cached(
        ("indicator-total", where), lambda: query.count_indicator_values(state.engine, where)
    )


def indicator_page(
    state: WebState, where: query.ValueFilter, limit: int, offset: int
) -> IndicatorPage:
    values = query.indicator_values(state.engine, where, limit=limit, offset=offset)
    return IndicatorPage(
        total=indicator_total(state, where),
        limit=limit,
        offset=offset,
        items=list(values),
    )


def indicator_defs(state: WebState, lang: LangCode) -> IndicatorDefList:
    def compute() -> IndicatorDefList:
        items = [
            IndicatorDef(**{**d, "name": d[f"name_{lang}"]})
            for d in query.table_rows(state.engine, "indicator_defs")
        ]
        return IndicatorDefList(lang=lang, count=len(items), items=items)

    return state.cached(("indicator-defs", lang), compute)


def source_list(state: WebState) -> SourceList:
    def compute() -> SourceList:
        items = [SourceInfo(**r) for r in query.table_rows(state.engine, "sources")]
        return SourceList(count=len(items), items=items)

    return state.cached(("sources",), compute)


#: The columns of ``shekara data import``.
VALUE_COLUMNS = (
    "entity_type",
    "entity_id",
    "indicator",
    "period",
    "value",
    "unit",
    "source_id",
    "locator",
    "quote",
    "note",
)
#: The name column written after an id column (``names=true``).
NAME_COLUMNS = {
    "entity_id": "entity_name",
    "indicator": "indicator_name",
    "unit": "unit_name",
    "source_id": "source_title",
}


def known_entity_names(state: WebState, lang: LangCode) -> dict[tuple[str, str], str]:
    """:func:`entity_names` of the store, cached per store state and language (the downloads'
    name columns and the explorer's entity column read the same table)."""
    return state.cached(("entity-names", lang), lambda: entity_names(state.engine, lang))


def value_names(state: WebState, lang: LangCode) -> dict[str, dict[str, str]]:
    """Per id column, id → name in *lang* (cached per store state and language)."""

    def compute() -> dict[str, dict[str, str]]:
        entities = known_entity_names(state, lang)
        return {
            "entity_id": {f"{t}\0{i}": name for (t, i), name in entities.items()},
            "indicator": {d.indicator: d.name for d in indicator_defs(state, lang).items},
            "unit": query.unit_labels(state.engine, lang),
            "source_id": {s.source_id: s.title for s in source_list(state).items},
        }

    return state.cached(("value-names", lang), compute)


def values_table(
    values: list[IndicatorValue], names: dict[str, dict[str, str]] | None
) -> tuple[list[str], list[list[Cell]]]:
    """Header and rows of a values download: the import columns, with *names* a name
    column after each id column (an id the knowledge base does not name gets an empty one)."""
    header = [
        col
        for c in VALUE_COLUMNS
        for col in ((c, NAME_COLUMNS[c]) if names is not None and c in NAME_COLUMNS else (c,))
    ]
    rows: list[list[Cell]] = []
    for v in values:
        cells: dict[str, Cell] = {c: getattr(v, c) for c in VALUE_COLUMNS[:6]}
        cells.update(
            source_id=v.source.source_id,
            locator=v.source.locator or "",
            quote=v.quote or "",
            note=v.note or "",
        )
        if names is not None:
            key = {"entity_id": f"{v.entity_type}\0{v.entity_id}"}
            for c, name_col in NAME_COLUMNS.items():
                cells[name_col] = names[c].get(key.get(c, str(cells[c])), "")
        rows.append([cells[c] for c in header])
    return header, rows


# ----------------------------------------------------------------------------- routes
@router.get("/meta", response_model=StoreInfo, tags=["store"], summary="What the API serves")
def get_meta(state: State) -> StoreInfo:
    meta = read_meta(state.engine)
    counts = {
        "regions": len(query.regions(state.engine, as_of=None, border=None)),
        "pairs": len(query.pairs(state.engine)),
        "indicator_values": indicator_total(state, query.EVERY_VALUE),
    }
    return StoreInfo(
        shekara_version=__version__,
        data_checksum=meta.get("data_checksum", ""),
        data_version=meta.get("data_version", ""),
        built_at=meta.get("built_at", ""),
        build_id=meta.get("build_id", ""),
        features=state.features,
        counts=counts,
    )


T = TypeVar("T")


def one_of(items: Iterable[T], field: str, wanted: str, missing: str) -> T:
    """The item whose *field* equals *wanted*, or a 404 problem saying *missing*."""
    for item in items:
        if getattr(item, field) == wanted:
            return item
    raise ProblemError(404, "not-found", missing)


@router.get("/regions", response_model=RegionList, tags=["regions"], summary="Regions as of a date")
def get_regions(
    state: State,
    day: AsOf,
    lang: Lang = "en",
    country: Annotated[Literal["KZ", "RU"] | None, Query(description="KZ or RU.")] = None,
    include_all: Annotated[
        bool, Query(alias="all", description="Include regions off the border.")
    ] = False,
) -> RegionList:
    """Border regions in force on the as-of date (with ``all`` also regions off the border)."""
    return region_list(state, day, lang, country, include_all)


@item("/regions/{region_id}", Region, "One region as of a date", tags=["regions"])
def get_region(region_id: ID, state: State, day: AsOf, lang: Lang = "en") -> Region:
    return one_of(
        region_list(state, day, lang, include_all=True).items,
        "region_id",
        region_id,
        f"no region {region_id!r} in force on {day.isoformat()}",
    )


@router.get("/pairs", response_model=PairList, tags=["pairs"], summary="Bordering pairs")
def get_pairs(state: State, day: AsOf, lang: Lang = "en") -> PairList:
    """Pairs of bordering regions in force on the as-of date (both regions in force too)."""
    return pair_list(state, day, lang)


@item("/pairs/{pair_id}", Pair, "One pair as of a date", tags=["pairs"])
def get_pair(pair_id: ID, state: State, day: AsOf, lang: Lang = "en") -> Pair:
    return one_of(
        pair_list(state, day, lang).items,
        "pair_id",
        pair_id,
        f"no pair {pair_id!r} in force on {day.isoformat()}",
    )


@router.get("/places", response_model=PlaceList, tags=["places"], summary="Places")
def get_places(state: State, lang: Lang = "en") -> PlaceList:
    """Admin centres and other places with coordinates and GeoNames ids."""
    return place_list(state, lang)


@item("/places/{place_id}", Place, "One place", tags=["places"])
def get_place(place_id: ID, state: State, lang: Lang = "en") -> Place:
    return one_of(place_list(state, lang).items, "place_id", place_id, f"no place {place_id!r}")


IndicatorQ = Annotated[str | None, Query(description="Indicator code.", max_length=200)]
EntityTypeQ = Annotated[
    str | None, Query(description="region, pair, place, basin …", max_length=50)
]
EntityQ = Annotated[
    str | None,
    Query(alias="entity", description="Entity id, e.g. KZ-59 or KZ-15:RU-ORE.", max_length=200),
]
FromQ = Annotated[
    int | None, Query(alias="from", ge=1000, le=9999, description="First year (inclusive).")
]
ToQ = Annotated[
    int | None, Query(alias="to", ge=1000, le=9999, description="Last year (inclusive).")
]
OffsetQ = Annotated[int, Query(ge=0, le=10**9, description="Values to skip.")]


async def value_filters(
    indicator: IndicatorQ = None,
    entity_type: EntityTypeQ = None,
    entity: EntityQ = None,
    period_from: FromQ = None,
    period_to: ToQ = None,
) -> query.ValueFilter:
    """The filter of the indicator value routes (JSON pages and CSV downloads)."""
    return query.ValueFilter(indicator, entity_type, entity, period_from, period_to)


Filters = Annotated[query.ValueFilter, Depends(value_filters)]


@router.get(
    "/indicators",
    response_model=IndicatorPage,
    tags=["indicators"],
    summary="Indicator values (filtered, paginated)",
)
async def get_indicators(
    state: State,
    filters: Filters,
    limit: Annotated[int, Query(ge=1, le=MAX_PAGE, description="Page size.")] = 100,
    offset: OffsetQ = 0,
) -> Response:
    """Values with unit and source; a year range keeps values whose period overlaps it."""
    key = ("indicators", filters, limit, offset)
    return await state.cached_json(key, lambda: indicator_page(state, filters, limit, offset))


@router.get(
    "/indicators.csv",
    tags=["indicators"],
    summary="Indicator values as CSV (with names, or the import format)",
    response_class=Response,
    responses=CSV_RESPONSES,
)
def get_indicators_csv(
    request: Request,
    state: State,
    filters: Filters,
    limit: Annotated[
        int, Query(ge=1, le=MAX_CSV_ROWS, description="Rows in this download.")
    ] = MAX_CSV_ROWS,
    offset: OffsetQ = 0,
    lang: Annotated[
        LangCode | None,
        Query(
            description="Language of the names: kk, ru or en (default: the dashboard's, "
            "from the shekara_lang cookie or Accept-Language; else en)."
        ),
    ] = None,
    names: Annotated[
        bool,
        Query(
            description="A name column (in lang) after each id column; names=false gives "
            "exactly the columns of shekara data import."
        ),
    ] = True,
    bom: BomQ = False,
) -> Response:
    """Matching values with the columns of ``shekara data import`` and (``names``) the
    names of their entity, indicator, unit and source, at most ``limit`` per download;
    when more remain, the ``Link`` header (``rel="next"``) names the next one and
    ``X-Total-Count`` says how many match. Numbers are plain (``14000``, not
    ``14000.0``); ``bom=1`` starts the file with the UTF-8 BOM for Excel."""
    values = query.indicator_values(state.engine, filters, limit=limit, offset=offset)
    total = indicator_total(state, filters)
    headers = {"X-Total-Count": str(total)}
    if offset + len(values) < total:
        nxt = request.url.include_query_params(offset=offset + len(values), limit=limit)
        headers["Link"] = f'<{nxt.path}?{nxt.query}>; rel="next"'
    if lang is None:  # the dashboard's "Download CSV" speaks the page's language
        from shekara.web.pages.i18n import request_lang

        lang = request_lang(request)
    header, rows = values_table(values, value_names(state, lang) if names else None)
    name = f"{filters.indicator or 'indicators'}.csv"
    return csv_response(header, rows, name, bom=bom, headers=headers)


@router.get(
    "/indicator-defs",
    response_model=IndicatorDefList,
    tags=["indicators"],
    summary="The indicator catalogue",
)
def get_indicator_defs(state: State, lang: Lang = "en") -> IndicatorDefList:
    """Code, entity type, unit, admissible range, stated scale and names."""
    return indicator_defs(state, lang)


@item("/indicator-defs/{indicator}", IndicatorDef, "One catalogue entry", tags=["indicators"])
def get_indicator_def(indicator: ID, state: State, lang: Lang = "en") -> IndicatorDef:
    return one_of(
        indicator_defs(state, lang).items,
        "indicator",
        indicator,
        f"no indicator {indicator!r} in the catalogue",
    )


@router.get("/sources", response_model=SourceList, tags=["sources"], summary="Every source")
def get_sources(state: State) -> SourceList:
    """The entries of ``sources.csv``: seeds with checksums, data sets, publications."""
    return source_list(state)


@item("/sources/{source_id}", SourceInfo, "One source", tags=["sources"])
def get_source(source_id: ID, state: State) -> SourceInfo:
    return one_of(source_list(state).items, "source_id", source_id, f"no source {source_id!r}")

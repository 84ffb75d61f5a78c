"""The border map (home page) and the pair page.

Both take their numbers from the API's data functions (the assessment, the
indicator queries, SWOT) so what the page shows is what ``/api/…`` and the CLI give.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from typing import Annotated, Any

from fastapi import Path, Request
from fastapi.responses import HTMLResponse

from shekara.i18n.words import period_span
from shekara.kb import query
from shekara.kb.periods import parse_period
from shekara.present.barchart import bar_chart
from shekara.present.charts import Series, line_chart
from shekara.present.mapsvg import MapInput, MapModel, build_map
from shekara.web.api.assessment import AssessmentParams, AssessmentResult, assessment_result
from shekara.web.api.kb import source_list
from shekara.web.api.models import IndicatorValue, LangCode
from shekara.web.api.objects import object_rows
from shekara.web.api.optional import SwotResult, swot_result
from shekara.web.pages.i18n import PageText, page_text, request_lang
from shekara.web.pages.platform_map import project_layer
from shekara.web.pages.render import State, page_router, parse_year, render, year_choices
from shekara.web.problems import ProblemError
from shekara.web.state import WebState

router = page_router()


def default_params(year: int, lang: LangCode) -> AssessmentParams:
    """The assessment the map and pair pages show: the CLI's defaults as of *year*."""
    return AssessmentParams(
        as_of=str(year),
        weights=None,
        normalise="minmax",
        population="city",
        distance_exponent=1.0,
        wait_hours=None,
        speed_kmh=60.0,
        lang=lang,
    )


def try_assessment(
    state: WebState, year: int, lang: LangCode
) -> tuple[AssessmentResult | None, str]:
    """The default assessment, or ``None`` and the reason it cannot be made."""
    try:
        return assessment_result(state, default_params(year, lang)), ""
    except ProblemError as exc:
        return None, exc.detail


def border_map(
    state: WebState, year: int, t: PageText, result: AssessmentResult | None
) -> MapModel:
    """The map as of *year*: regions, pairs coloured by potential, centres, zones, crossings."""

    def compute() -> MapModel:
        regions = query.regions(state.engine, as_of=year, lang=t.lang, border=True)
        pairs = query.pairs(state.engine, as_of=year, lang=t.lang)
        places = {p.place_id: p for p in query.places(state.engine, lang=t.lang)}
        zone_ids = (
            {z for p in result.pairs for z in (*p.kz_zones, *p.ru_zones)} if result else set()
        )
        zones = [
            {**z, "name": z[f"name_{t.lang}"]}
            for z in object_rows(state, "zones")
            if z["zone_id"] in zone_ids
        ]
        crossings = [{**c, "name": c[f"name_{t.lang}"]} for c in object_rows(state, "crossings")]
        water = [
            {**w, "name": w.get(f"name_{t.lang}")}
            for table in ("rivers", "reservoirs")
            for w in _rows_if_present(state, table)
        ]
        values = {p.pair_id: p.potential for p in result.pairs} if result else None
        return build_map(
            MapInput(year, regions, pairs, places, crossings, zones, water, pair_values=values),
            shared_note=t.gettext("one outline: the boundary data predate the split"),
            fmt=t.smart,
        )

    return state.cached(("map", year, t.lang, result is not None), compute)


def _rows_if_present(state: WebState, table: str) -> list[dict[str, Any]]:
    try:
        return object_rows(state, table)
    except KeyError:
        return []


@router.get("/", response_class=HTMLResponse)
def map_page(request: Request, state: State) -> HTMLResponse:
    """Home: the border map with the pairs coloured by cooperation potential."""
    year = parse_year(request.query_params.get("as_of"))
    t = page_text(request_lang(request))
    result, problem = try_assessment(state, year, t.lang)
    try:
        model = border_map(state, year, t, result)
    except ValueError as exc:
        raise ProblemError(404, "not-found", str(exc)) from None
    return render(
        request,
        "map.html",
        {
            "year": year,
            "years": year_choices(),
            "map": model,
            "project_badges": project_layer(request, state.engine, model),  # the platform's
            "result": result,
            "problem": problem,
            "zones_count": sum(1 for p in model.points if p.kind == "zone"),
            "crossings_count": sum(1 for p in model.points if p.kind == "crossing"),
            "water_count": sum(1 for p in model.points if p.kind == "water"),
        },
    )


# ----------------------------------------------------------------------------- pair page
def year_of(period: str) -> float:
    """Where a period sits on a time axis (fractional years).

    An interval ``start/end`` (a change over years, a projection to a horizon) sits at
    its end; a year, month or day at its middle.

    >>> round(year_of("2018/2030"), 2), round(year_of("2024"), 2)
    (2031.0, 2024.5)
    """
    start, end = parse_period(period)
    point = end if "/" in period else start + (end - start) / 2
    return point.year + (point.timetuple().tm_yday - 1) / 365.25


def entity_values(state: WebState, entities: list[tuple[str, str, str]]) -> list[dict[str, Any]]:
    """Every value of the given (entity type, id, display name) entities, with its source."""
    rows: list[dict[str, Any]] = []
    for etype, eid, name in entities:
        for v in query.indicator_values(
            state.engine, query.ValueFilter(entity_type=etype, entity_id=eid)
        ):
            rows.append({"entity": name, "entity_id": eid, "value": v})
    return rows


def series_charts(
    rows: list[dict[str, Any]],
    names: dict[str, str],
    t: PageText,
    units: Mapping[str, str] | None = None,
) -> list[dict[str, Any]]:
    """One time-series chart per indicator with values in two or more periods; the unit
    axis label in the page's language (*units*: code → label, ``thousand_persons`` → ``мың адам``)."""
    by_ind: dict[str, dict[str, list[IndicatorValue]]] = defaultdict(lambda: defaultdict(list))
    for r in rows:
        v: IndicatorValue = r["value"]
        by_ind[v.indicator][r["entity"]].append(v)
    charts = []
    for ind, per_entity in sorted(by_ind.items()):
        periods = {v.period for vals in per_entity.values() for v in vals}
        if len(periods) < 2:
            continue
        series = [
            Series(entity, tuple((year_of(v.period), v.value, period_span(v.period)) for v in vals))
            for entity, vals in per_entity.items()
        ]
        unit = next(iter(per_entity.values()))[0].unit
        title = names.get(ind, ind)
        label = (units or {}).get(unit, unit)
        charts.append({"title": title, "svg": line_chart(series, title, t.smart, label, num=t.num)})
    return charts


def _pair_or_404(state: WebState, pair_id: str, year: int, lang: LangCode) -> query.Pair:
    for p in query.pairs(state.engine, as_of=year, lang=lang):
        if p.pair_id == pair_id:
            return p
    raise ProblemError(404, "not-found", f"no pair {pair_id!r} in force in {year}")


def pair_swot(state: WebState, pair_id: str, lang: LangCode, year: int) -> SwotResult | None:
    if not state.features.get("swot"):
        return None
    try:
        return swot_result(state, pair_id, lang, year)
    except ProblemError:
        return None


@router.get("/pairs/{pair_id}", response_class=HTMLResponse)
def pair_page(
    request: Request, state: State, pair_id: Annotated[str, Path(max_length=200)]
) -> HTMLResponse:
    """A pair: its assessment, indicators (tables and time series), objects, SWOT, sources."""
    year = parse_year(request.query_params.get("as_of"))
    t = page_text(request_lang(request))
    pair = _pair_or_404(state, pair_id, year, t.lang)
    result, problem = try_assessment(state, year, t.lang)
    assessed = next((p for p in result.pairs if p.pair_id == pair_id), None) if result else None
    regions = {r.region_id: r for r in query.regions(state.engine, as_of=year, lang=t.lang)}
    places = {p.place_id: p for p in query.places(state.engine, lang=t.lang)}
    entities = [("pair", pair.pair_id, f"{pair.kz_name} – {pair.ru_name}")]
    for rid in (pair.kz_region, pair.ru_region):
        reg = regions[rid]
        entities.append(("region", rid, reg.name))
        if reg.admin_centre and reg.admin_centre in places:
            entities.append(("place", reg.admin_centre, places[reg.admin_centre].name))
    rows = entity_values(state, entities)
    defs = {d["indicator"]: d for d in query.table_rows(state.engine, "indicator_defs")}
    ind_names = {k: str(d[f"name_{t.lang}"]) for k, d in defs.items()}
    links = [
        {**link, "name": link.get(f"name_{t.lang}") or link["name_en"]}
        for link in object_rows(state, "transport_links")
        if link["pair_id"] == pair_id
    ]
    zones = [
        {**z, "name": z[f"name_{t.lang}"]}
        for z in object_rows(state, "zones")
        if z["region_id"] in (pair.kz_region, pair.ru_region)
    ]
    crossings = [
        {**c, "name": c[f"name_{t.lang}"]}
        for c in object_rows(state, "crossings")
        if c.get("pair_id") == pair_id or c.get("region_id") in (pair.kz_region, pair.ru_region)
    ]
    swot = pair_swot(state, pair_id, t.lang, year)
    cited = {r["value"].source.source_id for r in rows} | {pair.source.source_id}
    cited |= {x["source_id"] for x in (*links, *zones, *crossings)}
    if assessed:
        cited |= {s.split(":")[0] for s in assessed.sources}
    sources = [s for s in source_list(state).items if s.source_id in cited]
    potential_chart = (
        bar_chart(
            [(f"{p.kz_region} – {p.ru_region}", p.potential) for p in result.pairs],
            t.gettext("Cooperation potential of all pairs"),
            lambda x: t.num(x, 3),
            highlight=f"{pair.kz_name} – {pair.ru_name}",
            num=t.num,
        )
        if result
        else ""
    )
    return render(
        request,
        "pair.html",
        {
            "year": year,
            "years": year_choices(),
            "pair": pair,
            "assessed": assessed,
            "pairs_count": len(result.pairs) if result else 0,
            "assessment_notes": result.notes if result else [],  # e.g. the populations' vintage
            "problem": problem,
            "rows": rows,
            "ind_names": ind_names,
            "charts": series_charts(rows, ind_names, t, query.unit_labels(state.engine, t.lang)),
            "potential_chart": potential_chart,
            "links": links,
            "zones": zones,
            "crossings": crossings,
            "swot": swot,
            "swot_available": state.features.get("swot", False),
            "sources": sources,
        },
    )

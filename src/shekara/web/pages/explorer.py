"""The indicator explorer: choose an indicator and a year → map, table, charts, CSV.

The values are those of ``GET /api/indicators?indicator=…&from=YEAR&to=YEAR`` (a year
keeps the values whose period overlaps it); the CSV link is that query's
``/api/indicators.csv``.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

import sqlalchemy as sa
from fastapi import Request
from fastapi.responses import HTMLResponse

from shekara.kb import query
from shekara.kb.periods import parse_period
from shekara.kb.tables import metadata
from shekara.present.barchart import bar_chart, by_value
from shekara.present.mapsvg import MapInput, MapModel, build_map
from shekara.web.api.kb import (
    indicator_defs,
    indicator_total,
    known_entity_names,
)
from shekara.web.api.models import IndicatorDef, IndicatorValue
from shekara.web.pages.border import series_charts
from shekara.web.pages.i18n import PageText, page_text, request_lang
from shekara.web.pages.render import State, page_router, render
from shekara.web.state import WebState

router = page_router()
MAPPABLE = ("region", "pair", "place")
DEFAULT_INDICATOR = "gravity_index_published"
#: Most values one explorer page shows (table, chart and map).
MAX_ROWS = 1000


def years_of(state: WebState, indicator: str) -> list[int]:
    """Years in which the indicator has a value (every year an interval period covers).

    Reads the distinct periods only: a daily series of 850k values has a few thousand."""
    t = metadata().tables["indicators"]
    q = sa.select(t.c.period_start, t.c.period_end).where(t.c.indicator == indicator).distinct()
    years: set[int] = set()
    with state.engine.connect() as conn:
        for start, end in conn.execute(q):
            years.update(range(start.year, end.year + 1))
    return sorted(years, reverse=True)


def latest_per_entity(values: list[IndicatorValue]) -> dict[str, float]:
    """One value per entity for the map: the one whose period ends last."""
    best: dict[str, tuple[str, float]] = {}
    for v in values:
        end = parse_period(v.period)[1].isoformat()
        if v.entity_id not in best or end > best[v.entity_id][0]:
            best[v.entity_id] = (end, v.value)
    return {k: val for k, (_, val) in best.items()}


def explorer_map(
    state: WebState,
    d: IndicatorDef,
    values: list[IndicatorValue],
    year: int,
    t: PageText,
    latest: bool,
) -> MapModel | None:
    if d.entity_type not in MAPPABLE or not values:
        return None
    per_entity = latest_per_entity(values)
    lang = query.check_lang(t.lang)
    m = MapInput(
        year=year,
        regions=query.regions(state.engine, as_of=year, lang=lang, border=True),
        pairs=query.pairs(state.engine, as_of=year, lang=lang),
        places={p.place_id: p for p in query.places(state.engine, lang=lang)},
        pair_values=per_entity if d.entity_type == "pair" else None,
        region_values=per_entity if d.entity_type == "region" else None,
        place_values=per_entity if d.entity_type == "place" else None,
    )
    try:
        return build_map(
            m,
            shared_note=t.gettext("one outline: the boundary data predate the split"),
            value_label=f"{d.name} ({query.unit_labels(state.engine, lang).get(d.unit, d.unit)})"
            + (f", {t.gettext('latest period of each')}" if latest else ""),
            fmt=t.smart,
        )
    except ValueError:
        return None


@router.get("/explorer", response_class=HTMLResponse)
def explorer_page(request: Request, state: State) -> HTMLResponse:
    """Indicator + year → map, table, bar chart and time series, CSV download."""
    t = page_text(request_lang(request))
    defs = indicator_defs(state, t.lang).items
    by_code = {d.indicator: d for d in defs}
    code = request.query_params.get("indicator") or DEFAULT_INDICATOR
    d = by_code.get(code) or by_code.get(DEFAULT_INDICATOR) or (defs[0] if defs else None)
    if d is None:
        return render(request, "explorer.html", {"defs": [], "d": None})
    years = years_of(state, d.indicator)
    ytext = request.query_params.get("year", "")
    year = int(ytext) if ytext.isdigit() and int(ytext) in years else None
    filters = query.ValueFilter(d.indicator, period_from=year, period_to=year)
    # bounded: a page shows at most MAX_ROWS values; the CSV and the API page through all
    found = query.indicator_values(state.engine, filters, limit=MAX_ROWS)
    values = list(found)
    total = indicator_total(state, filters) if len(values) == MAX_ROWS else len(values)
    map_year = year or (max(years) if years else 2018)
    names = known_entity_names(state, query.check_lang(t.lang))
    labels = [names.get((v.entity_type, v.entity_id), v.entity_id) for v in values]
    rows = [{"value": v, "entity": label} for v, label in zip(values, labels, strict=True)]
    several = len({v.period for v in values}) > 1
    bars = [
        (label + (f" ({v.period})" if several else ""), v.value)
        for v, label in zip(values, labels, strict=True)
    ]
    csv_query = {k: v for k, v in {"indicator": d.indicator, "from": year, "to": year}.items() if v}
    groups: dict[str, list[IndicatorDef]] = {}
    for x in sorted(defs, key=lambda x: (x.entity_type, x.name.lower())):
        groups.setdefault(x.entity_type, []).append(x)
    context: dict[str, Any] = {
        "groups": groups,
        "d": d,
        "years": years,
        "year": year,
        "rows": rows,
        "total": total,
        "map": explorer_map(state, d, values, map_year, t, latest=year is None and several),
        "bar_svg": bar_chart(by_value(bars)[:40], d.name, t.smart, num=t.num) if rows else "",
        "charts": series_charts(
            [{"entity": r["entity"], "value": r["value"]} for r in rows],
            {d.indicator: d.name},
            t,
            query.unit_labels(state.engine, t.lang),
        )
        if year is None
        else [],
        "csv_href": "/api/indicators.csv?" + urlencode(csv_query),
        "api_href": "/api/indicators?" + urlencode({**csv_query, "limit": 1000}),
    }
    return render(request, "explorer.html", context)

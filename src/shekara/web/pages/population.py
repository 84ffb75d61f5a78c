"""The population page: animated age pyramid, projection fan chart, backtests, border regions.

Server-rendered from the ``/api/population`` data functions, so the page shows the
API's numbers; the SVGs are drawn here (they work without JavaScript) and
``static/js/population.js`` animates the pyramid through the years (data in a JSON
block: the CSP allows no inline script). The WPP tables shipped have both sexes
together, so the "pyramid" is one-sided: one bar per five-year age group.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import partial
from typing import Annotated, Any

from fastapi import Query, Request
from fastapi.responses import HTMLResponse

from shekara.i18n import fmt_number, translator
from shekara.methods.demography.ages import AGE_LABELS
from shekara.services.population import present
from shekara.services.population.national import backtest, compare, project_country, projection_view
from shekara.services.population.regional import region_path
from shekara.services.population.results import CountryProjectionView
from shekara.services.population.series import CountrySeries, PopulationError
from shekara.web.api.population import series_dict
from shekara.web.pages.i18n import request_lang
from shekara.web.pages.render import State, page_router, render
from shekara.web.state import WebState

router = page_router()
ENTITIES = ("KAZ", "RUS")
PYR_W, PYR_H, PYR_LEFT = 560, 420, 64
#: Room right of the longest bar for its value label ("2 253" must not be clipped).
PYR_LABEL_ROOM = 56
FAN_W, FAN_H, FAN_PAD = 640, 300, 56


@dataclass(frozen=True)
class Bar:
    label: str
    y: float
    h: float
    w: float
    value: str


def pyramid_bars(values: list[float], lang: str, scale: float) -> list[Bar]:
    """One bar per age group, oldest at the top; widths against a fixed *scale* (thousands).

    >>> b = pyramid_bars([10.0] * 21, "en", 20.0)
    >>> b[0].label, b[-1].label, round(b[-1].w, 1)
    ('100+', '0-4', 220.0)
    """
    n = len(values)
    row = (PYR_H - 40) / n
    bars = []
    for i, v in enumerate(reversed(values)):
        label = AGE_LABELS[n - 1 - i]
        bars.append(
            Bar(
                label,
                10 + i * row,
                row * 0.82,
                (PYR_W - PYR_LEFT - PYR_LABEL_ROOM) * v / scale,
                fmt_number(v, lang, 0),
            )
        )
    return bars


def _xy(years: list[int], values: list[float], x0: int, x1: int, lo: float, hi: float) -> str:
    pts = []
    for y, v in zip(years, values, strict=True):
        x = FAN_PAD + (FAN_W - FAN_PAD - 16) * (y - x0) / (x1 - x0)
        yy = FAN_H - 30 - (FAN_H - 50) * (v - lo) / (hi - lo)
        pts.append(f"{x:.1f},{yy:.1f}")
    return " ".join(pts)


def fan_chart(series: CountrySeries, proj: CountryProjectionView, lang: str) -> dict[str, Any]:
    """SVG paths: WPP estimates and medium variant, our two scenarios and the 5-95 % band."""
    years = list(series.years)
    totals = [sum(v) for v in series.values]
    pyears = proj.years
    band = proj.band
    x0, x1 = years[0], years[-1]
    allv = totals + band[0] + band[2] + proj.total["constant"] + proj.total["trended"]
    lo, hi = 0.0, max(allv) * 1.05
    est = [
        (y, t) for y, t, v in zip(years, totals, series.variant, strict=True) if v == "estimates"
    ]
    med = [
        (y, t) for y, t, v in zip(years, totals, series.variant, strict=True) if v != "estimates"
    ]
    band_pts = (
        _xy(pyears, band[2], x0, x1, lo, hi)
        + " "
        + _xy(pyears[::-1], band[0][::-1], x0, x1, lo, hi)
    )
    ticks = [
        {"y": FAN_H - 30 - (FAN_H - 50) * v / hi, "label": fmt_number(v, lang, 0)}
        for v in _nice_ticks(hi)
    ]
    xt = [
        {"x": FAN_PAD + (FAN_W - FAN_PAD - 16) * (y - x0) / (x1 - x0), "label": str(y)}
        for y in range(1950, 2101, 25)
    ]
    return {
        "w": FAN_W,
        "h": FAN_H,
        "estimates": _xy([y for y, _ in est], [t for _, t in est], x0, x1, lo, hi),
        "medium": _xy([y for y, _ in med], [t for _, t in med], x0, x1, lo, hi),
        "constant": _xy(pyears, proj.total["constant"], x0, x1, lo, hi),
        "trended": _xy(pyears, proj.total["trended"], x0, x1, lo, hi),
        "band": band_pts,
        "yticks": ticks,
        "xticks": xt,
        "pad": FAN_PAD,
    }


def _nice_ticks(hi: float) -> list[float]:
    step = 10 ** len(str(int(hi / 4))) / 10
    for m in (1, 2, 2.5, 5, 10):
        if hi / (step * m) <= 6:
            step *= m
            break
    return [step * k for k in range(int(hi / step) + 1)]


@router.get("/population", response_class=HTMLResponse)
def population_page(
    request: Request,
    state: State,
    entity: Annotated[str, Query(max_length=4)] = "KAZ",
    year: Annotated[int, Query(ge=1950, le=2100)] = 2021,
) -> HTMLResponse:
    lang = request_lang(request)
    p = translator(lang, "population")
    entity = entity.upper() if entity.upper() in ENTITIES else "KAZ"
    try:
        series = series_dict(state, entity)
        proj = state.cached(("population-page-proj", entity), lambda: _projection(state, entity))
        tests = [
            state.cached(
                ("population-backtest", e, 2011, 2021),
                partial(backtest, state.engine, e, 2011, 2021),
            )
            for e in ENTITIES
        ]
        comp = state.cached(
            ("population-compare", entity, 2020, 2050),
            lambda: compare(state.engine, entity, 2020, 2050),
        )
        region = state.cached(
            ("population-region", "KZ-59", 2050), lambda: region_path(state.engine, "KZ-59", 2050)
        )
    except PopulationError as exc:
        return render(
            request,
            "error.html",
            {"status": 503, "title": p("Population"), "detail": exc.message},
            503,
        )
    idx = series.years.index(year) if year in series.years else 0
    scale = max(max(v) for v in series.values) * 1.02
    data = {
        "years": series.years,
        "values": series.values,
        "variant": series.variant,
        "scale": scale,
        # Formatted server-side with Babel, so the animation shows the page's number style.
        "fmt": [[fmt_number(v, lang, 0) for v in row] for row in series.values],
        "totals": [fmt_number(sum(row), lang, 0) for row in series.values],
        "labels": {
            "estimates": present.variant_label("estimates", lang),
            "medium": present.variant_label("medium", lang),
        },
    }
    return render(
        request,
        "population.html",
        {
            "p": p,
            "entity": entity,
            "entities": [(e, present.entity_name(e, lang)) for e in ENTITIES],
            "year": series.years[idx],
            "variant": present.variant_label(series.variant[idx], lang),
            "bars": pyramid_bars(list(series.values[idx]), lang, scale),
            "total": fmt_number(sum(series.values[idx]), lang, 0),
            "pyr": {"w": PYR_W, "h": PYR_H, "left": PYR_LEFT},
            "data_json": json.dumps(data, separators=(",", ":")),
            "fan": fan_chart(series, proj, lang),
            "proj": proj,
            "compare_rows": present.compare_rows(comp, lang),
            "compare_note": present.compare_explanation(comp, lang),
            "backtests": [(present.backtest_summary(t, lang), t) for t in tests],
            # The base year, every fifth year and the published years (the CLI lists all).
            "region_rows": [
                r
                for i, r in enumerate(present.region_rows(region, lang))
                if i == 0 or r[p("Published")] != "—" or r[p("Year")].endswith(("0", "5"))
            ],
            "region_note": present.region_explanation(region, lang),
        },
    )


def _projection(state: WebState, entity: str) -> CountryProjectionView:
    return projection_view(project_country(state.engine, entity, n_paths=1000, seed=2022))

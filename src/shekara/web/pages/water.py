"""The water page: basins and border regions, water balance, flood forecast, reservoir scenario.

Everything is server-rendered from the API's data functions — the water balance of
``/api/water/balance``, the ensemble forecast of ``/api/water/forecast`` and the
reservoir scenario of ``/api/water/reservoir`` — so the page shows the API's numbers.
The forecast form works without JavaScript; ``static/js/water.js`` re-fetches the
forecast through the API when members, seed or alert levels change and redraws the
hydrograph and the alerts. The reservoir form is a plain GET form.

**The map draws no basin.** The knowledge base has no outline of the four water-management
basins and no course of their rivers. What it does state is where some reservoirs are:
``reservoirs.csv`` gives a reservoir's river (and so its basin) and its region. Those
regions are marked — "a river of this basin has a reservoir here" — and every other
river is listed beside the map without a place.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from typing import TYPE_CHECKING, Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from starlette.datastructures import QueryParams

from shekara.kb import query
from shekara.present.charts import DayBand, DayLine, Level, daily_chart
from shekara.present.fmt import Formatter, day_month
from shekara.present.mapsvg import MapInput, MapModel, build_map
from shekara.present.water_rows import basin_rows
from shekara.web.api.hydro import (
    DEFAULT_START,
    ILLUSTRATIVE_LEVELS,
    MAX_MEMBERS,
    RESERVOIR_BOUNDS,
    ForecastParams,
    ReservoirParams,
    cached_forecast,
    cached_reservoir,
    reservoir_defaults,
)
from shekara.web.api.objects import object_rows
from shekara.web.api.optional import WaterBalance, water_result
from shekara.web.pages.i18n import PageText, page_text, request_lang
from shekara.web.pages.render import State, page_router, render
from shekara.web.problems import ProblemError
from shekara.web.state import WebState

if TYPE_CHECKING:  # the hydrology service is optional: imported when a page needs it
    from shekara.services.hydro import ReservoirReport
    from shekara.services.hydro.hindcast import Hindcast

router = page_router()

PAGE_MEMBERS = 50
PAGE_SEED = 1
MAX_SEED = 2**32 - 1
MAX_LEVEL = 999_999.0
#: The reservoir assumptions the page's form offers (the API takes them all).
RESERVOIR_FIELDS: tuple[str, ...] = (
    "peak_inflow",
    "initial_level",
    "outlet_capacity",
    "min_release",
)
POLICY_CSS = {"hold_then_release": "s1", "pre_release": "s0"}


# ----------------------------------------------------------------------------- query parsing
def _number(q: QueryParams, name: str, lo: float, hi: float, default: float) -> tuple[float, bool]:
    """A number of the page's query within [lo, hi]; anything else → (default, False).

    >>> _number(QueryParams("members=20"), "members", 1, 200, 50)
    (20.0, True)
    >>> _number(QueryParams("members=0"), "members", 1, 200, 50)
    (50, False)
    """
    text = q.get(name)
    if text is None or text.strip() == "":
        return default, True
    try:
        value = float(text)
    except ValueError:
        return default, False
    if not lo <= value <= hi:
        return default, False
    return value, True


@dataclass(frozen=True)
class PageForecastForm:
    members: int
    seed: int
    levels: dict[str, str]  # label → the input's text ("" = not set)
    reset: tuple[str, ...]

    def params(self) -> ForecastParams:
        given = tuple((k, float(v)) for k, v in self.levels.items() if v)
        illustrative = not given or given == tuple(ILLUSTRATIVE_LEVELS.items())
        return ForecastParams(
            start=None,
            horizon=60,
            members=self.members,
            seed=self.seed,
            thresholds=tuple(ILLUSTRATIVE_LEVELS.items()) if illustrative else given,
            thresholds_given=not illustrative,
            temp_sd=1.5,
            precip_cv=0.25,
            swe_cv=0.2,
        )


def forecast_form(q: QueryParams) -> PageForecastForm:
    """Members, seed and the three alert levels of the page's query (defaults: 50, 1 and the
    illustrative levels); values out of range fall back to the default and are named."""
    reset: list[str] = []
    members, ok = _number(q, "members", 1, MAX_MEMBERS, PAGE_MEMBERS)
    if not ok or members != int(members):
        members, ok = PAGE_MEMBERS, False
    if not ok:
        reset.append("members")
    seed, ok = _number(q, "seed", 0, MAX_SEED, PAGE_SEED)
    if not ok or seed != int(seed):
        seed = PAGE_SEED
        reset.append("seed")
    levels: dict[str, str] = {}
    for label, default in ILLUSTRATIVE_LEVELS.items():
        text = q.get(label)
        if text is None:
            levels[label] = f"{default:g}"
            continue
        value, ok = _number(q, label, 1.0, MAX_LEVEL, default)
        if not ok or round(value, 3) != value:
            reset.append(label)
            levels[label] = f"{default:g}"
        else:
            levels[label] = f"{value:g}" if text.strip() else ""
    return PageForecastForm(int(members), int(seed), levels, tuple(reset))


def reservoir_form(q: QueryParams) -> tuple[ReservoirParams, tuple[str, ...]]:
    """The reservoir scenario of the page's query: the documented assumptions, with the
    fields of :data:`RESERVOIR_FIELDS` changed when given within the API's bounds."""
    base = reservoir_defaults()
    changes: dict[str, float] = {}
    reset: list[str] = []
    for name in RESERVOIR_FIELDS:
        lo, hi = RESERVOIR_BOUNDS[name]
        value, ok = _number(q, name, lo, hi, getattr(base, name))
        if ok:
            changes[name] = value
        else:
            reset.append(name)
    return base.model_copy(update=changes), tuple(reset)


# ----------------------------------------------------------------------------- basins and map
def basin_overview(state: WebState, t: PageText, year: int) -> list[dict[str, Any]]:
    """The basins bordering Russia with their rivers and the reservoirs on those rivers
    (with the region the knowledge base gives, if any), all from the registries."""
    regions = {r.region_id: r.name for r in query.regions(state.engine, as_of=year, lang=t.lang)}
    rivers = object_rows(state, "rivers")
    reservoirs = object_rows(state, "reservoirs")
    out = []
    for b in object_rows(state, "basins"):
        if not b.get("borders_russia"):
            continue
        b_rivers = [r for r in rivers if r.get("basin_id") == b["basin_id"]]
        ids = {r["river_id"] for r in b_rivers}
        names = {r["river_id"]: r[f"name_{t.lang}"] for r in b_rivers}
        b_res = [
            {
                "id": res["reservoir_id"],
                "name": res[f"name_{t.lang}"],
                "river": names[res["river_id"]],
                "region_id": res.get("region_id"),
                "region": regions.get(str(res.get("region_id"))) if res.get("region_id") else None,
                "source": res["source"],
            }
            for res in reservoirs
            if res.get("river_id") in ids
        ]
        out.append(
            {
                "id": b["basin_id"],
                "name": b[f"name_{t.lang}"],
                "source": b["source"],
                "rivers": [
                    {
                        "id": r["river_id"],
                        "name": r[f"name_{t.lang}"],
                        "upstream": r.get("upstream"),
                    }
                    for r in b_rivers
                ],
                "reservoirs": b_res,
            }
        )
    return out


def water_map(state: WebState, t: PageText, year: int, basins: list[dict[str, Any]]) -> MapModel:
    """The border regions; a region is marked where a reservoir of a basin's river lies."""

    def compute() -> MapModel:
        regions = query.regions(state.engine, as_of=year, lang=t.lang, border=True)
        places = {p.place_id: p for p in query.places(state.engine, lang=t.lang)}
        model = build_map(
            MapInput(year, regions, (), places),
            shared_note=t.gettext("one outline: the boundary data predate the split"),
            fmt=t.smart,
        )
        marks: dict[str, list[str]] = {}
        for b in basins:
            for res in b["reservoirs"]:
                if res["region_id"]:
                    marks.setdefault(res["region_id"], []).append(
                        f"{res['name']} — {res['river']} ({b['name']})"
                    )
        shapes = []
        for s in model.regions:
            found = [m for rid in s.regions for m in marks.get(rid, [])]
            if found:
                s = replace(s, css=f"{s.css} marked", title=f"{s.title}: {'; '.join(found)}")
            shapes.append(s)
        return replace(model, regions=tuple(shapes))

    return state.cached(("water-map", year, t.lang), compute)


# ----------------------------------------------------------------------------- balance table
def balance_rows(balance: WaterBalance, t: PageText, fmt: Formatter) -> list[dict[str, Any]]:
    """Rows of the balance table; units labelled by *fmt* (the store's unit catalogue), the
    wording shared with the CLI (:mod:`shekara.present.water_rows`)."""
    return [
        row for b in balance.to_dict()["basins"] for row in basin_rows(b, t.gettext, fmt, t.smart)
    ]


# ----------------------------------------------------------------------------- charts
def level_label(label: str, t: PageText) -> str:
    """An alert level's label in the page's language (the illustrative ones are translated)."""
    return t.gettext(label) if label in ILLUSTRATIVE_LEVELS else label


def hydrograph(fc: Hindcast, t: PageText) -> str:
    q = fc.quantiles_m3s
    return daily_chart(
        fc.dates,
        t.gettext("Hydrograph: observed discharge and the ensemble forecast"),
        bands=[
            DayBand(t.gettext("ensemble 5–95 %"), tuple(q["q05"]), tuple(q["q95"]), "outer"),
            DayBand(t.gettext("ensemble 25–75 %"), tuple(q["q25"]), tuple(q["q75"]), "inner"),
        ],
        lines=[
            DayLine(t.gettext("median"), tuple(q["q50"]), "median"),
            DayLine(t.gettext("observed"), tuple(fc.observed_m3s), "observed"),
        ],
        levels=[
            Level(level_label(k, t), a.threshold_m3s, f"lv{i % 3}")
            for i, (k, a) in enumerate(fc.alerts.items())
        ],
        fmt=t.smart,
        day_fmt=day_month(t.lang),
        unit=t.gettext("m³/s"),
        chart_id="hydrograph",
        num=t.num,
    )


def policy_label(policy: str, t: PageText) -> str:
    return t.gettext(
        {"hold_then_release": "hold, then release", "pre_release": "pre-release"}[policy]
    )


def reservoir_charts(r: ReservoirReport, t: PageText) -> tuple[str, str]:
    """The pool level against the crests, and inflow and outflow, for every policy."""
    first = next(iter(r.series.values()))
    days = [d[:10] for d in first.dates]
    fmt_day = day_month(t.lang)
    level = daily_chart(
        days,
        t.gettext("Reservoir level against the dam crest"),
        lines=[
            DayLine(policy_label(p, t), tuple(s.level_m), POLICY_CSS.get(p, "s2"))
            for p, s in r.series.items()
        ],
        levels=[
            Level(t.gettext("dam crest"), r.levels.dam_crest_m, "crest"),
            Level(t.gettext("spillway crest (NRL)"), r.levels.spillway_crest_m, "lv0"),
        ],
        fmt=lambda v: t.num(v, 1),
        day_fmt=fmt_day,
        unit=t.gettext("m"),
        zero_based=False,
        chart_id="reservoir-level",
        num=t.num,
    )
    flows = daily_chart(
        days,
        t.gettext("Inflow and outflow"),
        lines=[DayLine(t.gettext("inflow (assumed wave)"), tuple(first.inflow_m3s), "inflow")]
        + [
            DayLine(
                f"{t.gettext('outflow')}: {policy_label(p, t)}",
                tuple(s.outflow_m3s),
                POLICY_CSS.get(p, "s2"),
            )
            for p, s in r.series.items()
        ],
        fmt=t.smart,
        day_fmt=fmt_day,
        unit=t.gettext("m³/s"),
        chart_id="reservoir-flows",
        num=t.num,
    )
    return level, flows


# ----------------------------------------------------------------------------- page
@router.get("/water", response_class=HTMLResponse)
def water_page(request: Request, state: State) -> HTMLResponse:
    """Basins and border regions, water balance, ensemble hydrograph, alerts, reservoir."""
    t = page_text(request_lang(request))
    year = date.today().year
    basins = basin_overview(state, t, year)
    try:
        model: MapModel | None = water_map(state, t, year, basins)
    except ValueError:
        model = None
    balance, balance_problem = None, ""
    if state.features.get("water"):
        try:
            balance = water_result(state, None, None, None, None, t.lang)
        except ProblemError as exc:
            balance_problem = exc.detail
    form = forecast_form(request.query_params)
    r_params, r_reset = reservoir_form(request.query_params)
    fc: Hindcast | None = None
    res: ReservoirReport | None = None
    fc_problem = res_problem = ""
    hydro = bool(state.features.get("hydro"))
    if hydro:
        try:
            fc = cached_forecast(state, form.params())
        except ProblemError as exc:
            fc_problem = exc.detail
        try:
            res = cached_reservoir(state, r_params)
        except ProblemError as exc:
            res_problem = exc.detail
    charts = reservoir_charts(res, t) if res else ("", "")
    return render(
        request,
        "water.html",
        {
            "basins": basins,
            "map": model,
            "marked": sum(1 for s in model.regions if "marked" in s.css) if model else 0,
            "balance": balance,
            "balance_rows": balance_rows(balance, t, Formatter.load(state.engine, t.lang))
            if balance
            else [],
            "balance_problem": balance_problem,
            "hydro": hydro,
            "form": form,
            "fc": fc,
            "fc_problem": fc_problem,
            "hydrograph": hydrograph(fc, t) if fc else "",
            "level_label": lambda k: level_label(k, t),
            "likely": [(k, fc.alerts[k]) for k in fc.likely_alerts] if fc else [],
            "default_start": DEFAULT_START,
            "illustrative": ILLUSTRATIVE_LEVELS,
            "res": res,
            "r_params": r_params,
            "r_reset": r_reset,
            "r_bounds": RESERVOIR_BOUNDS,
            "res_problem": res_problem,
            "level_chart": charts[0],
            "flow_chart": charts[1],
            "policy_label": lambda p: policy_label(p, t),
            "day": day_month(t.lang),
        },
    )

"""The "Flood season" page: the four basins' map, a post's hydrograph, a reservoir's fill and plan.

Server-rendered from the same functions as ``/api/flood`` (the cached forecast, the bulletin
context), so the page shows the API's numbers. Texts come from the ``flood`` gettext domain;
numbers and dates are formatted with Babel. Exercise data are marked on the page.
"""

from __future__ import annotations

from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse

from shekara.i18n import translator
from shekara.present.charts import DayBand, DayLine, Level, daily_chart
from shekara.present.fmt import day_month
from shekara.web.api.flood import cached_forecast
from shekara.web.pages.i18n import PageText, page_text, request_lang
from shekara.web.pages.render import State, page_router, render
from shekara.web.problems import ProblemError

router = page_router()


def post_chart(fc: Any, post: str, t: PageText, tf: Any) -> str:
    """Observed discharge, forecast median and 5–95 % band, danger discharge."""
    p = fc.posts[post]
    h = p.observed_days
    observed = tuple(p.q_median[:h]) + (float("nan"),) * (len(p.dates) - h)
    levels = (
        [Level(tf("Danger discharge, m³/s") + " *", p.danger_q_m3s, "lv2")]
        if p.danger_q_m3s
        else []
    )
    return daily_chart(
        p.dates, tf("Post hydrograph"),
        bands=[DayBand(tf("forecast 5–95 %"), tuple(p.q_low), tuple(p.q_high), "outer")],
        lines=[DayLine(tf("forecast median"), tuple(p.q_median), "median"),
               DayLine(tf("observed"), observed, "observed")],
        levels=levels, fmt=t.smart, unit=tf("Discharge, m³/s"), chart_id="flood-hydrograph", num=t.num,
        day_fmt=day_month(t.lang),
    )  # fmt: skip


def reservoir_chart(fc: Any, fi: Any, nid: str, t: PageText, tf: Any) -> str:
    r = fc.reservoirs[nid]
    return daily_chart(
        fi.dates(), tf("Reservoir level"),
        lines=[DayLine(tf("level (forecast median)"), tuple(r.level_median_m), "median")],
        levels=[Level(tf("normal retention level") + " *", r.nrl_m, "crest")],
        fmt=lambda v: t.num(v, 1), unit=tf("Level, m"), chart_id="flood-reservoir", num=t.num,
        day_fmt=day_month(t.lang),
    )  # fmt: skip


@router.get("/flood", response_class=HTMLResponse)
def flood_page(request: Request, state: State) -> HTMLResponse:
    """Map of the four basins, the bulletin tables, a post's hydrograph, a reservoir's plan."""
    from shekara.services.flood.bulletin import bulletin_context
    from shekara.services.flood.network import load_network
    from shekara.services.flood.plan import reservoir_plan

    t = page_text(request_lang(request))
    tf = translator(t.lang, "flood")
    net = load_network()
    posts = [(n.node_id, n.name(t.lang)) for n in net.posts()]
    reservoirs = [(nid, net.node(nid).name(t.lang)) for nid in net.reservoirs]
    post = request.query_params.get("post") or "oral"
    res_id = request.query_params.get("reservoir") or "iriklinsk-res"
    if post not in dict(posts):
        post = "oral"
    if res_id not in dict(reservoirs):
        res_id = "iriklinsk-res"
    ctx: dict[str, Any] = {"tf": tf, "posts": posts, "reservoirs": reservoirs, "post": post, "res_id": res_id,
                           "problem": ""}  # fmt: skip
    try:
        fi, fc = cached_forecast(state)
    except ProblemError as exc:
        ctx["problem"] = exc.detail
        return render(request, "flood.html", ctx)
    bc = bulletin_context(state.engine, lang=t.lang, forecast=fc, net=net)
    plan = state.cached(("flood-plan", res_id), lambda: reservoir_plan(fi, fc, res_id))
    ctx.update(
        bc=bc, hydrograph=post_chart(fc, post, t, tf), reservoir_chart=reservoir_chart(fc, fi, res_id, t, tf),
        plan=plan, res_row=bc.reservoir(res_id), post_row=bc.post(post),
        num=t.num, post_names=dict(posts),
    )  # fmt: skip
    return render(request, "flood.html", ctx)

"""Crossing pages: ``/crossings`` (registry, targets, facts) and ``/crossings/{id}``.

The page of a crossing shows what the knowledge base says about it (location,
status, dates, lanes, measured daily waits) and a what-if queue for it: an
hourly arrival profile, service time and lanes from the form, simulated hour by
hour, with the lanes the plan needs for a 90th-percentile target.  The form's
defaults are an illustration (no source gives the hourly traffic of any of these
crossings) and the page says so.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Query, Request
from fastapi.responses import HTMLResponse
from markupsafe import Markup, escape

from shekara.i18n import translator
from shekara.kb import query
from shekara.services.crossings import (
    CrossingError,
    CrossingSimulation,
    LanePlan,
    SimulationInput,
    crossing_detail,
    facts,
    list_crossings,
    plan_lanes,
    simulate_crossing,
    targets,
)
from shekara.services.crossings.simulate import HourWaits
from shekara.web.api.crossings import MAX_RATE, parse_profile
from shekara.web.pages.i18n import request_lang
from shekara.web.pages.render import State, html_error, page_router, render
from shekara.web.problems import ProblemError

router = page_router()

#: Illustrative profile (vehicles an hour, hours 0-23): a day peak, a quiet night.
ILLUSTRATIVE_PROFILE = "5,5,5,5,5,5,20,40,60,60,50,40,40,45,50,60,60,50,40,30,20,10,5,5"


def wait_bars(hourly: list[HourWaits], label: str, unit: str) -> Markup:
    """An inline SVG bar chart of the mean and P90 wait by hour (minutes)."""
    width, height, pad = 600, 200, 30
    top = max([h.p90_wait or 0.0 for h in hourly] + [1.0])
    bw = (width - 2 * pad) / 24
    parts = [
        f'<svg viewBox="0 0 {width} {height + 30}" role="img" aria-label="{escape(label)}" '
        'class="chart" id="hourly-chart">'
    ]
    for h in hourly:
        x = pad + h.hour * bw
        for wait, cls, shrink in ((h.p90_wait, "s0", 0.0), (h.mean_wait, "s1", 0.25)):
            bar_h = (height - pad) * (wait or 0.0) / top
            parts.append(
                f'<rect class="{cls}" x="{x + bw * shrink:.1f}" y="{height - bar_h:.1f}" '
                f'width="{bw * (1 - 2 * shrink) - 1:.1f}" height="{bar_h:.1f}">'
                f"<title>{h.hour}: {wait or 0.0:.1f} {escape(unit)}</title></rect>"
            )
        if h.hour % 3 == 0:
            parts.append(f'<text x="{x:.1f}" y="{height + 15}" font-size="11">{h.hour}</text>')
    parts.append(
        f'<text x="{pad}" y="14" font-size="11">{top:.0f} {escape(unit)}</text><line x1="{pad}" '
        f'x2="{width - pad}" y1="{height}" y2="{height}" stroke="currentColor"/></svg>'
    )
    return Markup("".join(parts))


@router.get("/crossings", response_class=HTMLResponse)
def crossings_page(request: Request, state: State) -> HTMLResponse:
    lang = request_lang(request)
    lg = query.check_lang(lang)
    regions = {r.region_id: r.name for r in query.regions(state.engine, lang=lg)}
    return render(
        request,
        "crossings.html",
        {
            "tc": translator(lang, "crossings"),
            "crossings": list_crossings(state.engine, lg),
            "targets": targets(state.engine, lg),
            "facts": facts(state.engine, lg),
            "regions": regions,
        },
    )


@router.get("/crossings/{crossing_id}", response_class=HTMLResponse)
def crossing_page(
    request: Request,
    state: State,
    crossing_id: str,
    arrivals: Annotated[str, Query(max_length=400)] = ILLUSTRATIVE_PROFILE,
    service: Annotated[str, Query(max_length=20)] = "6",
    lanes: Annotated[str, Query(max_length=200)] = "",
    target: Annotated[str, Query(max_length=20)] = "15",
) -> HTMLResponse:
    lang = request_lang(request)
    lg = query.check_lang(lang)
    tc = translator(lang, "crossings")
    try:
        crossing = crossing_detail(state.engine, crossing_id, lg)
    except KeyError:
        return html_error(request, 404, tc("Crossing points"), f"CRS101: {crossing_id}")
    problem = None
    sim: CrossingSimulation | None = None
    plan: LanePlan | None = None
    try:
        rates = parse_profile(arrivals, "arrivals", MAX_RATE)
        service_min, target_min = float(service), float(target)
        plan = plan_lanes(rates, service_min, target_min)
        lane_counts = (
            tuple(int(x) for x in parse_profile(lanes, "lanes", 200))
            if lanes.strip()
            else tuple(r.lanes for r in plan.lanes_per_hour)
        )
        sim = simulate_crossing(
            SimulationInput(rates, service_min, lane_counts, hours=24.0 * 60, seed=1)
        )
    except (ProblemError, CrossingError, ValueError) as exc:
        problem = str(exc)
    regions = {r.region_id: r.name for r in query.regions(state.engine, lang=lg)}
    return render(
        request,
        "crossing.html",
        {
            "tc": tc,
            "crossing": crossing,
            "regions": regions,
            "targets": targets(state.engine, lg),
            "form": {"arrivals": arrivals, "service": service, "lanes": lanes, "target": target},
            "illustrative": arrivals == ILLUSTRATIVE_PROFILE,
            "sim": sim,
            "plan": plan,
            "chart": wait_bars(sim.hourly, tc("Waiting time by hour"), tc("min")) if sim else None,
            "problem": problem,
        },
    )

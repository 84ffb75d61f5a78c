"""The "Spring outlook" page: the Fulda ESP outlook and its verification side by side.

Server-rendered from the same function as ``/api/flood/outlook`` (cached per store, so the
first view takes the calibrations' ~15 s and later views are immediate); the verification
is the measured summary the bulletin shows (:mod:`shekara.services.flood.verification_figures`,
checked against a fresh ``/api/flood/verify`` run by the tests). Texts come from the ``outlook`` gettext domain; numbers via Babel.
"""

from __future__ import annotations

from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse

from shekara.i18n import translator
from shekara.present.charts import DayBand, DayLine, Level, daily_chart
from shekara.present.fmt import day_month
from shekara.services.flood.outlook_results import FuldaOutlook
from shekara.web.pages.i18n import page_text, request_lang
from shekara.web.pages.render import State, page_router, render

router = page_router()
YEARS = tuple(range(1980, 1989))


def outlook_chart(out: FuldaOutlook, tf: Any, fmt: Any, num: Any = None, lang: str = "en") -> str:
    """Median, 25–75 % and 5–95 % bands, the observed flow and the (assumed) danger levels."""
    q = out.quantiles_m3s
    lines = [DayLine(tf("q50_m3s"), tuple(q["q50"]), "median")]
    if out.observed is not None:
        lines.append(DayLine(tf("observed"), out.observed.q_m3s, "observed"))
    return daily_chart(
        out.dates, tf("Spring outlook"),
        bands=[DayBand("5–95 %", tuple(q["q05"]), tuple(q["q95"]), "outer"),
               DayBand("25–75 %", tuple(q["q25"]), tuple(q["q75"]), "inner")],
        lines=lines,
        levels=[Level(tf(k) + " *", v.threshold_m3s, f"lv{i}")
                for i, (k, v) in enumerate(out.danger_levels.items())],
        fmt=fmt, unit=tf("Discharge, m³/s"), chart_id="outlook-chart", num=num or (lambda v, d: f"{v:.{d}f}"),
        day_fmt=day_month(lang),
    )  # fmt: skip


@router.get("/flood/outlook", response_class=HTMLResponse)
def outlook_page(request: Request, state: State) -> HTMLResponse:
    """The Fulda outlook from 1 March of a chosen year, next to its leave-one-year-out scores."""
    from shekara.services.flood.outlook import fulda_outlook
    from shekara.services.flood.verification_figures import summary_rows

    t = page_text(request_lang(request))
    tf = translator(t.lang, "outlook")
    text = request.query_params.get("year", "1988")
    year = int(text) if text.isdigit() and int(text) in YEARS else 1988
    out = state.cached(("flood-outlook", "fulda", year), lambda: fulda_outlook(f"{year}-03-01"))
    ctx = {
        "tf": tf, "years": YEARS, "year": year, "out": out, "ver": summary_rows(t.lang), "num": t.num,
        "chart": outlook_chart(out, tf, t.smart, t.num, t.lang),
        "pct": lambda v: t.num(100 * v, 1) + " %",
    }  # fmt: skip
    return render(request, "outlook.html", ctx)

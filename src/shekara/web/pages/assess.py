"""The assessment page: weights and normalisation → ranking with its sensitivity band.

The server renders the ranking for the parameters in the URL (so the page works
without JavaScript through its form); ``static/js/assessment.js`` then recomputes it
through ``/api/assessment`` and ``/api/assessment/sensitivity`` as the sliders move.
"""

from __future__ import annotations

from typing import Literal, cast

from fastapi import Request
from fastapi.responses import HTMLResponse

from shekara.web.api.assessment import (
    AssessmentParams,
    SensitivityResult,
    assessment_result,
    sensitivity_result,
)
from shekara.web.pages.i18n import page_text, request_lang
from shekara.web.pages.render import State, page_router, parse_year, render, year_choices
from shekara.web.problems import ProblemError

router = page_router()
COMPONENTS = ("gravity", "transport", "sez")
WEIGHT_MAX = 10.0
WEIGHT_STEP = 0.5
#: Draws of the band on the page (the API accepts up to its own maximum).
PAGE_DRAWS = 2000
PAGE_SEED = 1
Normalise = Literal["minmax", "zscore", "rank"]


def parse_weight(text: str | None) -> float:
    """A slider value: 0–10 in steps of 0.5; anything else → the default 1.

    >>> parse_weight("2.5"), parse_weight("11"), parse_weight(None)
    (2.5, 1.0, 1.0)
    """
    try:
        w = float(text) if text is not None else 1.0
    except ValueError:
        return 1.0
    if not 0.0 <= w <= WEIGHT_MAX or (w / WEIGHT_STEP) % 1:
        return 1.0
    return w


def weights_text(weights: dict[str, float]) -> str:
    """The ``weights`` parameter of the API, e.g. ``gravity=1,transport=1,sez=1``.

    >>> weights_text({"gravity": 2.0, "transport": 0.5, "sez": 1.0})
    'gravity=2,transport=0.5,sez=1'
    """
    return ",".join(f"{k}={weights[k]:g}" for k in COMPONENTS)


@router.get("/assessment", response_class=HTMLResponse)
def assessment_page(request: Request, state: State) -> HTMLResponse:
    """Sliders for the three weights, a normalisation select, the ranking and its band."""
    t = page_text(request_lang(request))
    q = request.query_params
    year = parse_year(q.get("as_of"))
    weights = {c: parse_weight(q.get(c)) for c in COMPONENTS}
    norm = q.get("normalise", "minmax")
    normalise = cast(Normalise, norm if norm in ("minmax", "zscore", "rank") else "minmax")
    params = AssessmentParams(
        as_of=str(year),
        weights=weights_text(weights),
        normalise=normalise,
        population="city",
        distance_exponent=1.0,
        wait_hours=None,
        speed_kmh=60.0,
        lang=t.lang,
    )
    result, band, problem = None, None, ""
    try:
        result = assessment_result(state, params)
        band = sensitivity_result(state, params, PAGE_DRAWS, PAGE_SEED, 1.0, 0.05, 3)
    except ProblemError as exc:
        problem = exc.detail
    return render(
        request,
        "assessment.html",
        {
            "year": year,
            "years": year_choices(),
            "weights": {c: f"{w:g}" for c, w in weights.items()},
            "weight_max": WEIGHT_MAX,
            "weight_step": WEIGHT_STEP,
            "normalise": normalise,
            "result": result,
            "band": _band_by_pair(band),
            "draws": PAGE_DRAWS,
            "seed": PAGE_SEED,
            "problem": problem,
        },
    )


def _band_by_pair(band: SensitivityResult | None) -> dict[str, tuple[float, float, float]]:
    if band is None:
        return {}
    return {p["pair_id"]: (p["rank_p05"], p["rank_p95"], p["prob_top_k"]) for p in band.pairs}

"""Endpoints over services that are optional parts of an installation: SWOT, the report,
the water balance and (in :mod:`shekara.web.api.hydro`) the flood forecast and reservoir
scenario.

Each router is registered only when its module can be imported
(:func:`available`), so the API of a checkout without them simply lacks the routes.
"""

from __future__ import annotations

import importlib
import importlib.util
import tempfile
from pathlib import Path
from typing import Annotated, Literal

from fastapi import APIRouter, Query
from fastapi.responses import Response

from shekara.services.swot.results import SwotResult as SwotResult
from shekara.services.water.results import WaterBalanceReport
from shekara.web.api.common import State, file_responses, routes
from shekara.web.api.models import LangCode
from shekara.web.params import AsOf, AsOfText, Lang, parse_as_of
from shekara.web.problems import ProblemError, problem_responses, refusals_as_problems
from shekara.web.state import WebState

SWOT_MODULE = "shekara.services.swot"
REPORT_MODULE = "shekara.report"
WATER_MODULE = "shekara.services.water"
HYDRO_MODULE = "shekara.services.hydro"


def available(module: str) -> bool:
    """True when *module* is installed (without importing it)."""
    try:
        return importlib.util.find_spec(module) is not None
    except ModuleNotFoundError:
        return False


# ----------------------------------------------------------------------------- SWOT
def swot_result(state: WebState, scope: str, lang: LangCode, year: int | None) -> SwotResult:
    """The SWOT service's result, cached per store fingerprint, scope, language and year."""
    swot = importlib.import_module(SWOT_MODULE).swot

    def compute() -> SwotResult:
        result: SwotResult = refusals_as_problems(
            lambda: swot(state.engine, scope, lang, as_of=year),
            (ValueError, LookupError),
            lambda _: True,
        )
        return result

    return state.cached(("swot", scope, lang, year), compute)


def build_swot_router() -> APIRouter:
    router = APIRouter(tags=["swot"])

    @routes(router, 404)("/swot", SwotResult, "SWOT of the border, a region or a pair")
    def get_swot(
        state: State,
        day: AsOf,
        scope: Annotated[
            str,
            Query(
                max_length=200,
                description="border, a region id (KZ-59) or a pair id (KZ-59:RU-OMS).",
            ),
        ] = "border",
        lang: Lang = "en",
    ) -> SwotResult:
        """Items of the four quadrants, each with its evidence (values, periods, sources)."""
        return swot_result(state, scope, lang, day.year)

    return router


# ----------------------------------------------------------------------------- report
_REPORT_MEDIA = {"html": "text/html; charset=utf-8", "pdf": "application/pdf"}


def report_file(state: WebState, fmt: str, lang: str, as_of: str | None) -> tuple[str, bytes]:
    """Build the report as ``shekara report`` does (``shekara.report.build_report``) in a
    private temporary folder and read back the file of *fmt*."""
    from shekara.services.assessment import AssessmentOptions

    build_report = importlib.import_module(REPORT_MODULE).build_report
    with tempfile.TemporaryDirectory(prefix="shekara-report-") as tmp:
        paths = refusals_as_problems(  # the knowledge base cannot answer (as the assessment)
            lambda: build_report(
                state.engine, Path(tmp), lang, AssessmentOptions(as_of=as_of), pdf=fmt == "pdf"
            )
        )
        path: Path | None = paths.pdf if fmt == "pdf" else paths.html
        if path is None or not path.exists():
            raise ProblemError(409, "assessment-impossible", f"the report builder wrote no .{fmt}")
        return path.name, path.read_bytes()


def build_report_router() -> APIRouter:
    router = APIRouter(tags=["report"])

    @router.get(
        "/report",
        summary="Download the report (HTML or PDF)",
        response_class=Response,
        responses=file_responses(("text/html",), ("application/pdf",))
        | problem_responses(409, 422),
    )
    def get_report(
        state: State,
        as_of: AsOfText = None,
        fmt: Annotated[Literal["html", "pdf"], Query(alias="format")] = "html",
        lang: Lang = "en",
    ) -> Response:
        """The report as ``shekara report`` builds it (HTML, or PDF), in kk, ru or en.

        Building takes seconds (the PDF most); the result is cached per store state."""
        day = parse_as_of(as_of)
        key = ("report", fmt, lang, as_of or day.isoformat())
        name, data = state.cached(key, lambda: report_file(state, fmt, lang, as_of))
        return Response(
            data,
            media_type=_REPORT_MEDIA[fmt],
            headers={"Content-Disposition": f'attachment; filename="{name}"'},
        )

    return router


# ----------------------------------------------------------------------------- water balance
#: The service's result is the response model (``shekara.services.water.WaterBalanceReport``).
WaterBalance = WaterBalanceReport


def water_result(
    state: WebState,
    basin: str | None,
    year: int | None,
    growth: float | None,
    upstream: float | None,
    lang: LangCode,
) -> WaterBalance:
    water = importlib.import_module(WATER_MODULE)

    def compute() -> WaterBalance:
        scenario = water.ScenarioOptions(
            consumption_growth_percent=growth, upstream_withdrawal_km3=upstream
        )
        result: WaterBalance = refusals_as_problems(  # an unknown basin is 404
            lambda: water.water_balance(
                state.engine, basin_id=basin, year=year, scenario=scenario, lang=lang
            ),
            not_found=lambda _: basin is not None,
        )
        return result

    return state.cached(("water", basin, year, growth, upstream, lang), compute)


def build_water_router() -> APIRouter:
    router = APIRouter(tags=["water"])
    route = routes(router, 404, 409)

    @route("/water/balance", WaterBalance, "Water balance of the basins bordering Russia")
    async def get_water_balance(
        state: State,
        basin: Annotated[
            str | None, Query(max_length=200, description="One basin id (default: all).")
        ] = None,
        year: Annotated[
            int | None, Query(ge=1900, le=2100, description="Figures in force in this year.")
        ] = None,
        growth: Annotated[
            float | None,
            Query(
                gt=-100.0,
                le=1000.0,
                description="Consumption growth, % (default: the stated projection).",
            ),
        ] = None,
        upstream: Annotated[
            float | None,
            Query(ge=0.0, le=1000.0, description="Upstream withdrawal, km³ (default: stated)."),
        ] = None,
        lang: Lang = "en",
    ) -> Response:
        """Resources, inflow, withdrawal, deficit and economic load per basin and for Kazakhstan,
        with SDG 6.4.2 stress classes — as the CLI's water balance."""
        return await state.cached_json(
            ("water-json", basin, year, growth, upstream, lang),
            lambda: water_result(state, basin, year, growth, upstream, lang),
        )

    return router

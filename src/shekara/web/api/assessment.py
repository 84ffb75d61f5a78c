"""Assessment endpoints: cooperation potential, its sensitivity, the article's reproduction and audit.

Each route parses its parameters into :class:`AssessmentOptions` and calls the same
service as ``shekara assess`` / ``sensitivity`` / ``reproduce article`` /
``assess audit``; the service's result class is the response model (one definition for
the CLI's JSON, the API's and the OpenAPI schema). Results are cached per store fingerprint and parameters.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Query
from fastapi.responses import Response
from pydantic import BaseModel, Field, PrivateAttr

from shekara.services import assessment as svc
from shekara.services.article import Finding, Reproduction, audit_article, reproduce_article
from shekara.web.api.common import Params as KeyedParams
from shekara.web.api.common import State, routes
from shekara.web.api.models import LangCode
from shekara.web.params import AsOfText, Lang, parse_as_of
from shekara.web.problems import ProblemError, refusals_as_problems
from shekara.web.state import WebState

router = APIRouter(tags=["assessment"])
route = routes(router, 409, 422)

#: Sensitivity draws accepted per request (1 000 000 take ~2.4 s; 100 000 ~0.25 s).
MAX_DRAWS = 100_000
# A positive number: the API lists the components that weigh something (an omitted one
# weighs 0), so "all weights zero" cannot be written.
_NUM = r"([1-9][0-9]{0,5}(\.[0-9]{1,6})?|0?\.[0-9]{0,5}[1-9][0-9]{0,5})"
_ONE = rf"\s*(gravity|transport|sez)\s*=\s*{_NUM}\s*"
WEIGHTS_PATTERN = rf"^{_ONE}(,{_ONE}){{0,2}}$"


# The service results are the response models (their fields are the JSON and the schema);
# the names below are what the pages and older imports know them by.
AssessmentResult = svc.Assessment
SensitivityResult = svc.SensitivityReport
ReproductionResult = Reproduction


class AuditResult(BaseModel):
    """The audit's findings (AUD001–AUD006) with their count."""

    count: int
    findings: list[Finding]


# ----------------------------------------------------------------------------- parameters
class AssessmentParams(KeyedParams):
    """The options of ``shekara assess`` that make sense over HTTP (no server-side files)."""

    as_of: str | None = Field(description="As given (like the CLI's --as-of); None = today.")
    weights: str | None
    normalise: Literal["minmax", "zscore", "rank"]
    population: Literal["city", "region"]
    distance_exponent: float
    wait_hours: float | None
    speed_kmh: float
    lang: LangCode

    _options: svc.AssessmentOptions | None = PrivateAttr(default=None)

    def options(self) -> svc.AssessmentOptions:
        """The service's options, made (and checked) once per request; a 422 problem if refused."""
        if self._options is None:
            try:
                # every field but the language is an option of the same name
                self._options = svc.AssessmentOptions.from_text(**self.model_dump(exclude={"lang"}))
            except svc.AssessmentError as exc:
                raise ProblemError(422, "invalid-parameters", str(exc)) from None
        return self._options

    def key(self) -> tuple[Any, ...]:
        """Cache key; "today" is part of it when no as-of date is given."""
        today = date.today().isoformat() if self.as_of is None else None
        return (today, *super().key())


async def assessment_params(
    as_of: AsOfText = None,
    weights: Annotated[
        str | None,
        Query(
            description="Positive component weights like the CLI's --weights, e.g. "
            "gravity=2,transport=1,sez=1; a component left out weighs 0 (default: equal).",
            pattern=WEIGHTS_PATTERN,
            examples=["gravity=2,transport=1,sez=1"],
        ),
    ] = None,
    normalise: Annotated[
        Literal["minmax", "zscore", "rank"], Query(description="Normalisation of the components.")
    ] = "minmax",
    population: Annotated[
        Literal["city", "region"], Query(description="Admin-centre or region populations.")
    ] = "city",
    distance_exponent: Annotated[float, Query(ge=0.0, le=4.0, description="γ in P·P/d^γ.")] = 1.0,
    wait_hours: Annotated[
        float | None,
        Query(
            ge=0.0,
            le=240.0,
            description="Checkpoint waiting time added as km (effective distance).",
        ),
    ] = None,
    speed_kmh: Annotated[
        float, Query(ge=1.0, le=300.0, description="km/h converting waiting time to distance.")
    ] = 60.0,
    lang: Lang = "en",
) -> AssessmentParams:
    parse_as_of(as_of)  # a 422 problem if it is not a year or a date
    return AssessmentParams(
        as_of=as_of,
        weights=weights,
        normalise=normalise,
        population=population,
        distance_exponent=distance_exponent,
        wait_hours=wait_hours,
        speed_kmh=speed_kmh,
        lang=lang,
    )


Params = Annotated[AssessmentParams, Depends(assessment_params)]


# ----------------------------------------------------------------------------- data functions
def assessment_result(state: WebState, params: AssessmentParams) -> AssessmentResult:
    options = params.options()

    return state.cached(
        ("assessment", *params.key()),
        lambda: refusals_as_problems(lambda: svc.assess(state.engine, options, params.lang)),
    )


def sensitivity_result(
    state: WebState,
    params: AssessmentParams,
    draws: int,
    seed: int,
    alpha: float,
    population_sd: float,
    top_k: int,
) -> SensitivityResult:
    options = params.options()

    def compute() -> SensitivityResult:
        settings = svc.SensitivitySettings(draws, seed, top_k, alpha, population_sd)
        return refusals_as_problems(
            lambda: svc.sensitivity(state.engine, options, lang=params.lang, settings=settings)
        )

    key = ("sensitivity", *params.key(), draws, seed, alpha, population_sd, top_k)
    return state.cached(key, compute)


def reproduction_result(state: WebState) -> ReproductionResult:
    return state.cached(
        ("reproduction",), lambda: refusals_as_problems(lambda: reproduce_article(state.engine))
    )


def audit_result(state: WebState) -> AuditResult:
    def compute() -> AuditResult:
        findings = refusals_as_problems(lambda: audit_article(state.engine))
        return AuditResult(count=len(findings), findings=findings)

    return state.cached(("audit",), compute)


# ----------------------------------------------------------------------------- routes
@route("/assessment", AssessmentResult, "Rank the pairs by cooperation potential")
async def get_assessment(state: State, params: Params) -> Response:
    """Per pair: gravity, transport and SEZ scores, composite potential, rank, and the sources
    of every input — the same numbers as ``shekara assess --format json``."""
    params.options()  # a 422 problem for options the service refuses
    return await state.cached_json(
        ("assessment-json", *params.key()), lambda: assessment_result(state, params)
    )


@route("/assessment/sensitivity", SensitivityResult, "Rank uncertainty (Monte Carlo)")
async def get_sensitivity(
    state: State,
    params: Params,
    draws: Annotated[int, Query(ge=1, le=MAX_DRAWS, description="Monte-Carlo draws.")] = 2000,
    seed: Annotated[int, Query(ge=0, le=2**32 - 1, description="Same seed, same result.")] = 1,
    alpha: Annotated[
        float, Query(gt=0.0, le=10_000.0, description="Dirichlet concentration of the weights.")
    ] = 1.0,
    population_sd: Annotated[
        float, Query(ge=0.0, le=1.0, description="Relative SD of the populations (lognormal).")
    ] = 0.05,
    top_k: Annotated[int, Query(ge=1, le=50, description="k of P(rank ≤ k).")] = 3,
) -> Response:
    """Each pair's rank distribution: mean and median rank, 5–95 % band, P(top k)
    — as ``shekara sensitivity --format json``."""
    params.options()
    key = ("sensitivity-json", *params.key(), draws, seed, alpha, population_sd, top_k)
    return await state.cached_json(
        key,
        lambda: sensitivity_result(state, params, draws, seed, alpha, population_sd, top_k),
    )


@route("/article/reproduction", ReproductionResult, "Recompute the article's Tables 2–4")
async def get_reproduction(state: State) -> Response:
    """Published vs computed rows, Spearman correlation, calibration of formula (1)."""
    return await state.cached_json(("reproduction-json",), lambda: reproduction_result(state))


@route("/article/audit", AuditResult, "Audit the article's tables and conclusions")
async def get_audit(state: State) -> Response:
    """Findings AUD001–AUD006 with pairs and seed lines, as ``shekara assess audit``."""
    return await state.cached_json(("audit-json",), lambda: audit_result(state))

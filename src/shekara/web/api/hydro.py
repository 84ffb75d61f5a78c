"""Hydrology endpoints: ensemble spring-flood forecast and the Iriklinsk-like reservoir scenario.

``GET /api/water/forecast`` runs :func:`shekara.services.hydro.run_forecast` on the
shipped Fulda series (spotpy's example; the knowledge base holds no daily series of the
border rivers), ``GET /api/water/reservoir`` runs
:func:`shekara.services.hydro.reservoir_scenario` with the documented ``ASSUMED_*``
numbers as parameters. Both are registered only when the installation has
``shekara.services.hydro`` (feature ``hydro``); their response models are the service's
results (:class:`~shekara.services.hydro.hindcast.Hindcast`,
:class:`~shekara.services.hydro.ReservoirReport`), serialised as they are.

**Calibration** is the service's (:mod:`shekara.services.hydro.hindcast`): fitted once per
start year and process with a fixed budget and seed, so a new ensemble seed or member
count never recalibrates.

Parameters are bounded so that every request the schema admits is answered in well
under a second (≤ 200 members, ≤ 180 days; reservoir waves ≤ 180 days); a start whose
horizon runs past the end of the data is a 409 problem (valid, but the data cannot
answer it), anything outside the schema a 422.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Annotated, Any, Literal, TypeVar

from fastapi import APIRouter, Depends, Query
from fastapi.responses import Response
from pydantic import Field, StringConstraints

from shekara.web.api.common import Params, State, routes
from shekara.web.problems import refusals_as_problems
from shekara.web.state import WebState

if TYPE_CHECKING:
    from shekara.methods.hydrology.calibration import CalibrationResult
    from shekara.services.hydro import LoadedSeries, ReservoirOptions, ReservoirReport
    from shekara.services.hydro.hindcast import Hindcast

T = TypeVar("T")

#: The service's default start (1 March of the last spring in the data) for every horizon
#: the API admits (≤ 180 days fit before 1988-12-31).
DEFAULT_START = "1988-03-01"
MAX_MEMBERS = 200
MAX_HORIZON_DAYS = 180
MAX_THRESHOLDS = 5
#: Alert levels used when the request gives none. Illustrative round numbers chosen against
#: the Fulda record (mean flow 31 m³/s, yearly peaks 96–360 m³/s in 1980–1988): the
#: knowledge base holds no official alert level of any river.
ILLUSTRATIVE_LEVELS: dict[str, float] = {"watch": 100.0, "warning": 150.0, "danger": 250.0}

# A calendar day of 1981–1988 (1981: the first start with a spin-up year and a whole
# calibration year before it; 1988: the last year of the data).
_M31 = r"(0[13578]|1[02])-(0[1-9]|[12][0-9]|3[01])"
_M30 = r"(0[469]|11)-(0[1-9]|[12][0-9]|30)"
_FEB = r"02-(0[1-9]|1[0-9]|2[0-8])"
START_PATTERN = rf"^(198[1-8]-({_M31}|{_M30}|{_FEB})|198[48]-02-29)$"
# An alert level in m³/s (at least 1), optionally labelled: "warning=150" or "150".
_LABEL = r"[0-9A-Za-zА-яЁёӘәҒғҚқҢңӨөҰұҮүҺһІі][0-9A-Za-zА-яЁёӘәҒғҚқҢңӨөҰұҮүҺһІі _.()-]{0,39}"
THRESHOLD_PATTERN = rf"^({_LABEL}=)?[1-9][0-9]{{0,5}}(\.[0-9]{{1,3}})?$"
Threshold = Annotated[str, StringConstraints(pattern=THRESHOLD_PATTERN)]


# ----------------------------------------------------------------------------- parameters
class ForecastParams(Params):
    start: str | None
    horizon: int
    members: int
    seed: int
    thresholds: tuple[tuple[str, float], ...]
    thresholds_given: bool
    temp_sd: float
    precip_cv: float
    swe_cv: float


def parse_thresholds(items: Sequence[str] | None) -> tuple[tuple[tuple[str, float], ...], bool]:
    """``["warning=150", "90"]`` → ``((("warning", 150.0), ("90 m3/s", 90.0)), True)``; none →
    the illustrative levels. A label given twice keeps its last value (as the CLI).

    >>> parse_thresholds(["warning=150", "90"])
    ((('warning', 150.0), ('90 m3/s', 90.0)), True)
    >>> parse_thresholds(None)[1]
    False
    """
    if not items:
        return tuple(ILLUSTRATIVE_LEVELS.items()), False
    out: dict[str, float] = {}
    for item in items:
        label, sep, num = item.partition("=")
        if not sep:
            label, num = f"{item.strip()} m3/s", item
        out[label.strip()] = float(num)
    return tuple(out.items()), True


async def forecast_params(
    start: Annotated[
        str | None,
        Query(
            pattern=START_PATTERN,
            description="First forecast day YYYY-MM-DD, 1981-01-01 … 1988-12-31 (default: "
            "1 March of the last spring in the data, 1988-03-01).",
            examples=["1988-03-01"],
        ),
    ] = None,
    horizon: Annotated[int, Query(ge=1, le=MAX_HORIZON_DAYS, description="Days to forecast.")] = 60,
    members: Annotated[
        int, Query(ge=1, le=MAX_MEMBERS, description="Ensemble members (at most 200).")
    ] = 50,
    seed: Annotated[int, Query(ge=0, le=2**32 - 1, description="Same seed, same ensemble.")] = 1,
    threshold: Annotated[
        list[Threshold] | None,
        Query(
            max_length=MAX_THRESHOLDS,
            description="Alert level in m³/s as Q or LABEL=Q (Q ≥ 1), repeatable, at most 5 "
            "(default: illustrative levels watch=100, warning=150, danger=250).",
            examples=[["warning=150"]],
        ),
    ] = None,
    temp_sd: Annotated[
        float,
        Query(ge=0.0, le=5.0, allow_inf_nan=False, description="Member temperature offset SD, °C."),
    ] = 1.5,
    precip_cv: Annotated[
        float,
        Query(ge=0.0, le=1.0, allow_inf_nan=False, description="CV of the precipitation factor."),
    ] = 0.25,
    swe_cv: Annotated[
        float,
        Query(
            ge=0.0,
            le=1.0,
            allow_inf_nan=False,
            description="CV of the factor on the initial snowpack.",
        ),
    ] = 0.2,
) -> ForecastParams:
    levels, given = parse_thresholds(threshold)
    return ForecastParams(
        start=start,
        horizon=horizon,
        members=members,
        seed=seed,
        thresholds=levels,
        thresholds_given=given,
        temp_sd=temp_sd,
        precip_cv=precip_cv,
        swe_cv=swe_cv,
    )


Policy = Literal["both", "hold_then_release", "pre_release"]
#: Query parameter → field of the service's ``ReservoirOptions`` (the field names carry units).
OPTION_NAMES = {
    "peak_inflow": "peak_inflow_m3s",
    "base_inflow": "base_inflow_m3s",
    "time_to_peak": "time_to_peak_days",
    "duration": "duration_days",
    "initial_level": "initial_level_m",
    "outlet_capacity": "outlet_capacity_m3s",
    "min_release": "min_release_m3s",
    "dam_crest": "dam_crest_m",
    "spillway_length": "spillway_length_m",
}


#: Bounds of the reservoir parameters: (low, high). Levels: the assumed table starts at
#: 215 m and the dam crest must stay above the spillway crest (NRL, 245 m).
RESERVOIR_BOUNDS: dict[str, tuple[float, float]] = {
    "peak_inflow": (0.0, 20_000.0),
    "base_inflow": (0.0, 5_000.0),
    "time_to_peak": (1.0, 120.0),
    "duration": (1, MAX_HORIZON_DAYS),
    "initial_level": (215.0, 255.0),
    "outlet_capacity": (0.0, 10_000.0),
    "min_release": (0.0, 10_000.0),
    "dam_crest": (245.0, 260.0),
    "spillway_length": (0.0, 1_000.0),
}
_B = RESERVOIR_BOUNDS


def _assumed(name: str, default: float, text: str, *, above: bool = False) -> Any:
    """A bounded, finite reservoir parameter (``above``: strictly above its low bound)."""
    lo, hi = _B[name]
    return Field(
        default,
        gt=lo if above else None,
        ge=None if above else lo,
        le=hi,
        allow_inf_nan=False,
        description=f"ASSUMED {text}",
    )


# The defaults are the ASSUMED_* constants of methods/hydrology/reservoir.py, written out
# because importing that module here would load the compiled model at start-up;
# tests/web/test_water_web.py checks that the default request is the documented scenario.
class ReservoirParams(Params):
    """The query parameters of ``/api/water/reservoir`` (one definition: names, bounds,
    defaults), turned into the service's options by :meth:`options`."""

    policy: Policy = Field("both", description="hold_then_release, pre_release or both.")
    peak_inflow: float = _assumed("peak_inflow", 3000.0, "peak of the wave above base flow, m³/s.")
    base_inflow: float = _assumed("base_inflow", 60.0, "base inflow, m³/s.")
    time_to_peak: float = _assumed("time_to_peak", 20.0, "days from start to the peak.")
    duration: int = Field(
        90, ge=1, le=MAX_HORIZON_DAYS, description="ASSUMED length of the wave, days (≤ 180)."
    )
    initial_level: float = _assumed("initial_level", 243.0, "pool level at the start, m.")
    outlet_capacity: float = _assumed("outlet_capacity", 1000.0, "gates + turbines, m³/s.")
    min_release: float = _assumed("min_release", 150.0, "minimum release while filling, m³/s.")
    dam_crest: float = _assumed(
        "dam_crest", 250.0, "dam crest level, m (above the 245 m spillway).", above=True
    )
    spillway_length: float = _assumed("spillway_length", 60.0, "free spillway length, m.")

    def options(self) -> ReservoirOptions:
        from shekara.services.hydro import ReservoirOptions

        return ReservoirOptions(**{opt: getattr(self, p) for p, opt in OPTION_NAMES.items()})

    @property
    def policies(self) -> tuple[str, ...]:
        if self.policy == "both":
            return ("hold_then_release", "pre_release")
        return (self.policy,)


def reservoir_defaults() -> ReservoirParams:
    """The documented scenario: every value an ``ASSUMED_*`` constant of ``reservoir.py``."""
    from shekara.methods.hydrology import reservoir as rsv

    assumed = {p: getattr(rsv, f"ASSUMED_{opt.upper()}") for p, opt in OPTION_NAMES.items()}
    return ReservoirParams(policy="both", **assumed)


# ----------------------------------------------------------------------------- data functions
def _hydrology(call: Callable[[], T]) -> T:
    """Run a hydrology service; its refusals (``HYD…``) become 409 problems: the parameters
    are valid, but the data cannot answer them (e.g. a horizon past the end of the series)."""
    from shekara.methods.hydrology.errors import HydrologyError

    return refusals_as_problems(call, HydrologyError)


def fulda_series() -> LoadedSeries:
    """The shipped Fulda series, read once per process (:mod:`shekara.services.hydro.hindcast`)."""
    from shekara.services.hydro.hindcast import fulda_series as load

    return load()


def calibrated(start_year: int) -> CalibrationResult:
    """The calibration of the demonstration forecast for *start_year* (once per process)."""
    from shekara.services.hydro.hindcast import calibrated as fit

    return _hydrology(lambda: fit(start_year))


def forecast_result(params: ForecastParams) -> Hindcast:
    """The ensemble forecast of *params* on the Fulda series (not cached here)."""
    from shekara.methods.hydrology.forecast import Perturbation
    from shekara.services.hydro.hindcast import hindcast

    return _hydrology(
        lambda: hindcast(
            start=params.start or DEFAULT_START,
            horizon_days=params.horizon,
            n_members=params.members,
            seed=params.seed,
            thresholds=dict(params.thresholds),
            thresholds_given=params.thresholds_given,
            perturbation=Perturbation(
                temp_sd=params.temp_sd, precip_cv=params.precip_cv, swe_cv=params.swe_cv
            ),
        )
    )


def cached_forecast(state: WebState, params: ForecastParams) -> Hindcast:
    return state.cached(("water-forecast", *params.key()), lambda: forecast_result(params))


def reservoir_result(params: ReservoirParams) -> ReservoirReport:
    """The reservoir scenario of *params* (not cached here)."""
    from shekara.services.hydro import reservoir_scenario

    return _hydrology(lambda: reservoir_scenario(params.options(), params.policies))


def cached_reservoir(state: WebState, params: ReservoirParams) -> ReservoirReport:
    return state.cached(("water-reservoir", *params.key()), lambda: reservoir_result(params))


# ----------------------------------------------------------------------------- routes
def build_hydro_router() -> APIRouter:
    """The routes; their response models are the services' results (imported here, when
    the installation has the hydrology service: 0.4 s, the model compiles on first use)."""
    from shekara.services.hydro import ReservoirReport
    from shekara.services.hydro.hindcast import Hindcast

    router = APIRouter(tags=["water"])
    route = routes(router, 409, 422)

    @route("/water/forecast", Hindcast, "Ensemble spring-flood forecast (Fulda hindcast)")
    async def get_water_forecast(
        state: State, params: Annotated[ForecastParams, Depends(forecast_params)]
    ) -> Response:
        """Daily discharge quantiles (the band), peak quantiles, the probability of exceeding
        each alert level and the first day it is likely — as ``shekara hydro forecast``, on
        the observed weather of the horizon, perturbed per member (seeded)."""
        return await state.cached_json(
            ("water-forecast-json", *params.key()), lambda: cached_forecast(state, params)
        )

    @route("/water/reservoir", ReservoirReport, "Iriklinsk-like reservoir scenario (assumed)")
    async def get_water_reservoir(
        state: State, params: Annotated[ReservoirParams, Query()]
    ) -> Response:
        """Level-pool routing of an assumed flood wave through an Iriklinsk-like reservoir:
        daily level, inflow and outflow per policy, whether and when the dam overtops, and
        every input flagged sourced (only the 260 km² area) or assumed — as
        ``shekara hydro reservoir``."""
        return await state.cached_json(
            ("water-reservoir-json", *params.key()), lambda: cached_reservoir(state, params)
        )

    return router

"""Spring-flood outlook: ESP from the state on the issue date, calibrated by an error model.

**Fulda** (the only catchment with daily forcing that ships): the model state on the issue
date comes from a run over the observed weather up to the day before; every other year of
the record whose window is complete is one member (:mod:`shekara.methods.hydrology.esp`).
The raw members are corrected and dressed by the error model of
:mod:`shekara.methods.hydrology.postprocess`, fitted on hindcasts of the *other* years
only (leave-one-year-out). Model parameters are never calibrated on the year forecast:

* the record 1980–1988 (1979 is spin-up) is split in two blocks, 1980–1984 and 1985–1988;
* a year in one block is forecast with the parameters calibrated on the other block, so
  every hindcast, and every error the error model learns from, is out of sample.

**The four border rivers**: no precipitation or temperature series for their sub-basins
is in the store, so ESP cannot run there. The outlook says so and gives the routed-flow
ensemble of :func:`shekara.services.flood.forecast.network_forecast` for the posts of the
basin (from the stored bulletins, or from the generated exercise season if none are stored,
marked "exercise — not observed").

**Danger levels on the Fulda**: none ship. ASSUMPTION, flagged in every output: the levels
are the 95th and 99th percentiles of observed daily discharge 1980–1988 of the spotpy
series. Give ``thresholds`` to use real ones.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

from shekara.methods.hydrology.calibration import DEFAULT_MAX_EVALUATIONS, SplitSample, calibrate
from shekara.methods.hydrology.conditioning import CATEGORIES, member_categories, tercile_weights
from shekara.methods.hydrology.datasets import CatchmentSeries, PetMethod, load_fulda
from shekara.methods.hydrology.errors import ForecastConfigError, PeriodError
from shekara.methods.hydrology.esp import EspForcing, member_years, run_esp
from shekara.methods.hydrology.forcing import Forcing
from shekara.methods.hydrology.frozen import FrozenGround, frost_index
from shekara.methods.hydrology.model import HBVParameters, ModelState, mm_per_day_to_m3s, simulate
from shekara.methods.hydrology.postprocess import Hindcast, to_log
from shekara.methods.hydrology.spread import select_spread_model, spread_ensemble
from shekara.methods.hydrology.weights import (
    exceedance_probability,
    normalise_weights,
    weighted_quantile,
)
from shekara.services.flood.outlook_results import (
    DangerLevel,
    ErrorModelView,
    FrozenGroundSetting,
    FuldaOutlook,
    MemberWeighting,
    ObservedWindow,
)
from shekara.services.flood.scale import ClusterSpec, map_tasks

SPIN_UP = 1979
BLOCKS: tuple[tuple[int, int], tuple[int, int]] = ((1980, 1984), (1985, 1988))
PET_METHOD: PetMethod = "hargreaves"
QUANTILES: tuple[float, ...] = (0.05, 0.25, 0.5, 0.75, 0.95)
DANGER_PERCENTILES: Mapping[str, float] = {"high_flow_p95": 95.0, "high_flow_p99": 99.0}
DANGER_ASSUMPTION = (
    "ASSUMED danger levels: no official levels ship for the Fulda; the 95th and 99th "
    "percentiles of observed daily discharge 1980-1988 (spotpy fulda_climate.csv) are used"
)
NO_FORCING_NOTE = (
    "no precipitation or temperature series exist in the store for the sub-basins of this "
    "river: ESP cannot run; this is the routed-flow ensemble from the posts' bulletins"
)
FROZEN_ASSUMPTION = (
    "ASSUMED frozen-ground share: 0.6 of snowmelt and rain on frozen soil runs off "
    "(methods/hydrology/frozen.py); the parameters were calibrated without the switch"
)
CONDITION_ASSUMPTION = (
    "ASSUMED seasonal outlook: the tercile probabilities that weight the members were given "
    "by the user; no seasonal outlook ships"
)
WEIGHTS_ASSUMPTION = "ASSUMED member weights: given by the user"
DEFAULT_HORIZON = 60
DEFAULT_ISSUE_MD = "03-01"


@functools.lru_cache(maxsize=8)
def block_parameters(block: tuple[int, int], seed: int, max_evaluations: int) -> HBVParameters:
    """Parameters calibrated on ``block`` (spin-up 1979); cached for the process."""
    res = calibrate(
        load_fulda(),
        periods=SplitSample((SPIN_UP, SPIN_UP), block, None),
        seed=seed,
        max_evaluations=max_evaluations,
        pet_method=PET_METHOD,
    )
    return res.parameters


def _calibrate_task(args: tuple[tuple[int, int], int, int]) -> HBVParameters:
    return block_parameters(*args)


def other_block(year: int) -> tuple[int, int]:
    """The calibration block that does not contain ``year``."""
    return BLOCKS[1] if BLOCKS[0][0] <= year <= BLOCKS[0][1] else BLOCKS[0]


@dataclass(frozen=True)
class HindcastTask:
    """One year's raw ESP run: everything it needs travels with it (picklable)."""

    series: CatchmentSeries
    params: HBVParameters
    issue: np.datetime64
    horizon: int
    members: int | None  # None = all years
    frozen: FrozenGround | None = None


def _spin_up_days(series: CatchmentSeries, issue: np.datetime64) -> int:
    """Days of record before *issue*; the model state needs a year of them to spin up."""
    days = int(np.sum(series.dates < issue))
    if days >= 365:
        return days
    why = "at least one year of record is needed before it"
    raise PeriodError(f"issue date {issue}: {why}", column="issue_date", date=str(issue))


def state_on(
    series: CatchmentSeries,
    params: HBVParameters,
    issue: np.datetime64,
    pet: NDArray[np.float64],
    frozen: FrozenGround | None = None,
) -> tuple[ModelState, float]:
    """Model state at the start of ``issue`` and the log error ``e0`` on the day before."""
    n_hist = _spin_up_days(series, issue)
    if n_hist > series.dates.size:
        raise PeriodError(f"issue date {issue} is after the record", column="issue_date")
    share = None if frozen is None else frozen.daily_fraction(series.temp[:n_hist])
    run = simulate(params, Forcing(series.precip, series.temp, pet)[:n_hist], frozen=share)
    e0 = 0.0
    if series.q_obs_mm is not None:
        q_o, q_s = series.q_obs_mm[n_hist - 1 : n_hist], run.q_mm[-1:]
        e0 = float((to_log(q_o) - to_log(q_s))[0])
    return run.final_state, e0


def esp_forcing(
    series: CatchmentSeries,
    issue: np.datetime64,
    horizon: int,
    members: int | None,
    pet: NDArray[np.float64],
) -> EspForcing:
    years = member_years(series.dates, issue, horizon)
    if members is not None:
        if members < 1:
            raise ForecastConfigError(
                "members must be 'all' or a positive number", column="members"
            )
        years = sorted(years, key=lambda y: (abs(y - int(str(issue)[:4])), y))[:members]
        years.sort()
    return EspForcing.from_record(
        series.dates, series.precip, series.temp, pet, issue, horizon, years
    )


def run_hindcast(task: HindcastTask) -> Hindcast:
    """Raw ESP members (mm/day) and, if observed, the observation of the window."""
    s = task.series
    pet = s.pet(PET_METHOD)
    state, e0 = state_on(s, task.params, task.issue, pet, task.frozen)
    forcing = esp_forcing(s, task.issue, task.horizon, task.members, pet)
    share = None
    if task.frozen is not None:  # each member continues the frost index of the issue date
        i0 = int(np.sum(s.dates < task.issue))
        start = float(frost_index(s.temp[:i0])[-1])
        share = np.vstack([task.frozen.daily_fraction(t, start) for t in forcing.temp])
    raw = run_esp(task.params, state, forcing, share)
    i = int(np.sum(s.dates < task.issue))
    obs = np.full(task.horizon, np.nan)
    if s.q_obs_mm is not None:
        got = s.q_obs_mm[i : i + task.horizon]
        obs[: got.size] = got
    return Hindcast(int(str(task.issue)[:4]), raw, forcing.years, obs, e0)


def issue_of(year: int, month_day: str = DEFAULT_ISSUE_MD) -> np.datetime64:
    return np.datetime64(f"{year:04d}-{month_day}")


def verification_years(series: CatchmentSeries, month_day: str, horizon: int) -> list[int]:
    """Years 1980–1988 whose window lies in the record."""
    return [
        y
        for y in range(BLOCKS[0][0], BLOCKS[1][1] + 1)
        if issue_of(y, month_day) + np.timedelta64(horizon - 1, "D") <= series.dates[-1]
    ]


def all_hindcasts(
    *,
    month_day: str = DEFAULT_ISSUE_MD,
    horizon: int = DEFAULT_HORIZON,
    seed: int = 1,
    max_evaluations: int = DEFAULT_MAX_EVALUATIONS,
    cluster: ClusterSpec | None = None,
    client: Any | None = None,
    frozen: FrozenGround | None = None,
) -> dict[int, Hindcast]:
    """Out-of-sample raw hindcasts of every verification year (calibrations and runs as tasks)."""
    s = load_fulda()
    spec = cluster or ClusterSpec(scheduler="sync")
    pars = map_tasks(
        _calibrate_task, [(b, seed, max_evaluations) for b in BLOCKS], spec=spec, client=client
    )
    by_block = dict(zip(BLOCKS, pars, strict=True))
    years = verification_years(s, month_day, horizon)
    tasks = [
        HindcastTask(s, by_block[other_block(y)], issue_of(y, month_day), horizon, None, frozen)
        for y in years
    ]
    return dict(zip(years, map_tasks(run_hindcast, tasks, spec=spec, client=client), strict=True))


def danger_levels(series: CatchmentSeries) -> dict[str, float]:
    """The assumed Fulda danger levels (m³/s) — see :data:`DANGER_ASSUMPTION`."""
    q = series.q_obs_m3s
    assert q is not None
    sel = series.year_mask(BLOCKS[0][0], BLOCKS[1][1])
    return {k: round(float(np.percentile(q[sel], p)), 1) for k, p in DANGER_PERCENTILES.items()}


def _rounded(values: NDArray[np.float64]) -> tuple[float, ...]:
    """Discharges (m³/s) to 0.01."""
    return tuple(round(float(v), 2) for v in values)


def _q(values: NDArray[np.float64], area: float) -> tuple[float, ...]:
    return _rounded(mm_per_day_to_m3s(values, area))


def fulda_outlook(
    issue_date: str,
    *,
    horizon: int = DEFAULT_HORIZON,
    members: int | None = None,
    seed: int = 1,
    thresholds: Mapping[str, float] | None = None,
    max_evaluations: int = DEFAULT_MAX_EVALUATIONS,
    cluster: ClusterSpec | None = None,
    frozen: FrozenGround | None = None,
    weights: Mapping[int, float] | None = None,
    condition: Condition | None = None,
) -> FuldaOutlook:
    """ESP outlook for the Fulda from ``issue_date``: daily quantiles and danger probabilities.

    ``weights`` (member year → weight) or ``condition`` (a seasonal outlook's tercile
    probabilities) weight the members; quantiles and probabilities then use the weights.
    """
    s = load_fulda()
    try:
        issue = np.datetime64(issue_date, "D")
    except ValueError:
        raise PeriodError(
            f"issue date {issue_date!r} is not YYYY-MM-DD", column="issue_date"
        ) from None
    if not 1 <= horizon <= 183:
        raise ForecastConfigError("horizon must be 1-183 days", column="horizon")
    year = int(str(issue)[:4])
    spec = cluster or ClusterSpec(scheduler="sync")
    md = str(issue)[5:10]
    hind = all_hindcasts(
        month_day=md, horizon=horizon, seed=seed, max_evaluations=max_evaluations, cluster=spec
    )
    model = select_spread_model([h for y, h in hind.items() if y != year])
    block = other_block(year)
    params = block_parameters(block, seed, max_evaluations)
    h = run_hindcast(HindcastTask(s, params, issue, horizon, members, frozen))
    w, weighting = _member_weights(s, issue, horizon, h.member_years, weights, condition)
    dressed, row_w = spread_ensemble(model, h.members_mm, h.e0, w)
    area = s.area_km2
    q = mm_per_day_to_m3s(dressed, area)
    levels = dict(thresholds) if thresholds else danger_levels(s)
    dates = [str(issue + np.timedelta64(i, "D")) for i in range(horizon)]
    qkey = [f"q{round(p * 100):02d}" for p in QUANTILES]
    peak = q.max(axis=1)[:, None]
    observed = None
    if np.all(np.isfinite(h.obs_mm)):
        obs = mm_per_day_to_m3s(h.obs_mm, area)
        observed = ObservedWindow(
            _rounded(obs), round(float(obs.max()), 2), dates[int(np.argmax(obs))]
        )
    return FuldaOutlook(
        dataset="fulda",
        method="esp",
        issue_date=str(issue),
        horizon_days=horizon,
        member_years=tuple(h.member_years),
        n_members=len(h.member_years),
        dressed_traces=int(q.shape[0]),
        seed=seed,
        parameters_from=f"calibrated on {block[0]}-{block[1]} (spin-up {SPIN_UP}, seed {seed})",
        error_model=ErrorModelView.of(model),
        dates=tuple(dates),
        quantiles_m3s=dict(zip(qkey, map(_rounded, weighted_quantile(q, QUANTILES, row_w)),
                               strict=True)),
        raw_esp_quantiles_m3s={
            k: _q(row, area)
            for k, row in zip(("q05", "q50", "q95"),
                              weighted_quantile(h.members_mm, (0.05, 0.5, 0.95), w), strict=True)
        },
        danger_levels={
            k: DangerLevel(v, round(float(exceedance_probability(peak, v, row_w)[0]), 4),
                           tuple(round(float(p), 4) for p in exceedance_probability(q, v, row_w)))
            for k, v in levels.items()
        },
        member_weights=None if weighting is None
        else {str(y): round(float(x), 4) for y, x in zip(h.member_years, w, strict=True)},
        weighting=weighting,
        frozen_ground=None if frozen is None
        else FrozenGroundSetting(frozen.impermeable_share, frozen.threshold),
        assumptions=(*([] if thresholds else [DANGER_ASSUMPTION]),
                     *([] if frozen is None else [FROZEN_ASSUMPTION]),
                     *([] if weighting is None else [weighting.assumption])),
        observed=observed,
        notes=None if observed is None else ("hindcast: the issue year's own weather is not a member",),
    )  # fmt: skip


@dataclass(frozen=True)
class Condition:
    """A seasonal outlook category: ``variable`` "precipitation" (window total) or
    "temperature" (window mean) and the tercile probabilities (below, near, above)."""

    variable: str
    probabilities: tuple[float, float, float]


def _member_weights(
    s: CatchmentSeries,
    issue: np.datetime64,
    horizon: int,
    years: tuple[int, ...],
    weights: Mapping[int, float] | None,
    condition: Condition | None,
) -> tuple[NDArray[np.float64], MemberWeighting | None]:
    """Per-member weights (summing to 1) and what to say about them (None = equal)."""
    if weights and condition:
        raise ForecastConfigError("give member weights or a seasonal condition, not both")
    if weights:
        unknown = sorted(set(weights) - set(years))
        if unknown:
            raise ForecastConfigError(
                f"weights for years that are not members: {unknown}", column="weights"
            )
        w = normalise_weights([weights.get(y, 0.0) for y in years], len(years))
        return w, MemberWeighting("user", assumption=WEIGHTS_ASSUMPTION)
    if condition is None:
        return normalise_weights(None, len(years)), None
    if condition.variable not in ("precipitation", "temperature"):
        raise ForecastConfigError("condition on precipitation or temperature", column="condition")
    forcing = esp_forcing(s, issue, horizon, None, s.pet(PET_METHOD))
    rows = forcing.precip if condition.variable == "precipitation" else forcing.temp
    stat = {y: float(r.sum() if condition.variable == "precipitation" else r.mean())
            for y, r in zip(forcing.years, rows, strict=True) if y in years}  # fmt: skip
    by_year, notes = tercile_weights(stat, condition.probabilities)
    return np.array([by_year[y] for y in years]), MemberWeighting(
        "tercile",
        condition.variable,
        dict(zip(CATEGORIES, condition.probabilities, strict=True)),
        {str(y): c for y, c in member_categories(stat).items()},
        CONDITION_ASSUMPTION,
        tuple(notes),
    )


@dataclass(frozen=True)
class ParameterChunk:
    """A chunk of a parameter-and-weather ensemble: ``n_sets`` parameter sets drawn from the
    calibration box with the chunk's own seed ``SeedSequence(seed, spawn_key=(index,))``,
    each spun up over the record to the issue date, then run with every ESP member year."""

    index: int
    seed: int
    n_sets: int
    issue: np.datetime64
    horizon: int = DEFAULT_HORIZON


def parameter_esp_chunk(chunk: ParameterChunk) -> NDArray[np.float64]:
    """Discharge (mm/day) of ``n_sets × member years`` traces, set-major; pure in ``chunk``."""
    from shekara.methods.hydrology.model import PARAMETER_SPECS, simulate_batch

    s = load_fulda()
    pet = s.pet(PET_METHOD)
    rng = np.random.default_rng(np.random.SeedSequence(chunk.seed, spawn_key=(chunk.index,)))
    lo = np.array([p.low for p in PARAMETER_SPECS.values()])
    hi = np.array([p.high for p in PARAMETER_SPECS.values()])
    pars = lo + (hi - lo) * rng.random((chunk.n_sets, lo.size))
    n_hist = int(np.sum(s.dates < chunk.issue))
    forcing = esp_forcing(s, chunk.issue, chunk.horizon, None, pet)
    m = len(forcing.years)

    # Spin-up and forecast in one run per (set, year): the history is shared, the window differs.
    def stack(hist: NDArray[np.float64], future: NDArray[np.float64]) -> NDArray[np.float64]:
        return np.hstack([np.repeat(hist[None, :n_hist], m, axis=0), future])

    p = np.tile(stack(s.precip, forcing.precip), (chunk.n_sets, 1))
    t = np.tile(stack(s.temp, forcing.temp), (chunk.n_sets, 1))
    e = np.tile(stack(pet, forcing.pet), (chunk.n_sets, 1))
    q = simulate_batch(np.repeat(pars, m, axis=0), p, t, e)
    out: NDArray[np.float64] = q[:, n_hist:]
    return out

"""The ensemble flood forecast of a river section."""

from __future__ import annotations

import csv
import math
from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Annotated, Any

import numpy as np
from numpy.typing import NDArray
from pydantic import Field

from shekara.methods.hydrology.calibration import (
    DEFAULT_MAX_EVALUATIONS,
    SplitSample,
    calibrate,
)
from shekara.methods.hydrology.datasets import (
    CatchmentSeries,
    PetMethod,
    validate_daily_series,
)
from shekara.methods.hydrology.errors import (
    DatasetError,
    ForecastConfigError,
    PeriodError,
    SeriesGapError,
    SeriesTooShortError,
)
from shekara.methods.hydrology.forecast import (
    ForcingScenario,
    Perturbation,
    RiverSection,
    ensemble_forecast,
)
from shekara.methods.hydrology.model import HBVParameters, simulate
from shekara.plain import Hidden, Plain
from shekara.services.hydro.calibration import ForecastCalibration
from shekara.services.hydro.series import LoadedSeries, SeriesInfo

#: Probability from which an alert level counts as likely (a current alert).
LIKELY = 0.5


# --------------------------------------------------------------------------- results
@dataclass(frozen=True)
class AlertLevel(Plain):
    """Exceedance of one alert level by the ensemble."""

    threshold_m3s: float
    probability: Annotated[
        float,
        Field(description="P(the peak over the horizon exceeds the level): a member frequency."),
    ]
    daily_probability: Annotated[list[float], Field(description="P(Q > level) on each day.")]
    first_day_probability_ge_0_5: Annotated[
        str | None, Field(description="First day with a daily probability ≥ 0.5, or null.")
    ]


@dataclass(frozen=True)
class InitialState(Plain):
    """The model state at the start (snowpack observed when the series has it)."""

    swe_mm: float
    swe_from: str
    soil_moisture_mm: float
    groundwater_mm: float


@dataclass(frozen=True)
class ObservedPeak(Plain):
    """A hindcast's verification: what the river really did in the horizon."""

    peak_m3s: float
    peak_day: str
    exceeded: dict[str, bool]
    within_peak_q05_q95: bool


#: ``shekara hydro forecast --format json``: its keys, in the order the CLI has always had.
_CLI_KEYS = (
    "section",
    "start",
    "horizon_days",
    "n_members",
    "seed",
    "peak_m3s",
    "alerts",
    "parameters_from",
    "initial_state",
    "observed",
    "area_km2",
    "seed_spawn_index",
    "dates",
    "quantiles_m3s",
    "perturbation",
    "series",
    "notes",
)


@dataclass(frozen=True, kw_only=True)
class ForecastReport(Plain):
    """The ensemble forecast of a section. Fields in the API's order; the hidden ones are
    the demonstration forecast's (:class:`~shekara.services.hydro.hindcast.Hindcast`)."""

    section: str
    start: str
    horizon_days: int
    n_members: int
    seed: int | None
    area_km2: float
    seed_spawn_index: int | None = None
    dates: tuple[str, ...] | None
    quantiles_m3s: Annotated[
        dict[str, list[float]],
        Field(description="Daily discharge quantiles q05, q25, q50, q75, q95 (m³/s)."),
    ]
    peak_m3s: Annotated[
        dict[str, float], Field(description="Quantiles of the peak over the horizon.")
    ]
    alerts: dict[str, AlertLevel]
    likely_alerts: Hidden[tuple[str, ...]]
    thresholds_source: Hidden[str | None]
    observed_m3s: Hidden[tuple[float, ...]]
    observed: ObservedPeak | None
    perturbation: Perturbation
    parameters_from: str
    calibration: Hidden[ForecastCalibration | None]
    initial_state: InitialState
    series: Annotated[SeriesInfo, Field(description="The input series and where it comes from.")]
    notes: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        plain = super().to_dict()
        return {k: plain[k] for k in _CLI_KEYS}


def _default_start(s: CatchmentSeries, horizon: int) -> np.datetime64:
    """1 March of the latest year whose horizon still lies in the data (a spring hindcast)."""
    for year in range(int(s.years[-1]), int(s.years[0]), -1):
        start = np.datetime64(f"{year}-03-01")
        if start + np.timedelta64(horizon - 1, "D") <= s.dates[-1]:
            return start
    raise SeriesTooShortError(f"no spring of {horizon} days in the data", column="date")


def read_forcing_csv(path: Path, catchment: CatchmentSeries) -> CatchmentSeries:
    """A forcing scenario file: ``date,precipitation_mm,air_temperature_degc`` (+ min/max).

    The file is weather over ``catchment``: it takes that catchment's area and latitude.
    """
    try:
        with path.open(encoding="utf-8", newline="") as fh:
            rows = list(csv.DictReader(fh))
    except (OSError, UnicodeDecodeError) as exc:
        raise DatasetError(f"cannot read {path}: {exc}") from None
    need = ("date", "precipitation_mm", "air_temperature_degc")
    if not rows or any(c not in rows[0] for c in need):
        raise DatasetError(f"{path.name}: columns {', '.join(need)} are required")

    def col(name: str) -> NDArray[np.float64] | None:
        if name not in rows[0]:
            return None
        out = []
        for r in rows:
            cell = (r.get(name) or "").strip()
            try:
                out.append(float(cell) if cell else math.nan)
            except ValueError:
                raise DatasetError(
                    f"non-numeric {name} {cell!r}", column=name, date=r["date"]
                ) from None
        return np.array(out, dtype=np.float64)

    try:
        dates = np.array([r["date"].strip() for r in rows], dtype="datetime64[D]")
    except ValueError as exc:
        raise DatasetError(f"bad date in {path.name}: {exc}", column="date") from None
    p, t = col("precipitation_mm"), col("air_temperature_degc")
    assert p is not None and t is not None
    validate_daily_series(
        dates,
        {"precipitation_mm": p, "air_temperature_degc": t},
        precipitation=("precipitation_mm",),
        temperature=("air_temperature_degc",),
    )
    return CatchmentSeries.from_arrays(
        f"forcing {path.name}",
        dates,
        p,
        t,
        area_km2=catchment.area_km2,
        latitude_deg=catchment.latitude_deg,
        tmin=col("air_temperature_min_degc"),
        tmax=col("air_temperature_max_degc"),
        source=str(path),
    )


def run_forecast(
    loaded: LoadedSeries,
    *,
    parameters: HBVParameters | None = None,
    start: str | None = None,
    horizon_days: int = 60,
    n_members: int = 50,
    seed: int = 1,
    thresholds: Mapping[str, float] | None = None,
    perturbation: Perturbation | None = None,
    pet_method: PetMethod | None = None,
    max_evaluations: int = DEFAULT_MAX_EVALUATIONS,
    forcing: CatchmentSeries | None = None,
) -> ForecastReport:
    """Ensemble spring-flood forecast from the model state at ``start``.

    Without ``forcing`` it is a hindcast: the observed precipitation and temperature of
    the horizon drive the members (perturbed), and the observed discharge, when there is
    one, is reported beside the probabilities. Without ``parameters`` the model is first
    calibrated on the whole years before the start (seeded by ``seed``). PET comes from the
    same method as the calibration and is not perturbed.
    """
    s = loaded.series
    method = pet_method or loaded.default_pet
    if not (isinstance(horizon_days, int) and horizon_days >= 1):
        raise ForecastConfigError(f"horizon {horizon_days!r} days must be >= 1", column="horizon")
    notes: list[str] = []
    if forcing is not None:
        day0 = forcing.dates[0]
        if start is not None and np.datetime64(start) != day0:
            raise PeriodError(f"--start {start} differs from the forcing's first day {day0}")
        horizon_days = int(forcing.dates.size)
        if s.dates[-1] < day0 - np.timedelta64(1, "D"):
            nxt = str(s.dates[-1] + np.timedelta64(1, "D"))
            raise SeriesGapError("date", nxt, f"history ends {s.dates[-1]}, forcing starts {day0}")
    else:
        day0 = np.datetime64(start, "D") if start else _default_start(s, horizon_days)
    n_hist = int(np.sum(s.dates < day0))
    if n_hist < 365:
        raise SeriesTooShortError(
            f"{n_hist} days before {day0}: at least one year is needed to spin up the state",
            column="date",
            date=str(day0),
        )
    history = s.forcing(method)
    if parameters is None:
        y0, ys = int(s.years[0]), int(str(day0)[:4])
        if ys - 1 < y0 + 1:
            raise SeriesTooShortError(
                f"calibration before {day0} needs a spin-up year and a whole year after it",
                column="date",
                date=str(day0),
            )
        res = calibrate(
            s,
            periods=SplitSample((y0, y0), (y0 + 1, ys - 1), None),
            seed=seed,
            max_evaluations=max_evaluations,
            pet_method=method,
        )
        parameters = res.parameters
        sk = res.calibration.to_dict()
        p_from = (
            f"calibrated now on {y0 + 1}-{ys - 1} (spin-up {y0}, seed {seed}, "
            f"{res.n_evaluations} runs; NSE {sk['nse']}, KGE {sk['kge']})"
        )
    else:
        p_from = "given"
    hist = simulate(parameters, history[:n_hist])
    state = hist.final_state
    prev = str(day0 - np.timedelta64(1, "D"))
    swe_from = "model state"
    if prev in loaded.swe_mm:
        state = replace(state, snow=float(loaded.swe_mm[prev]), liquid=0.0)
        swe_from = f"observed swe_mm on {prev}"
    if forcing is None:
        stop = n_hist + horizon_days
        if stop > s.dates.size:
            raise PeriodError(
                f"horizon to {day0 + np.timedelta64(horizon_days - 1, 'D')} beyond the data "
                f"(last day {s.dates[-1]}); give a forcing file for a real forecast",
                column="start",
            )
        ahead = history[n_hist:stop]
        notes.append("hindcast: observed forcing of the horizon, perturbed per member")
    else:
        ahead = forcing.forcing(method)
    scenario = ForcingScenario.create(ahead.precip, ahead.temp, pet=ahead.pet, start_date=day0)
    section = RiverSection(
        loaded.origin.name, s.area_km2, parameters, state, dict(thresholds or {})
    )
    fc = ensemble_forecast(
        section, scenario, seed=seed, n_members=n_members, perturbation=perturbation
    )
    observed = None
    observed_m3s: tuple[float, ...] = ()
    if forcing is None and s.q_obs_m3s is not None:
        q_obs = s.q_obs_m3s[n_hist : n_hist + horizon_days]
        i = int(np.argmax(q_obs))
        observed_m3s = tuple(round(float(x), 3) for x in q_obs)
        observed = ObservedPeak(
            peak_m3s=round(float(q_obs[i]), 3),
            peak_day=str(day0 + np.timedelta64(i, "D")),
            exceeded={k: bool(q_obs.max() > v) for k, v in (thresholds or {}).items()},
            within_peak_q05_q95=bool(
                fc.peak_quantiles_m3s[0] <= q_obs[i] <= fc.peak_quantiles_m3s[-1]
            ),
        )
    d = fc.to_dict()
    alerts = {k: AlertLevel(**a) for k, a in d["alerts"].items()}
    return ForecastReport(
        section=fc.section,
        start=str(day0),
        horizon_days=horizon_days,
        n_members=fc.n_members,
        seed=fc.seed,
        area_km2=fc.area_km2,
        seed_spawn_index=fc.seed_spawn_index,
        dates=None if d["dates"] is None else tuple(d["dates"]),
        quantiles_m3s=d["quantiles_m3s"],
        peak_m3s=d["peak_m3s"],
        alerts=alerts,
        likely_alerts=tuple(k for k, a in alerts.items() if a.probability >= LIKELY),
        thresholds_source=None,
        calibration=None,
        observed_m3s=observed_m3s,
        observed=observed,
        perturbation=fc.perturbation,
        parameters_from=p_from,
        initial_state=InitialState(
            swe_mm=round(state.swe, 3),
            swe_from=swe_from,
            soil_moisture_mm=round(state.sm, 3),
            groundwater_mm=round(state.suz + state.slz, 3),
        ),
        series=loaded.info(),
        notes=tuple(notes),
    )

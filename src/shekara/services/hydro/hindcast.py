"""The demonstration forecast of the dashboard: a hindcast on the shipped Fulda series.

The knowledge base holds no daily series of the border rivers, so the dashboard shows
the method on the one daily series shipped (spotpy's Fulda example). The model is
calibrated, like ``shekara hydro forecast`` without ``--parameters``, on the whole years
before the start (spin-up the first year) with a fixed budget (:data:`CALIBRATION_BUDGET`
runs) and seed (:data:`CALIBRATION_SEED`), once per start year and process; a new
ensemble seed or member count never recalibrates. With ``seed`` = :data:`CALIBRATION_SEED`
the result equals ``run_forecast(..., seed=1, max_evaluations=CALIBRATION_BUDGET)``.

This used to live in the web layer (``web/api/hydro.py``); the API returns
:func:`hindcast`'s :class:`Hindcast` as it is (its response model).
"""

from __future__ import annotations

import threading
from collections.abc import Mapping
from dataclasses import dataclass, fields
from functools import lru_cache
from typing import Annotated, Literal

from pydantic import Field

from shekara.methods.hydrology.calibration import CalibrationResult, SplitSample, calibrate
from shekara.methods.hydrology.forecast import Perturbation
from shekara.plain import Hidden, Plain
from shekara.services.hydro.calibration import ForecastCalibration, Skill
from shekara.services.hydro.forecast import LIKELY, ForecastReport, run_forecast
from shekara.services.hydro.series import LoadedSeries, load_dataset

__all__ = ["LIKELY", "ForecastCalibration", "Hindcast", "calibrated", "fulda_series", "hindcast"]

DATASET = "fulda"
#: Model runs of the per-process calibration (differential evolution: 1,920 runs, < 0.4 s).
CALIBRATION_BUDGET = 2_000
CALIBRATION_SEED = 1
ILLUSTRATIVE_NOTE = (
    "alert levels are illustrative (watch 100, warning 150, danger 250 m³/s): the "
    "knowledge base holds no official alert level"
)
HINDCAST_NOTE = (
    "Fulda (Germany) is the only daily series shipped; no daily series of the border "
    "rivers is in the knowledge base, so this is a hindcast demonstrating the method"
)


@lru_cache(maxsize=1)
def fulda_series() -> LoadedSeries:
    """The shipped Fulda series, read once per process."""
    return load_dataset(DATASET)


_CALIBRATION_LOCK = threading.Lock()
_CALIBRATIONS: dict[int, CalibrationResult] = {}


def calibrated(start_year: int) -> CalibrationResult:
    """Parameters fitted on the whole years before *start_year* (spin-up the first year),
    :data:`CALIBRATION_BUDGET` runs, seed :data:`CALIBRATION_SEED`; once per process."""
    with _CALIBRATION_LOCK:
        if start_year not in _CALIBRATIONS:
            loaded = fulda_series()
            y0 = int(loaded.series.years[0])
            _CALIBRATIONS[start_year] = calibrate(
                loaded.series,
                periods=SplitSample((y0, y0), (y0 + 1, start_year - 1), None),
                seed=CALIBRATION_SEED,
                max_evaluations=CALIBRATION_BUDGET,
                pet_method=loaded.default_pet,
            )
        return _CALIBRATIONS[start_year]


@dataclass(frozen=True, kw_only=True)
class Hindcast(ForecastReport):
    """The demonstration forecast (``GET /api/water/forecast``): the ensemble forecast plus
    the observed discharge of the horizon, the calibration and the alert levels that are
    likely (p ≥ 0.5)."""

    seed: int
    seed_spawn_index: Hidden[int | None] = None
    dates: tuple[str, ...]
    likely_alerts: Annotated[
        tuple[str, ...],
        Field(description="Alert levels whose exceedance probability is at least 0.5."),
    ]
    thresholds_source: Annotated[
        Literal["given", "illustrative"],
        Field(
            description="given: from the request; illustrative: the defaults (no official levels)."
        ),
    ]
    observed_m3s: Annotated[
        tuple[float, ...], Field(description="Observed daily discharge over the horizon.")
    ]
    calibration: ForecastCalibration

    to_dict = Plain.to_dict


def hindcast(
    *,
    start: str,
    horizon_days: int,
    n_members: int,
    seed: int,
    thresholds: Mapping[str, float],
    thresholds_given: bool,
    perturbation: Perturbation,
) -> Hindcast:
    """The ensemble forecast on the Fulda series with the observed discharge, the
    calibration it used and its notes (raises ``HydrologyError`` when the data cannot
    answer, e.g. a horizon past the end of the series)."""
    loaded = fulda_series()
    cal = calibrated(int(start[:4]))
    report = run_forecast(
        loaded,
        parameters=cal.parameters,
        start=start,
        horizon_days=horizon_days,
        n_members=n_members,
        seed=seed,
        thresholds=dict(thresholds),
        perturbation=perturbation,
    )
    meta = cal.metadata()
    sk = Skill.of(cal.calibration)
    years = meta["calibration_years"]
    notes = list(report.notes)
    if not thresholds_given:
        notes.append(ILLUSTRATIVE_NOTE)
    notes.append(HINDCAST_NOTE)
    forecast = {f.name: getattr(report, f.name) for f in fields(report)}
    forecast.update(
        parameters_from=(
            f"calibrated once per server process on {years[0]}-{years[1]} (spin-up "
            f"{meta['spin_up'][0]}, seed {cal.seed}, {cal.n_evaluations:,} runs; "
            f"NSE {sk.nse}, KGE {sk.kge})"
        ),
        notes=tuple(notes),
        thresholds_source="given" if thresholds_given else "illustrative",
        calibration=ForecastCalibration(
            dataset=meta["dataset"],
            spin_up=tuple(meta["spin_up"]),
            calibration_years=tuple(years),
            seed=cal.seed,
            budget=CALIBRATION_BUDGET,
            n_evaluations=cal.n_evaluations,
            objective=cal.objective,
            pet_method=cal.pet_method,
            skill=sk,
            parameters=cal.to_dict()["parameters"],
        ),
    )
    return Hindcast(**forecast)

"""Calibration and validation of the snow-and-runoff model on a series."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Annotated, Any

from pydantic import Field

from shekara.methods.hydrology import skill
from shekara.methods.hydrology.calibration import (
    DEFAULT_MAX_EVALUATIONS,
    CalibrationResult,
    Objective,
    calibrate,
)
from shekara.methods.hydrology.datasets import (
    PetMethod,
)
from shekara.methods.hydrology.errors import (
    ParameterBoundsError,
    PeriodError,
    SeriesTooShortError,
)
from shekara.methods.hydrology.model import HBVParameters, simulate
from shekara.plain import Plain
from shekara.services.hydro.series import LoadedSeries, SeriesInfo, YearSpan, default_split


# --------------------------------------------------------------------------- results
@dataclass(frozen=True)
class Skill(Plain):
    """The four headline scores, rounded for reporting (PBIAS > 0: the model overestimates)."""

    nse: Annotated[float, Field(description="Nash–Sutcliffe efficiency.")]
    kge: Annotated[float, Field(description="KGE (2009, Gupta et al.).")]
    pbias: Annotated[float, Field(description="Percent bias, %; > 0: the model overestimates.")]
    rsr: Annotated[float, Field(description="RMSE over the SD of the observations.")]

    @classmethod
    def of(cls, scores: skill.SkillScores) -> Skill:
        return cls(**scores.to_dict())


@dataclass(frozen=True)
class KgeVariant2012(Plain):
    calibration: float
    validation: float | None


@dataclass(frozen=True)
class CalibrationRun(Plain):
    """How a calibration was obtained (``CalibrationResult.metadata()``)."""

    dataset: str
    spin_up: YearSpan
    calibration_years: YearSpan
    validation_years: YearSpan | None
    objective: str
    objective_value: float
    algorithm: str
    seed: int
    n_evaluations: int
    wall_time_s: float
    pet_method: str
    kge_variant: str
    pbias_convention: str
    kge_2012: KgeVariant2012


@dataclass(frozen=True)
class CalibrationReport(Plain):
    """Fitted parameters, their skill on the calibration and validation years, the run and
    the series (``shekara hydro calibrate --format json``)."""

    parameters: dict[str, float]
    calibration: Skill
    validation: Skill | None
    run: CalibrationRun
    series: SeriesInfo

    @classmethod
    def of(cls, result: CalibrationResult, loaded: LoadedSeries) -> CalibrationReport:
        meta = result.metadata()
        return cls(
            parameters=result.to_dict()["parameters"],
            calibration=Skill.of(result.calibration),
            validation=None if result.validation is None else Skill.of(result.validation),
            run=CalibrationRun(
                **{
                    **meta,
                    "spin_up": tuple(meta["spin_up"]),
                    "calibration_years": tuple(meta["calibration_years"]),
                    "validation_years": result.periods.validation,
                    "kge_2012": KgeVariant2012(**meta["kge_2012"]),
                }
            ),
            series=loaded.info(),
        )


@dataclass(frozen=True)
class ForecastCalibration(Plain):
    """How the parameters were obtained (once per process and start year)."""

    dataset: str
    spin_up: YearSpan
    calibration_years: YearSpan
    seed: int
    budget: int
    n_evaluations: int
    objective: str
    pet_method: str
    skill: Annotated[Skill, Field(description="NSE, KGE (2009), PBIAS, RSR on the years fitted.")]
    parameters: dict[str, float]


def run_calibration(
    loaded: LoadedSeries,
    *,
    spin_up: YearSpan | None = None,
    calibration: YearSpan | None = None,
    validation: YearSpan | None = None,
    seed: int = 1,
    max_evaluations: int = DEFAULT_MAX_EVALUATIONS,
    objective: Objective = "nse_kge",
    pet_method: PetMethod | None = None,
) -> CalibrationReport:
    """Split-sample calibration on a loaded series (missing periods from :func:`default_split`)."""
    if max_evaluations < 100:
        raise ParameterBoundsError(
            f"budget {max_evaluations} model runs is too small (at least 100)", column="budget"
        )
    periods = default_split(loaded.series, spin_up, calibration, validation)
    res = calibrate(
        loaded.series,
        periods=periods,
        seed=seed,
        objective=objective,
        max_evaluations=max_evaluations,
        pet_method=pet_method or loaded.default_pet,
    )
    return CalibrationReport.of(res, loaded)


def parameters_from_json(obj: Mapping[str, Any]) -> HBVParameters:
    """Parameters from ``calibrate``'s JSON (``{"parameters": {...}}``) or a flat mapping."""
    raw = obj.get("parameters", obj)
    if not isinstance(raw, Mapping):
        raise ParameterBoundsError("'parameters' must be an object of name: value")
    try:
        values = {str(k): float(v) for k, v in raw.items()}
    except (TypeError, ValueError) as exc:
        raise ParameterBoundsError(f"non-numeric parameter value: {exc}") from None
    return HBVParameters.from_dict(values).validate()


@dataclass(frozen=True)
class ValidationReport(Plain):
    """Skill of fixed parameters on a period (``shekara hydro validate --format json``)."""

    period: YearSpan
    spin_up: YearSpan
    skill: Skill
    kge_2012: float
    n_days: int
    pet_method: str
    parameters: dict[str, float]
    series: SeriesInfo


def run_validation(
    loaded: LoadedSeries,
    parameters: HBVParameters,
    *,
    period: YearSpan,
    spin_up: YearSpan | None = None,
    pet_method: PetMethod | None = None,
) -> ValidationReport:
    """Run fixed parameters from the spin-up through ``period`` and score ``period`` only."""
    s = loaded.series
    if s.q_obs_mm is None:
        raise SeriesTooShortError("no observed discharge to score against", column="discharge")
    first, last = int(s.years[0]), int(s.years[-1])
    spin = spin_up or (first, period[0] - 1)
    if spin[0] > spin[1] or spin[1] >= period[0]:
        raise PeriodError(
            f"no spin-up year before {period[0]} (data start {first}); give a later period",
            column="spin_up",
        )
    for name, (a, b) in (("spin_up", spin), ("period", period)):
        if a < first or b > last:
            raise PeriodError(f"{name} {a}-{b} outside data {first}-{last}", column=name)
    method = pet_method or loaded.default_pet
    run = s.year_mask(spin[0], period[1])
    q = simulate(parameters.validate(), s.forcing(method)[run]).q_mm
    scored = s.year_mask(period[0], period[1])[run]
    scores = skill.score(s.q_obs_mm[run][scored], q[scored])
    return ValidationReport(
        period=period,
        spin_up=spin,
        skill=Skill.of(scores),
        kge_2012=round(scores.kge_2012, 4),
        n_days=scores.n_days,
        pet_method=method,
        parameters={k: round(v, 6) for k, v in parameters.to_dict().items()},
        series=loaded.info(),
    )

"""Calibration and validation of the snow-and-runoff model on a series."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

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
from shekara.services.hydro.series import LoadedSeries, YearSpan, default_split


# --------------------------------------------------------------------------- calibrate / validate
@dataclass(frozen=True)
class CalibrationReport:
    result: CalibrationResult
    loaded: LoadedSeries

    def to_dict(self) -> dict[str, Any]:
        """``{"parameters", "calibration", "validation"}`` plus ``run`` and ``series``."""
        return {
            **self.result.to_dict(),
            "run": self.result.metadata(),
            "series": self.loaded.to_dict(),
        }


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
    return CalibrationReport(res, loaded)


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
class ValidationReport:
    parameters: HBVParameters
    period: YearSpan
    spin_up: YearSpan
    scores: skill.SkillScores
    pet_method: str
    loaded: LoadedSeries

    def to_dict(self) -> dict[str, Any]:
        return {
            "period": list(self.period),
            "spin_up": list(self.spin_up),
            "skill": self.scores.to_dict(),
            "kge_2012": round(self.scores.kge_2012, 4),
            "n_days": self.scores.n_days,
            "pet_method": self.pet_method,
            "parameters": {k: round(v, 6) for k, v in self.parameters.to_dict().items()},
            "series": self.loaded.to_dict(),
        }


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
    q = simulate(parameters.validate(), s.precip[run], s.temp[run], s.pet(method)[run]).q_mm
    scored = s.year_mask(period[0], period[1])[run]
    scores = skill.score(s.q_obs_mm[run][scored], q[scored])
    return ValidationReport(parameters, period, spin, scores, method, loaded)

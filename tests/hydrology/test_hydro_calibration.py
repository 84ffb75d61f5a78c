"""Fulda split-sample validation: a real calibration inside the test.

Spin-up 1979 (never scored), calibration 1980–1984, validation 1985–1988.
Required on the validation years: NSE >= 0.8 and KGE (2009) >= 0.8. If the
model, the kernels, the optimiser or the data handling break, these fail.
"""

from __future__ import annotations

import json

import numpy as np
import pytest

from shekara.methods.hydrology import skill
from shekara.methods.hydrology.calibration import CalibrationResult, SplitSample, calibrate
from shekara.methods.hydrology.datasets import CatchmentSeries
from shekara.methods.hydrology.model import PARAMETER_NAMES, HBVParameters, simulate


@pytest.mark.slow
def test_fulda_validation_skill(fulda_calibration: CalibrationResult) -> None:
    val = fulda_calibration.validation
    assert val is not None
    assert val.nse >= 0.8, f"validation NSE {val.nse:.3f} < 0.8"
    assert val.kge >= 0.8, f"validation KGE {val.kge:.3f} < 0.8"
    assert abs(val.pbias) < 10.0
    assert val.n_days == 1461  # 1985–1988, with 1988 a leap year
    cal = fulda_calibration.calibration
    assert cal.nse >= 0.8 and cal.kge >= 0.8
    assert cal.n_days == 1827  # 1980–1984 only; the 1979 spin-up is not scored
    assert fulda_calibration.n_evaluations <= 10_000


def test_fulda_scores_recomputed_independently(
    fulda: CatchmentSeries, fulda_calibration: CalibrationResult
) -> None:
    """Re-run the model with the returned parameters and score it from scratch."""
    params = fulda_calibration.parameters
    run = fulda.between(1979, 1988)
    r = simulate(params, run.forcing("hargreaves"), area_km2=run.area_km2)
    assert run.q_obs_mm is not None and r.q_m3s is not None
    val = run.year_mask(1985, 1988)
    reported = fulda_calibration.validation
    assert reported is not None
    assert skill.nse(run.q_obs_mm[val], r.q_mm[val]) == pytest.approx(reported.nse)
    assert skill.kge(run.q_obs_mm[val], r.q_mm[val]) == pytest.approx(reported.kge)
    # the same in m³/s (NSE is scale-free)
    assert run.q_obs_m3s is not None
    assert skill.nse(run.q_obs_m3s[val], r.q_m3s[val]) == pytest.approx(reported.nse)
    assert abs(r.water_balance_residual()) < 1e-8


def test_default_parameters_are_worse(
    fulda: CatchmentSeries, fulda_calibration: CalibrationResult
) -> None:
    """Guards against a scorer that would pass anything: uncalibrated is worse."""
    r = simulate(HBVParameters(), fulda.forcing("hargreaves"))
    val = fulda.year_mask(1985, 1988)
    assert fulda.q_obs_mm is not None
    assert fulda_calibration.validation is not None
    assert skill.nse(fulda.q_obs_mm[val], r.q_mm[val]) < fulda_calibration.validation.nse - 0.05


@pytest.mark.slow
def test_to_dict_shape(fulda_calibration: CalibrationResult) -> None:
    d = fulda_calibration.to_dict()
    assert set(d) == {"parameters", "calibration", "validation"}
    assert set(d["parameters"]) == set(PARAMETER_NAMES)
    for block in ("calibration", "validation"):
        assert set(d[block]) == {"nse", "kge", "pbias", "rsr"}
        assert all(isinstance(v, float) for v in d[block].values())
    json.dumps(d)  # serialisable as is
    meta = fulda_calibration.metadata()
    assert meta["seed"] == 1 and meta["calibration_years"] == [1980, 1984]
    json.dumps(meta)


def test_reproducible_by_seed(fulda: CatchmentSeries) -> None:
    periods = SplitSample((1979, 1979), (1980, 1981), (1982, 1983))
    a = calibrate(fulda, periods=periods, seed=42, max_evaluations=1500)
    b = calibrate(fulda, periods=periods, seed=42, max_evaluations=1500)
    c = calibrate(fulda, periods=periods, seed=43, max_evaluations=1500)
    assert a.parameters == b.parameters
    assert a.to_dict() == b.to_dict()
    assert a.parameters != c.parameters


def test_calibration_does_not_touch_global_rng(fulda: CatchmentSeries) -> None:
    np.random.seed(123)
    before = np.random.random()
    np.random.seed(123)
    calibrate(
        fulda, periods=SplitSample((1979, 1979), (1980, 1980), None), seed=5, max_evaluations=500
    )
    assert np.random.random() == before


def test_fixed_parameter_via_zero_width_bounds(fulda: CatchmentSeries) -> None:
    res = calibrate(
        fulda,
        periods=SplitSample((1979, 1979), (1980, 1980), None),
        seed=3,
        max_evaluations=500,
        bounds={"tt": (0.5, 0.5), "pet_corr": (1.0, 1.0)},
    )
    assert res.parameters.tt == 0.5 and res.parameters.pet_corr == 1.0
    assert res.validation is None and res.to_dict()["validation"] is None

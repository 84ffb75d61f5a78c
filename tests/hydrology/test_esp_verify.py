"""ESP, the error model and the verification scores on hand-computed and analytic cases."""

from __future__ import annotations

import numpy as np
import pytest

from shekara.methods.hydrology import verify as V
from shekara.methods.hydrology.datasets import load_fulda
from shekara.methods.hydrology.errors import ForecastConfigError, MisalignedSeriesError
from shekara.methods.hydrology.esp import EspForcing, member_years, run_esp, window_start
from shekara.methods.hydrology.model import HBVParameters, simulate
from shekara.methods.hydrology.postprocess import (
    ErrorModel,
    Hindcast,
    _fit_rho,
    dress,
    fit_error_model,
    to_log,
)


# ----------------------------------------------------------------------------- CRPS
def test_crps_hand_computed_three_members() -> None:
    # members 1, 2, 3 and observation 2: ∫(F − H)² = (1/3)²·1 + (1/3)²·1 = 2/9
    assert V.crps_ensemble([[1.0], [2.0], [3.0]], [2.0])[0] == pytest.approx(2.0 / 9.0)
    # observation outside the ensemble: 0 for x<1, ... ∫ from 1 to 2 of (1/3)², 2..3 (2/3)², 3..5 1
    assert V.crps_ensemble([[1.0], [2.0], [3.0]], [5.0])[0] == pytest.approx(1 / 9 + 4 / 9 + 2.0)


def test_crps_equals_the_integral_of_the_squared_cdf_difference() -> None:
    rng = np.random.default_rng(3)
    x = rng.gamma(2.0, 3.0, (17, 4))
    y = np.array([0.5, 6.0, 30.0, 4.2])
    grid = np.linspace(-1.0, 60.0, 400_001)
    dx = grid[1] - grid[0]
    for d in range(4):
        f = np.searchsorted(np.sort(x[:, d]), grid, side="right") / x.shape[0]
        h = (grid >= y[d]).astype(float)
        integral = float(np.sum((f - h) ** 2) * dx)
        assert V.crps_ensemble(x, y)[d] == pytest.approx(integral, abs=2e-3)


def test_crps_rejects_misaligned_or_nan() -> None:
    with pytest.raises(MisalignedSeriesError):
        V.crps_ensemble([[1.0, 2.0]], [1.0])
    with pytest.raises(MisalignedSeriesError):
        V.crps_ensemble([[np.nan]], [1.0])


def test_brier_reliability_and_skill_by_hand() -> None:
    p = [0.0, 0.2, 0.2, 0.8, 1.0]
    o = [0, 0, 1, 1, 1]
    # ((0)² + 0.2² + 0.8² + 0.2² + 0²) / 5 = 0.72 / 5
    assert V.brier_score(p, o) == pytest.approx(0.144)
    table = V.reliability_table(p, o, (0.0, 0.5, 1.0))
    assert [b.count for b in table] == [3, 2]
    assert table[0].mean_forecast == pytest.approx(0.4 / 3)
    assert table[0].observed_frequency == pytest.approx(1 / 3)
    assert table[1].observed_frequency == 1.0
    assert V.skill_score(0.144, 0.24) == pytest.approx(0.4)
    assert V.band_coverage([0, 1], [2, 3], [2, 0]) == (1, 2)


# ----------------------------------------------------------------------------- ESP
def test_window_and_member_years() -> None:
    assert str(window_start(1983, np.datetime64("1984-02-29"))) == "1983-02-28"
    s = load_fulda()
    years = member_years(s.dates, np.datetime64("1988-03-01"), 60)
    assert years == list(range(1979, 1988))  # every year but the issue year
    # a 320-day window from 1 March ends in January: 1988's would run past the record
    assert member_years(s.dates, np.datetime64("1985-03-01"), 320) == [
        1979, 1980, 1981, 1982, 1983, 1984, 1986, 1987
    ]  # fmt: skip


def test_esp_member_with_the_years_own_weather_continues_the_simulation_exactly() -> None:
    """State hand-over is exact: ESP with year Y's own forcing = the continuous run."""
    s = load_fulda()
    p = HBVParameters()
    pet = s.pet("hargreaves")
    issue = np.datetime64("1986-03-01")
    n0 = int(np.sum(s.dates < issue))
    forcing = s.forcing("hargreaves")
    full = simulate(p, forcing[: n0 + 60]).q_mm
    state = simulate(p, forcing[:n0]).final_state
    f = EspForcing.from_record(s.dates, s.precip, s.temp, pet, issue, 60, [1986, 1981])
    q = run_esp(p, state, f)
    np.testing.assert_allclose(q[0], full[n0:], rtol=0, atol=1e-12)
    # a chunk run alone gives the same trace as inside the whole ensemble
    np.testing.assert_array_equal(run_esp(p, state, f.subset([1]))[0], q[1])


def test_esp_refuses_an_empty_member_list() -> None:
    s = load_fulda()
    pet = s.pet("hargreaves")
    with pytest.raises(ForecastConfigError):
        EspForcing.from_record(s.dates, s.precip, s.temp, pet, np.datetime64("1985-03-01"), 60, [])


# ----------------------------------------------------------------------------- error model
def _case(year: int, members: np.ndarray, obs: np.ndarray, e0: float = 0.0) -> Hindcast:
    return Hindcast(year, members, tuple(range(members.shape[0])), obs, e0)


def test_rho_is_recovered_from_a_decaying_state_error() -> None:
    n = 40
    lead = np.arange(1, n + 1)
    base = np.full((3, n), 2.0)
    cases = []
    for y, e0 in ((1, 0.8), (2, -0.5), (3, 0.3)):
        obs = np.exp(to_log(base).mean(axis=0) + 0.7**lead * e0) - 0.1
        cases.append(_case(y, base, obs, e0))
    assert _fit_rho(cases) == pytest.approx(0.7, abs=0.005)


def test_dress_is_the_identity_with_zero_residuals_and_unit_spread() -> None:
    m = np.array([[1.0, 2.0, 3.0], [2.0, 2.5, 1.0]])
    model = ErrorModel(0.5, 1.0, (np.zeros(3), np.zeros(3)), (1, 2))
    out = dress(model, m, 0.0)
    assert out.shape == (4, 3)  # member-major: each member once per residual trace
    np.testing.assert_allclose(out[[0, 2]], m, atol=1e-12)
    # a state error lifts lead day 1 by rho·e0 in log space, day 2 by rho²·e0
    lifted = dress(model, m, 1.0)[0]
    np.testing.assert_allclose(to_log(lifted) - to_log(m[0]), [0.5, 0.25, 0.125], atol=1e-12)


def test_error_model_needs_three_complete_years() -> None:
    m = np.ones((2, 5))
    with pytest.raises(ForecastConfigError):
        fit_error_model([_case(1, m, np.ones(5)), _case(2, m, np.ones(5))])
    with pytest.raises(ForecastConfigError):
        fit_error_model([_case(i, m, np.full(5, np.nan)) for i in range(3)])


def test_a_too_narrow_ensemble_is_widened() -> None:
    """Members far too alike, observations scattered: the fitted spread gives wider bands."""
    rng = np.random.default_rng(0)
    n = 30
    cases = []
    for y in range(6):
        level = rng.normal(0.0, 0.5)
        members = np.exp(np.full((5, n), 1.0) + rng.normal(0, 0.01, (5, n)))
        cases.append(_case(y, members, np.exp(1.0 + level + np.zeros(n))))
    model = fit_error_model(cases[1:])
    out = dress(model, cases[0].members_mm, 0.0)
    raw_width = np.ptp(cases[0].members_mm, axis=0).mean()
    assert np.ptp(out, axis=0).mean() > 10 * raw_width

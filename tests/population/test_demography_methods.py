"""Demography methods against hand-computed cases, analytic solutions and a Leslie matrix."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from shekara.methods.demography.accuracy import accuracy
from shekara.methods.demography.cohort_component import (
    CohortRates,
    cohort_step,
    migration_from_rates,
    project_cohort,
)
from shekara.methods.demography.errors import DemographyError
from shekara.methods.demography.hamilton_perry import (
    HamiltonPerryRatios,
    advance,
    cohort_change_ratios,
    project,
    trended_ratios,
)
from shekara.methods.demography.stochastic import RatioVariability, quantile_bands, simulate

N = 21


# ------------------------------------------------------------------ Hamilton–Perry
def test_hand_computed_five_year_step() -> None:
    p0 = np.arange(1, N + 1, dtype=float) * 10  # 10, 20, ..., 210
    p1 = p0 * 0.5
    r = cohort_change_ratios(p0, p1, 5)
    # CCR_3 = P_3(t) / P_2(t-5) = 20 / 30; open group: 105 / (200 + 210)
    assert r.ccr[3] == pytest.approx(20 / 30)
    assert r.ccr[20] == pytest.approx(105 / 410)
    # child–adult ratio: P_0 / P(15-49) = 5 / (20+25+30+35+40+45+50)
    assert r.car[0] == pytest.approx(5 / 245)
    nxt = advance(p1, r)
    assert nxt[3] == pytest.approx(15 * 20 / 30)  # P_2(t) * CCR_3
    assert nxt[20] == pytest.approx((100 + 105) * 105 / 410)
    assert nxt[0] == pytest.approx(5 / 245 * nxt[3:10].sum())


def test_stationary_population_stays_stationary() -> None:
    """Analytic: equal groups at both dates give CCR = 1 and CAR = 1/7 — a fixed point."""
    flat = np.full(N, 123.0)
    r = cohort_change_ratios(flat, flat, 5)
    assert np.allclose(project(flat, r, 16)[-1], flat, rtol=0)
    # the open group keeps CCR 123 / 246 = 0.5 and receives two groups: stays 123
    assert project(flat, r, 3)[-1][-1] == pytest.approx(123.0)


def test_ten_year_step_uses_two_child_groups() -> None:
    p0 = np.full(N, 100.0)
    p1 = np.full(N, 90.0)
    r = cohort_change_ratios(p0, p1, 10)
    assert r.shift == 2 and r.car.shape == (2,)
    assert np.isnan(r.ccr[:2]).all() and r.ccr[2] == pytest.approx(0.9)
    out = advance(p1, r)
    assert out[1] == pytest.approx(90 / 630 * out[4:11].sum())  # 5-9 from ages 20-54


def test_inflows_are_added_at_the_step_end_and_then_carried() -> None:
    p = np.full(N, 100.0)
    r = cohort_change_ratios(p, p * 0.95, 5)
    inflow = np.zeros((2, N))
    inflow[0, 5] = 7.0  # 7 arrive aged 25-29 in the first step
    with_in, without = project(p, r, 2, inflow), project(p, r, 2)
    assert with_in[1][5] - without[1][5] == pytest.approx(7.0)
    assert with_in[2][6] - without[2][6] == pytest.approx(7.0 * r.ccr[6])


def test_trended_ratios_continue_the_log_change() -> None:
    e = HamiltonPerryRatios(5, np.full(N, 0.8), np.full(1, 0.2))
    later = HamiltonPerryRatios(5, np.full(N, 0.9), np.full(1, 0.25))
    t2 = trended_ratios(e, later, 2)
    assert t2.ccr[4] == pytest.approx(0.9 * (0.9 / 0.8) ** 2)
    assert t2.car[0] == pytest.approx(0.25 * 1.25**2)


@pytest.mark.parametrize(
    ("bad", "code"),
    [(np.ones(20), "DEM001"), (-np.ones(N), "DEM002"), (np.full(N, np.nan), "DEM002")],
)
def test_bad_distributions_are_refused(bad: np.ndarray, code: str) -> None:
    with pytest.raises(DemographyError) as exc:
        cohort_change_ratios(bad, np.ones(N), 5)
    assert exc.value.code == code


def test_step_must_be_a_multiple_of_five() -> None:
    with pytest.raises(DemographyError, match="DEM003"):
        cohort_change_ratios(np.ones(N), np.ones(N), 7)


# ------------------------------------------------------------ cohort-component
def _rates(s: float = 0.9) -> CohortRates:
    f = np.zeros(N)
    f[5] = f[6] = 0.1
    return CohortRates(np.full((2, N), s), f, np.array([0.95, 0.95]), 0.5)


def test_cohort_step_hand_computed() -> None:
    p = np.zeros((2, N))
    p[1, 5] = 1000.0
    step = cohort_step(p, _rates(), np.zeros((2, N)))
    # women 25-29: exposure (1000 + 0)/2; women 30-34: (0 + 900)/2 -> B = 5 * 0.1 * 950 = 475
    assert step.births == pytest.approx(475.0)
    assert step.population[1, 6] == pytest.approx(900.0)
    assert step.population[:, 0] == pytest.approx([475 / 2 * 0.95] * 2)
    assert step.deaths == pytest.approx(100 + 475 * 0.05)
    assert step.balance_residual(p) == pytest.approx(0.0, abs=1e-9)


def test_mid_period_migrants_survive_and_bear_children() -> None:
    p = np.zeros((2, N))
    m = np.zeros((2, N))
    m[1, 6] = 200.0  # 200 women aged 30-34 at the step's end
    step = cohort_step(p, _rates(), m, timing="mid")
    # 100 arrive at the start aged 25-29: 90 survive, births 5*0.1*(100/2) + 5*0.1*(90/2)
    assert step.population[1, 6] == pytest.approx(90 + 100)
    assert step.births == pytest.approx(25 + 22.5)
    assert step.migration == pytest.approx(200.0)
    assert step.balance_residual(p) == pytest.approx(0.0, abs=1e-9)


def test_matches_a_leslie_matrix_without_migration() -> None:
    """Reference: the female Leslie matrix (Preston et al. 2001, ch. 6) built by hand."""
    rng = np.random.default_rng(3)
    s = rng.uniform(0.8, 1.0, (2, N))
    f = np.zeros(N)
    f[3:10] = rng.uniform(0.01, 0.12, 7)
    sb = np.array([0.97, 0.98])
    rates = CohortRates(s, f, sb, 0.488)
    p = rng.uniform(100, 1000, (2, N))
    sf = s[1]
    leslie = np.zeros((N, N))
    for i in range(N - 1):
        leslie[i + 1, i] = sf[i]
        leslie[0, i] = sb[1] * 0.488 * 2.5 * (f[i] + sf[i] * f[i + 1])
    leslie[N - 1, N - 1] = sf[N - 1]
    leslie[0, N - 1] = sb[1] * 0.488 * 2.5 * f[N - 1]
    steps = project_cohort(p, rates, np.zeros((3, 2, N)), 3)
    expected = np.linalg.matrix_power(leslie, 3) @ p[1]
    assert np.allclose(steps[-1].population[1], expected, rtol=1e-12)


finite = st.floats(0, 1e6, allow_nan=False, allow_infinity=False)


@settings(max_examples=150, deadline=None)
@given(
    pop=arrays(np.float64, (2, N), elements=finite),
    surv=arrays(np.float64, (2, N), elements=st.floats(0, 1)),
    fert=arrays(np.float64, (N,), elements=st.floats(0, 0.3)),
    mig_rate=arrays(np.float64, (2, N), elements=st.floats(-0.5, 0.5)),
    timing=st.sampled_from(["end", "mid"]),
    share=st.floats(0, 1),
)
def test_balancing_equation_closes_in_every_step(
    pop: np.ndarray,
    surv: np.ndarray,
    fert: np.ndarray,
    mig_rate: np.ndarray,
    timing: str,
    share: float,
) -> None:
    """P(t+5) = P(t) + B − D + M in every step, to floating-point rounding."""
    rates = CohortRates(surv, fert, np.array([0.97, 0.98]), share)
    p = pop
    for _ in range(3):
        # Net migrants as a rate (at most -50 %) of the cohort that survives into each
        # group from the one below; children (group 0) only immigrate. Emigration
        # then never exceeds a group, under either timing.
        cohort = np.zeros_like(p)
        cohort[:, 1:] = p[:, :-1] * surv[:, :-1]
        cohort[:, 0] = p[:, 0]
        rate = mig_rate.copy()
        rate[:, 0] = np.abs(rate[:, 0])
        m = migration_from_rates(cohort, rate)
        step = cohort_step(p, rates, m, timing)  # type: ignore[arg-type]
        scale = max(1.0, p.sum() + step.births + step.deaths + abs(m).sum())
        assert abs(step.balance_residual(p)) <= 1e-12 * scale
        assert step.migration == pytest.approx(m.sum(), abs=1e-9 * scale)
        p = step.population


def test_emigration_beyond_the_population_is_refused() -> None:
    p = np.full((2, N), 10.0)
    m = np.zeros((2, N))
    m[0, 4] = -50.0
    with pytest.raises(DemographyError, match="DEM016"):
        cohort_step(p, _rates(), m)


def test_out_of_range_rates_are_refused() -> None:
    with pytest.raises(DemographyError, match="DEM011"):
        cohort_step(np.ones((2, N)), _rates(1.2), np.zeros((2, N)))


# ------------------------------------------------------------------ stochastic
def _history(growth: float = 1.01, years: int = 15) -> np.ndarray:
    return np.vstack([np.linspace(500, 50, N) * growth**y for y in range(years)])


def test_paths_are_reproducible_from_the_seed() -> None:
    rng = np.random.default_rng(0)
    hist = _history() * rng.uniform(0.97, 1.03, (15, N))
    model = RatioVariability.from_history(hist, 5)
    a = simulate(hist[-1], model, 4, 50, seed=7)
    b = simulate(hist[-1], model, 4, 50, seed=7)
    c = simulate(hist[-1], model, 4, 50, seed=8)
    assert np.array_equal(a, b) and not np.array_equal(a, c)
    lo, mid, hi = quantile_bands(a)
    assert (lo <= mid).all() and (mid <= hi).all() and hi[-1] > lo[-1]


def test_no_historical_variability_gives_the_deterministic_path() -> None:
    """Every window has the same ratios: all paths equal the Hamilton–Perry projection."""
    hist = _history()
    model = RatioVariability.from_history(hist, 5)
    paths = simulate(hist[-1], model, 5, 20, seed=1)
    det = project(hist[-1], model.base, 5)
    assert np.allclose(paths, det[None], rtol=1e-10)
    assert model.windows == 10


def test_short_history_is_refused() -> None:
    with pytest.raises(DemographyError, match="DEM020"):
        RatioVariability.from_history(_history(years=6), 5)


# ------------------------------------------------------------------- accuracy
def test_accuracy_hand_computed() -> None:
    a = accuracy(np.array([105.0, 80.0, 3.0, 1.0]), np.array([100.0, 100.0, 0.0, 2.0]))
    assert a.total_error_percent == pytest.approx((189 - 202) / 202 * 100)
    assert a.mape_percent == pytest.approx((5 + 20 + 50) / 3)
    assert a.groups_used == 3 and a.group_errors_percent[2] is None

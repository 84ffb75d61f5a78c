"""Member weights, tercile conditioning and the nested choice of the error model."""

from __future__ import annotations

import numpy as np
import pytest

from shekara.methods.hydrology import verify as V
from shekara.methods.hydrology.conditioning import member_categories, tercile_weights
from shekara.methods.hydrology.errors import ForecastConfigError
from shekara.methods.hydrology.postprocess import Hindcast, from_log
from shekara.methods.hydrology.spread import (
    fit_candidate,
    select_spread_model,
    spread_ensemble,
    weighted_interval_score,
)
from shekara.methods.hydrology.weights import exceedance_probability, weighted_quantile


def test_weighted_quantile_hand_computed() -> None:
    # sorted 1, 2, 3, 4 with weights .1, .2, .3, .4: cumulative mid-points .05, .2, .45, .8
    x = np.array([[4.0], [2.0], [1.0], [3.0]])  # unsorted on purpose
    w = [0.4, 0.2, 0.1, 0.3]
    q = weighted_quantile(x, [0.05, 0.2, 0.5, 0.9, 0.01], w)[:, 0]
    # .5 lies .05/.35 of the way from 3 (.45) to 4 (.8); outside the mid-points: held
    np.testing.assert_allclose(q, [1.0, 2.0, 3.0 + 0.05 / 0.35, 4.0, 1.0])
    # equal weights: Hazen positions (i − ½)/m, so the 25 % quantile of 1..4 is 1.5
    assert weighted_quantile(x, [0.25])[0, 0] == pytest.approx(1.5)
    # a member with weight 0 does not exist
    z = weighted_quantile(np.array([[1.0], [100.0], [3.0]]), [0.5], [1, 0, 1])[0, 0]
    assert z == pytest.approx(2.0)


def test_weighted_exceedance_and_crps() -> None:
    x = np.array([[1.0], [2.0], [3.0], [4.0]])
    assert exceedance_probability(x, 2.5, [0.1, 0.2, 0.3, 0.4])[0] == pytest.approx(0.7)
    # weighted CRPS = Σ w|x − y| − ½ΣΣ w w |x − x'|: .75·1 + .25·3 − .5·(2·.75·.25·4) = .75
    assert V.crps_ensemble([[0.0], [4.0]], [1.0], [0.75, 0.25])[0] == pytest.approx(0.75)
    # equal weights give the unweighted CRPS exactly
    rng = np.random.default_rng(1)
    e, y = rng.gamma(2, 2, (9, 5)), rng.gamma(2, 2, 5)
    np.testing.assert_allclose(V.crps_ensemble(e, y, np.ones(9)), V.crps_ensemble(e, y))
    with pytest.raises(ForecastConfigError):
        V.crps_ensemble(e, y, -np.ones(9))


def test_tercile_weights_hand_computed() -> None:
    # six members, two per tercile; 50/30/20 % → 0.25, 0.15, 0.10 per member
    values = {1981: 3.0, 1982: 1.0, 1983: 2.0, 1984: 9.0, 1985: 5.0, 1986: 4.0}
    cats = member_categories(values)
    assert [y for y, c in cats.items() if c == "below_normal"] == [1982, 1983]
    assert [y for y, c in cats.items() if c == "above_normal"] == [1984, 1985]
    w, notes = tercile_weights(values, (0.5, 0.3, 0.2))
    assert w == pytest.approx(
        {1981: 0.15, 1982: 0.25, 1983: 0.25, 1984: 0.1, 1985: 0.1, 1986: 0.15}
    )
    assert notes == []
    with pytest.raises(ForecastConfigError):
        tercile_weights(values, (0.5, 0.3, 0.3))


def test_weighted_outlook_quantile_hand_computed() -> None:
    """Three members, zero residual traces: the calibrated ensemble is the members, and the
    weighted quantiles and probabilities follow the hand computation above."""
    from shekara.methods.hydrology.postprocess import ErrorModel
    from shekara.methods.hydrology.spread import SpreadModel

    members = np.array([[1.0], [2.0], [4.0]])
    model = SpreadModel("residual_traces", ErrorModel(0.0, 1.0, (np.zeros(1),), (1,)))
    ens, w = spread_ensemble(model, members, 0.0, np.array([0.5, 0.25, 0.25]))
    np.testing.assert_allclose(ens, members, atol=1e-12)
    # mid-points .25, .625, .875: the median lies .25/.375 of the way from 1 to 2
    assert weighted_quantile(ens, [0.5], w)[0, 0] == pytest.approx(1 + 0.25 / 0.375)
    assert exceedance_probability(ens, 1.5, w)[0] == pytest.approx(0.5)


def test_weighted_interval_score_hand_computed() -> None:
    q = np.array([[0.0], [1.0], [2.0], [3.0], [4.0]])
    # obs at the median: ½·0 + .25·(3 − 1) + .05·(4 − 0) = 0.7, over K + ½ = 2.5
    assert weighted_interval_score(q, np.array([2.0])) == pytest.approx(0.28)
    # obs 6 above everything: ½·4 + .25·(2 + 4·3) + .05·(4 + 20·2) = 7.7 → 3.08
    assert weighted_interval_score(q, np.array([6.0])) == pytest.approx(3.08)


def _synthetic(sd: float, years: int = 6, n: int = 30) -> list[Hindcast]:
    """Members all alike; log observations scattered by N(0, sd²) around them."""
    rng = np.random.default_rng(5)
    members = np.full((4, n), 2.0)
    z = np.log(2.0 + 0.1)
    return [Hindcast(y, members, (0, 1, 2, 3), from_log(z + rng.normal(0, sd, n)), 0.0)
            for y in range(years)]  # fmt: skip


def test_log_ngr_recovers_the_scatter_of_a_gaussian_error() -> None:
    cases = _synthetic(0.3, years=10, n=60)
    model = fit_candidate("log_ngr", cases)
    mu, _c, b0, b1, _b2, _zref = model.ngr
    sd = np.exp(b0 + b1 * np.log(np.arange(1, 61)))  # members alike: only σ(L) remains
    assert abs(mu) < 0.05
    assert float(np.mean(sd)) == pytest.approx(0.3, rel=0.1)


def test_selection_uses_only_the_cases_given_and_scores_every_candidate() -> None:
    cases = _synthetic(0.3)
    model = select_spread_model(cases[1:])
    assert set(model.inner_scores) == {"residual_traces", "scaled_traces", "log_ngr"}
    assert model.kind == min(model.inner_scores, key=lambda k: model.inner_scores[k])
    assert sorted(model.base.fitted_on) == [1, 2, 3, 4, 5]
    with pytest.raises(ForecastConfigError):
        select_spread_model(cases[:3])


def test_pit_of_the_gaussian_model_hand_computed() -> None:
    from shekara.methods.hydrology.postprocess import ErrorModel, to_log
    from shekara.methods.hydrology.spread import SpreadModel, pit_values

    base = ErrorModel(0.5, 1.0, (np.zeros(2),), (1,))
    # alike members: sd = σ = exp(ln 0.5) = 0.5 on both lead days, no shift
    model = SpreadModel("log_ngr", base, ngr=(0.0, 0.0, float(np.log(0.5)), 0.0, 0.0, 0.0))
    members = np.full((3, 2), 2.0)
    obs = from_log(to_log(np.array([2.0, 2.0])) + np.array([0.5, -1.0]))  # +1 sd, −2 sd
    pit = pit_values(model, Hindcast(9, members, (1, 2, 3), obs, 0.0))
    np.testing.assert_allclose(pit, [0.841345, 0.022750], atol=1e-6)


def test_pit_mapping_moves_the_output_levels() -> None:
    from shekara.methods.hydrology.postprocess import ErrorModel
    from shekara.methods.hydrology.spread import SpreadModel

    base = ErrorModel(0.5, 1.0, (np.zeros(2),), (1,))
    plain = SpreadModel("log_ngr", base)
    uniform = SpreadModel("log_ngr", base, pit=tuple((np.arange(100) + 0.5) / 100))
    np.testing.assert_allclose(uniform.levels(), plain.levels(), atol=1e-12)  # G = identity
    # PITs crowded near 1 (observations above the forecast): every level moves up
    high = SpreadModel("log_ngr", base, pit=tuple(np.linspace(0.5, 1.0, 101)))
    assert np.all(high.levels() > plain.levels())
    assert high.levels()[0] == pytest.approx(0.5 + 0.5 * (0.5 / 72 * 101 - 0.5) / 100)


def test_selection_maps_with_the_pits_of_its_own_training_years() -> None:
    cases = _synthetic(0.3)
    model = select_spread_model(cases[1:])
    assert len(model.pit) == 5 * 30 and all(0.0 <= p <= 1.0 for p in model.pit)
    assert model.to_dict()["pit_mapping"]["training_days"] == 150
    assert select_spread_model(cases[1:], pit_mapping=False).pit == ()

"""Transport/SEZ scores, normalisation, weights and ranking."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from shekara.methods.potential import (
    NormalisationMethod,
    assess_potential,
    composite_scores,
    normalise,
    normalise_rows,
    rank_descending,
    validate_weights,
)
from shekara.methods.scores import (
    sez_pair_score,
    sez_pair_scores,
    transport_score,
    transport_scores,
)

METHODS: tuple[NormalisationMethod, ...] = ("minmax", "zscore", "rank")
finite = st.floats(-1e6, 1e6, allow_nan=False, allow_infinity=False)
columns = arrays(np.float64, st.integers(1, 30), elements=finite)

# ---- scores -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kz", "ru", "score"),
    [(False, False, 0), (True, False, 50), (False, True, 50), (True, True, 100)],
)
def test_sez_rule_table(kz: bool, ru: bool, score: int) -> None:
    # 000_63cf53f9b2286ec3.txt:638-641: 0 none, 50 one of the two, 100 both.
    assert sez_pair_score(kz, ru) == score
    assert sez_pair_scores([kz], [ru]).tolist() == [score]


@pytest.mark.parametrize(
    ("rail", "road", "expected"),
    [
        (False, False, (0, 0)),
        (True, False, (100, 0)),
        (False, True, (0, 100)),
        (True, True, (100, 100)),
    ],
)
def test_transport_score_table(rail: bool, road: bool, expected: tuple[int, int]) -> None:
    assert transport_score(rail, road) == expected
    r, d = transport_scores([rail], [road])
    assert (int(r[0]), int(d[0])) == expected


def test_scores_reject_non_bool_and_shape_mismatch() -> None:
    with pytest.raises(TypeError, match="kz_has_zone must be a bool"):
        sez_pair_score(1, False)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="has_rail must be a bool"):
        transport_score("yes", False)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="shape mismatch"):
        sez_pair_scores([True, False], [True])
    with pytest.raises(ValueError, match="booleans"):
        transport_scores([2, 0], [0, 0])
    assert sez_pair_scores(np.array([1, 0]), np.array([1, 1])).tolist() == [100, 50]


# ---- normalisation ------------------------------------------------------------


def test_minmax_of_1_2_3() -> None:
    assert normalise([1.0, 2.0, 3.0]).tolist() == [0.0, 0.5, 1.0]


def test_zscore_uses_population_std() -> None:
    z = normalise([1.0, 2.0, 3.0], "zscore")
    assert z.tolist() == pytest.approx([-math.sqrt(1.5), 0.0, math.sqrt(1.5)])


def test_rank_normalisation_gives_ties_their_average_rank() -> None:
    # ascending ranks 1, 2.5, 2.5, 4 -> (r - 1) / 3
    assert normalise([10.0, 20.0, 20.0, 40.0], "rank").tolist() == pytest.approx(
        [0.0, 0.5, 0.5, 1.0]
    )
    assert normalise([3.0, 1.0, 2.0], "rank").tolist() == [1.0, 0.0, 0.5]


@pytest.mark.parametrize("method", METHODS)
def test_constant_column_maps_to_zero(method: NormalisationMethod) -> None:
    assert normalise([7.0, 7.0, 7.0], method).tolist() == [0.0, 0.0, 0.0]
    assert normalise([7.0], method).tolist() == [0.0]


def test_unknown_method_rejected() -> None:
    with pytest.raises(ValueError, match="normalisation method must be one of"):
        normalise([1.0, 2.0], "l2")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="finite"):
        normalise([1.0, math.nan])


@given(columns)
def test_minmax_and_rank_within_unit_interval(x: np.ndarray) -> None:
    for method in METHODS:
        if method == "zscore":
            continue
        y = normalise(x, method)
        assert np.all((y >= 0.0) & (y <= 1.0))
    if np.ptp(x) > 0:
        y = normalise(x, "minmax")
        assert y.min() == 0.0
        assert y.max() == pytest.approx(1.0)


@given(columns)
def test_zscore_has_zero_mean_unit_std(x: np.ndarray) -> None:
    assume(np.ptp(x) > 1e-3 * max(1.0, float(np.abs(x).max())))
    z = normalise(x, "zscore")
    assert z.mean() == pytest.approx(0.0, abs=1e-9)
    assert z.std() == pytest.approx(1.0, rel=1e-9)


int_columns = arrays(np.float64, st.integers(1, 30), elements=st.integers(-1000, 1000).map(float))


@given(int_columns, st.floats(0.01, 100.0), st.floats(-1e3, 1e3))
def test_normalisation_invariant_to_positive_affine_maps(x: np.ndarray, a: float, b: float) -> None:
    # integer-valued columns keep distinct values distinct after a * x + b
    for method in METHODS:
        assert normalise(a * x + b, method) == pytest.approx(normalise(x, method), abs=1e-6)


def test_normalise_rows_equals_per_row_normalise() -> None:
    rng = np.random.default_rng(3)
    x = rng.integers(0, 4, size=(50, 6)).astype(float)  # many ties
    for method in METHODS:
        rows = normalise_rows(x, method)
        for k in range(x.shape[0]):
            assert rows[k] == pytest.approx(normalise(x[k], method))


# ---- ranking --------------------------------------------------------------------


def test_ties_get_min_rank() -> None:
    assert rank_descending([5.0, 7.0, 5.0, 1.0, 7.0]).tolist() == [3, 1, 3, 5, 1]


def test_float_noise_does_not_split_ties() -> None:
    assert rank_descending([0.1 + 0.2, 0.3, 0.0]).tolist() == [1, 1, 3]


@given(arrays(np.float64, st.integers(1, 40), elements=finite, unique=True))
def test_ranking_is_a_permutation_without_ties(x: np.ndarray) -> None:
    assume(len(np.unique(np.round(x, 12))) == len(x))
    r = rank_descending(x)
    assert sorted(r.tolist()) == list(range(1, len(x) + 1))
    assert r[np.argmax(x)] == 1
    # order agrees with the scores
    assert np.all(np.diff(x[np.argsort(r)]) < 0)


@given(arrays(np.float64, st.integers(1, 40), elements=st.integers(0, 5).map(float)))
def test_min_rank_counts_strictly_better(x: np.ndarray) -> None:
    r = rank_descending(x)
    expected = [1 + int(np.sum(x > v)) for v in x]
    assert r.tolist() == expected


# ---- weights and composite ------------------------------------------------------


def test_weights_validation() -> None:
    names = ["gravity", "rail", "road", "sez"]
    assert validate_weights(None, names) == {n: 0.25 for n in names}
    assert validate_weights({"gravity": 1.0}, names) == {
        "gravity": 1.0,
        "rail": 0.0,
        "road": 0.0,
        "sez": 0.0,
    }
    with pytest.raises(ValueError, match=r"unknown indicators \['trade'\]"):
        validate_weights({"trade": 1.0}, names)
    with pytest.raises(ValueError, match="must be finite and >= 0"):
        validate_weights({"rail": -0.1, "sez": 1.0}, names)
    with pytest.raises(ValueError, match="must not all be zero"):
        validate_weights({"rail": 0.0}, names)
    with pytest.raises(ValueError, match="finite"):
        validate_weights({"rail": math.inf}, names)


def test_composite_by_hand() -> None:
    ind = {"gravity": [100.0, 300.0, 200.0], "rail": [0.0, 0.0, 100.0]}
    # minmax: gravity [0, 1, 0.5], rail [0, 0, 1]; equal weights -> [0, 0.5, 0.75]
    assert composite_scores(ind).tolist() == pytest.approx([0.0, 0.5, 0.75])
    assert composite_scores(ind, {"gravity": 3.0, "rail": 1.0}).tolist() == pytest.approx(
        [0.0, 0.75, 0.625]
    )


def test_assess_potential_result() -> None:
    res = assess_potential(
        ["p1", "p2", "p3", "p4"],
        {"gravity": [100.0, 300.0, 200.0, 300.0], "sez": [0.0, 50.0, 60.0, 50.0]},
    )
    assert [p.rank for p in res.pairs] == [4, 1, 3, 1]
    assert [p.pair_id for p in res.ranked()] == ["p2", "p4", "p3", "p1"]
    assert res.pairs[2].component("sez") == 1.0
    assert res.weights == (("gravity", 0.5), ("sez", 0.5))
    with pytest.raises(KeyError):
        res.pairs[0].component("rail")
    with pytest.raises(AttributeError):
        res.pairs[0].rank = 2  # type: ignore[misc]


def test_assess_potential_shape_checks() -> None:
    with pytest.raises(ValueError, match="one value per pair"):
        assess_potential(["a", "b"], {"gravity": [1.0, 2.0, 3.0]})
    with pytest.raises(ValueError, match="unique"):
        assess_potential(["a", "a"], {"gravity": [1.0, 2.0]})

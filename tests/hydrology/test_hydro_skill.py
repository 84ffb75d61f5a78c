"""Skill scores against hand-computed values."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from shekara.methods.hydrology import skill
from shekara.methods.hydrology.errors import HydrologyError, MisalignedSeriesError

OBS = [1.0, 2.0, 3.0, 4.0, 5.0]
SIM = [2.0, 2.0, 3.0, 4.0, 4.0]


def test_nse_hand_case() -> None:
    # SSE = 1 + 1 = 2; SST = 4 + 1 + 0 + 1 + 4 = 10  ->  1 - 2/10
    assert skill.nse(OBS, SIM) == pytest.approx(0.8)


def test_kge_2009_hand_case() -> None:
    # mean_s = mean_o = 3 -> beta = 1
    # sigma_o^2 = 10/5 = 2, sigma_s^2 = (1+1+0+1+1)/5 = 0.8 -> alpha = sqrt(0.4)
    # cov = (2 + 1 + 0 + 1 + 2)/5 = 1.2 -> r = 1.2 / sqrt(0.8*2) = 1.2/sqrt(1.6)
    r = 1.2 / math.sqrt(1.6)
    alpha = math.sqrt(0.4)
    expected = 1.0 - math.sqrt((r - 1.0) ** 2 + (alpha - 1.0) ** 2)
    assert skill.kge(OBS, SIM) == pytest.approx(expected, abs=1e-12)
    assert skill.kge(OBS, SIM) == pytest.approx(0.62889, abs=1e-5)


def test_kge_2012_uses_cv_ratio() -> None:
    obs = [1.0, 2.0, 3.0]  # mean 2, sd sqrt(2/3)
    sim = [2.0, 4.0, 6.0]  # mean 4, sd 2*sqrt(2/3): same CV, r = 1, beta = 2
    assert skill.kge_2012(obs, sim) == pytest.approx(0.0, abs=1e-12)  # 1 - |beta - 1|
    # KGE 2009 also penalises alpha = 2:  1 - sqrt(1 + 1)
    assert skill.kge(obs, sim) == pytest.approx(1.0 - math.sqrt(2.0), abs=1e-12)


def test_pbias_sign_positive_means_overestimation() -> None:
    assert skill.pbias([1.0, 1.0, 2.0], [2.0, 1.0, 2.0]) == pytest.approx(25.0)
    assert skill.pbias([1.0, 1.0, 2.0], [0.0, 1.0, 2.0]) == pytest.approx(-25.0)


def test_rsr_hand_case() -> None:
    # RMSE = sqrt(2/5), SD_obs = sqrt(2)  -> sqrt(0.2)
    assert skill.rsr(OBS, SIM) == pytest.approx(math.sqrt(0.2))


def test_perfect_fit() -> None:
    s = skill.score(OBS, OBS)
    assert (s.nse, s.pbias, s.rsr) == (1.0, 0.0, 0.0)
    assert s.kge == pytest.approx(1.0, abs=1e-12)  # r is 1 only up to rounding
    assert s.kge_2012 == pytest.approx(1.0, abs=1e-12)


def test_nan_pairs_are_dropped() -> None:
    assert skill.nse(
        [1.0, np.nan, 2.0, 3.0, 4.0, 5.0], [2.0, 9.0, 2.0, 3.0, 4.0, 4.0]
    ) == pytest.approx(0.8)


def test_constant_observations_raise_code() -> None:
    with pytest.raises(MisalignedSeriesError) as exc:
        skill.nse([1.0, 1.0, 1.0], [1.0, 2.0, 3.0])
    assert exc.value.code == "HYD005"


def test_shape_mismatch_raises() -> None:
    with pytest.raises(HydrologyError):
        skill.kge([1.0, 2.0], [1.0, 2.0, 3.0])


def test_to_dict_has_exactly_four_scores() -> None:
    assert set(skill.score(OBS, SIM).to_dict()) == {"nse", "kge", "pbias", "rsr"}


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.floats(0.1, 1000.0), min_size=3, max_size=40),
    st.lists(st.floats(0.0, 1000.0), min_size=3, max_size=40),
)
def test_rsr_is_sqrt_one_minus_nse(obs: list[float], sim: list[float]) -> None:
    n = min(len(obs), len(sim))
    o, s = np.array(obs[:n]), np.array(sim[:n])
    if np.std(o) < 1e-6:
        return
    assert skill.rsr(o, s) == pytest.approx(math.sqrt(1.0 - skill.nse(o, s)), rel=1e-9, abs=1e-9)
    assert skill.nse(o, s) <= 1.0
    assert skill.kge(o, s) <= 1.0

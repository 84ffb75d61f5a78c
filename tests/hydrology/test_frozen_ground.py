"""The frozen-ground switch: never less runoff when frozen, nothing changed when off."""

from __future__ import annotations

import numpy as np
import pytest

from shekara.methods.hydrology import skill
from shekara.methods.hydrology.datasets import load_fulda
from shekara.methods.hydrology.errors import MisalignedSeriesError, ParameterBoundsError
from shekara.methods.hydrology.forcing import Forcing
from shekara.methods.hydrology.frozen import FrozenGround, frost_index
from shekara.methods.hydrology.model import (
    PARAMETER_SPECS,
    HBVParameters,
    ModelState,
    simulate,
    simulate_batch,
)


def test_frost_index_by_hand() -> None:
    # 0.97·0 + 10 = 10; 0.97·10 + 10 = 19.7; 0.97·19.7 − 5 = 14.109; never below 0
    assert frost_index([-10.0, -10.0, 5.0, 40.0]).round(3).tolist() == [10.0, 19.7, 14.109, 0.0]


def test_one_day_recharge_is_never_smaller_on_frozen_ground() -> None:
    """Random parameters, states and inputs: recharge and generated flow do not drop."""
    rng = np.random.default_rng(11)
    for _ in range(300):
        vals = {k: rng.uniform(s.low, s.high) for k, s in PARAMETER_SPECS.items()}
        p = HBVParameters(**vals)
        st = ModelState(snow=rng.uniform(0, 200), liquid=0.0, sm=rng.uniform(0, p.fc),
                        suz=rng.uniform(0, 50), slz=rng.uniform(0, 50))  # fmt: skip
        forcing = Forcing([rng.uniform(0, 40)], [rng.uniform(-5, 15)], [rng.uniform(0, 3)])
        off = simulate(p, forcing, initial_state=st)
        on = simulate(p, forcing, initial_state=st, frozen=[rng.uniform(0, 1)])
        assert on.recharge[0] >= off.recharge[0] - 1e-12
        assert on.q0[0] + on.q1[0] + on.q2[0] >= off.q0[0] + off.q1[0] + off.q2[0] - 1e-12
        assert abs(on.water_balance_residual()) < 1e-9


def test_a_thaw_on_frozen_ground_gives_more_runoff_and_keeps_the_balance() -> None:
    """Deep snow, a frozen winter, then a fast thaw: more and earlier flood runoff."""
    temp = np.r_[np.full(90, -12.0), np.full(20, 8.0), np.full(30, 4.0)]
    precip = np.r_[np.full(90, 3.0), np.zeros(50)]
    pet = np.full(140, 0.5)
    p = HBVParameters(fc=300.0, beta=3.0)
    st = ModelState(sm=60.0, slz=20.0)  # dry autumn soil: would swallow much of the melt
    share = FrozenGround().daily_fraction(temp)
    assert share[89] == 0.6 and share[95] == 0.6  # still frozen in the first days of the thaw
    forcing = Forcing(precip, temp, pet)
    off = simulate(p, forcing, initial_state=st)
    on = simulate(p, forcing, initial_state=st, frozen=share)
    assert np.all(np.cumsum(on.q_mm) >= np.cumsum(off.q_mm) - 1e-9)
    assert on.q_mm.max() > 1.2 * off.q_mm.max()
    assert abs(on.water_balance_residual()) < 1e-9


def test_switched_off_the_fulda_run_and_skill_are_unchanged() -> None:
    s = load_fulda()
    p = HBVParameters()
    forcing = s.forcing("hargreaves")
    base = simulate(p, forcing).q_mm
    zero = simulate(p, forcing, frozen=np.zeros(s.dates.size)).q_mm
    np.testing.assert_array_equal(base, zero)
    assert s.q_obs_mm is not None
    assert skill.nse(s.q_obs_mm, zero) == skill.nse(s.q_obs_mm, base)


@pytest.mark.slow
def test_compiled_and_numpy_kernels_agree_with_frozen_ground() -> None:
    s = load_fulda().between(1980, 1981)
    pet = s.pet("hargreaves")
    share = FrozenGround().daily_fraction(s.temp - 8.0)  # a colder climate: some frozen days
    assert share.max() > 0
    pars = [HBVParameters(), HBVParameters(beta=4.0, fc=400.0)]
    a = simulate_batch(pars, s.precip, s.temp, pet, frozen=share, use_numba=True)
    b = simulate_batch(pars, s.precip, s.temp, pet, frozen=share, use_numba=False)
    np.testing.assert_allclose(a, b, rtol=1e-10, atol=1e-12)
    one = simulate(pars[1], Forcing(s.precip, s.temp, pet), frozen=share).q_mm
    np.testing.assert_allclose(a[1], one, rtol=1e-12)


def test_bad_frozen_input_is_refused() -> None:
    with pytest.raises(MisalignedSeriesError, match="HYD005"):
        simulate(HBVParameters(), Forcing([1.0, 1.0], [0.0, 0.0], [0.0, 0.0]), frozen=[0.5, 1.5])
    with pytest.raises(ParameterBoundsError, match="HYD006"):
        FrozenGround(impermeable_share=2.0)

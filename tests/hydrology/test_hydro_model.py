"""The snow-and-runoff model: hand-computed steps, mass balance, kernels agree."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from shekara.methods.hydrology import _kernels as K
from shekara.methods.hydrology.datasets import CatchmentSeries
from shekara.methods.hydrology.errors import MisalignedSeriesError, ParameterBoundsError
from shekara.methods.hydrology.forcing import Forcing
from shekara.methods.hydrology.model import (
    PARAMETER_NAMES,
    PARAMETER_SPECS,
    HBVParameters,
    ModelState,
    mm_per_day_to_m3s,
    simulate,
    simulate_batch,
    simulate_discharge,
)


def one_day(params: HBVParameters, state: ModelState, p: float, t: float, pet: float):  # type: ignore[no-untyped-def]
    return simulate(params, Forcing([p], [t], [pet]), initial_state=state)


def test_degree_day_melt_hand_case() -> None:
    # 20 mm of snow, T = 5 °C, TT = 0, CFMAX = 3 -> melt = 15 mm; 5 mm of snow
    # remain and can hold CWH*5 = 0.5 mm of liquid water; 14.5 mm reach the soil.
    par = HBVParameters(tt=0.0, tti=0.0, cfmax=3.0, cwh=0.1)
    r = one_day(par, ModelState(snow=20.0, sm=50.0), p=0.0, t=5.0, pet=0.0)
    assert r.melt[0] == pytest.approx(15.0)
    assert r.snow[0] == pytest.approx(5.0)
    assert r.liquid[0] == pytest.approx(0.5)
    assert r.soil_input[0] == pytest.approx(14.5)


def test_melt_limited_by_snowpack() -> None:
    par = HBVParameters(tt=0.0, tti=0.0, cfmax=5.0)
    r = one_day(par, ModelState(snow=4.0, liquid=0.3, sm=50.0), p=0.0, t=10.0, pet=0.0)
    assert r.melt[0] == pytest.approx(4.0)
    assert r.swe[0] == 0.0
    assert r.soil_input[0] == pytest.approx(4.3)  # pack gone: its liquid water drains too


def test_refreezing_hand_case() -> None:
    # T = -2 °C: refreeze = CFR*CFMAX*(TT - T) = 0.05*3*2 = 0.3 mm of the 1 mm liquid.
    par = HBVParameters(tt=0.0, tti=0.0, cfmax=3.0, cfr=0.05, cwh=0.1)
    r = one_day(par, ModelState(snow=10.0, liquid=1.0, sm=50.0), p=0.0, t=-2.0, pet=0.0)
    assert r.refreeze[0] == pytest.approx(0.3)
    assert r.snow[0] == pytest.approx(10.3)
    assert r.liquid[0] == pytest.approx(0.7)
    assert r.soil_input[0] == 0.0  # 0.7 < CWH*10.3


def test_rain_snow_transition_interval() -> None:
    # TT = 0, TTI = 2: snow fraction at 0.5 °C is (0 + 1 - 0.5)/2 = 0.25.
    par = HBVParameters(tt=0.0, tti=2.0, sfcf=1.2, cfmax=0.5)
    r = one_day(par, ModelState(sm=50.0), p=8.0, t=0.5, pet=0.0)
    assert r.snowfall[0] == pytest.approx(8.0 * 0.25 * 1.2)
    assert r.rain[0] == pytest.approx(6.0)


def test_soil_and_response_hand_case() -> None:
    par = HBVParameters(
        tt=0.0,
        tti=0.0,
        fc=200.0,
        beta=2.0,
        lp=0.5,
        perc=1.0,
        uzl=20.0,
        k0=0.5,
        k1=0.1,
        k2=0.05,
        maxbas=1.0,
        pet_corr=1.0,
    )
    state = ModelState(sm=100.0, suz=30.0, slz=10.0)
    r = one_day(par, state, p=10.0, t=10.0, pet=2.0)
    # recharge = 10*(100/200)^2 = 2.5; SM = 107.5 > LP*FC -> AET = PET = 2
    assert r.recharge[0] == pytest.approx(2.5)
    assert r.aet[0] == pytest.approx(2.0)
    assert r.sm[0] == pytest.approx(105.5)
    # SUZ 32.5 -> perc 1 -> 31.5; Q0 = 0.5*(31.5-20) = 5.75; Q1 = 0.1*25.75; Q2 = 0.05*11
    assert r.percolation[0] == pytest.approx(1.0)
    assert r.q0[0] == pytest.approx(5.75)
    assert r.q1[0] == pytest.approx(2.575)
    assert r.q2[0] == pytest.approx(0.55)
    assert r.q_mm[0] == pytest.approx(8.875)  # MAXBAS = 1: no delay
    assert r.suz[0] == pytest.approx(23.175)
    assert r.slz[0] == pytest.approx(10.45)


def test_maxbas_weights_triangle() -> None:
    for b in (1.0, 1.5, 2.0, 3.7, 7.0):
        w = K.maxbas_weights(b)
        assert w.sum() == pytest.approx(1.0, abs=1e-15)
        assert (w >= 0).all()
    assert K.maxbas_weights(2.0).tolist() == [0.5, 0.5]
    np.testing.assert_allclose(K.maxbas_weights(3.0), [2 / 9, 5 / 9, 2 / 9])


def test_routing_delays_a_pulse() -> None:
    par = HBVParameters(maxbas=3.0, k0=0.9, k1=0.5, uzl=0.0, perc=0.0, k2=0.0005)
    forcing = Forcing([0.0] * 6, [10.0] * 6, [0.0] * 6)
    r = simulate(par, forcing, initial_state=ModelState(suz=10.0))
    # day 1: generated = 0.9*10 + 0.5*1 = 9.5, released with weight 2/9 on day 1
    assert r.q_mm[0] == pytest.approx((9.0 + 0.5) * 2 / 9, rel=1e-9)


@settings(max_examples=25, deadline=None)
@given(
    st.lists(st.floats(0.0, 1.0), min_size=len(PARAMETER_NAMES), max_size=len(PARAMETER_NAMES)),
    st.floats(0.0, 200.0),
    st.floats(0.0, 300.0),
)
def test_mass_balance_closes_fulda(
    fulda: CatchmentSeries, u: list[float], snow0: float, sm0: float
) -> None:
    lo = np.array([s.low for s in PARAMETER_SPECS.values()])
    hi = np.array([s.high for s in PARAMETER_SPECS.values()])
    par = HBVParameters.from_array(lo + np.array(u) * (hi - lo))
    state = ModelState(
        snow=snow0, liquid=0.0, sm=min(sm0, par.fc), suz=5.0, slz=30.0, routing=(0.5, 0.25)
    )
    r = simulate(par, fulda.forcing("oudin"), initial_state=state)
    p_in = float(r.rain.sum() + r.snowfall.sum())
    # precipitation = evaporation + discharge + storage change
    lhs = p_in
    rhs = float(r.aet.sum() + r.q_mm.sum()) + r.final_state.total - state.total
    assert abs(lhs - rhs) < 1e-9 * max(1.0, p_in)
    assert abs(r.water_balance_residual()) < 1e-9 * max(1.0, p_in)
    # the per-day storage series ends at the final state
    assert r.storage[-1] == pytest.approx(r.final_state.total, rel=1e-12)
    assert (r.q_mm >= 0).all() and (r.sm <= par.fc + 1e-9).all() and (r.swe >= 0).all()


def test_mass_balance_without_sfcf_is_gauge_precipitation(fulda: CatchmentSeries) -> None:
    par = HBVParameters(sfcf=1.0)
    r = simulate(par, fulda.forcing("oudin"))
    assert float(r.rain.sum() + r.snowfall.sum()) == pytest.approx(
        float(fulda.precip.sum()), rel=1e-12
    )


def test_state_continuation_equals_single_run(fulda: CatchmentSeries) -> None:
    par = HBVParameters(maxbas=4.3)
    forcing = fulda.forcing("hamon")
    full = simulate(par, forcing)
    k = 1000
    a = simulate(par, forcing[:k])
    b = simulate(par, forcing[k:], initial_state=a.final_state)
    np.testing.assert_allclose(np.concatenate([a.q_mm, b.q_mm]), full.q_mm, rtol=1e-12, atol=1e-12)


def test_compiled_python_and_numpy_kernels_agree(fulda: CatchmentSeries) -> None:
    rng = np.random.default_rng(7)
    lo = np.array([s.low for s in PARAMETER_SPECS.values()])
    hi = np.array([s.high for s in PARAMETER_SPECS.values()])
    pars = lo + rng.random((6, lo.size)) * (hi - lo)
    n = 730
    p, t, e = fulda.precip[:n], fulda.temp[:n], fulda.pet("oudin")[:n]
    q_numpy = simulate_batch(pars, p, t, e, use_numba=False)
    q_batch = simulate_batch(pars, p, t, e)
    for j in range(pars.shape[0]):
        q_one = simulate_discharge(pars[j], Forcing(p, t, e))
        # the undecorated Python source of the kernel, run by the interpreter
        hp = HBVParameters.from_array(pars[j])
        w = K.maxbas_weights(hp.maxbas)
        st_ = np.array([0.0, 0.0, hp.lp * hp.fc, 0.0, 20.0])
        out = np.zeros((1, n))
        K._hbv_kernel_py(pars[j], p, t, e, st_, np.zeros(w.size), w, out, False)
        np.testing.assert_allclose(q_one, out[0], rtol=1e-12, atol=1e-12)
        np.testing.assert_allclose(q_batch[j], q_one, rtol=1e-12, atol=1e-12)
        np.testing.assert_allclose(q_numpy[j], q_one, rtol=1e-10, atol=1e-12)


def test_m3s_conversion_and_result(fulda: CatchmentSeries) -> None:
    r = simulate(HBVParameters(), fulda.forcing()[:100], area_km2=2976.41)
    assert r.q_m3s is not None
    np.testing.assert_allclose(r.q_m3s, r.q_mm * 2976.41 / 86.4)
    assert float(mm_per_day_to_m3s([1.0], 86.4)[0]) == pytest.approx(1.0)


def test_parameter_bounds_error_code() -> None:
    with pytest.raises(ParameterBoundsError) as exc:
        simulate(HBVParameters(beta=0.2), Forcing([1.0], [1.0], [1.0]))
    assert exc.value.code == "HYD006"
    assert exc.value.column == "beta"


def test_misaligned_forcing_error_code() -> None:
    with pytest.raises(MisalignedSeriesError) as exc:
        Forcing([1.0, 2.0], [1.0], [1.0, 1.0])
    assert exc.value.code == "HYD005"


def test_parameters_round_trip() -> None:
    p = HBVParameters(fc=321.0, k2=0.003)
    assert HBVParameters.from_array(p.to_array()) == p
    assert HBVParameters.from_dict(p.to_dict()) == p
    with pytest.raises(ParameterBoundsError):
        HBVParameters.from_dict({"nope": 1.0})


_FALLBACK_SCRIPT = """
import json, sys
sys.modules["numba"] = None  # make 'import numba' fail
from shekara.methods.hydrology import model
assert not model.HAVE_NUMBA
from shekara.methods.hydrology.calibration import SplitSample, calibrate
from shekara.methods.hydrology.datasets import load_fulda
res = calibrate(load_fulda(), periods=SplitSample((1979, 1979), (1980, 1981), (1982, 1982)),
                seed=4, max_evaluations=1200)
print(json.dumps(res.to_dict()))
"""


@pytest.mark.slow
def test_pure_numpy_fallback_gives_the_same_calibration() -> None:
    """Without numba the NumPy kernels must reproduce the compiled results."""
    import json
    import subprocess
    import sys

    from shekara.methods.hydrology.calibration import SplitSample, calibrate
    from shekara.methods.hydrology.datasets import load_fulda

    out = subprocess.run(
        [sys.executable, "-c", _FALLBACK_SCRIPT], capture_output=True, text=True, check=True
    )
    fallback = json.loads(out.stdout)
    compiled = calibrate(
        load_fulda(),
        periods=SplitSample((1979, 1979), (1980, 1981), (1982, 1982)),
        seed=4,
        max_evaluations=1200,
    ).to_dict()
    assert fallback["parameters"] == pytest.approx(compiled["parameters"], rel=1e-6)
    assert fallback["validation"] == pytest.approx(compiled["validation"], abs=2e-4)

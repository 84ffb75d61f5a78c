"""Routing: analytic translation, published coefficients, volume conservation, reservoir limits."""

from __future__ import annotations

import numpy as np
import pytest

from shekara.methods.routing import (
    MuskingumParameters,
    OperatingRule,
    RoutingError,
    cunge_parameters,
    muskingum_coefficients,
    prismatic_reservoir,
    route_chain,
    route_reach,
    route_with_rule,
)


def _wave(n: int = 120, peak: float = 900.0) -> np.ndarray:
    t = np.arange(n, dtype=float)
    return 50.0 + peak * (t / 15.0) ** 3 * np.exp(3.0 * (1.0 - t / 15.0))


def test_pure_translation_shifts_by_k() -> None:
    q = _wave()
    out = route_reach(q, MuskingumParameters(k_hours=24.0, x=0.5), dt_s=86_400.0)
    np.testing.assert_allclose(out[1:], q[:-1], rtol=0, atol=1e-9)
    # three steps of K = 3 days: the input shifted by three days
    out3 = route_reach(q, MuskingumParameters(k_hours=72.0, x=0.5), dt_s=86_400.0)
    np.testing.assert_allclose(out3[3:], q[:-3], rtol=0, atol=1e-9)


def test_coefficients_match_chow_example_8_4_1() -> None:
    # Chow, Maidment & Mays (1988), Applied Hydrology, Example 8.4.1: K = 2.3 h, X = 0.15, Δt = 1 h
    c0, c1, c2 = muskingum_coefficients(2.3, 0.15, 1.0)
    assert (round(c0, 4), round(c1, 4), round(c2, 4)) == (0.0631, 0.3442, 0.5927)
    assert c0 + c1 + c2 == pytest.approx(1.0, abs=1e-15)


@pytest.mark.parametrize(("k_hours", "x"), [(10.0, 0.2), (36.0, 0.1), (150.0, 0.3), (400.0, 0.0)])
def test_volume_conserved(k_hours: float, x: float) -> None:
    q = np.concatenate([_wave(), np.full(400, 50.0)])
    out = route_reach(q, MuskingumParameters(k_hours, x))
    vin, vout = np.trapezoid(q - 50.0), np.trapezoid(out - 50.0)
    assert abs(vout - vin) / vin < 1e-9
    assert out.min() >= 50.0 - 1e-9  # non-negative coefficients: no dip below base flow
    assert out.max() < q.max()  # attenuation


def test_peak_delay_close_to_k() -> None:
    q = np.concatenate([_wave(), np.full(100, 50.0)])
    out = route_reach(q, MuskingumParameters(96.0, 0.2))
    assert int(np.argmax(out)) - int(np.argmax(q)) in (3, 4, 5)


def test_chain_adds_lateral_and_keeps_volume() -> None:
    q = np.concatenate([_wave(), np.full(300, 50.0)])
    lat = np.zeros_like(q)
    lat[10:20] = 100.0
    outs = route_chain(q, [MuskingumParameters(48.0, 0.2)] * 2, lateral_m3s=[None, lat])
    vin = np.trapezoid(q - 50.0) + np.trapezoid(lat)
    assert abs(np.trapezoid(outs[-1] - 50.0) - vin) / vin < 1e-9


def test_cunge_parameters_by_hand() -> None:
    # X = ½(1 − Q/(B·S₀·c·Δx)) = ½(1 − 500/(200·1e-4·1·100000)) = ½(1 − 0.25) = 0.375
    p = cunge_parameters(100.0, 1.0, 500.0, 200.0, 1e-4)
    assert p.k_hours == pytest.approx(100000 / 3600)
    assert p.x == pytest.approx(0.375)


@pytest.mark.parametrize(
    ("params", "code"),
    [(MuskingumParameters(-1.0, 0.2), "RTE001"), (MuskingumParameters(5.0, 0.7), "RTE002")],
)
def test_bad_parameters_have_codes(params: MuskingumParameters, code: str) -> None:
    with pytest.raises(RoutingError) as exc:
        route_reach([1.0, 2.0], params)
    assert exc.value.code == code


def test_bad_inflow_has_code() -> None:
    with pytest.raises(RoutingError) as exc:
        route_reach([1.0, -2.0], MuskingumParameters(5.0, 0.2))
    assert exc.value.code == "RTE005"


def _res() -> object:
    return prismatic_reservoir(
        "t", area_km2=50.0, volume_mcm=400.0, nrl_m=100.0, outlet_m3s=300.0, spillway_m=40.0
    )


@pytest.mark.parametrize(
    "rule",
    [
        OperatingRule("crest_spill", min_release_m3s=20.0),
        OperatingRule("target_level", target_level_m=97.0, min_release_m3s=10.0),
        OperatingRule("schedule", schedule=[250.0] * 90),
    ],
)
def test_reservoir_never_releases_more_than_inflow_plus_storage(rule: OperatingRule) -> None:
    res = _res()
    q = _wave(90, 2500.0)
    r = route_with_rule(res, q, rule, initial_level_m=96.0)  # type: ignore[arg-type]
    dt = 86_400.0
    storage_before = np.concatenate([[r.initial_storage_m3], r.storage_m3[:-1]])
    assert np.all(r.outflow_m3s * dt <= r.inflow_m3s * dt + storage_before + 1e-6)
    assert np.all(r.storage_m3 >= -1e-6)
    assert abs(r.mass_balance_residual_m3()) <= 1e-9 * float(np.sum(q) * dt)


def test_empty_reservoir_cannot_follow_schedule() -> None:
    res = _res()
    r = route_with_rule(
        res, [5.0] * 30, OperatingRule("schedule", schedule=[300.0] * 30), initial_level_m=92.5
    )  # type: ignore[arg-type]
    assert r.storage_m3[-1] >= 0.0
    assert r.outflow_m3s[-1] == pytest.approx(5.0, rel=1e-6)  # only the inflow is left


def test_target_level_holds_the_target() -> None:
    res = _res()
    r = route_with_rule(
        res, [80.0] * 60, OperatingRule("target_level", target_level_m=97.0), initial_level_m=99.0
    )  # type: ignore[arg-type]
    assert r.level_m[-1] == pytest.approx(97.0, abs=0.01)


def test_schedule_length_checked() -> None:
    with pytest.raises(RoutingError) as exc:
        route_with_rule(
            _res(), [1.0] * 3, OperatingRule("schedule", schedule=[1.0]), initial_level_m=99.0
        )  # type: ignore[arg-type]
    assert exc.value.code == "RTE011"

"""Level-pool routing: weir formula, continuity, overtopping verdict."""

from __future__ import annotations

import json
import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from shekara.methods.hydrology import reservoir as rv
from shekara.methods.hydrology.errors import ReservoirConfigError
from shekara.methods.hydrology.reservoir import (
    ControlledOutlet,
    Reservoir,
    Spillway,
    StorageTable,
    iriklinsk_spring_2024_scenario,
    route,
    weir_discharge,
)


def box_reservoir(**kw: float) -> Reservoir:
    """Vertical-walled pool of 10 km² from 0 to 20 m; spillway crest at 10 m."""
    table = StorageTable.from_level_area([0.0, 20.0], [10.0, 10.0])
    return Reservoir(
        name="box",
        table=table,
        spillway=Spillway(
            crest_level_m=kw.get("crest", 10.0), length_m=kw.get("length", 50.0), coefficient=2.0
        ),
        outlet=ControlledOutlet(capacity_m3s=kw.get("capacity", 200.0), invert_level_m=1.0),
        dam_crest_level_m=kw.get("dam", 15.0),
        dam_crest_length_m=500.0,
        dam_crest_coefficient=1.5,
    )


def test_weir_formula_hand_case() -> None:
    # Q = C L h^1.5 = 1.7 * 100 * 2^1.5 = 480.83 m³/s
    assert weir_discharge(1.7, 100.0, 2.0) == pytest.approx(1.7 * 100 * 2**1.5)
    assert weir_discharge(1.7, 100.0, 2.0) == pytest.approx(480.83, abs=0.01)
    assert weir_discharge(1.7, 100.0, -0.5) == 0.0
    assert Spillway(100.0, 40.0, 2.1).discharge(100.81) == pytest.approx(2.1 * 40 * 0.81**1.5)


def test_storage_table_integration_and_inverse() -> None:
    t = StorageTable.from_level_area([100.0, 105.0, 110.0], [0.0, 10.0, 30.0])
    # 0.5*(0+10 km²)*5 m = 25e6 m³; + 0.5*(10+30)*5 = 100e6 m³
    assert t.storages_m3.tolist() == pytest.approx([0.0, 25e6, 125e6])
    for level in (100.0, 102.3, 105.0, 109.9, 112.0):
        assert t.level_at(t.storage_at(level)) == pytest.approx(level)
    # above the table: prismatic with the top area
    assert t.storage_at(112.0) == pytest.approx(125e6 + 30e6 * 2.0)
    with pytest.raises(ReservoirConfigError):
        t.storage_at(99.0)


def test_no_spill_below_crest_hand_case() -> None:
    # 1 day, inflow 100, release 40: storage rises by 60*86400 m³ = 0.5184 m over 10 km².
    res = route(box_reservoir(), [100.0], initial_level_m=5.0, release=40.0)
    assert res.spill_m3s[0] == 0.0 and res.overtop_m3s[0] == 0.0
    assert res.outlet_m3s[0] == pytest.approx(40.0)
    assert res.level_m[0] == pytest.approx(5.0 + 60.0 * 86400 / 10e6)
    assert not res.overtopped


def test_spillway_steady_state() -> None:
    # Constant inflow, closed outlet: the pool settles where C L h^1.5 = inflow.
    q = 300.0
    res = route(box_reservoir(), [q] * 120, initial_level_m=10.0, release=0.0)
    h_eq = (q / (2.0 * 50.0)) ** (2.0 / 3.0)
    assert res.level_m[-1] == pytest.approx(10.0 + h_eq, abs=1e-3)
    assert res.outflow_m3s[-1] == pytest.approx(q, rel=1e-4)
    assert res.peak_outflow_m3s <= q + 1e-6  # a pool can only attenuate


@settings(max_examples=25, deadline=None)
@given(
    st.lists(st.floats(0.0, 3000.0), min_size=1, max_size=30),
    st.floats(2.0, 14.0),
    st.floats(0.0, 400.0),
    st.sampled_from([1, 4, 24]),
)
def test_mass_balance_closes(
    inflow: list[float], level0: float, release: float, substeps: int
) -> None:
    res = route(box_reservoir(), inflow, initial_level_m=level0, release=release, substeps=substeps)
    vin = sum(inflow) * 86400.0
    scale = max(vin, res.initial_storage_m3)
    assert abs(res.mass_balance_residual_m3()) <= 1e-9 * scale
    parts = res.spill_m3s + res.outlet_m3s + res.overtop_m3s
    np.testing.assert_allclose(parts, res.outflow_m3s, rtol=1e-12, atol=1e-9)
    assert (res.outflow_m3s >= -1e-9).all() and (res.storage_m3 >= 0).all()


def test_outlet_cannot_release_water_below_invert() -> None:
    res = route(box_reservoir(capacity=1e6), [0.0] * 3, initial_level_m=1.5, release=1e6)
    assert res.level_m[-1] == pytest.approx(1.0)  # drained to the invert, not below
    assert abs(res.mass_balance_residual_m3()) < 1e-3


def test_overtopping_detected_and_timed() -> None:
    res = route(
        box_reservoir(), [5000.0] * 10, initial_level_m=14.0, release=0.0, start_date="2024-04-01"
    )
    assert res.overtopped
    assert res.first_overtop_hours is not None and 0 < res.first_overtop_hours < 240
    assert res.peak_level_m > 15.0 and res.min_freeboard_m < 0
    assert res.overtop_volume_m3 > 0 and res.overtop_duration_hours > 0
    d = res.to_dict()
    assert d["overtopped"] is True and d["first_overtop_time"].startswith("2024-04")
    json.dumps(d)


def test_custom_release_rule_is_used() -> None:
    calls: list[tuple[float, float, int]] = []

    def rule(level: float, q: float, i: int) -> float:
        calls.append((level, q, i))
        return 10.0 if i < 2 else 150.0

    res = route(box_reservoir(), [100.0] * 5, initial_level_m=5.8, release=rule, substeps=4)
    assert len(calls) == 20 and calls[-1][2] == 4
    assert calls[0] == (pytest.approx(5.8), 100.0, 0)
    np.testing.assert_allclose(res.outlet_m3s, [10.0, 10.0, 150.0, 150.0, 150.0])
    assert calls[4][0] > calls[0][0]  # the rule sees the rising pool


def test_iriklinsk_scenario_runs_and_is_labelled() -> None:
    held = iriklinsk_spring_2024_scenario("hold_then_release")
    early = iriklinsk_spring_2024_scenario("pre_release")
    assert abs(held.mass_balance_residual_m3()) < 1.0  # m³ on ~10^10 m³ routed
    assert abs(early.mass_balance_residual_m3()) < 1.0
    # With the documented assumptions: holding water overtops, pre-releasing does not.
    assert held.overtopped and not early.overtopped
    assert early.peak_level_m < held.peak_level_m
    assert held.to_dict(include_series=False)["reservoir"].startswith("Iriklinsk-like")
    # The only sourced number is the 260 km² area at NRL.
    res = rv.iriklinsk_reservoir()
    assert res.table.area_at(rv.ASSUMED_NRL_M) == pytest.approx(260e6)


def test_bad_reservoir_configs() -> None:
    with pytest.raises(ReservoirConfigError) as exc:
        StorageTable.from_level_area([1.0, 1.0], [1.0, 2.0])
    assert exc.value.code == "HYD008"
    with pytest.raises(ReservoirConfigError):
        box_reservoir(dam=9.0)  # dam crest below the spillway crest
    with pytest.raises(ReservoirConfigError):
        route(box_reservoir(), [-1.0], initial_level_m=5.0, release=0.0)
    with pytest.raises(ReservoirConfigError):
        route(box_reservoir(), [1.0, 2.0], initial_level_m=5.0, release=[1.0])
    with pytest.raises(ReservoirConfigError):
        iriklinsk_spring_2024_scenario("nonsense")  # type: ignore[arg-type]
    assert math.isfinite(weir_discharge(2.0, 1.0, 0.0))

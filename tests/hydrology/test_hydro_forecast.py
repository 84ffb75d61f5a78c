"""Ensemble spring-flood forecast: reproducible, coherent probabilities."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from shekara.methods.hydrology.errors import ForecastConfigError, MisalignedSeriesError
from shekara.methods.hydrology.forcing import Forcing
from shekara.methods.hydrology.forecast import (
    ForcingScenario,
    Perturbation,
    RiverSection,
    ensemble_forecast,
    exceedance_probability,
    forecast_sections,
)
from shekara.methods.hydrology.model import HBVParameters, ModelState, simulate

PARAMS = HBVParameters(tt=0.0, tti=1.0, cfmax=4.0, fc=150.0, k0=0.3, k1=0.1, k2=0.02, maxbas=2.0)
HORIZON = 45


def spring_scenario() -> ForcingScenario:
    """A thaw: temperature rising from -6 to +12 °C over the horizon, some rain."""
    temp = np.linspace(-6.0, 12.0, HORIZON)
    precip = np.where(np.arange(HORIZON) % 5 == 0, 6.0, 0.5)
    return ForcingScenario.create(precip, temp, start_date="2024-03-20", latitude_deg=51.2)


def section(swe: float = 120.0, **alerts: float) -> RiverSection:
    return RiverSection(
        name="Ural at Orsk (illustrative)",
        area_km2=5000.0,
        parameters=PARAMS,
        initial_state=ModelState(snow=swe, liquid=0.0, sm=120.0, suz=5.0, slz=40.0),
        alert_levels_m3s=alerts or {"watch": 800.0, "danger": 1050.0},
    )


def test_reproducible_by_seed() -> None:
    a = ensemble_forecast(section(), spring_scenario(), seed=11, n_members=30)
    b = ensemble_forecast(section(), spring_scenario(), seed=11, n_members=30)
    c = ensemble_forecast(section(), spring_scenario(), seed=12, n_members=30)
    np.testing.assert_array_equal(a.members_m3s, b.members_m3s)
    assert a.to_dict() == b.to_dict()
    assert not np.array_equal(a.members_m3s, c.members_m3s)


def test_no_perturbation_equals_deterministic_run() -> None:
    sc = ForcingScenario.create(
        spring_scenario().precip, spring_scenario().temp, pet=np.full(HORIZON, 1.0)
    )
    zero = Perturbation(temp_sd=0.0, precip_cv=0.0, swe_cv=0.0)
    fc = ensemble_forecast(section(), sc, seed=1, n_members=4, perturbation=zero)
    det = simulate(
        PARAMS,
        Forcing(sc.precip, sc.temp, np.full(HORIZON, 1.0)),
        initial_state=section().initial_state,
        area_km2=5000.0,
    )
    assert det.q_m3s is not None
    for row in fc.members_m3s:
        np.testing.assert_allclose(row, det.q_m3s, rtol=1e-12)


def test_quantiles_ordered_and_probabilities_valid() -> None:
    fc = ensemble_forecast(section(), spring_scenario(), seed=3, n_members=40)
    assert fc.quantiles_m3s.shape == (5, HORIZON)
    assert np.all(np.diff(fc.quantiles_m3s, axis=0) >= -1e-12)
    for alert in fc.alerts.values():
        assert 0.0 <= alert.probability <= 1.0
        assert np.all((alert.daily_probability >= 0) & (alert.daily_probability <= 1))
        # any-day probability is at least every single-day probability
        assert alert.probability >= alert.daily_probability.max() - 1e-12
    assert fc.alerts["watch"].probability >= fc.alerts["danger"].probability
    assert 0.0 < fc.alerts["danger"].probability < 1.0  # a genuinely uncertain case
    d = fc.to_dict()
    assert d["dates"][0] == "2024-03-20" and len(d["quantiles_m3s"]["q50"]) == HORIZON


def test_more_snow_means_higher_flood_risk() -> None:
    low = ensemble_forecast(section(swe=30.0), spring_scenario(), seed=5, n_members=40)
    high = ensemble_forecast(section(swe=200.0), spring_scenario(), seed=5, n_members=40)
    assert high.peak_quantiles_m3s[2] > low.peak_quantiles_m3s[2]
    assert high.alerts["watch"].probability >= low.alerts["watch"].probability


@settings(max_examples=40, deadline=None)
@given(st.lists(st.floats(0.0, 2000.0), min_size=2, max_size=8))
def test_exceedance_monotone_in_threshold(thresholds: list[float]) -> None:
    fc = ensemble_forecast(section(), spring_scenario(), seed=2, n_members=25)
    ts = sorted(thresholds)
    probs = [exceedance_probability(fc.members_m3s, t) for t in ts]
    assert all(p1 >= p2 for p1, p2 in itertools.pairwise(probs))


def test_sections_get_independent_reproducible_streams() -> None:
    s1 = section()
    s2 = RiverSection(
        "Ilek (illustrative)", 3000.0, PARAMS, ModelState(snow=80.0, sm=100.0), {"watch": 150.0}
    )
    a = forecast_sections([(s1, spring_scenario()), (s2, spring_scenario())], seed=9, n_members=20)
    b = forecast_sections([(s1, spring_scenario()), (s2, spring_scenario())], seed=9, n_members=20)
    for x, y in zip(a, b, strict=True):
        np.testing.assert_array_equal(x.members_m3s, y.members_m3s)
    assert a[0].seed == 9 and a[1].seed_spawn_index == 1
    with pytest.raises(ForecastConfigError):
        forecast_sections([(s1, spring_scenario()), (s1, spring_scenario())], seed=9)


@pytest.mark.parametrize(
    ("kwargs", "column"),
    [
        ({"n_members": 0}, "n_members"),
        ({"perturbation": Perturbation(temp_sd=-1.0)}, "temp_sd"),
        ({"quantiles": (0.5, 1.5)}, "quantiles"),
    ],
)
def test_config_errors(kwargs: dict[str, object], column: str) -> None:
    with pytest.raises(ForecastConfigError) as exc:
        ensemble_forecast(section(), spring_scenario(), seed=1, **kwargs)  # type: ignore[arg-type]
    assert exc.value.code == "HYD009" and exc.value.column == column


def test_bad_alert_level_and_scenario() -> None:
    with pytest.raises(ForecastConfigError) as exc:
        ensemble_forecast(section(bad=-5.0), spring_scenario(), seed=1)
    assert exc.value.code == "HYD009"
    with pytest.raises(MisalignedSeriesError):
        ForcingScenario.create([1.0, 2.0], [1.0], pet=[1.0, 1.0])
    with pytest.raises(ForecastConfigError):
        ForcingScenario.create([1.0], [1.0])  # neither PET nor date + latitude

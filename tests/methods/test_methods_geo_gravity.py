"""Great-circle distance and gravity-index formulas pinned on hand-computed cases."""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from shekara.methods.geo import (
    EARTH_RADIUS_KM,
    chord_for_great_circle_km,
    haversine_km,
    pairwise_haversine_km,
    unit_vectors,
)
from shekara.methods.gravity import (
    effective_distance_km,
    gravity_index,
    gravity_index_from_coordinates,
    pair_distances_from_matrix,
    settlement_index,
)

lats = st.floats(-89.9, 89.9, allow_nan=False)
lons = st.floats(-180.0, 180.0, allow_nan=False)


# ---- geo --------------------------------------------------------------------


def test_one_degree_of_latitude_is_r_times_pi_over_180() -> None:
    expected = EARTH_RADIUS_KM * math.pi / 180.0  # 111.19508 km
    assert float(haversine_km(51.0, 71.0, 52.0, 71.0)) == pytest.approx(expected, rel=1e-12)
    assert expected == pytest.approx(111.19508, abs=1e-5)


def test_one_degree_of_longitude_shrinks_with_cos_latitude() -> None:
    # Along a parallel the great circle is slightly shorter than the parallel arc;
    # for 1 degree at 60 N the difference is below 1 m.
    d = float(haversine_km(60.0, 10.0, 60.0, 11.0))
    assert d == pytest.approx(EARTH_RADIUS_KM * math.radians(1.0) * 0.5, abs=1e-3)


def test_antipodes_are_half_the_circumference() -> None:
    # The haversine formula is ill-conditioned near antipodes (asin near 1):
    # about 0.2 m error on 20 015 km, irrelevant at border-region distances.
    assert float(haversine_km(10.0, 20.0, -10.0, -160.0)) == pytest.approx(
        math.pi * EARTH_RADIUS_KM, abs=1e-3
    )


def test_haversine_is_vectorised_and_broadcasts() -> None:
    d = haversine_km([50.0, 51.0, 52.0], 60.0, 50.0, 60.0)
    assert d.shape == (3,)
    assert d[0] == 0.0
    assert d[2] == pytest.approx(2 * d[1], rel=1e-12)


def test_pairwise_matches_elementwise() -> None:
    la, lo = np.array([50.0, 52.0, 54.0]), np.array([50.0, 60.0, 70.0])
    lb, lob = np.array([55.0, 45.0]), np.array([65.0, 48.0])
    m = pairwise_haversine_km(la, lo, lb, lob)
    assert m.shape == (3, 2)
    for i in range(3):
        for j in range(2):
            assert m[i, j] == pytest.approx(float(haversine_km(la[i], lo[i], lb[j], lob[j])))


@pytest.mark.parametrize("bad", [91.0, -90.5, math.nan])
def test_haversine_rejects_bad_latitude(bad: float) -> None:
    with pytest.raises(ValueError, match=r"latitude|finite"):
        haversine_km(bad, 0.0, 0.0, 0.0)


@given(lats, lons, lats, lons)
def test_haversine_symmetric_and_bounded(a: float, b: float, c: float, d: float) -> None:
    x = float(haversine_km(a, b, c, d))
    y = float(haversine_km(c, d, a, b))
    assert x == pytest.approx(y, abs=1e-9)
    assert 0.0 <= x <= math.pi * EARTH_RADIUS_KM + 1e-9


@given(lats, lons, lats, lons)
def test_chord_of_unit_vectors_matches_great_circle(a: float, b: float, c: float, d: float) -> None:
    u = unit_vectors([a, c], [b, d])
    assert np.linalg.norm(u, axis=1) == pytest.approx([1.0, 1.0])
    chord = float(np.linalg.norm(u[0] - u[1]))
    gc = float(haversine_km(a, b, c, d))
    assert chord == pytest.approx(chord_for_great_circle_km(gc), abs=1e-9)


# ---- gravity ----------------------------------------------------------------


def test_three_pairs_by_hand() -> None:
    # 400 000 and 300 000 people 200 km apart -> 400 · 300 / 0.2 = 600 000
    # 1 000 000 and 50 000 people 500 km apart -> 1000 · 50 / 0.5 = 100 000
    # 200 000 and 200 000 people 400 km apart -> 200 · 200 / 0.4 = 100 000
    g = gravity_index([400e3, 1e6, 200e3], [300e3, 50e3, 200e3], [200.0, 500.0, 400.0])
    assert g.tolist() == pytest.approx([600_000.0, 100_000.0, 100_000.0], rel=1e-12)


def test_exponent_and_scales() -> None:
    base: dict[str, Any] = dict(pop_i=[400e3], pop_j=[300e3], distance=[200.0])
    assert gravity_index(**base, distance_exponent=2.0)[0] == pytest.approx(3_000_000.0)
    assert gravity_index(**base, distance_exponent=0.0)[0] == pytest.approx(120_000.0)
    assert gravity_index(**base, population_scale="persons", distance_scale="km")[0] == (
        pytest.approx(400e3 * 300e3 / 200.0)
    )
    assert gravity_index(**base, population_scale="millions")[0] == pytest.approx(0.12 / 0.2)
    assert gravity_index(**base, distance_scale="hours")[0] == pytest.approx(120_000 / 200.0)


def test_zero_population_gives_zero_index() -> None:
    assert gravity_index([0.0], [5e5], [100.0])[0] == 0.0


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        (
            dict(pop_i=[1e5], pop_j=[1e5], distance=[0.0]),
            r"distance must be > 0; got 0\.0 at index 0",
        ),
        (dict(pop_i=[1e5, 1e5], pop_j=[1e5, 1e5], distance=[10.0, -3.0]), "at index 1"),
        (dict(pop_i=[-1.0], pop_j=[1e5], distance=[10.0]), r"pop_i must be >= 0; got -1\.0"),
        (dict(pop_i=[1e5], pop_j=[-5.0], distance=[10.0]), "pop_j must be >= 0"),
        (dict(pop_i=[1e5, 2e5], pop_j=[1e5], distance=[10.0]), "same shape"),
        (dict(pop_i=[math.nan], pop_j=[1e5], distance=[10.0]), "pop_i must be finite"),
        (dict(pop_i=[1e5], pop_j=[1e5], distance=[math.inf]), "distance must be finite"),
    ],
)
def test_gravity_input_checks(kwargs: dict[str, list[float]], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        gravity_index(**kwargs)  # type: ignore[arg-type]


def test_gravity_option_literals_checked_at_run_time() -> None:
    with pytest.raises(ValueError, match="population_scale must be one of"):
        gravity_index([1.0], [1.0], [1.0], population_scale="hundreds")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="distance_scale must be one of"):
        gravity_index([1.0], [1.0], [1.0], distance_scale="miles")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="distance_exponent"):
        gravity_index([1.0], [1.0], [1.0], distance_exponent=-1.0)


def test_gravity_from_coordinates_uses_great_circle() -> None:
    g = gravity_index_from_coordinates([100e3], [100e3], [50.0], [60.0], [51.0], [60.0])
    assert g[0] == pytest.approx(100.0 * 100.0 / (EARTH_RADIUS_KM * math.pi / 180.0 / 1000.0))


def test_coincident_centres_are_rejected() -> None:
    with pytest.raises(ValueError, match="distance must be > 0"):
        gravity_index_from_coordinates([1e5], [1e5], [50.0], [60.0], [50.0], [60.0])


def test_effective_distance_adds_speed_times_wait() -> None:
    d = effective_distance_km([250.0, 250.0, 400.0], [0.0, 3.0, 1.5], [60.0, 60.0, 80.0])
    assert d.tolist() == [250.0, 430.0, 520.0]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ((0.0, 1.0, 60.0), "road_km must be > 0"),
        ((100.0, -1.0, 60.0), "wait_hours must be >= 0"),
        ((100.0, 1.0, 0.0), "speed_kmh must be > 0"),
        (([100.0, 200.0], [1.0, 2.0, 3.0], 60.0), "do not broadcast"),
    ],
)
def test_effective_distance_checks(args: tuple[object, object, object], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        effective_distance_km(*args)  # type: ignore[arg-type]


def test_road_matrix_feeds_gravity() -> None:
    road = np.array([[320.0, np.nan], [610.0, 290.0]])
    d = pair_distances_from_matrix(road, [0, 1], [0, 1])
    assert d.tolist() == [320.0, 290.0]
    g = gravity_index([320e3, 290e3], [1e6, 1e6], d)
    assert g.tolist() == pytest.approx([1_000_000.0, 1_000_000.0])


@pytest.mark.parametrize(
    ("rows", "cols", "message"),
    [
        ([0], [1], r"matrix\[0, 1\] = nan"),
        ([2], [0], "out of range"),
        ([0, 1], [0], "equal length"),
    ],
)
def test_road_matrix_checks(rows: list[int], cols: list[int], message: str) -> None:
    road = np.array([[320.0, np.nan], [610.0, 290.0]])
    with pytest.raises(ValueError, match=message):
        pair_distances_from_matrix(road, rows, cols)


def test_settlement_index_shares_settlements() -> None:
    keys, i, j = settlement_index(["oral", "oral", "aktobe"], ["samara", "orenburg", "orenburg"])
    assert keys == ["oral", "aktobe", "samara", "orenburg"]
    assert i.tolist() == [0, 0, 1]
    assert j.tolist() == [2, 3, 3]
    with pytest.raises(ValueError, match="same length"):
        settlement_index(["a"], [])

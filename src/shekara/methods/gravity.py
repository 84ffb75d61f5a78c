"""Gravity index of a pair of border regions.

Article formula (1) is missing from the text (000_63cf53f9b2286ec3.txt:172 holds
only " ,  (1)"); its variables are defined at 000_63cf53f9b2286ec3.txt:174-177:
GRAV the gravity index, p_i and p_j the populations of regions i and j, d_ij the
distance between the regions' administrative centres.  The interpretation at
000_63cf53f9b2286ec3.txt:179-183 (bigger agglomerations and shorter distances
mean more attraction) fixes the signs.  The reconstruction used here is

    GRAV_ij = (P_i / s_P) · (P_j / s_P) / (d_ij / s_d) ** gamma

with defaults s_P = 1000 persons (populations in thousands), s_d = 1000 km
(distance in thousands of km) and gamma = 1.  With the populations of the two
administrative-centre cities this reproduces the published Table 2
(000_63cf53f9b2286ec3.txt:566-583); docs/methods.md gives the measured fit.

Which population (city, agglomeration, region) is used is the caller's choice:
the functions here only take arrays.  The distance may be a great-circle
distance from coordinates, an entry of a user-supplied matrix (road km or travel
time), or an *effective* distance that adds checkpoint waiting time converted to
km (:func:`effective_distance_km`).

>>> gravity_index([500.0], [600.0], [250.0], population_scale="persons", distance_scale="km")
array([1200.])
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Sequence
from typing import Final, Literal, get_args

import numpy as np
from numpy.typing import ArrayLike, NDArray

from shekara.methods.geo import haversine_km

__all__ = [
    "DISTANCE_DIVISORS",
    "POPULATION_DIVISORS",
    "DistanceScale",
    "PopulationScale",
    "effective_distance_km",
    "gravity_index",
    "gravity_index_from_coordinates",
    "pair_distances_from_matrix",
    "settlement_index",
]

PopulationScale = Literal["persons", "thousands", "millions"]
"""Unit in which populations enter the formula."""

DistanceScale = Literal["km", "thousands_km", "hours"]
"""Unit in which distances enter the formula.

``"km"`` and ``"hours"`` use the distance as given (km, or hours of travel time);
``"thousands_km"`` divides km by 1000.
"""

POPULATION_DIVISORS: Final[dict[str, float]] = {
    "persons": 1.0,
    "thousands": 1_000.0,
    "millions": 1_000_000.0,
}
DISTANCE_DIVISORS: Final[dict[str, float]] = {
    "km": 1.0,
    "thousands_km": 1_000.0,
    "hours": 1.0,
}


def _check_option(name: str, value: str, allowed: tuple[str, ...]) -> None:
    if value not in allowed:
        raise ValueError(f"{name} must be one of {allowed}; got {value!r}")


def _as_1d(name: str, values: ArrayLike) -> NDArray[np.float64]:
    arr = np.asarray(values, dtype=np.float64)
    if arr.ndim == 0:
        arr = arr.reshape(1)
    if not np.all(np.isfinite(arr)):
        bad = np.flatnonzero(~np.isfinite(arr.ravel()))
        raise ValueError(f"{name} must be finite; non-finite value at flat index {int(bad[0])}")
    return arr


def _first_bad(mask: NDArray[np.bool_]) -> int:
    return int(np.flatnonzero(mask.ravel())[0])


def gravity_index(
    pop_i: ArrayLike,
    pop_j: ArrayLike,
    distance: ArrayLike,
    *,
    distance_exponent: float = 1.0,
    population_scale: PopulationScale = "thousands",
    distance_scale: DistanceScale = "thousands_km",
) -> NDArray[np.float64]:
    """Gravity index ``(P_i/s_P)(P_j/s_P) / (d_ij/s_d)**gamma`` for each pair.

    ``pop_i``, ``pop_j`` and ``distance`` must have the same shape (one entry
    per pair; any number of dimensions).  Populations are persons (>= 0); the
    distance is km (or hours with ``distance_scale="hours"``) and must be > 0.

    Raises ``ValueError`` on a shape mismatch, a negative or non-finite
    population, a non-positive or non-finite distance, a negative exponent or
    an unknown scale name.

    Three pairs by hand (populations in thousands, distance in thousands of km):
    400·300/0.2 = 600000; 1000·50/0.5 = 100000; 200·200/0.4 = 100000.

    >>> gravity_index([400e3, 1000e3, 200e3], [300e3, 50e3, 200e3], [200.0, 500.0, 400.0])
    array([600000., 100000., 100000.])
    >>> gravity_index([400e3], [300e3], [200.0], distance_exponent=2.0)
    array([3000000.])
    """
    _check_option("population_scale", population_scale, get_args(PopulationScale))
    _check_option("distance_scale", distance_scale, get_args(DistanceScale))
    if not (math.isfinite(distance_exponent) and distance_exponent >= 0.0):
        raise ValueError(f"distance_exponent must be finite and >= 0; got {distance_exponent}")
    p_i = _as_1d("pop_i", pop_i)
    p_j = _as_1d("pop_j", pop_j)
    d = _as_1d("distance", distance)
    if not (p_i.shape == p_j.shape == d.shape):
        raise ValueError(
            f"pop_i, pop_j and distance must have the same shape; got {p_i.shape}, "
            f"{p_j.shape} and {d.shape}"
        )
    for name, arr in (("pop_i", p_i), ("pop_j", p_j)):
        if np.any(arr < 0.0):
            i = _first_bad(arr < 0.0)
            raise ValueError(f"{name} must be >= 0; got {arr.ravel()[i]} at index {i}")
    if np.any(d <= 0.0):
        i = _first_bad(d <= 0.0)
        raise ValueError(f"distance must be > 0; got {d.ravel()[i]} at index {i}")
    s_p = POPULATION_DIVISORS[population_scale]
    s_d = DISTANCE_DIVISORS[distance_scale]
    out: NDArray[np.float64] = (p_i / s_p) * (p_j / s_p) / (d / s_d) ** distance_exponent
    return out


def gravity_index_from_coordinates(
    pop_i: ArrayLike,
    pop_j: ArrayLike,
    lat_i: ArrayLike,
    lon_i: ArrayLike,
    lat_j: ArrayLike,
    lon_j: ArrayLike,
    *,
    distance_exponent: float = 1.0,
    population_scale: PopulationScale = "thousands",
) -> NDArray[np.float64]:
    """Gravity index with the great-circle distance between the two centres.

    The distance is :func:`shekara.methods.geo.haversine_km` and enters in
    thousands of km.

    >>> g = gravity_index_from_coordinates([100e3], [100e3], [50.0], [60.0], [51.0], [60.0])
    >>> round(float(g[0]), 1)   # 100·100 / 0.1111951 (1 degree of latitude = 111.195 km)
    89932.0
    """
    d = haversine_km(lat_i, lon_i, lat_j, lon_j)
    return gravity_index(
        pop_i,
        pop_j,
        d,
        distance_exponent=distance_exponent,
        population_scale=population_scale,
        distance_scale="thousands_km",
    )


def pair_distances_from_matrix(
    matrix: ArrayLike, row_index: ArrayLike, col_index: ArrayLike
) -> NDArray[np.float64]:
    """Pick each pair's distance from a user-supplied matrix (road km, travel hours, ...).

    ``matrix[r, c]`` is the distance from settlement ``r`` (one country) to
    settlement ``c`` (the other); ``row_index[k]``, ``col_index[k]`` locate pair ``k``.
    Every selected entry must be finite and > 0 (unselected entries may be NaN).

    >>> pair_distances_from_matrix([[120.0, 300.0], [250.0, 80.0]], [0, 1], [1, 1])
    array([300.,  80.])
    """
    m = np.asarray(matrix, dtype=np.float64)
    if m.ndim != 2:
        raise ValueError(f"distance matrix must be 2-D; got shape {m.shape}")
    r = np.asarray(row_index)
    c = np.asarray(col_index)
    if r.shape != c.shape or r.ndim != 1:
        raise ValueError(
            f"row_index and col_index must be 1-D of equal length; got {r.shape} and {c.shape}"
        )
    if r.size and not (np.issubdtype(r.dtype, np.integer) and np.issubdtype(c.dtype, np.integer)):
        raise ValueError("row_index and col_index must be integer arrays")
    if r.size and (r.min() < 0 or r.max() >= m.shape[0] or c.min() < 0 or c.max() >= m.shape[1]):
        raise ValueError(f"pair index out of range for a distance matrix of shape {m.shape}")
    d: NDArray[np.float64] = m[r, c]
    bad = ~np.isfinite(d) | (d <= 0.0)
    if np.any(bad):
        k = _first_bad(bad)
        raise ValueError(
            f"distance must be finite and > 0; matrix[{int(r[k])}, {int(c[k])}] = {d[k]} (pair {k})"
        )
    return d


def effective_distance_km(
    road_km: ArrayLike, wait_hours: ArrayLike, speed_kmh: ArrayLike
) -> NDArray[np.float64]:
    """Road distance plus checkpoint waiting time converted to an equivalent distance.

    ``d_eff = road_km + speed_kmh · wait_hours``: an hour spent queueing at the
    border costs as much as the distance a vehicle covers in an hour.  The idea
    is the dissertation's: delays of several hours at border checkpoints "further
    increase the distance" (003_fdba4c7b7a2b31c7.txt:80: «шекаралық бақылау
    бекеттерінде бірнеше сағатқа созылатын кідірістер, бұл қашықтықты одан әрі
    арттыра түседі»; the queues again at 003_fdba4c7b7a2b31c7.txt:88).  The
    dissertation gives no conversion rate; the speed is the caller's assumption.

    Arrays broadcast.  ``road_km`` must be > 0, ``wait_hours`` >= 0, ``speed_kmh`` > 0.

    >>> effective_distance_km([300.0, 300.0], [0.0, 4.0], 60.0)
    array([300., 540.])
    """
    road = np.asarray(road_km, dtype=np.float64)
    wait = np.asarray(wait_hours, dtype=np.float64)
    speed = np.asarray(speed_kmh, dtype=np.float64)
    for name, arr in (("road_km", road), ("wait_hours", wait), ("speed_kmh", speed)):
        if not np.all(np.isfinite(arr)):
            raise ValueError(f"{name} must be finite")
    if np.any(road <= 0.0):
        raise ValueError(f"road_km must be > 0; got {road[road <= 0.0].ravel()[0]}")
    if np.any(wait < 0.0):
        raise ValueError(f"wait_hours must be >= 0; got {wait[wait < 0.0].ravel()[0]}")
    if np.any(speed <= 0.0):
        raise ValueError(f"speed_kmh must be > 0; got {speed[speed <= 0.0].ravel()[0]}")
    try:
        out: NDArray[np.float64] = np.atleast_1d(road + speed * wait)
    except ValueError as exc:  # broadcasting failure
        raise ValueError(
            f"road_km, wait_hours and speed_kmh shapes do not broadcast: {road.shape}, "
            f"{wait.shape}, {speed.shape}"
        ) from exc
    return out


def settlement_index(
    keys_i: Sequence[Hashable], keys_j: Sequence[Hashable]
) -> tuple[list[Hashable], NDArray[np.intp], NDArray[np.intp]]:
    """Index the settlements named by two per-pair key lists.

    Returns ``(keys, idx_i, idx_j)`` with ``keys`` the distinct settlements in
    order of first appearance and ``keys[idx_i[k]]``, ``keys[idx_j[k]]`` the
    two ends of pair ``k``.  A settlement that appears in several pairs (e.g.
    one Kazakh oblast centre facing several Russian regions) gets one index, so
    an uncertain population is drawn once per settlement, not once per pair.

    >>> keys, i, j = settlement_index(["oral", "oral"], ["samara", "saratov"])
    >>> keys, i.tolist(), j.tolist()
    (['oral', 'samara', 'saratov'], [0, 0], [1, 2])
    """
    if len(keys_i) != len(keys_j):
        raise ValueError(
            f"keys_i and keys_j must have the same length; got {len(keys_i)} and {len(keys_j)}"
        )
    pos: dict[Hashable, int] = {}
    for k in list(keys_i) + list(keys_j):
        pos.setdefault(k, len(pos))
    idx_i = np.fromiter((pos[k] for k in keys_i), dtype=np.intp, count=len(keys_i))
    idx_j = np.fromiter((pos[k] for k in keys_j), dtype=np.intp, count=len(keys_j))
    return list(pos), idx_i, idx_j

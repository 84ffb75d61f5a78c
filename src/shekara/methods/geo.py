"""Great-circle geometry on a spherical Earth.

The assessment measures the distance between two administrative centres as the
great-circle ("as the crow flies") distance; the article only says "the distance
between the regions' administrative centres" (000_63cf53f9b2286ec3.txt:177).

The Earth is a sphere of radius :data:`EARTH_RADIUS_KM` = 6371.0088 km, the IUGG
mean radius R1 = (2a + b) / 3 of the WGS-84 ellipsoid.  The spherical formula
differs from the ellipsoidal (geodesic) distance by at most about 0.5 %.

>>> round(float(haversine_km(50.0, 60.0, 51.0, 60.0)), 3)   # 1 degree of latitude
111.195
"""

from __future__ import annotations

import math
from typing import Final

import numpy as np
from numpy.typing import ArrayLike

from shekara.methods.arrays import Array

__all__ = [
    "EARTH_RADIUS_KM",
    "chord_for_great_circle_km",
    "haversine_km",
    "pairwise_haversine_km",
    "unit_vectors",
]

EARTH_RADIUS_KM: Final[float] = 6371.0088
"""IUGG mean Earth radius R1 in kilometres."""


def _coords(lat: ArrayLike, lon: ArrayLike) -> tuple[Array, Array]:
    lat_a = np.asarray(lat, dtype=np.float64)
    lon_a = np.asarray(lon, dtype=np.float64)
    if not (np.all(np.isfinite(lat_a)) and np.all(np.isfinite(lon_a))):
        raise ValueError("coordinates must be finite numbers (got NaN or infinity)")
    if np.any(np.abs(lat_a) > 90.0):
        raise ValueError(
            f"latitude must lie in [-90, 90] degrees; got {lat_a[np.abs(lat_a) > 90.0]}"
        )
    if np.any(np.abs(lon_a) > 360.0):
        raise ValueError("longitude must lie in [-360, 360] degrees")
    return lat_a, lon_a


def haversine_km(
    lat1: ArrayLike,
    lon1: ArrayLike,
    lat2: ArrayLike,
    lon2: ArrayLike,
    *,
    radius_km: float = EARTH_RADIUS_KM,
) -> Array:
    """Great-circle distance in km between points given in decimal degrees.

    Inputs broadcast against each other (NumPy rules); the result has the
    broadcast shape (0-d for scalars).  Uses the haversine formula
    ``d = 2 R asin(sqrt(sin²(Δφ/2) + cos φ1 cos φ2 sin²(Δλ/2)))``.

    >>> d = haversine_km([0.0, 0.0], [0.0, 0.0], [0.0, 0.0], [1.0, 180.0])
    >>> [round(float(x), 2) for x in d]   # 1 degree on the equator; half the globe
    [111.2, 20015.11]
    """
    if not (radius_km > 0.0 and math.isfinite(radius_km)):
        raise ValueError(f"radius_km must be a positive finite number; got {radius_km}")
    la1, lo1 = _coords(lat1, lon1)
    la2, lo2 = _coords(lat2, lon2)
    phi1 = np.radians(la1)
    phi2 = np.radians(la2)
    dphi = phi2 - phi1
    dlam = np.radians(lo2 - lo1)
    h = np.sin(dphi / 2.0) ** 2 + np.cos(phi1) * np.cos(phi2) * np.sin(dlam / 2.0) ** 2
    out: Array = 2.0 * radius_km * np.arcsin(np.sqrt(np.clip(h, 0.0, 1.0)))
    return out


def pairwise_haversine_km(
    lat_a: ArrayLike,
    lon_a: ArrayLike,
    lat_b: ArrayLike,
    lon_b: ArrayLike,
    *,
    radius_km: float = EARTH_RADIUS_KM,
) -> Array:
    """Matrix of great-circle distances (km) between every point of A and every point of B.

    Returns an array of shape ``(len(A), len(B))``.

    >>> m = pairwise_haversine_km([0.0, 1.0], [0.0, 0.0], [0.0], [0.0])
    >>> m.shape, round(float(m[1, 0]), 1)
    ((2, 1), 111.2)
    """
    la, lo = (np.atleast_1d(np.asarray(x, dtype=np.float64)) for x in (lat_a, lon_a))
    lb, lob = (np.atleast_1d(np.asarray(x, dtype=np.float64)) for x in (lat_b, lon_b))
    if la.ndim != 1 or la.shape != lo.shape or lb.ndim != 1 or lb.shape != lob.shape:
        raise ValueError(
            "pairwise_haversine_km needs 1-D latitude/longitude arrays of equal length per side; "
            f"got A {la.shape}/{lo.shape}, B {lb.shape}/{lob.shape}"
        )
    return haversine_km(la[:, None], lo[:, None], lb[None, :], lob[None, :], radius_km=radius_km)


def unit_vectors(lat: ArrayLike, lon: ArrayLike) -> Array:
    """3-D unit vectors (x, y, z) of points given in decimal degrees, shape ``(n, 3)``.

    Used to put settlements in a k-d tree: the Euclidean (chord) distance between
    two unit vectors is a monotone function of their great-circle distance.

    >>> unit_vectors([0.0, 90.0], [0.0, 0.0]).round(6).tolist()
    [[1.0, 0.0, 0.0], [0.0, 0.0, 1.0]]
    """
    la, lo = _coords(np.atleast_1d(lat), np.atleast_1d(lon))
    if la.shape != lo.shape or la.ndim != 1:
        raise ValueError(f"lat and lon must be 1-D of equal length; got {la.shape} and {lo.shape}")
    phi = np.radians(la)
    lam = np.radians(lo)
    cos_phi = np.cos(phi)
    return np.column_stack((cos_phi * np.cos(lam), cos_phi * np.sin(lam), np.sin(phi)))


def chord_for_great_circle_km(distance_km: float, *, radius_km: float = EARTH_RADIUS_KM) -> float:
    """Chord length between unit vectors that are ``distance_km`` apart along the sphere.

    ``chord = 2 sin(d / (2R))``; valid for ``0 <= d <= πR``.

    >>> round(chord_for_great_circle_km(500.0), 6)
    0.07846
    """
    if not (0.0 <= distance_km <= math.pi * radius_km):
        raise ValueError(f"distance_km must lie in [0, πR]; got {distance_km}")
    return 2.0 * math.sin(distance_km / (2.0 * radius_km))

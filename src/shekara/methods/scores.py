"""Expert scores of a border-region pair: transport-logistics links and special economic zones.

Transport (000_63cf53f9b2286ec3.txt:185-191; Table 3 at :585-613): two
sub-indicators, railway lines and motorways of international importance, each
on the stated scale "(0; 100)": 0 = absent, 100 = present.

SEZ (000_63cf53f9b2286ec3.txt:635-642; Table 4 at :644-696): 0 = neither region
of the pair has a special (KZ) / free (RU) economic zone, 50 = one of them has,
100 = both have, i.e. ``50·[KZ has a zone] + 50·[RU has a zone]``.  (The methods
section, 000_63cf53f9b2286ec3.txt:193-199, describes a 0/100 presence scale; the
three-level pair scale is the one the table uses.)

>>> transport_score(True, False)
(100, 0)
>>> sez_pair_score(True, True), sez_pair_score(False, True), sez_pair_score(False, False)
(100, 50, 0)
"""

from __future__ import annotations

from typing import Final

import numpy as np
from numpy.typing import ArrayLike, NDArray

__all__ = [
    "PRESENCE_SCALE",
    "SEZ_PAIR_SCALE",
    "sez_pair_score",
    "sez_pair_scores",
    "transport_score",
    "transport_scores",
]

PRESENCE_SCALE: Final[frozenset[int]] = frozenset({0, 100})
"""Allowed values of a presence sub-score (000_63cf53f9b2286ec3.txt:188-191)."""

SEZ_PAIR_SCALE: Final[frozenset[int]] = frozenset({0, 50, 100})
"""Allowed values of the SEZ pair score (000_63cf53f9b2286ec3.txt:638-641)."""

_POINTS: Final[int] = 100
_SEZ_HALF: Final[int] = 50


def _check_bool(name: str, value: object) -> bool:
    if isinstance(value, bool | np.bool_):
        return bool(value)
    raise TypeError(f"{name} must be a bool; got {type(value).__name__} {value!r}")


def _as_bool_array(name: str, values: ArrayLike) -> NDArray[np.bool_]:
    arr = np.asarray(values)
    if arr.dtype == np.bool_:
        return arr
    if arr.dtype.kind in "iu" and np.all((arr == 0) | (arr == 1)):
        return arr.astype(np.bool_)
    raise ValueError(f"{name} must be booleans (or 0/1 integers); got dtype {arr.dtype}")


def transport_score(has_rail: bool, has_intl_road: bool) -> tuple[int, int]:
    """(railway, international motorway) sub-scores of a pair, each 0 or 100.

    >>> transport_score(True, True)
    (100, 100)
    """
    rail = _check_bool("has_rail", has_rail)
    road = _check_bool("has_intl_road", has_intl_road)
    return (_POINTS if rail else 0, _POINTS if road else 0)


def transport_scores(
    has_rail: ArrayLike, has_intl_road: ArrayLike
) -> tuple[NDArray[np.int64], NDArray[np.int64]]:
    """Vectorised :func:`transport_score`: returns (rail_scores, road_scores).

    >>> rail, road = transport_scores([True, False], [False, False])
    >>> rail.tolist(), road.tolist()
    ([100, 0], [0, 0])
    """
    rail = _as_bool_array("has_rail", has_rail)
    road = _as_bool_array("has_intl_road", has_intl_road)
    if rail.shape != road.shape:
        raise ValueError(f"shape mismatch: has_rail {rail.shape} vs has_intl_road {road.shape}")
    return rail.astype(np.int64) * _POINTS, road.astype(np.int64) * _POINTS


def sez_pair_score(kz_has_zone: bool, ru_has_zone: bool) -> int:
    """SEZ pair score ``50·[kz] + 50·[ru]`` on the scale {0, 50, 100}.

    >>> sez_pair_score(True, False)
    50
    """
    kz = _check_bool("kz_has_zone", kz_has_zone)
    ru = _check_bool("ru_has_zone", ru_has_zone)
    return _SEZ_HALF * int(kz) + _SEZ_HALF * int(ru)


def sez_pair_scores(kz_has_zone: ArrayLike, ru_has_zone: ArrayLike) -> NDArray[np.int64]:
    """Vectorised :func:`sez_pair_score`.

    >>> sez_pair_scores([True, True, False, False], [True, False, True, False]).tolist()
    [100, 50, 50, 0]
    """
    kz = _as_bool_array("kz_has_zone", kz_has_zone)
    ru = _as_bool_array("ru_has_zone", ru_has_zone)
    if kz.shape != ru.shape:
        raise ValueError(f"shape mismatch: kz_has_zone {kz.shape} vs ru_has_zone {ru.shape}")
    out: NDArray[np.int64] = _SEZ_HALF * kz.astype(np.int64) + _SEZ_HALF * ru.astype(np.int64)
    return out

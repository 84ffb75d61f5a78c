"""The daily forcing of the snow-and-runoff model, as one checked value.

The model is driven by three daily series that must stay aligned day by day:
precipitation, mean air temperature and potential evaporation (PET). Passing
them as three loose arrays invited two faults: slicing one of them differently
from the others, and checking them again at every call. :class:`Forcing`
checks them once and slices them together.

>>> f = Forcing([3.0, 0.0, 1.5], [5.0, -2.0, 0.5], [1.0, 0.4, 0.8])
>>> f.n_days, f[1:].precip.tolist(), f[1:].pet.tolist()
(3, [0.0, 1.5], [0.4, 0.8])
>>> Forcing([1.0, 2.0], [1.0], [1.0, 1.0])
Traceback (most recent call last):
...
shekara.methods.hydrology.errors.MisalignedSeriesError: HYD005: forcing lengths differ: \
precipitation 2, temperature 1, pet 2
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

from shekara.methods.arrays import Array
from shekara.methods.hydrology.errors import MisalignedSeriesError

__all__ = ["DaySelection", "Forcing", "as_series"]

#: Which days of a forcing to keep: a slice or a boolean mask of the days.
DaySelection = slice | NDArray[np.bool_]


def as_series(name: str, values: ArrayLike) -> Array:
    """One daily series as a contiguous float64 array; HYD005 unless one-dimensional."""
    arr = np.ascontiguousarray(values, dtype=np.float64)
    if arr.ndim != 1:
        raise MisalignedSeriesError(f"{name} must be one-dimensional", column=name)
    return arr


@dataclass(frozen=True, slots=True, eq=False)
class Forcing:
    """Daily precipitation (mm/day), mean air temperature (°C) and PET (mm/day) of a catchment.

    The three series are one-dimensional, of one length and finite (HYD005 otherwise);
    ``forcing[days]`` keeps the same days of all three.
    """

    precip: Array
    temp: Array
    pet: Array

    def __init__(self, precip: ArrayLike, temp: ArrayLike, pet: ArrayLike) -> None:
        p = as_series("precipitation", precip)
        t = as_series("temperature", temp)
        e = as_series("pet", pet)
        if not p.shape == t.shape == e.shape:
            raise MisalignedSeriesError(
                f"forcing lengths differ: precipitation {p.size}, temperature {t.size}, "
                f"pet {e.size}"
            )
        # A finite sum proves every value finite (NaN and inf propagate); this is
        # ~5x cheaper than np.isfinite on each array.
        if not np.isfinite(p.sum() + t.sum() + e.sum()):
            for name, arr in (("precipitation", p), ("temperature", t), ("pet", e)):
                bad = np.flatnonzero(~np.isfinite(arr))
                if bad.size:
                    raise MisalignedSeriesError(
                        f"non-finite forcing at index {bad[0]}", column=name
                    )
        object.__setattr__(self, "precip", p)
        object.__setattr__(self, "temp", t)
        object.__setattr__(self, "pet", e)

    @property
    def n_days(self) -> int:
        return int(self.precip.size)

    def __getitem__(self, days: DaySelection) -> Forcing:
        """The same days of all three series."""
        return Forcing(self.precip[days], self.temp[days], self.pet[days])

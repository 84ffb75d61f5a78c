"""The reservoir itself: stage–storage–area table, spillway, controlled outlet, weir law.

Used by :func:`shekara.methods.hydrology.reservoir.route` (which re-exports these names).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from shekara.methods.hydrology.errors import ReservoirConfigError


def weir_discharge(coefficient: float, length_m: float, head_m: float | NDArray[np.float64]) -> Any:
    """Free-overflow weir ``Q = C·L·h^1.5`` (SI: C in m^0.5/s); zero for ``h ≤ 0``.

    C ≈ 1.7 for a broad-crested weir, ≈ 2.1–2.2 for an ogee crest at design head.

    >>> round(weir_discharge(1.7, 100.0, 2.0), 2)
    480.83
    """
    h = np.maximum(head_m, 0.0)
    q = coefficient * length_m * h**1.5
    return float(q) if np.ndim(q) == 0 else q


@dataclass(frozen=True)
class StorageTable:
    """Level (m), surface area (m²) and storage (m³), strictly increasing in level."""

    levels_m: NDArray[np.float64]
    areas_m2: NDArray[np.float64]
    storages_m3: NDArray[np.float64]

    def __post_init__(self) -> None:
        lv, ar, st = self.levels_m, self.areas_m2, self.storages_m3
        if not (lv.ndim == ar.ndim == st.ndim == 1 and lv.size == ar.size == st.size >= 2):
            raise ReservoirConfigError("table needs at least two rows of level, area and storage")
        if not (np.all(np.isfinite(lv)) and np.all(np.isfinite(ar)) and np.all(np.isfinite(st))):
            raise ReservoirConfigError("table contains non-finite values")
        if np.any(np.diff(lv) <= 0):
            raise ReservoirConfigError("levels must be strictly increasing", column="level")
        if np.any(np.diff(st) <= 0) or st[0] < 0:
            raise ReservoirConfigError(
                "storages must be >= 0 and strictly increasing", column="storage"
            )
        if np.any(ar < 0) or ar[-1] <= 0:
            raise ReservoirConfigError(
                "areas must be >= 0 and the top area positive", column="area"
            )

    @classmethod
    def from_level_area(
        cls, levels_m: ArrayLike, areas_km2: ArrayLike, storage_at_lowest_m3: float = 0.0
    ) -> StorageTable:
        """Build storages by trapezoidal integration of area over level.

        >>> t = StorageTable.from_level_area([0.0, 1.0, 2.0], [0.0, 1.0, 1.0])
        >>> t.storages_m3.tolist()
        [0.0, 500000.0, 1500000.0]
        """
        lv = np.asarray(levels_m, dtype=np.float64)
        ar = np.asarray(areas_km2, dtype=np.float64) * 1e6
        if lv.shape != ar.shape:
            raise ReservoirConfigError("levels and areas differ in length")
        inc = np.diff(lv) * 0.5 * (ar[1:] + ar[:-1])
        st = storage_at_lowest_m3 + np.concatenate(([0.0], np.cumsum(inc)))
        return cls(lv, ar, st)

    def storage_at(self, level_m: float) -> float:
        lv, st = self.levels_m, self.storages_m3
        if level_m < lv[0]:
            raise ReservoirConfigError(
                f"level {level_m} m below the table ({lv[0]} m)", column="level"
            )
        if level_m > lv[-1]:
            return float(st[-1] + self.areas_m2[-1] * (level_m - lv[-1]))
        return float(np.interp(level_m, lv, st))

    def level_at(self, storage_m3: float) -> float:
        lv, st = self.levels_m, self.storages_m3
        if storage_m3 <= st[0]:
            return float(lv[0])
        if storage_m3 > st[-1]:
            return float(lv[-1] + (storage_m3 - st[-1]) / self.areas_m2[-1])
        return float(np.interp(storage_m3, st, lv))

    def area_at(self, level_m: float) -> float:
        return float(np.interp(level_m, self.levels_m, self.areas_m2))


@dataclass(frozen=True, slots=True)
class Spillway:
    """Uncontrolled overflow spillway (or, re-used, the dam crest itself)."""

    crest_level_m: float
    length_m: float
    coefficient: float = 1.7

    def discharge(self, level_m: float) -> float:
        return float(weir_discharge(self.coefficient, self.length_m, level_m - self.crest_level_m))


@dataclass(frozen=True, slots=True)
class ControlledOutlet:
    """Gated outlet / turbines: release on demand up to ``capacity_m3s``."""

    capacity_m3s: float
    invert_level_m: float


@dataclass(frozen=True)
class Reservoir:
    """A dam: storage table, spillway, controlled outlet and dam crest."""

    name: str
    table: StorageTable
    spillway: Spillway
    outlet: ControlledOutlet
    dam_crest_level_m: float
    dam_crest_length_m: float
    dam_crest_coefficient: float = 1.5

    def __post_init__(self) -> None:
        if self.dam_crest_level_m <= self.spillway.crest_level_m:
            raise ReservoirConfigError(
                "dam crest must be above the spillway crest", column="dam_crest"
            )
        if self.spillway.length_m < 0 or self.spillway.coefficient < 0:
            raise ReservoirConfigError(
                "spillway length and coefficient must be >= 0", column="spillway"
            )
        if self.outlet.capacity_m3s < 0:
            raise ReservoirConfigError("outlet capacity must be >= 0", column="outlet")
        if self.dam_crest_length_m <= 0 or self.dam_crest_coefficient <= 0:
            raise ReservoirConfigError(
                "dam crest length and coefficient must be > 0", column="dam_crest"
            )
        if self.outlet.invert_level_m < self.table.levels_m[0]:
            raise ReservoirConfigError("outlet invert below the storage table", column="outlet")

    @property
    def dam_crest(self) -> Spillway:
        return Spillway(self.dam_crest_level_m, self.dam_crest_length_m, self.dam_crest_coefficient)

    def free_outflow(self, storage_m3: float) -> tuple[float, float]:
        """(spillway, overtopping) discharge in m³/s at a storage."""
        h = self.table.level_at(storage_m3)
        return self.spillway.discharge(h), self.dam_crest.discharge(h)

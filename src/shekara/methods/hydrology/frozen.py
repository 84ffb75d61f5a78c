"""Frozen ground: snowmelt on frozen soil runs off instead of soaking in.

On the steppe a deep snowpack lying on frozen soil and melted by a fast thaw makes the
largest spring floods (the 2024 flood of the border rivers came that way): the frozen
soil takes up little of the melt. The model's soil routine is switched, on frozen days,
from the HBV recharge share ``(SM/FC)^BETA`` to

    share = f + (1 − f) · (SM/FC)^BETA,

so a fraction ``f`` (:attr:`FrozenGround.impermeable_share`) of the water reaching the
soil goes straight to the upper response box. Because ``(SM/FC)^BETA ≤ 1``, the share is
never below the unfrozen one: frozen ground never *reduces* the runoff generated from a
given state and input. With the switch off the kernel runs its original arithmetic.

Whether the ground is frozen follows the continuous frozen-ground index of Molnau &
Bissell (1983, *Proc. 51st Western Snow Conference*, 109–119):
``CFGI_t = max(0, A·CFGI_{t−1} − T_t)`` with ``A = 0.97`` per day, frozen while
``CFGI ≥ 83`` °C·days (their threshold). Simplification: the index is driven by air
temperature alone; the insulation of a snow cover (their ``exp(−0.4·K·depth)`` factor)
is left out, which makes the ground freeze a little more readily under deep snow.

>>> fg = FrozenGround()
>>> frac = fg.daily_fraction(np.r_[np.full(30, -5.0), np.full(5, 5.0)])
>>> float(frac[0]), float(frac[29]), float(frac[-1])  # thawed three days after the warm-up
(0.0, 0.6, 0.0)
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

from shekara.methods.hydrology.errors import MisalignedSeriesError, ParameterBoundsError

__all__ = ["FrozenGround", "check_share", "frost_index"]

#: Molnau & Bissell (1983): daily decay coefficient of the index.
CFGI_DECAY = 0.97
#: Molnau & Bissell (1983): index (°C·days) above which the ground counts as frozen.
CFGI_FROZEN = 83.0
#: ASSUMPTION (no source gives one for these basins): share of the soil input that frozen
#: ground sheds as runoff. To be calibrated where frozen-ground springs are observed.
ASSUMED_IMPERMEABLE_SHARE = 0.6


def frost_index(
    temp: ArrayLike, start: float = 0.0, decay: float = CFGI_DECAY
) -> NDArray[np.float64]:
    """The continuous frozen-ground index (°C·days) of each day from daily mean air temperature.

    >>> frost_index([-10.0, -10.0, 5.0]).round(3).tolist()
    [10.0, 19.7, 14.109]
    """
    t = np.asarray(temp, dtype=np.float64)
    out = np.empty(t.size)
    ci = start
    for i, ta in enumerate(t):
        ci = max(0.0, decay * ci - ta)
        out[i] = ci
    return out


@dataclass(frozen=True, slots=True)
class FrozenGround:
    """The frozen-ground switch and its two numbers."""

    impermeable_share: float = ASSUMED_IMPERMEABLE_SHARE
    threshold: float = CFGI_FROZEN

    def __post_init__(self) -> None:
        if not 0.0 <= self.impermeable_share <= 1.0:
            raise ParameterBoundsError(
                "impermeable share must be in [0, 1]", column="impermeable_share"
            )
        if not self.threshold > 0.0:
            raise ParameterBoundsError("frost-index threshold must be positive", column="threshold")

    def daily_fraction(self, temp: ArrayLike, start_index: float = 0.0) -> NDArray[np.float64]:
        """Daily impermeable share: ``impermeable_share`` on frozen days, else 0."""
        frozen = frost_index(temp, start_index) >= self.threshold
        return np.where(frozen, self.impermeable_share, 0.0)


def check_share(share: NDArray[np.float64], n: int) -> NDArray[np.float64]:
    """``share`` if it has ``n`` days (last axis) and lies in [0, 1]; else HYD005."""
    if share.shape[-1] != n or not np.all((share >= 0.0) & (share <= 1.0)):
        raise MisalignedSeriesError(
            "frozen share must be in [0, 1], one value a day", column="frozen"
        )
    return share

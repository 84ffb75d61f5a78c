"""Weighted ensembles: quantiles and exceedance probabilities with a weight per trace.

**Quantile definition.** The traces of one day are sorted, ``x_(1) ≤ … ≤ x_(m)``, with
weights ``w_(i)`` summing to ``S``; trace ``i`` sits at the cumulative mid-point
``p_i = (Σ_{k≤i} w_(k) − w_(i)/2) / S`` and the ``p``-quantile is the linear interpolation
between neighbouring ``(p_i, x_(i))``, held at ``x_(1)`` below ``p_1`` and at ``x_(m)``
above ``p_m``. With equal weights this is the Hazen plotting position (Hyndman & Fan 1996,
definition 5): the 5 % quantile of 72 traces lies between the 4th and 5th.

>>> float(weighted_quantile([[1.0], [2.0], [3.0], [4.0]], [0.5], [0.1, 0.2, 0.3, 0.4])[0, 0])
3.142857142857143

The cumulative mid-points are 0.05, 0.2, 0.45 and 0.8, so the median lies 0.05/0.35 of the
way from 3 to 4. Exceedance probabilities are the summed weights of the traces above the
threshold:

>>> exceedance_probability([[1.0], [2.0], [3.0], [4.0]], 2.5, [0.1, 0.2, 0.3, 0.4]).tolist()
[0.7]
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from numpy.typing import ArrayLike, NDArray

from shekara.methods.hydrology.errors import ForecastConfigError

__all__ = ["exceedance_probability", "normalise_weights", "weighted_quantile"]


def normalise_weights(weights: ArrayLike | None, m: int) -> NDArray[np.float64]:
    """Weights as an ``(m,)`` array summing to 1 (equal when ``None``); refuse bad ones.

    >>> normalise_weights([1, 3], 2).tolist()
    [0.25, 0.75]
    """
    if weights is None:
        return np.full(m, 1.0 / m)
    w = np.asarray(weights, dtype=np.float64)
    if w.shape != (m,) or not np.all(np.isfinite(w)) or np.any(w < 0) or w.sum() <= 0:
        raise ForecastConfigError(
            f"member weights must be {m} non-negative numbers with a positive sum",
            column="weights",
        )
    out: NDArray[np.float64] = w / w.sum()
    return out


def weighted_quantile(
    ensemble: ArrayLike,
    levels: Sequence[float] | NDArray[np.float64],
    weights: ArrayLike | None = None,
) -> NDArray[np.float64]:
    """Quantiles ``(len(levels), n)`` of an ``(m, n)`` ensemble; see the module docstring."""
    x = np.asarray(ensemble, dtype=np.float64)
    w = normalise_weights(weights, x.shape[0])
    order = np.argsort(x, axis=0, kind="stable")
    xs = np.take_along_axis(x, order, axis=0)
    ws = w[order]
    pos = np.cumsum(ws, axis=0) - ws / 2
    lv = np.asarray(levels, dtype=np.float64)
    if np.all(w > 0):
        return _interp_columns(lv, pos, xs)
    out = np.empty((lv.size, x.shape[1]))
    for j in range(x.shape[1]):  # members of weight 0 do not exist: leave them out per day
        keep = ws[:, j] > 0
        out[:, j] = np.interp(lv, pos[keep, j], xs[keep, j])
    return out


def _interp_columns(
    levels: NDArray[np.float64], pos: NDArray[np.float64], xs: NDArray[np.float64]
) -> NDArray[np.float64]:
    """``np.interp(levels, pos[:, j], xs[:, j])`` for every column ``j`` at once (strictly
    increasing ``pos``), with numpy's arithmetic: ``slope·(level − pos_lo) + x_lo``."""
    m = pos.shape[0]
    count = (pos[None, :, :] <= levels[:, None, None]).sum(axis=1)
    lo = np.clip(count - 1, 0, m - 1)
    hi = np.clip(count, 0, m - 1)
    p_lo, p_hi = np.take_along_axis(pos, lo, axis=0), np.take_along_axis(pos, hi, axis=0)
    x_lo, x_hi = np.take_along_axis(xs, lo, axis=0), np.take_along_axis(xs, hi, axis=0)
    inside = hi > lo
    with np.errstate(invalid="ignore", divide="ignore"):
        slope = (x_hi - x_lo) / (p_hi - p_lo)
        out: NDArray[np.float64] = np.where(inside, slope * (levels[:, None] - p_lo) + x_lo, x_lo)
    return out


def exceedance_probability(
    ensemble: ArrayLike, threshold: float, weights: ArrayLike | None = None
) -> NDArray[np.float64]:
    """Per day, the summed weight of the traces above ``threshold``."""
    x = np.asarray(ensemble, dtype=np.float64)
    out: NDArray[np.float64] = normalise_weights(weights, x.shape[0]) @ (x > threshold)
    return out

"""Probabilistic forecast verification: CRPS, band coverage, reliability, Brier skill, peak timing.

All functions take an ensemble as an ``(m, n)`` array (``m`` members, ``n`` days) and the
observation as an ``(n,)`` array, and ignore nothing silently: a NaN anywhere is an error.

**CRPS of an ensemble.** The continuous ranked probability score of the empirical
distribution of ``x_1..x_m`` against the observation ``y`` is

    CRPS = (1/m) Σ_i |x_i − y| − 1/(2 m²) Σ_i Σ_j |x_i − x_j|,

which equals the integral ``∫ (F_m(x) − H(x − y))² dx`` of the step CDF that Hersbach (2000,
*Weather and Forecasting* 15, 559–570, eq. 5 and the decomposition of sect. 4) evaluates
piecewise between sorted members. The double sum is computed in ``O(m log m)`` from the
sorted members: ``Σ_i Σ_j |x_i − x_j| = 2 Σ_k (2k − m − 1) x_(k)``.

>>> float(crps_ensemble([[1.0], [2.0], [3.0]], [2.0])[0])  # 2/3 − 4/9 = 2/9
0.2222222222222222

Skill against a reference (climatology): ``CRPSS = 1 − CRPS / CRPS_ref``; above 0 means
the forecast beats the reference.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from shekara.methods.hydrology.errors import MisalignedSeriesError
from shekara.methods.hydrology.weights import normalise_weights, weighted_quantile

__all__ = [
    "ReliabilityBin",
    "band_coverage",
    "brier_score",
    "crps_ensemble",
    "peak_day_error",
    "reliability_table",
    "skill_score",
]


def _ensemble(
    members: ArrayLike, obs: ArrayLike
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    x = np.asarray(members, dtype=np.float64)
    y = np.asarray(obs, dtype=np.float64)
    if x.ndim != 2 or y.ndim != 1 or x.shape[1] != y.size or x.shape[0] == 0:
        raise MisalignedSeriesError(
            f"ensemble must be (m, n) and observation (n,), got {x.shape} and {y.shape}"
        )
    if not (np.all(np.isfinite(x)) and np.all(np.isfinite(y))):
        raise MisalignedSeriesError("non-finite value in ensemble or observation")
    return x, y


def crps_ensemble(
    members: ArrayLike, obs: ArrayLike, weights: ArrayLike | None = None
) -> NDArray[np.float64]:
    """CRPS of the ensemble on each day (same unit as the data); see the module docstring.

    With ``weights`` (one per member, normalised to sum 1) the members form a weighted
    empirical distribution: ``Σ w_i|x_i − y| − ½ Σ_i Σ_j w_i w_j |x_i − x_j|``, the pair sum
    taken from the sorted members as ``2 Σ_k w_(k) x_(k) (W_before(k) − W_after(k))``.

    >>> crps_ensemble([[5.0, 0.0]], [3.0, 0.0]).tolist()  # one member: absolute error
    [2.0, 0.0]
    >>> crps_ensemble([[0.0], [4.0]], [1.0], [0.75, 0.25]).tolist()  # 1.5 − 0.1875·4
    [0.75]
    """
    x, y = _ensemble(members, obs)
    m = x.shape[0]
    if weights is not None:
        w = normalise_weights(weights, m)
        order = np.argsort(x, axis=0, kind="stable")
        xs, ws = np.take_along_axis(x, order, axis=0), w[order]
        before = np.cumsum(ws, axis=0) - ws
        after = 1.0 - before - ws
        pairs = 2.0 * np.sum(ws * xs * (before - after), axis=0)
        out_w: NDArray[np.float64] = w @ np.abs(x - y[None, :]) - 0.5 * pairs
        return out_w
    spread_term = np.abs(x - y[None, :]).mean(axis=0)
    xs = np.sort(x, axis=0)
    k = np.arange(1, m + 1, dtype=np.float64)[:, None]
    pair_sum = 2.0 * np.sum((2.0 * k - m - 1.0) * xs, axis=0)
    out: NDArray[np.float64] = spread_term - pair_sum / (2.0 * m * m)
    return out


def skill_score(score: float, reference: float) -> float:
    """``1 − score / reference`` for negatively oriented scores (CRPS, Brier).

    >>> skill_score(0.5, 1.0)
    0.5
    """
    if reference <= 0.0:
        return float("nan")
    return 1.0 - score / reference


def band_coverage(lower: ArrayLike, upper: ArrayLike, obs: ArrayLike) -> tuple[int, int]:
    """(days with ``lower ≤ obs ≤ upper``, days): how often a central band held the truth.

    >>> band_coverage([0, 0, 0], [1, 1, 1], [0.5, 2.0, 1.0])
    (2, 3)
    """
    lo, hi, y = (np.asarray(a, dtype=np.float64) for a in (lower, upper, obs))
    if not lo.shape == hi.shape == y.shape:
        raise MisalignedSeriesError("band limits and observation differ in length")
    return int(np.sum((lo <= y) & (y <= hi))), int(y.size)


def brier_score(prob: ArrayLike, outcome: ArrayLike) -> float:
    """Mean squared difference between forecast probability and the 0/1 outcome.

    >>> brier_score([1.0, 0.5, 0.0], [1, 0, 0])
    0.08333333333333333
    """
    p = np.asarray(prob, dtype=np.float64)
    o = np.asarray(outcome, dtype=np.float64)
    if p.shape != o.shape or p.size == 0:
        raise MisalignedSeriesError("probabilities and outcomes differ in length")
    return float(np.mean((p - o) ** 2))


@dataclass(frozen=True, slots=True)
class ReliabilityBin:
    """One row of a reliability table: forecasts whose probability fell in ``[low, high)``."""

    low: float
    high: float
    count: int
    mean_forecast: float | None
    observed_frequency: float | None

    def to_dict(self) -> dict[str, Any]:
        def r(v: float | None) -> float | None:
            return None if v is None else round(v, 4)

        return {
            "bin": [self.low, self.high],
            "count": self.count,
            "mean_forecast": r(self.mean_forecast),
            "observed_frequency": r(self.observed_frequency),
        }


def reliability_table(
    prob: ArrayLike, outcome: ArrayLike, edges: Sequence[float] = tuple(np.linspace(0, 1, 11))
) -> list[ReliabilityBin]:
    """Bin forecast probabilities and compare each bin's mean with the observed frequency.

    The last bin is closed (``p = 1`` falls in it). A reliable forecast has
    ``observed_frequency ≈ mean_forecast`` in every populated bin.

    >>> [b.count for b in reliability_table([0.05, 0.95, 1.0], [0, 1, 1], (0.0, 0.5, 1.0))]
    [1, 2]
    """
    p = np.asarray(prob, dtype=np.float64)
    o = np.asarray(outcome, dtype=np.float64)
    if p.shape != o.shape:
        raise MisalignedSeriesError("probabilities and outcomes differ in length")
    e = np.asarray(edges, dtype=np.float64)
    idx = np.clip(np.searchsorted(e, p, side="right") - 1, 0, e.size - 2)
    rows = []
    for b in range(e.size - 1):
        sel = idx == b
        n = int(sel.sum())
        rows.append(
            ReliabilityBin(
                float(round(e[b], 4)),
                float(round(e[b + 1], 4)),
                n,
                float(p[sel].mean()) if n else None,
                float(o[sel].mean()) if n else None,
            )
        )
    return rows


def peak_day_error(members: ArrayLike, obs: ArrayLike, weights: ArrayLike | None = None) -> int:
    """Forecast minus observed day of the peak, in days (positive = forecast late).

    The forecast peak day is the (weighted) median over members of each member's peak day,
    rounded half-down to a whole day.

    >>> peak_day_error([[0, 5, 1, 0], [0, 1, 5, 0], [0, 0, 5, 1]], [0, 0, 0, 9])
    -1
    """
    x, y = _ensemble(members, obs)
    days = np.argmax(x, axis=1).astype(np.float64)
    if weights is None:
        median = float(np.median(days))
    else:
        median = float(weighted_quantile(days[:, None], [0.5], weights)[0, 0])
    forecast_day = int(np.floor(median + 0.5 - 1e-9))
    return forecast_day - int(np.argmax(y))

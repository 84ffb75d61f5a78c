"""Confidence intervals for simulated waits: the method of batch means.

A long run is cut, after a warm-up, into ``batches`` equal time windows; each
window gives one estimate (mean wait, 90th percentile, P(W > t)).  With windows
much longer than the queue's memory the estimates are nearly independent, and
the Student-t interval over them is the 95 % confidence interval.

>>> import numpy as np
>>> est = batch_ci(np.array([1.0, 2.0, 3.0, 4.0]))
>>> round(est.value, 3), round(est.low, 3), round(est.high, 3)
(2.5, 0.446, 4.554)
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray
from scipy import stats as st

from shekara.plain import Plain

__all__ = ["Estimate", "WaitSummary", "batch_ci", "summarise_waits"]


@dataclass(frozen=True)
class Estimate(Plain):
    """A point estimate with its 95 % confidence interval."""

    value: float
    low: float
    high: float

    def contains(self, x: float) -> bool:
        return self.low <= x <= self.high


def batch_ci(values: NDArray[np.float64], level: float = 0.95) -> Estimate:
    """Mean of the batch values and the Student-t interval around it."""
    v = np.asarray(values, dtype=np.float64)
    v = v[np.isfinite(v)]
    if v.size < 2:
        m = float(v.mean()) if v.size else float("nan")
        return Estimate(m, float("nan"), float("nan"))
    m = float(v.mean())
    half = float(st.t.ppf(0.5 + level / 2, v.size - 1) * v.std(ddof=1) / np.sqrt(v.size))
    return Estimate(m, m - half, m + half)


@dataclass(frozen=True)
class WaitSummary:
    """Summary of simulated waits (hours) after the warm-up."""

    customers: int
    served: int
    balked: int
    mean_wait: Estimate
    p90_wait: Estimate
    p_wait_exceeds_t: Estimate
    t: float

    def to_dict(self) -> dict[str, object]:
        return {
            "customers": self.customers,
            "served": self.served,
            "balked": self.balked,
            "balk_share": self.balked / self.customers if self.customers else 0.0,
            "mean_wait": self.mean_wait.to_dict(),
            "p90_wait": self.p90_wait.to_dict(),
            "p_wait_exceeds_t": self.p_wait_exceeds_t.to_dict(),
            "t": self.t,
        }


def summarise_waits(
    arrival: NDArray[np.float64],
    wait: NDArray[np.float64],
    horizon: float,
    *,
    warmup: float,
    t: float,
    batches: int = 20,
) -> WaitSummary:
    """Batch-means summary of the customers arriving in ``[warmup, horizon)``.

    Balked customers (``nan``) are counted but carry no wait; customers never
    served (``inf``) count as waiting longer than any ``t``.
    """
    if not 0.0 <= warmup < horizon:
        raise ValueError("warm-up must be >= 0 and shorter than the horizon")
    if batches < 2:
        raise ValueError("at least 2 batches are needed for an interval")
    keep = (arrival >= warmup) & (arrival < horizon)
    a, w = arrival[keep], wait[keep]
    balked = np.isnan(w)
    edges = np.linspace(warmup, horizon, batches + 1)
    idx = np.clip(np.searchsorted(edges, a, side="right") - 1, 0, batches - 1)
    means, p90s, exceed = (np.full(batches, np.nan) for _ in range(3))
    for b in range(batches):
        wb = w[(idx == b) & ~balked]
        if wb.size:
            fin = wb[np.isfinite(wb)]
            means[b] = fin.mean() if fin.size == wb.size else np.inf
            with np.errstate(invalid="ignore"):
                p90s[b] = np.quantile(wb, 0.9)
            exceed[b] = float(np.mean(wb > t))
    return WaitSummary(
        customers=int(a.size),
        served=int(np.sum(np.isfinite(w))),
        balked=int(balked.sum()),
        mean_wait=batch_ci(means),
        p90_wait=batch_ci(p90s),
        p_wait_exceeds_t=batch_ci(exceed),
        t=t,
    )

"""Probabilistic Hamilton–Perry bands from the historical variability of the ratios.

The log cohort-change and child–adult ratios of every historical window (``t−n → t``
for each year *t* of a chosen span) give a matrix of deviations from their mean.
Each projected step of each path adds one historical deviation vector, drawn at
random (a bootstrap over windows, so the correlation between age groups is kept),
to the log of the base ratios. The generator is seeded: the same seed gives the
same paths.

Example:
    >>> import numpy as np
    >>> hist = np.vstack([np.full(21, 100.0) * 1.01 ** y for y in range(12)])
    >>> model = RatioVariability.from_history(hist, step_years=5)
    >>> model.windows
    7
    >>> paths = simulate(hist[-1], model, steps=3, n_paths=4, seed=1)
    >>> paths.shape
    (4, 4, 21)
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from shekara.methods.arrays import Array
from shekara.methods.demography.errors import DemographyError
from shekara.methods.demography.hamilton_perry import (
    HamiltonPerryRatios,
    advance,
    check_distribution,
    cohort_change_ratios,
)


@dataclass(frozen=True)
class RatioVariability:
    """Base (latest-window) ratios and the historical log-deviations to resample."""

    base: HamiltonPerryRatios
    ccr_dev: Array  # (windows, 21); NaN-free (0 where a ratio is undefined)
    car_dev: Array  # (windows, k)

    @property
    def windows(self) -> int:
        return int(self.ccr_dev.shape[0])

    @classmethod
    def from_history(cls, history: Array, step_years: int) -> RatioVariability:
        """*history*: annual distributions, shape (years, 21), consecutive years.

        Windows are ``history[i] → history[i + step_years]``; the last one is the base.
        """
        h = check_distribution(history, "history")
        if h.ndim != 2 or h.shape[0] <= step_years + 1:
            raise DemographyError(
                "DEM020", f"need more than {step_years + 1} consecutive years of history"
            )
        r = cohort_change_ratios(h[:-step_years], h[step_years:], step_years)
        base = HamiltonPerryRatios(step_years, r.ccr[-1], r.car[-1])
        return cls(base, _log_dev(r.ccr), _log_dev(r.car))


def _log_dev(x: Array) -> Array:
    with np.errstate(divide="ignore", invalid="ignore"):
        lg = np.log(x)
    lg = np.where(np.isfinite(lg), lg, np.nan)
    mean = np.nanmean(np.where(np.all(np.isnan(lg), axis=0), 0.0, lg), axis=0)
    dev = lg - mean
    return np.where(np.isfinite(dev), dev, 0.0)


def simulate(
    base_population: Array,
    model: RatioVariability,
    steps: int,
    n_paths: int,
    seed: int,
) -> Array:
    """Paths of the population: shape ``(n_paths, steps + 1, 21)``.

    Vectorised over paths: one NumPy operation per age block and step.
    """
    p0 = check_distribution(base_population, "base population")
    if n_paths < 1 or steps < 0:
        raise DemographyError("DEM021", "need at least one path and steps >= 0")
    rng = np.random.default_rng(seed)
    r = model.base
    log_ccr = np.log(np.where(r.ccr > 0, r.ccr, 1.0))
    log_car = np.log(np.where(r.car > 0, r.car, 1.0))
    out = np.empty((n_paths, steps + 1, p0.shape[-1]))
    out[:, 0] = p0
    for s in range(steps):
        pick = rng.integers(0, model.windows, size=n_paths)
        ccr = np.where(r.ccr > 0, np.exp(log_ccr + model.ccr_dev[pick]), 0.0)
        car = np.where(r.car > 0, np.exp(log_car + model.car_dev[pick]), 0.0)
        out[:, s + 1] = advance(out[:, s], HamiltonPerryRatios(r.step_years, ccr, car))
    return out


def quantile_bands(paths: Array, levels: tuple[float, ...] = (0.05, 0.5, 0.95)) -> Array:
    """Quantiles of the total population per step: shape ``(len(levels), steps + 1)``."""
    return np.asarray(np.quantile(paths.sum(axis=-1), levels, axis=0), dtype=np.float64)

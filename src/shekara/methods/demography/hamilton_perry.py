"""Hamilton–Perry projection: cohort-change ratios and child–adult ratios.

The method needs only two age distributions *n* years apart (Hamilton & Perry 1962;
Swanson, Schlottmann & Schmidt 2010). For five-year groups and a step of
``n = 5k`` years:

* cohort-change ratio ``CCR_i = P_i(t) / P_{i-k}(t-n)`` for groups ``i >= k``; the open
  group takes everyone ``k`` groups below it: ``CCR_open = P_open(t) / Σ P_{open-k..open}(t-n)``;
* child–adult ratio ``CAR_j = P_j(t) / P_{15+5j .. 49+5j}(t)`` for the ``k`` child groups
  (both sexes: the shipped WPP tables have no women by age, so the classic
  child–woman ratio uses all adults of those ages instead).

A projection applies the ratios to the base population step by step; the adult
groups first, then the children from the projected adults. Net migration is
inside the ratios (the method cannot separate births, deaths and migration);
extra programme inflows are added explicitly, at the end of a step, in the age
group the migrants have at its end.

All functions are vectorised: the last axis is the age group, any leading axes
(scenarios, stochastic paths) broadcast.

Example (two groups of children, a 10-year step, hand-checked):
    >>> import numpy as np
    >>> p0 = np.full(21, 100.0); p1 = np.full(21, 90.0)
    >>> r = cohort_change_ratios(p0, p1, step_years=10)
    >>> round(float(r.ccr[5]), 3), round(float(r.car[0]), 4)
    (0.9, 0.1429)
    >>> float(advance(p1, r)[5])
    81.0
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from shekara.methods.arrays import Array
from shekara.methods.demography.ages import N_GROUPS, STEP_YEARS, group_slice
from shekara.methods.demography.errors import DemographyError


@dataclass(frozen=True)
class HamiltonPerryRatios:
    """Ratios of one interval: ``ccr`` (groups ``k..``; lower entries are NaN) and ``car``."""

    step_years: int
    ccr: Array
    car: Array

    @property
    def shift(self) -> int:
        """Number of age groups a cohort moves in one step (``k``)."""
        return self.step_years // STEP_YEARS


def check_distribution(p: Array, what: str = "population") -> Array:
    """A float array whose last axis has the 21 groups, finite and non-negative."""
    arr = np.asarray(p, dtype=np.float64)
    if arr.shape[-1:] != (N_GROUPS,):
        raise DemographyError(
            "DEM001", f"{what}: need {N_GROUPS} age groups, got shape {arr.shape}"
        )
    if not np.all(np.isfinite(arr)) or np.any(arr < 0):
        raise DemographyError("DEM002", f"{what}: values must be finite and non-negative")
    return arr


def _shift_of(step_years: int) -> int:
    if step_years <= 0 or step_years % STEP_YEARS or step_years // STEP_YEARS > 3:
        raise DemographyError("DEM003", f"step must be 5, 10 or 15 years, got {step_years}")
    return step_years // STEP_YEARS


def _ratio(num: Array, den: Array) -> Array:
    # A cohort with nobody in it carries nobody forward: ratio 0, not NaN.
    out = np.zeros(np.broadcast(num, den).shape)
    np.divide(num, den, out=out, where=den > 0)
    return out


def adults_for_child_group(p: Array, j: int) -> Array:
    """Population of the adults that 'produce' child group *j* (ages 15+5j to 49+5j)."""
    return np.asarray(p[..., group_slice(15 + 5 * j, 50 + 5 * j)].sum(axis=-1), dtype=np.float64)


def cohort_change_ratios(p_start: Array, p_end: Array, step_years: int) -> HamiltonPerryRatios:
    """Cohort-change and child–adult ratios between two distributions *step_years* apart."""
    k = _shift_of(step_years)
    a = check_distribution(p_start, "start population")
    b = check_distribution(p_end, "end population")
    ccr = np.full(np.broadcast(a, b).shape, np.nan)
    ccr[..., k:-1] = _ratio(b[..., k:-1], a[..., : -k - 1])
    ccr[..., -1] = _ratio(b[..., -1], a[..., -k - 1 :].sum(axis=-1))
    car = np.stack([_ratio(b[..., j], adults_for_child_group(b, j)) for j in range(k)], axis=-1)
    return HamiltonPerryRatios(step_years, ccr, car)


def advance(p: Array, ratios: HamiltonPerryRatios, inflow: Array | None = None) -> Array:
    """One step: the population *ratios.step_years* later (plus *inflow* at the step's end)."""
    k = ratios.shift
    new = np.empty(np.broadcast(p, ratios.ccr).shape)
    new[..., k:-1] = ratios.ccr[..., k:-1] * p[..., : -k - 1]
    new[..., -1] = ratios.ccr[..., -1] * p[..., -k - 1 :].sum(axis=-1)
    for j in range(k):
        new[..., j] = ratios.car[..., j] * adults_for_child_group(new, j)
    # Programme migrants arrive at the step's end: they neither survive nor bear
    # children within it (their own children arriving with them are in *inflow*).
    return new if inflow is None else new + inflow


def project(
    base: Array,
    ratios: HamiltonPerryRatios,
    steps: int,
    inflows: Array | None = None,
) -> Array:
    """Populations at the base and after each of *steps* steps: shape ``(steps + 1, ..., 21)``.

    *inflows*, if given, has shape ``(steps, 21)``: programme migrants counted at the
    end of each step, by their age then (see the module docstring).
    """
    p = check_distribution(base, "base population")
    if steps < 0:
        raise DemographyError("DEM004", f"steps must be >= 0, got {steps}")
    if inflows is not None and inflows.shape != (steps, N_GROUPS):
        raise DemographyError(
            "DEM005", f"inflows: need shape ({steps}, {N_GROUPS}), got {inflows.shape}"
        )
    out = [p]
    for s in range(steps):
        p = advance(p, ratios, None if inflows is None else inflows[s])
        out.append(p)
    return np.stack(out)


def trended_ratios(
    earlier: HamiltonPerryRatios, later: HamiltonPerryRatios, steps_ahead: int
) -> HamiltonPerryRatios:
    """Ratios after the log-change from *earlier* to *later* continues *steps_ahead* times.

    ``r = later · (later / earlier) ** steps_ahead`` per group; a group with a zero ratio
    in either window keeps *later*'s value (no trend can be measured there).

    >>> import numpy as np
    >>> e = HamiltonPerryRatios(5, np.full(21, 0.8), np.full(1, 0.2))
    >>> l = HamiltonPerryRatios(5, np.full(21, 0.9), np.full(1, 0.25))
    >>> round(float(trended_ratios(e, l, 1).ccr[3]), 4)
    1.0125
    """
    if earlier.step_years != later.step_years:
        raise DemographyError("DEM006", "trend needs two windows with the same step")

    def trend(a: Array, b: Array) -> Array:
        ok = (a > 0) & (b > 0) & np.isfinite(a) & np.isfinite(b)
        g = np.ones_like(b)
        np.divide(b, a, out=g, where=ok)
        return np.where(ok, b * g**steps_ahead, b)

    return HamiltonPerryRatios(
        later.step_years, trend(earlier.ccr, later.ccr), trend(earlier.car, later.car)
    )

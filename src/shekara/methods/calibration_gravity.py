"""Compare candidate reconstructions of the gravity index with published values.

Formula (1) of the article is missing (000_63cf53f9b2286ec3.txt:172), so its
reconstruction is an empirical question: compute the index under several
variants (distance exponent, population basis, distance type, units) and see
which one reproduces the published Table 2 (000_63cf53f9b2286ec3.txt:566-583).

Per variant, with ``r_k = computed_k / published_k``:

* ``ratios``                 – the per-pair ``r_k``;
* ``geometric_mean_ratio``   – ``exp(mean(ln r))``: the overall level (units) mismatch;
* ``log_ratio_std``          – population std (ddof = 0) of ``ln r``: the shape mismatch
  left after removing a common scale factor;
* ``max_abs_log_ratio``      – ``max |ln r|``: the worst pair;
* ``rms_log_ratio``          – ``sqrt(mean((ln r)²))``: level and shape together;
* ``spearman_rho``           – Spearman rank correlation (``scipy.stats.spearmanr``);
* ``max_abs_rel_error``      – ``max |r - 1|``.

Selection criterion (documented, default ``"rms_log"``): the variant with the
smallest ``rms_log_ratio`` wins, because the published numbers carry units
(a variant that matches the ranking but is off by a factor of 1000 is not a
reconstruction).  Ties go to the higher Spearman rho, then to the earlier
variant.  ``"spread"`` ranks by ``log_ratio_std`` instead (scale-free), and
``"max_abs_log"`` by ``max_abs_log_ratio`` (worst case).

>>> rep = compare_gravity_variants([10.0, 20.0, 40.0],
...                                {"exact": [10.0, 20.0, 40.0], "double": [20.0, 40.0, 80.0]})
>>> rep.best, rep.fit("double").geometric_mean_ratio, rep.fit("double").log_ratio_std
('exact', 2.0, 0.0)
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal, get_args

import numpy as np
from numpy.typing import ArrayLike, NDArray
from scipy import stats

__all__ = [
    "CalibrationReport",
    "SelectionCriterion",
    "VariantFit",
    "compare_gravity_variants",
    "fit_variant",
]

SelectionCriterion = Literal["rms_log", "spread", "max_abs_log"]


@dataclass(frozen=True)
class VariantFit:
    """Agreement of one computed variant with the published values."""

    name: str
    ratios: tuple[float, ...]
    geometric_mean_ratio: float
    log_ratio_std: float
    max_abs_log_ratio: float
    rms_log_ratio: float
    spearman_rho: float
    max_abs_rel_error: float

    def n_within(self, rel_tol: float) -> int:
        """Number of pairs with ``|ratio - 1| <= rel_tol``."""
        return sum(1 for r in self.ratios if abs(r - 1.0) <= rel_tol + 1e-12)

    def meets(self, rel_tol: float = 0.35, min_spearman: float = 0.9) -> bool:
        """True if every pair is within ``rel_tol`` and Spearman rho >= ``min_spearman``."""
        return self.n_within(rel_tol) == len(self.ratios) and self.spearman_rho >= min_spearman


@dataclass(frozen=True)
class CalibrationReport:
    """All variant fits (input order) and the selected variant."""

    criterion: SelectionCriterion
    variants: tuple[VariantFit, ...]
    best: str

    def fit(self, name: str) -> VariantFit:
        """The fit of the variant called ``name``."""
        for v in self.variants:
            if v.name == name:
                return v
        raise KeyError(name)


def _positive_1d(name: str, values: ArrayLike) -> NDArray[np.float64]:
    arr = np.asarray(values, dtype=np.float64)
    if arr.ndim != 1 or arr.size < 2:
        raise ValueError(f"{name} must be 1-D with at least 2 values; got shape {arr.shape}")
    if not np.all(np.isfinite(arr)) or np.any(arr <= 0.0):
        raise ValueError(f"{name} must be finite and > 0 (ratios are taken in logs)")
    return arr


def fit_variant(name: str, published: ArrayLike, computed: ArrayLike) -> VariantFit:
    """Statistics of ``computed / published`` for one variant (see module docstring).

    >>> f = fit_variant("v", [100.0, 200.0, 400.0], [110.0, 180.0, 400.0])
    >>> [round(r, 2) for r in f.ratios], round(f.max_abs_rel_error, 2), f.spearman_rho
    ([1.1, 0.9, 1.0], 0.1, 1.0)
    """
    pub = _positive_1d("published", published)
    comp = _positive_1d(f"computed[{name!r}]", computed)
    if pub.shape != comp.shape:
        raise ValueError(
            f"variant {name!r} has {comp.size} values but {pub.size} published values were given"
        )
    ratio = comp / pub
    lr = np.log(ratio)
    if np.ptp(pub) == 0.0 or np.ptp(comp) == 0.0:
        rho = math.nan  # rank correlation undefined for a constant vector
    else:
        rho = float(stats.spearmanr(comp, pub).statistic)
    return VariantFit(
        name=name,
        ratios=tuple(float(x) for x in ratio),
        geometric_mean_ratio=float(np.exp(lr.mean())),
        log_ratio_std=float(lr.std()),
        max_abs_log_ratio=float(np.abs(lr).max()),
        rms_log_ratio=float(np.sqrt(np.mean(lr * lr))),
        spearman_rho=rho,
        max_abs_rel_error=float(np.abs(ratio - 1.0).max()),
    )


def compare_gravity_variants(
    published: ArrayLike,
    variants: Mapping[str, ArrayLike],
    *,
    criterion: SelectionCriterion = "rms_log",
) -> CalibrationReport:
    """Fit every variant against ``published`` and pick the best by ``criterion``."""
    if criterion not in get_args(SelectionCriterion):
        raise ValueError(
            f"criterion must be one of {get_args(SelectionCriterion)}; got {criterion!r}"
        )
    if not variants:
        raise ValueError("at least one variant is needed")
    fits = tuple(fit_variant(name, published, comp) for name, comp in variants.items())

    def key(pos_fit: tuple[int, VariantFit]) -> tuple[float, float, int]:
        pos, f = pos_fit
        primary = {
            "rms_log": f.rms_log_ratio,
            "spread": f.log_ratio_std,
            "max_abs_log": f.max_abs_log_ratio,
        }[criterion]
        rho = -f.spearman_rho if math.isfinite(f.spearman_rho) else math.inf
        return (round(primary, 12), rho, pos)

    best = min(enumerate(fits), key=key)[1]
    return CalibrationReport(criterion=criterion, variants=fits, best=best.name)

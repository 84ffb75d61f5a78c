"""Calibrating the spread of the ESP ensemble: candidate error models and a nested choice.

Three error models (all in log space, ``z = ln(q + c)``, see :mod:`.postprocess`) are
candidates; which one is used, and all its parameters, are fitted on the hindcasts passed
in only — the caller leaves out the year it verifies or forecasts:

``residual_traces``
    :func:`.postprocess.fit_error_model`: the members' deviations shrunk by ``a``, plus the
    decaying state error ``ρ^L·e0``, plus each training year's whole-window residual trace.
``scaled_traces``
    the same with the residual traces widened by a factor ``b`` in [1, 2.5]. In log space
    this is a multiplicative error, so the spread in m³/s grows with the flow (heteroscedastic);
    ``b`` minimises the weighted interval score (below) of a leave-one-year-out over the
    training years.
``log_ngr``
    nonhomogeneous Gaussian regression in log space (after Gneiting et al. 2005, *Mon. Wea.
    Rev.* 133, 1098–1118): ``z ~ N(z̄ + ρ^L·e0 + μ, c²·s²_members + σ²)`` with
    ``ln σ = β0 + β1·ln L + β2·(z̄ − z_ref)`` — variance growing or shrinking with lead time
    ``L`` and with the flow. Fitted by minimum mean CRPS (closed form for the normal) on the
    training hindcasts; the ensemble handed on is its quantiles at ``(k − ½)/K``.

**Choice (nested leave-one-year-out).** :func:`select_spread_model` fits every candidate on
all training years but one, scores it on the one left out, over every training year, and
keeps the candidate with the lowest mean *weighted interval score* (Bracher et al. 2021,
*PLOS Comput. Biol.* 17, e1008618) of the median and the central 50 % and 90 % intervals
(in mm/day, the bands the outlook states); the winner is then refitted on all training
years. The criterion was fixed before any verification figure was looked at.

>>> import numpy as np
>>> round(weighted_interval_score(np.array([[0.0], [1.0], [2.0], [3.0], [4.0]]),
...                               np.array([2.0])), 4)  # obs at the median: widths only
0.28
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from numpy.typing import NDArray
from scipy.optimize import minimize, minimize_scalar
from scipy.special import ndtr, ndtri

from shekara.methods.hydrology.errors import ForecastConfigError
from shekara.methods.hydrology.postprocess import (
    ErrorModel,
    Hindcast,
    _dressed,
    _residual_traces,
    fit_error_model,
    from_log,
    to_log,
)
from shekara.methods.hydrology.weights import weighted_quantile

__all__ = [
    "CANDIDATES",
    "SpreadModel",
    "fit_candidate",
    "select_spread_model",
    "spread_ensemble",
    "weighted_interval_score",
]

CANDIDATES: tuple[str, ...] = ("residual_traces", "scaled_traces", "log_ngr")
#: Levels whose quantiles the interval score uses: median, 50 % and 90 % central bands.
WIS_LEVELS: tuple[float, ...] = (0.05, 0.25, 0.5, 0.75, 0.95)
SCALE_BOUNDS = (1.0, 2.5)
#: Quantiles handed on by the Gaussian model: K levels (k − ½)/K.
NGR_QUANTILES = 72
_SQRT_2PI = np.sqrt(2 * np.pi)


@dataclass(frozen=True)
class SpreadModel:
    """A fitted spread calibration: the candidate's name and its parameters."""

    kind: str
    base: ErrorModel
    scale: float = 1.0
    ngr: tuple[float, ...] = ()  # (mu, c, beta0, beta1, beta2, z_ref) for log_ngr
    inner_scores: dict[str, float] = field(default_factory=dict)
    pit: tuple[float, ...] = ()  # sorted out-of-sample PITs of the training years (mapping)

    def levels(self, k: int = NGR_QUANTILES) -> NDArray[np.float64]:
        """The ``k`` probability levels ``(i − ½)/k`` the output quantiles sit at, passed
        through the PIT mapping ``G⁻¹`` when there is one."""
        nominal = (np.arange(k) + 0.5) / k
        if not self.pit:
            return nominal
        out: NDArray[np.float64] = weighted_quantile(np.array(self.pit)[:, None], nominal)[:, 0]
        return out

    def to_dict(self) -> dict[str, Any]:
        out = {"kind": self.kind, **self.base.to_dict()}
        if self.kind == "scaled_traces":
            out["trace_scale"] = round(self.scale, 3)
        if self.kind == "log_ngr":
            names = ("mu", "c", "beta0", "beta1", "beta2", "z_ref")
            out["ngr"] = {k: round(v, 4) for k, v in zip(names, self.ngr, strict=True)}
        if self.inner_scores:
            out["inner_loyo_wis_mm"] = {k: round(v, 5) for k, v in self.inner_scores.items()}
        if self.pit:
            g = weighted_quantile(np.array(self.pit)[:, None], WIS_LEVELS)[:, 0]
            out["pit_mapping"] = {
                "training_days": len(self.pit),
                "levels": {
                    f"{p:g}": round(float(v), 4) for p, v in zip(WIS_LEVELS, g, strict=True)
                },
            }
        return out


def weighted_interval_score(quantiles: NDArray[np.float64], obs: NDArray[np.float64]) -> float:
    """Mean WIS over days; ``quantiles`` rows are the :data:`WIS_LEVELS` quantiles.

    ``WIS = (½|y − m| + Σ_k α_k/2 · IS_αk) / (K + ½)`` with ``IS_α = (u − l) + 2/α·(l − y)⁺
    + 2/α·(y − u)⁺`` for the central (1 − α) intervals, α = 0.5 and 0.1.
    """
    lo90, lo50, med, hi50, hi90 = quantiles
    total = 0.5 * np.abs(obs - med)
    for alpha, lo, hi in ((0.5, lo50, hi50), (0.1, lo90, hi90)):
        iscore = (
            (hi - lo) + 2 / alpha * np.maximum(lo - obs, 0) + 2 / alpha * np.maximum(obs - hi, 0)
        )
        total = total + alpha / 2 * iscore
    return float(np.mean(total / 2.5))


def _traces(model: SpreadModel) -> list[NDArray[np.float64]]:
    return [model.scale * t for t in model.base.traces]


def _member_moments(
    zm: NDArray[np.float64], weights: NDArray[np.float64]
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    mean = weights @ zm
    var = weights @ (zm - mean[None, :]) ** 2
    return mean, var


def _ngr_params(
    theta: NDArray[np.float64] | Sequence[float],
    zbar: NDArray[np.float64],
    var: NDArray[np.float64],
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """Predictive mean shift and sd of ``log_ngr`` per lead day (last axis = lead)."""
    mu, c, b0, b1, b2, zref = theta
    lead = np.arange(1, zbar.shape[-1] + 1)
    sigma = np.exp(b0 + b1 * np.log(lead) + b2 * (zbar - zref))
    return np.full(zbar.shape, mu), np.sqrt(c * c * var + sigma * sigma)


def _gauss_crps(
    mu: NDArray[np.float64], sd: NDArray[np.float64], y: NDArray[np.float64]
) -> NDArray[np.float64]:
    """Closed-form CRPS of N(mu, sd²) at y (Gneiting et al. 2005, eq. 5)."""
    w = (y - mu) / sd
    # ndtr and the density written out: the same values as scipy.stats.norm, without its
    # per-call overhead (this loss is evaluated ~1000 times per fit)
    pdf = np.exp(-(w**2) / 2.0) / _SQRT_2PI
    out: NDArray[np.float64] = sd * (w * (2 * ndtr(w) - 1) + 2 * pdf - 1 / math.sqrt(math.pi))
    return out


def _fit_ngr(cases: Sequence[Hindcast], rho: float) -> tuple[float, ...]:
    zm = np.stack([to_log(h.members_mm) for h in cases])  # (years, members, days)
    zbar, var = zm.mean(axis=1), zm.var(axis=1)
    lead = np.arange(1, zm.shape[2] + 1)
    centre = zbar + rho ** lead[None, :] * np.array([h.e0 for h in cases])[:, None]
    y = np.vstack([to_log(h.obs_mm) for h in cases])
    zref = float(zbar.mean())

    def loss(th: NDArray[np.float64]) -> float:
        shift, sd = _ngr_params((*th, zref), zbar, var)
        return float(_gauss_crps(centre + shift, sd, y).mean())

    res = minimize(loss, np.array([0.0, 0.5, math.log(0.3), 0.0, 0.0]), method="Nelder-Mead",
                   options={"xatol": 1e-4, "fatol": 1e-7, "maxiter": 4000})  # fmt: skip
    return (*(float(v) for v in res.x), zref)


def spread_ensemble(
    model: SpreadModel,
    members_mm: NDArray[np.float64],
    e0: float,
    weights: NDArray[np.float64] | None = None,
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """Calibrated ensemble (mm/day, ``(K, n)``) and the weight of each of its rows.

    ``weights`` are per member (summing to 1; default equal). The trace models give each
    member's ``T`` dressed traces the weight ``w_j / T``; the Gaussian model uses the
    weighted member mean and variance and returns equally weighted quantiles.
    """
    m, n = members_mm.shape
    if n != model.base.traces[0].size:
        raise ForecastConfigError(
            f"horizon {n} differs from the error model's {model.base.traces[0].size}",
            column="horizon",
        )
    w = np.full(m, 1 / m) if weights is None else np.asarray(weights, dtype=np.float64)
    levels = model.levels()
    if model.kind == "log_ngr":
        centre, sd = _ngr_predictive(model, members_mm, e0, w)
        z = centre[None, :] + ndtri(np.clip(levels, 1e-6, 1 - 1e-6))[:, None] * sd[None, :]
        return from_log(z), np.full(levels.size, 1 / levels.size)
    traces = _traces(model)
    ens = _dressed(members_mm, e0, model.base.rho, model.base.spread, traces)
    ens_w = np.repeat(w / len(traces), len(traces))
    if not model.pit:
        return ens, ens_w
    return weighted_quantile(ens, levels, ens_w), np.full(levels.size, 1 / levels.size)


def _ngr_predictive(
    model: SpreadModel, members_mm: NDArray[np.float64], e0: float, w: NDArray[np.float64]
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """Mean and sd (log space) of the Gaussian model's forecast, per lead day."""
    zbar, var = _member_moments(to_log(members_mm), w)
    lead = np.arange(1, zbar.size + 1)
    shift, sd = _ngr_params(model.ngr, zbar, var)
    return zbar + model.base.rho**lead * e0 + shift, sd


def pit_values(model: SpreadModel, h: Hindcast) -> NDArray[np.float64]:
    """Probability integral transform of the observation under ``model`` (no mapping), per day:
    the Gaussian CDF for ``log_ngr``, else the share of traces below (ties count half)."""
    plain = SpreadModel(model.kind, model.base, model.scale, model.ngr)
    if model.kind == "log_ngr":
        w = np.full(h.members_mm.shape[0], 1 / h.members_mm.shape[0])
        centre, sd = _ngr_predictive(plain, h.members_mm, h.e0, w)
        out: NDArray[np.float64] = ndtr((to_log(h.obs_mm) - centre) / sd)
        return out
    ens, ew = spread_ensemble(plain, h.members_mm, h.e0)
    y = h.obs_mm[None, :]
    below: NDArray[np.float64] = ew @ (ens < y) + 0.5 * (ew @ (ens == y))
    return below


def fit_candidate(
    kind: str, cases: Sequence[Hindcast], base: ErrorModel | None = None
) -> SpreadModel:
    """Fit one candidate on ``cases`` only (see the module docstring); ``base`` = the
    :func:`.postprocess.fit_error_model` of the same cases, if already fitted."""
    if kind not in CANDIDATES:
        raise ForecastConfigError(f"unknown error model {kind!r}", column="error_model")
    base = base or fit_error_model(cases)
    if kind == "residual_traces":
        return SpreadModel(kind, base)
    if kind == "log_ngr":
        return SpreadModel(kind, base, ngr=_fit_ngr(cases, base.rho))

    def inner_wis(b: float) -> float:
        total = 0.0
        for k, h in enumerate(cases):
            others = _residual_traces([c for i, c in enumerate(cases) if i != k], base.rho)
            ens = _dressed(h.members_mm, h.e0, base.rho, base.spread, [b * t for t in others])
            total += weighted_interval_score(weighted_quantile(ens, WIS_LEVELS), h.obs_mm)
        return total / len(cases)

    res = minimize_scalar(inner_wis, bounds=SCALE_BOUNDS, method="bounded", options={"xatol": 0.01})
    return SpreadModel(kind, base, scale=float(res.x))


def score_on(model: SpreadModel, h: Hindcast) -> float:
    """WIS (mm/day) of ``model``'s ensemble for the hindcast ``h``."""
    ens, w = spread_ensemble(model, h.members_mm, h.e0)
    return weighted_interval_score(weighted_quantile(ens, WIS_LEVELS, w), h.obs_mm)


def select_spread_model(
    cases: Sequence[Hindcast], candidates: Sequence[str] = CANDIDATES, *, pit_mapping: bool = True
) -> SpreadModel:
    """Choose the candidate by leave-one-year-out over ``cases`` and refit it on all of them.

    With ``pit_mapping`` the refitted model also carries the PITs of the training years under
    the chosen candidate's leave-one-year-out fits (each fitted without that year): their
    empirical distribution ``G`` recalibrates the output levels, ``p → G⁻¹(p)``.
    """
    if len(cases) < 4:
        raise ForecastConfigError("choosing the error model needs hindcasts of at least four years")
    folds = [[c for i, c in enumerate(cases) if i != k] for k in range(len(cases))]
    bases = [fit_error_model(f) for f in folds]  # shared by the candidates (same cases)
    scores, pits = {}, {}
    for kind in candidates:
        fitted = [fit_candidate(kind, f, b) for f, b in zip(folds, bases, strict=True)]
        scores[kind] = float(np.mean([score_on(m, h) for m, h in zip(fitted, cases, strict=True)]))
        pits[kind] = np.concatenate([pit_values(m, h) for m, h in zip(fitted, cases, strict=True)])
    best = min(candidates, key=lambda k: (scores[k], candidates.index(k)))
    chosen = fit_candidate(best, cases)
    pit = tuple(float(v) for v in np.sort(pits[best])) if pit_mapping else ()
    return SpreadModel(chosen.kind, chosen.base, chosen.scale, chosen.ngr, scores, pit)

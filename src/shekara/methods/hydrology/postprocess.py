"""Error model that turns a raw ESP ensemble into probabilities that mean what they say.

A raw ESP ensemble only samples the weather to come; it ignores the model's own error and
the error of its initial state, so its bands are too narrow (on the Fulda, out of sample,
the raw 90 % band held 79 % of the observed spring days and the 50 % band 43 %). The error
model works in log space, ``z = ln(q + c)`` with ``c`` = :data:`LOG_OFFSET_MM` mm/day,
where errors of daily flow are closer to additive:

1. **state error, decaying** — the simulated and observed flow on the day before the issue
   date differ by ``e0 = z_obs − z_sim``; the forecast for lead day ``L`` is moved by
   ``ρ^L · e0`` (an AR(1) updating rule; ``ρ`` fitted by least squares on the training
   hindcasts);
2. **residual traces** — for every training year ``t`` the whole-window residual
   ``r_t(L) = z_obs,t − z̄_t − ρ^L·e0_t`` (``z̄`` = member mean) is kept as a trace. The
   dressed ensemble combines every member with every residual trace:
   ``z_jt = z̄ + a·(z_j − z̄) + ρ^L·e0 + r_t``. Whole traces keep the errors' strong
   day-to-day and lead-time dependence (a year is too wet or too dry as a whole) without a
   parametric law, and the result is deterministic (no random draw);
3. **spread factor** ``a`` — the members' deviations are shrunk or widened by ``a`` in
   [0, 1.5], chosen to minimise the mean CRPS of an *inner* leave-one-year-out over the
   training years (each training year dressed with the other training years' traces).

Everything is fitted on hindcasts of the years passed in (the caller leaves out the year
verified); see ``docs/hydrology.md`` for the verification method and the figures.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray
from scipy.optimize import minimize_scalar

from shekara.methods.hydrology.errors import ForecastConfigError
from shekara.methods.hydrology.verify import crps_ensemble

__all__ = [
    "LOG_OFFSET_MM",
    "ErrorModel",
    "Hindcast",
    "dress",
    "fit_error_model",
    "from_log",
    "to_log",
]

#: Offset of the log transform, mm/day. ASSUMPTION (a modelling choice, not a datum): about a
#: tenth of the Fulda's mean daily runoff, so that low flows do not dominate the log errors.
LOG_OFFSET_MM = 0.1
#: Range searched for the spread factor ``a``.
SPREAD_BOUNDS = (0.0, 1.5)


def to_log(q_mm: NDArray[np.float64], c: float = LOG_OFFSET_MM) -> NDArray[np.float64]:
    """``ln(q + c)``; ``q`` in mm/day."""
    return np.log(np.maximum(q_mm, 0.0) + c)


def from_log(z: NDArray[np.float64], c: float = LOG_OFFSET_MM) -> NDArray[np.float64]:
    """Inverse of :func:`to_log`, floored at zero flow.

    >>> float(from_log(to_log(np.array([2.5])))[0])
    2.5
    """
    out: NDArray[np.float64] = np.maximum(np.exp(z) - c, 0.0)
    return out


@dataclass(frozen=True)
class Hindcast:
    """A raw ESP hindcast of one year: members and observation in mm/day, ``e0`` in log space."""

    year: int
    members_mm: NDArray[np.float64]  # (m, n)
    member_years: tuple[int, ...]
    obs_mm: NDArray[np.float64]  # (n,)
    e0: float  # ln(q_obs + c) − ln(q_sim + c) on the day before the issue date


@dataclass(frozen=True)
class ErrorModel:
    """Fitted: AR(1) coefficient ``rho``, spread factor, the training years' residual traces."""

    rho: float
    spread: float
    traces: tuple[NDArray[np.float64], ...]
    fitted_on: tuple[int, ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "rho": round(self.rho, 4),
            "spread_factor": round(self.spread, 3),
            "fitted_on_years": sorted(self.fitted_on),
            "log_offset_mm": LOG_OFFSET_MM,
        }


def _fit_rho(cases: Sequence[Hindcast]) -> float:
    """Least-squares ``ρ`` in ``z_obs − mean z_members ≈ ρ^L · e0 + b`` over a grid."""
    grid = np.linspace(0.0, 0.995, 200)
    r = np.vstack([to_log(h.obs_mm) - to_log(h.members_mm).mean(axis=0) for h in cases])
    e0 = np.array([h.e0 for h in cases])
    lead = np.arange(1, r.shape[1] + 1)
    d = r[None, :, :] - grid[:, None, None] ** lead[None, None, :] * e0[None, :, None]
    sse = np.sum((d - d.mean(axis=2, keepdims=True)) ** 2, axis=(1, 2))
    return float(grid[int(np.argmin(sse))])


def _residual_traces(cases: Sequence[Hindcast], rho: float) -> list[NDArray[np.float64]]:
    out = []
    for h in cases:
        lead = np.arange(1, h.obs_mm.size + 1)
        out.append(to_log(h.obs_mm) - to_log(h.members_mm).mean(axis=0) - rho**lead * h.e0)
    return out


def _dressed(
    members_mm: NDArray[np.float64],
    e0: float,
    rho: float,
    spread: float,
    traces: Sequence[NDArray[np.float64]],
) -> NDArray[np.float64]:
    zm = to_log(members_mm)
    zbar = zm.mean(axis=0)
    lead = np.arange(1, zm.shape[1] + 1)
    centre = zbar[None, :] + spread * (zm - zbar[None, :]) + (rho**lead * e0)[None, :]
    r = np.vstack(traces)
    return from_log((centre[:, None, :] + r[None, :, :]).reshape(-1, zm.shape[1]))


def fit_error_model(cases: Sequence[Hindcast]) -> ErrorModel:
    """Fit ``ρ`` and the spread factor on ``cases`` (hindcasts of the years not verified)."""
    if len(cases) < 3:
        raise ForecastConfigError("the error model needs hindcasts of at least three years")
    if len({h.obs_mm.size for h in cases}) != 1 or any(
        not np.all(np.isfinite(h.obs_mm)) for h in cases
    ):
        raise ForecastConfigError("training hindcasts must be complete and of one horizon")
    rho = _fit_rho(cases)

    def inner_crps(a: float) -> float:
        total = 0.0
        for k, h in enumerate(cases):
            others = [c for i, c in enumerate(cases) if i != k]
            ens = _dressed(h.members_mm, h.e0, rho, a, _residual_traces(others, rho))
            total += float(crps_ensemble(ens, h.obs_mm).mean())
        return total / len(cases)

    res = minimize_scalar(
        inner_crps, bounds=SPREAD_BOUNDS, method="bounded", options={"xatol": 0.01}
    )
    return ErrorModel(
        rho, float(res.x), tuple(_residual_traces(cases, rho)), tuple(h.year for h in cases)
    )


def dress(model: ErrorModel, members_mm: NDArray[np.float64], e0: float) -> NDArray[np.float64]:
    """Dressed ensemble in mm/day, shape ``(members · training years, n)``, member-major."""
    if members_mm.shape[1] != model.traces[0].size:
        raise ForecastConfigError(
            f"horizon {members_mm.shape[1]} differs from the error model's {model.traces[0].size}",
            column="horizon",
        )
    return _dressed(members_mm, e0, model.rho, model.spread, model.traces)

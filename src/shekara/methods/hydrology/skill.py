"""Goodness-of-fit scores for simulated vs observed discharge.

Conventions (stated once, used everywhere in Shekara):

* **NSE** — Nash & Sutcliffe (1970): ``1 − Σ(s − o)² / Σ(o − ō)²``; 1 is
  perfect, 0 is no better than the observed mean.
* **KGE** — Kling–Gupta efficiency in its **2009** form (Gupta et al. 2009,
  *J. Hydrol.* 377, 80–91): ``1 − √((r − 1)² + (α − 1)² + (β − 1)²)`` with
  ``α = σs/σo`` and ``β = μs/μo``. :func:`kge_2012` gives the modified KGE′
  of Kling et al. (2012, *J. Hydrol.* 424, 264–277), which uses the ratio of
  coefficients of variation ``γ = (σs/μs)/(σo/μo)`` instead of α.
* **PBIAS** — percent bias ``100 · Σ(s − o) / Σo``. **Positive = the model
  overestimates** the observed volume (hydroGOF sign convention; note that
  Moriasi et al. 2007 use the opposite sign).
* **RSR** — RMSE divided by the standard deviation of the observations
  (both with ``1/n``), so ``RSR = √(1 − NSE)`` exactly.

Standard deviations use ``1/n`` (population form) throughout. Pairs where
either value is not finite are dropped before scoring.

>>> o = [1.0, 2.0, 3.0, 4.0, 5.0]
>>> s = [2.0, 2.0, 3.0, 4.0, 4.0]
>>> nse(o, s), pbias(o, s)
(0.8, 0.0)
>>> round(rsr(o, s), 4)
0.4472
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Annotated

import numpy as np
from numpy.typing import ArrayLike, NDArray

from shekara.methods.hydrology.errors import MisalignedSeriesError
from shekara.plain import Hidden, Plain, rounded

__all__ = ["SkillScores", "kge", "kge_2012", "kge_components", "nse", "pbias", "rsr", "score"]


def _pairs(obs: ArrayLike, sim: ArrayLike) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    o = np.asarray(obs, dtype=np.float64)
    s = np.asarray(sim, dtype=np.float64)
    if o.shape != s.shape:
        raise MisalignedSeriesError(f"observed {o.shape} and simulated {s.shape} differ")
    ok = np.isfinite(o) & np.isfinite(s)
    o, s = o[ok], s[ok]
    if o.size < 2:
        raise MisalignedSeriesError("fewer than two finite observation/simulation pairs")
    return o, s


def nse(obs: ArrayLike, sim: ArrayLike) -> float:
    """Nash–Sutcliffe efficiency (−∞, 1]."""
    o, s = _pairs(obs, sim)
    sst = float(np.sum((o - o.mean()) ** 2))
    if sst == 0.0:
        raise MisalignedSeriesError("observations are constant: NSE undefined")
    return 1.0 - float(np.sum((s - o) ** 2)) / sst


def kge_components(obs: ArrayLike, sim: ArrayLike) -> tuple[float, float, float, float]:
    """Return ``(r, alpha, beta, gamma)``: correlation, σ ratio, mean ratio, CV ratio."""
    o, s = _pairs(obs, sim)
    mo, ms = float(o.mean()), float(s.mean())
    so, ss = float(o.std()), float(s.std())
    if so == 0.0 or mo == 0.0:
        raise MisalignedSeriesError("observations are constant or zero-mean: KGE undefined")
    r = float(np.mean((o - mo) * (s - ms)) / (so * ss)) if ss > 0.0 else 0.0
    alpha = ss / so
    beta = ms / mo
    gamma = (ss / ms) / (so / mo) if ms != 0.0 else math.inf
    return r, alpha, beta, gamma


def kge(obs: ArrayLike, sim: ArrayLike) -> float:
    """Kling–Gupta efficiency, 2009 form (α = σs/σo)."""
    r, alpha, beta, _ = kge_components(obs, sim)
    return 1.0 - math.sqrt((r - 1.0) ** 2 + (alpha - 1.0) ** 2 + (beta - 1.0) ** 2)


def kge_2012(obs: ArrayLike, sim: ArrayLike) -> float:
    """Modified Kling–Gupta efficiency KGE′ (Kling et al. 2012, γ = CV ratio)."""
    r, _, beta, gamma = kge_components(obs, sim)
    return 1.0 - math.sqrt((r - 1.0) ** 2 + (gamma - 1.0) ** 2 + (beta - 1.0) ** 2)


def pbias(obs: ArrayLike, sim: ArrayLike) -> float:
    """Percent bias ``100·Σ(s − o)/Σo``; positive means overestimation."""
    o, s = _pairs(obs, sim)
    total = float(np.sum(o))
    if total == 0.0:
        raise MisalignedSeriesError("observed total is zero: PBIAS undefined")
    return 100.0 * float(np.sum(s - o)) / total


def rsr(obs: ArrayLike, sim: ArrayLike) -> float:
    """RMSE over the (1/n) standard deviation of the observations."""
    o, s = _pairs(obs, sim)
    sd = float(o.std())
    if sd == 0.0:
        raise MisalignedSeriesError("observations are constant: RSR undefined")
    return math.sqrt(float(np.mean((s - o) ** 2))) / sd


@dataclass(frozen=True, slots=True)
class SkillScores(Plain):
    """The four scores reported for a period (plus KGE′ for reference).

    Its JSON (``to_dict()``) is exactly the four headline scores, rounded for reporting.
    """

    nse: Annotated[float, rounded(4)]
    kge: Annotated[float, rounded(4)]
    pbias: Annotated[float, rounded(3)]
    rsr: Annotated[float, rounded(4)]
    kge_2012: Hidden[float]
    n_days: Hidden[int]


def score(obs: ArrayLike, sim: ArrayLike) -> SkillScores:
    """All scores at once.

    >>> score([1.0, 2.0, 3.0, 4.0, 5.0], [2.0, 2.0, 3.0, 4.0, 4.0]).to_dict()
    {'nse': 0.8, 'kge': 0.6289, 'pbias': 0.0, 'rsr': 0.4472}
    """
    o, s = _pairs(obs, sim)
    return SkillScores(
        nse=nse(o, s),
        kge=kge(o, s),
        pbias=pbias(o, s),
        rsr=rsr(o, s),
        kge_2012=kge_2012(o, s),
        n_days=int(o.size),
    )

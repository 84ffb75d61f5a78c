"""Monte-Carlo sensitivity of the pair ranking to the weights and to uncertain inputs.

Each draw ``t = 1..N``:

1. Weights ``w ~ Dirichlet(alpha · m · w0)`` over the ``m`` indicators, ``w0``
   the base weights (equal by default, so the concentration is ``alpha · 1``).
   ``E[w] = w0``; larger ``alpha`` concentrates the draws on ``w0``;
   ``alpha = 1`` with equal base weights is uniform on the simplex;
   ``alpha = math.inf`` keeps ``w = w0`` in every draw (no weight uncertainty).
2. Each settlement population is multiplied by an independent relative error
   factor ``f`` with mean 1 and coefficient of variation ``population_rel_sd``:
   ``lognormal``: ``f = exp(s·Z - s²/2)``, ``s² = ln(1 + cv²)``;
   ``normal``: ``f = max(1 + cv·Z, 1e-6)`` (truncated so populations stay positive).
   A settlement shared by several pairs gets one factor per draw.  The same
   (optional) error model applies to each pair's distance with ``distance_rel_sd``.
   The perturbed populations and distances give that draw's gravity index.
3. The indicators are normalised over the pairs within the draw, combined with
   that draw's weights and ranked exactly as in :mod:`shekara.methods.potential`
   (rank 1 = highest, ties → minimum rank).

Summaries per pair, from the rank histogram over all draws: mean rank; median,
5 % and 95 % ranks as the smallest rank ``r`` with ``P(rank <= r) >= q``
(lower quantiles of the discrete distribution); probability of ``rank <= top_k``.

Draws are processed in chunks of ``chunk_size`` (memory stays O(chunk_size ·
pairs)); only the (pairs × pairs) rank histogram is accumulated.  All randomness
comes from ``numpy.random.default_rng(seed)`` consumed chunk by chunk in a fixed
order, so a result is reproducible from ``(seed, chunk_size)`` and the inputs.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Final, Literal, get_args

import numpy as np
from numpy.typing import ArrayLike, NDArray

from shekara.methods.gravity import (
    DISTANCE_DIVISORS,
    POPULATION_DIVISORS,
    DistanceScale,
    PopulationScale,
    gravity_index,
)
from shekara.methods.potential import (
    NormalisationMethod,
    normalise,
    normalise_rows,
    rank_descending,
    rank_descending_rows,
    validate_weights,
)

__all__ = [
    "ErrorModel",
    "PairRankDistribution",
    "SensitivityResult",
    "rank_sensitivity",
]

ErrorModel = Literal["lognormal", "normal"]

_NORMAL_FLOOR: Final[float] = 1e-6
_MAX_CHUNK: Final[int] = 1_000_000


@dataclass(frozen=True)
class PairRankDistribution:
    """Distribution of one pair's rank over the Monte-Carlo draws."""

    pair_id: str
    base_rank: int
    rank_counts: tuple[int, ...]
    """``rank_counts[r - 1]`` = number of draws in which the pair had rank ``r``."""
    mean_rank: float
    median_rank: int
    rank_p05: int
    rank_p95: int
    prob_top_k: float


@dataclass(frozen=True)
class SensitivityResult:
    """Monte-Carlo rank distributions of all pairs (input order)."""

    n_draws: int
    seed: int
    alpha: float
    top_k: int
    chunk_size: int
    indicator_names: tuple[str, ...]
    base_weights: tuple[tuple[str, float], ...]
    pairs: tuple[PairRankDistribution, ...]


def _error_factors(
    rng: np.random.Generator, shape: tuple[int, int], model: ErrorModel, cv: float
) -> NDArray[np.float64]:
    z = rng.standard_normal(shape)
    if model == "lognormal":
        s2 = math.log1p(cv * cv)
        f: NDArray[np.float64] = np.exp(math.sqrt(s2) * z - 0.5 * s2)
        return f
    out: NDArray[np.float64] = np.maximum(1.0 + cv * z, _NORMAL_FLOOR)
    return out


def _lower_quantile_rank(counts: NDArray[np.int64], n_draws: int, q: float) -> NDArray[np.int64]:
    need = max(1, math.ceil(q * n_draws - 1e-9))
    cum = np.cumsum(counts, axis=1)
    out: NDArray[np.int64] = np.argmax(cum >= need, axis=1).astype(np.int64) + 1
    return out


def rank_sensitivity(
    pair_ids: Sequence[str],
    populations: ArrayLike,
    idx_i: ArrayLike,
    idx_j: ArrayLike,
    distance: ArrayLike,
    fixed_indicators: Mapping[str, ArrayLike] | None = None,
    *,
    seed: int,
    n_draws: int = 10_000,
    alpha: float = 1.0,
    base_weights: Mapping[str, float] | None = None,
    population_rel_sd: float = 0.0,
    population_error: ErrorModel = "lognormal",
    distance_rel_sd: float = 0.0,
    distance_error: ErrorModel = "lognormal",
    normalisation: NormalisationMethod = "minmax",
    distance_exponent: float = 1.0,
    population_scale: PopulationScale = "thousands",
    distance_scale: DistanceScale = "thousands_km",
    gravity_name: str = "gravity",
    top_k: int = 3,
    chunk_size: int = 100_000,
) -> SensitivityResult:
    """Rank distribution of every pair under random weights and input errors.

    ``populations`` holds one population (persons) per settlement; pair ``k``
    joins settlements ``idx_i[k]`` and ``idx_j[k]`` (see
    :func:`shekara.methods.gravity.settlement_index`) at ``distance[k]``
    (km, or hours with ``distance_scale="hours"``).  The gravity index is the
    indicator ``gravity_name``; ``fixed_indicators`` (e.g. rail, road, SEZ
    scores) are taken as exact.  ``base_weights`` default to equal weights.
    ``prob_top_k`` is the share of draws with rank <= ``top_k`` (1.0 for every
    pair when ``top_k`` >= the number of pairs).

    >>> r = rank_sensitivity(["a", "b"], [100e3, 200e3, 300e3], [0, 0], [1, 2], [100.0, 100.0],
    ...                      seed=1, n_draws=1000, alpha=math.inf, top_k=1)
    >>> [(p.pair_id, p.base_rank, p.prob_top_k) for p in r.pairs]
    [('a', 2, 0.0), ('b', 1, 1.0)]
    """
    # ---- validation -------------------------------------------------------
    ids = list(pair_ids)
    n = len(ids)
    if n < 1:
        raise ValueError("at least one pair is needed")
    if len(set(ids)) != n:
        raise ValueError("pair_ids must be unique")
    if not isinstance(n_draws, int) or n_draws < 1:
        raise ValueError(f"n_draws must be a positive int; got {n_draws!r}")
    if not isinstance(chunk_size, int) or not 1 <= chunk_size <= _MAX_CHUNK:
        raise ValueError(f"chunk_size must be an int in [1, {_MAX_CHUNK}]; got {chunk_size!r}")
    if not isinstance(top_k, int) or top_k < 1:
        raise ValueError(f"top_k must be a positive int; got {top_k!r}")
    if not (alpha > 0.0):  # also rejects NaN
        raise ValueError(f"alpha must be > 0 (math.inf for fixed weights); got {alpha}")
    for name, model, cv in (
        ("population", population_error, population_rel_sd),
        ("distance", distance_error, distance_rel_sd),
    ):
        if model not in get_args(ErrorModel):
            raise ValueError(f"{name}_error must be one of {get_args(ErrorModel)}; got {model!r}")
        if not (math.isfinite(cv) and cv >= 0.0):
            raise ValueError(f"{name}_rel_sd must be finite and >= 0; got {cv}")
    pops = np.asarray(populations, dtype=np.float64)
    ii = np.asarray(idx_i)
    jj = np.asarray(idx_j)
    dist = np.asarray(distance, dtype=np.float64)
    if pops.ndim != 1:
        raise ValueError(f"populations must be 1-D (one per settlement); got shape {pops.shape}")
    if ii.shape != (n,) or jj.shape != (n,) or dist.shape != (n,):
        raise ValueError(
            f"idx_i, idx_j and distance must have one entry per pair ({n}); got "
            f"{ii.shape}, {jj.shape}, {dist.shape}"
        )
    if not (np.issubdtype(ii.dtype, np.integer) and np.issubdtype(jj.dtype, np.integer)):
        raise ValueError("idx_i and idx_j must be integer arrays")
    if min(ii.min(), jj.min()) < 0 or max(ii.max(), jj.max()) >= pops.size:
        raise ValueError(f"settlement index out of range for {pops.size} populations")
    # Validates populations, distances, scales and exponent with precise messages.
    base_gravity = gravity_index(
        pops[ii],
        pops[jj],
        dist,
        distance_exponent=distance_exponent,
        population_scale=population_scale,
        distance_scale=distance_scale,
    )
    fixed = dict(fixed_indicators or {})
    if gravity_name in fixed:
        raise ValueError(f"fixed_indicators must not contain the gravity name {gravity_name!r}")
    names = [gravity_name, *fixed]
    w0 = validate_weights(base_weights, names)
    fixed_norm = np.zeros((n, len(fixed)), dtype=np.float64)
    for c, (fname, col) in enumerate(fixed.items()):
        arr = np.asarray(col, dtype=np.float64)
        if arr.shape != (n,):
            raise ValueError(
                f"indicator {fname!r} must have one value per pair ({n}); got {arr.shape}"
            )
        fixed_norm[:, c] = normalise(arr, normalisation)

    # ---- base ranking -----------------------------------------------------
    w0_vec = np.array([w0[k] for k in names], dtype=np.float64)
    base_scores = w0_vec[0] * normalise(base_gravity, normalisation) + fixed_norm @ w0_vec[1:]
    base_rank = rank_descending(base_scores)

    # ---- Monte Carlo --------------------------------------------------------
    rng = np.random.default_rng(seed)
    m = len(names)
    fixed_weights = math.isinf(alpha)
    concentration = alpha * m * w0_vec
    # Components with zero base weight stay at zero (Dirichlet needs positive parameters).
    active = w0_vec > 0.0
    noisy_pop = population_rel_sd > 0.0
    noisy_dist = distance_rel_sd > 0.0
    s_p = POPULATION_DIVISORS[population_scale]
    s_d = DISTANCE_DIVISORS[distance_scale]
    pops_scaled = pops / s_p
    dist_scaled = dist / s_d
    gravity_norm_fixed = (
        None if (noisy_pop or noisy_dist) else normalise_rows(base_gravity[None, :], normalisation)
    )
    counts = np.zeros(n * n, dtype=np.int64)
    pair_offset = np.arange(n, dtype=np.int64) * n
    done = 0
    while done < n_draws:
        b = min(chunk_size, n_draws - done)
        if fixed_weights:
            w = np.broadcast_to(w0_vec, (b, m))
        else:
            w = np.zeros((b, m), dtype=np.float64)
            w[:, active] = rng.dirichlet(concentration[active], size=b)
        if gravity_norm_fixed is None:
            p = pops_scaled[None, :]
            if noisy_pop:
                p = p * _error_factors(rng, (b, pops.size), population_error, population_rel_sd)
            d = dist_scaled[None, :]
            if noisy_dist:
                d = d * _error_factors(rng, (b, n), distance_error, distance_rel_sd)
            g = p[:, ii] * p[:, jj] / d**distance_exponent
            g_norm = normalise_rows(np.broadcast_to(g, (b, n)), normalisation)
        else:
            g_norm = gravity_norm_fixed
        scores = w[:, :1] * g_norm + w[:, 1:] @ fixed_norm.T
        ranks = rank_descending_rows(scores)
        counts += np.bincount((ranks - 1 + pair_offset).ravel(), minlength=n * n)
        done += b

    hist = counts.reshape(n, n)
    r = np.arange(1, n + 1, dtype=np.float64)
    mean_rank = hist @ r / n_draws
    med = _lower_quantile_rank(hist, n_draws, 0.5)
    p05 = _lower_quantile_rank(hist, n_draws, 0.05)
    p95 = _lower_quantile_rank(hist, n_draws, 0.95)
    top = hist[:, :top_k].sum(axis=1) / n_draws
    pairs = tuple(
        PairRankDistribution(
            pair_id=pid,
            base_rank=int(base_rank[k]),
            rank_counts=tuple(int(x) for x in hist[k]),
            mean_rank=float(mean_rank[k]),
            median_rank=int(med[k]),
            rank_p05=int(p05[k]),
            rank_p95=int(p95[k]),
            prob_top_k=float(top[k]),
        )
        for k, pid in enumerate(ids)
    )
    return SensitivityResult(
        n_draws=n_draws,
        seed=seed,
        alpha=alpha,
        top_k=top_k,
        chunk_size=chunk_size,
        indicator_names=tuple(names),
        base_weights=tuple(w0.items()),
        pairs=pairs,
    )

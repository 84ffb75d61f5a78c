"""Composite cooperation potential of border-region pairs: normalise, weight, rank.

Every indicator is taken as "higher is better" (gravity index, transport
sub-scores, SEZ score).  Each indicator column is normalised over the pairs,
the normalised columns are combined with non-negative weights that sum to 1,
and the pairs are ranked by the composite score (rank 1 = highest).

Normalisation methods (column ``x`` over ``n`` pairs):

* ``minmax``: ``(x - min) / (max - min)``, in [0, 1].
* ``zscore``: ``(x - mean) / std`` with the population standard deviation (ddof = 0).
* ``rank``:   ``(r - 1) / (n - 1)`` where ``r`` is the ascending rank with ties
  given their *average* rank, in [0, 1].

A constant column (max == min, which includes n == 1) carries no information
about differences between pairs: every method maps it to 0 for every pair.

Ranking: rank 1 is the highest composite score; tied scores share the *minimum*
rank of their group ("competition" ranking 1, 2, 2, 4).  Scores are rounded to
:data:`TIE_DECIMALS` decimals before ties are detected so that floating-point
noise (0.1 + 0.2 vs 0.3) does not split a tie.

>>> res = assess_potential(["a", "b", "c"], {"gravity": [3.0, 1.0, 2.0], "sez": [0, 100, 0]})
>>> [(p.pair_id, round(p.score, 3), p.rank) for p in res.pairs]
[('a', 0.5, 1), ('b', 0.5, 1), ('c', 0.25, 3)]
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Final, Literal, get_args

import numpy as np
from numpy.typing import ArrayLike, NDArray

__all__ = [
    "TIE_DECIMALS",
    "NormalisationMethod",
    "PairPotential",
    "PotentialResult",
    "assess_potential",
    "composite_scores",
    "normalise",
    "normalise_rows",
    "rank_descending",
    "rank_descending_rows",
    "validate_weights",
]

NormalisationMethod = Literal["minmax", "zscore", "rank"]

TIE_DECIMALS: Final[int] = 12
"""Decimals kept when detecting tied composite scores."""


def _check_method(method: str) -> None:
    allowed = get_args(NormalisationMethod)
    if method not in allowed:
        raise ValueError(f"normalisation method must be one of {allowed}; got {method!r}")


def _average_ranks_rows(x: NDArray[np.float64]) -> NDArray[np.float64]:
    """Ascending ranks (1..n) per row, ties get their average rank."""
    order = np.argsort(x, axis=1, kind="stable")
    xs = np.take_along_axis(x, order, axis=1)
    n = x.shape[1]
    # For each sorted position, the first and last position of its tie group.
    new_group = np.ones_like(xs, dtype=np.bool_)
    new_group[:, 1:] = xs[:, 1:] != xs[:, :-1]
    pos = np.broadcast_to(np.arange(n), xs.shape)
    first = np.maximum.accumulate(np.where(new_group, pos, 0), axis=1)
    end_group = np.ones_like(xs, dtype=np.bool_)
    end_group[:, :-1] = new_group[:, 1:]
    last = np.flip(
        np.minimum.accumulate(np.flip(np.where(end_group, pos, n - 1), axis=1), axis=1), axis=1
    )
    avg_sorted = (first + last) / 2.0 + 1.0
    ranks = np.empty_like(avg_sorted)
    np.put_along_axis(ranks, order, avg_sorted, axis=1)
    return ranks


def normalise_rows(
    values: ArrayLike, method: NormalisationMethod = "minmax"
) -> NDArray[np.float64]:
    """Normalise each row of a 2-D array independently (one row = one column of pairs).

    Used by the Monte-Carlo sensitivity analysis, where every draw is one row.

    >>> normalise_rows([[1.0, 2.0, 3.0], [5.0, 5.0, 5.0]]).tolist()
    [[0.0, 0.5, 1.0], [0.0, 0.0, 0.0]]
    """
    _check_method(method)
    x = np.asarray(values, dtype=np.float64)
    if x.ndim != 2:
        raise ValueError(f"normalise_rows needs a 2-D array; got shape {x.shape}")
    if x.shape[1] == 0:
        raise ValueError("cannot normalise an empty column")
    if not np.all(np.isfinite(x)):
        raise ValueError("values to normalise must be finite")
    lo = x.min(axis=1, keepdims=True)
    hi = x.max(axis=1, keepdims=True)
    const = hi == lo
    if method == "minmax":
        span = np.where(const, 1.0, hi - lo)
        out = (x - lo) / span
    elif method == "zscore":
        mean = x.mean(axis=1, keepdims=True)
        std = x.std(axis=1, keepdims=True)
        out = (x - mean) / np.where(const | (std == 0.0), 1.0, std)
    else:
        n = x.shape[1]
        out = (_average_ranks_rows(x) - 1.0) / max(n - 1, 1)
    result: NDArray[np.float64] = np.where(const, 0.0, out)
    return result


def normalise(values: ArrayLike, method: NormalisationMethod = "minmax") -> NDArray[np.float64]:
    """Normalise one indicator column over the pairs (see the module docstring).

    >>> normalise([1.0, 2.0, 3.0]).tolist()
    [0.0, 0.5, 1.0]
    >>> normalise([10.0, 20.0, 20.0, 40.0], "rank").round(4).tolist()   # ties → average rank
    [0.0, 0.5, 0.5, 1.0]
    >>> normalise([2.0, 4.0, 6.0], "zscore").round(4).tolist()
    [-1.2247, 0.0, 1.2247]
    """
    x = np.asarray(values, dtype=np.float64)
    if x.ndim != 1:
        raise ValueError(f"normalise needs a 1-D array; got shape {x.shape}")
    out: NDArray[np.float64] = normalise_rows(x[None, :], method)[0]
    return out


def rank_descending_rows(
    scores: ArrayLike, *, decimals: int | None = TIE_DECIMALS
) -> NDArray[np.int64]:
    """Ranks per row, 1 = highest, ties share the minimum rank of their group.

    >>> rank_descending_rows([[0.2, 0.9, 0.2, 0.1]]).tolist()
    [[2, 1, 2, 4]]
    """
    s = np.asarray(scores, dtype=np.float64)
    if s.ndim != 2:
        raise ValueError(f"rank_descending_rows needs a 2-D array; got shape {s.shape}")
    if not np.all(np.isfinite(s)):
        raise ValueError("scores to rank must be finite")
    if decimals is not None:
        s = np.round(s, decimals)
    neg = -s
    order = np.argsort(neg, axis=1, kind="stable")
    sorted_neg = np.take_along_axis(neg, order, axis=1)
    n = s.shape[1]
    pos = np.broadcast_to(np.arange(n), s.shape)
    new_group = np.ones_like(sorted_neg, dtype=np.bool_)
    new_group[:, 1:] = sorted_neg[:, 1:] != sorted_neg[:, :-1]
    first = np.maximum.accumulate(np.where(new_group, pos, 0), axis=1)
    ranks = np.empty(s.shape, dtype=np.int64)
    np.put_along_axis(ranks, order, first + 1, axis=1)
    return ranks


def rank_descending(scores: ArrayLike, *, decimals: int | None = TIE_DECIMALS) -> NDArray[np.int64]:
    """Rank one vector of scores: 1 = highest, ties → minimum rank.

    >>> rank_descending([5.0, 7.0, 5.0, 1.0]).tolist()
    [2, 1, 2, 4]
    """
    s = np.asarray(scores, dtype=np.float64)
    if s.ndim != 1:
        raise ValueError(f"rank_descending needs a 1-D array; got shape {s.shape}")
    out: NDArray[np.int64] = rank_descending_rows(s[None, :], decimals=decimals)[0]
    return out


def validate_weights(
    weights: Mapping[str, float] | None, indicator_names: Sequence[str]
) -> dict[str, float]:
    """Check user weights and return them rescaled to sum to 1, in indicator order.

    ``None`` gives equal weights.  A known indicator missing from ``weights``
    gets weight 0.  Raises ``ValueError`` for an unknown name, a negative or
    non-finite weight, or weights that are all zero.

    >>> validate_weights({"gravity": 2.0, "sez": 1.0, "rail": 1.0}, ["gravity", "rail", "sez"])
    {'gravity': 0.5, 'rail': 0.25, 'sez': 0.25}
    >>> validate_weights(None, ["a", "b"])
    {'a': 0.5, 'b': 0.5}
    """
    names = list(indicator_names)
    if not names:
        raise ValueError("at least one indicator is needed")
    if len(set(names)) != len(names):
        raise ValueError(f"indicator names must be unique; got {names}")
    if weights is None:
        return {n: 1.0 / len(names) for n in names}
    unknown = sorted(set(weights) - set(names))
    if unknown:
        raise ValueError(f"weights name unknown indicators {unknown}; known: {names}")
    for name, w in weights.items():
        if not math.isfinite(w) or w < 0.0:
            raise ValueError(f"weight of {name!r} must be finite and >= 0; got {w}")
    total = math.fsum(weights.get(n, 0.0) for n in names)
    if total <= 0.0:
        raise ValueError("weights must not all be zero")
    return {n: weights.get(n, 0.0) / total for n in names}


def composite_scores(
    indicators: Mapping[str, ArrayLike],
    weights: Mapping[str, float] | None = None,
    method: NormalisationMethod = "minmax",
) -> NDArray[np.float64]:
    """Weighted sum of the normalised indicator columns (weights rescaled to sum 1).

    >>> cols = {"x": [1.0, 2.0, 3.0], "y": [3.0, 2.0, 1.0]}
    >>> composite_scores(cols, {"x": 3.0, "y": 1.0}).tolist()
    [0.25, 0.5, 0.75]
    """
    _check_method(method)
    names = list(indicators)
    w = validate_weights(weights, names)
    cols = [np.asarray(indicators[n], dtype=np.float64) for n in names]
    shapes = {c.shape for c in cols}
    if len(shapes) != 1 or cols[0].ndim != 1:
        raise ValueError(
            "indicator columns must be 1-D and of equal length; got "
            + ", ".join(f"{n}: {c.shape}" for n, c in zip(names, cols, strict=True))
        )
    total = np.zeros(cols[0].shape, dtype=np.float64)
    for n, c in zip(names, cols, strict=True):
        total += w[n] * normalise(c, method)
    return total


@dataclass(frozen=True)
class PairPotential:
    """Assessment of one pair: composite score, rank and normalised components."""

    pair_id: str
    score: float
    rank: int
    normalised: tuple[tuple[str, float], ...]

    def component(self, name: str) -> float:
        """Normalised value of one indicator for this pair."""
        for n, v in self.normalised:
            if n == name:
                return v
        raise KeyError(name)


@dataclass(frozen=True)
class PotentialResult:
    """Composite assessment of all pairs, in input order (see :meth:`ranked`)."""

    method: NormalisationMethod
    weights: tuple[tuple[str, float], ...]
    pairs: tuple[PairPotential, ...]

    def ranked(self) -> tuple[PairPotential, ...]:
        """Pairs ordered by rank (ties keep input order)."""
        return tuple(sorted(self.pairs, key=lambda p: p.rank))


def assess_potential(
    pair_ids: Sequence[str],
    indicators: Mapping[str, ArrayLike],
    weights: Mapping[str, float] | None = None,
    method: NormalisationMethod = "minmax",
) -> PotentialResult:
    """Normalise, weight and rank the pairs; one :class:`PairPotential` per pair.

    ``indicators`` maps indicator name → one value per pair (in ``pair_ids`` order).
    """
    _check_method(method)
    ids = list(pair_ids)
    if len(set(ids)) != len(ids):
        raise ValueError("pair_ids must be unique")
    names = list(indicators)
    w = validate_weights(weights, names)
    normed: dict[str, NDArray[np.float64]] = {}
    for n in names:
        col = np.asarray(indicators[n], dtype=np.float64)
        if col.shape != (len(ids),):
            raise ValueError(
                f"indicator {n!r} must have one value per pair ({len(ids)}); got shape {col.shape}"
            )
        normed[n] = normalise(col, method)
    score = np.zeros(len(ids), dtype=np.float64)
    for n in names:
        score += w[n] * normed[n]
    ranks = rank_descending(score)
    pairs = tuple(
        PairPotential(
            pair_id=pid,
            score=float(score[k]),
            rank=int(ranks[k]),
            normalised=tuple((n, float(normed[n][k])) for n in names),
        )
        for k, pid in enumerate(ids)
    )
    return PotentialResult(method=method, weights=tuple(w.items()), pairs=pairs)

"""Weighting ESP members by a seasonal outlook category (tercile conditioning).

A seasonal outlook states the probabilities that the coming season is *below normal*,
*near normal* or *above normal* (terciles), for precipitation or temperature. Each ESP
member year is put in the tercile its own weather over the forecast window falls in
(window precipitation total or mean temperature, against the terciles of the member years
themselves), and the members of a category share that category's probability
(the weighting of Croley 1996, *J. Hydrol.* 180, 1–16, reduced to three categories):

    w_j = P(category of j) / (members in that category).

No seasonal outlook for the Fulda or the border rivers ships, so the probabilities are the
user's and every output that uses them says so. A category without members cannot carry
its probability; the remaining ones are rescaled and the output notes it.

>>> w, notes = tercile_weights({1: 10.0, 2: 20.0, 3: 30.0}, (0.5, 0.3, 0.2))
>>> [round(w[y], 3) for y in (1, 2, 3)], notes
([0.5, 0.3, 0.2], [])
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np

from shekara.methods.hydrology.errors import ForecastConfigError

__all__ = ["CATEGORIES", "member_categories", "tercile_weights"]

CATEGORIES: tuple[str, str, str] = ("below_normal", "near_normal", "above_normal")


def member_categories(values: Mapping[int, float]) -> dict[int, str]:
    """Tercile category of each year's value among the given years (Hazen terciles).

    >>> member_categories({1: 3.0, 2: 1.0, 3: 2.0, 4: 9.0, 5: 5.0, 6: 4.0})
    {1: 'near_normal', 2: 'below_normal', 3: 'below_normal', 4: 'above_normal', 5: 'above_normal', 6: 'near_normal'}
    """
    x = np.array(list(values.values()), dtype=np.float64)
    lo, hi = np.percentile(x, [100 / 3, 200 / 3], method="hazen")
    return {
        y: CATEGORIES[0] if v <= lo else CATEGORIES[2] if v > hi else CATEGORIES[1]
        for y, v in values.items()
    }


def tercile_weights(
    values: Mapping[int, float], probabilities: Sequence[float]
) -> tuple[dict[int, float], list[str]]:
    """Member weights from tercile ``probabilities`` (below, near, above); notes on gaps."""
    p = np.asarray(probabilities, dtype=np.float64)
    if p.shape != (3,) or np.any(p < 0) or not np.isclose(p.sum(), 1.0, atol=0.005):
        raise ForecastConfigError(
            "tercile probabilities must be three non-negative numbers summing to 1 "
            "(below, near, above normal)",
            column="tercile_probabilities",
        )
    if len(values) < 3:
        raise ForecastConfigError("conditioning needs at least three members", column="members")
    cats = member_categories(values)
    counts = {c: sum(1 for v in cats.values() if v == c) for c in CATEGORIES}
    prob = dict(zip(CATEGORIES, p, strict=True))
    empty = [c for c in CATEGORIES if counts[c] == 0 and prob[c] > 0]
    total = sum(prob[c] for c in CATEGORIES if counts[c])
    if total <= 0:
        raise ForecastConfigError("no member falls in a category with probability > 0")
    weights = {y: float(prob[c] / counts[c] / total) for y, c in cats.items()}
    notes = [f"no member year in category {c}: its probability was spread over the others"
             for c in empty]  # fmt: skip
    return weights, notes

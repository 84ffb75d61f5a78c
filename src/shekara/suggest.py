"""The nearest known value to a mistyped one: "KZ-3O → KZ-35, KZ-39?", "populaton → population?".

One rule for every face (import findings, CLI filters): a typo in an id of fixed length
is usually one character (``O`` for ``0``, a neighbouring key), so the ids one character
away come first; otherwise :func:`difflib.get_close_matches` (ratio ≥ 0.6) picks the closest
names, keeping those that tie with the best.

Example:
    >>> nearest("KZ-3O", ["KZ-35", "KZ-39", "KZ-63", "RU-OMS"])
    ['KZ-35', 'KZ-39']
    >>> nearest("populaton", ["population", "population_city", "gravity_index"])
    ['population']
    >>> nearest("zzz", ["population"])
    []
    >>> did_you_mean(["KZ-35", "KZ-39"])
    "did you mean 'KZ-35', 'KZ-39'?"
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable

#: How many equally near values are offered at most.
MAX_OFFERED = 6


def _one_apart(a: str, b: str) -> bool:
    return len(a) == len(b) and sum(x != y for x, y in zip(a, b, strict=True)) == 1


def nearest(value: str, known: Iterable[str], n: int = MAX_OFFERED) -> list[str]:
    """The known values nearest to *value* (at most *n*, in sorted order); ``[]`` if none is near."""
    names = sorted(set(known))
    one_apart = [k for k in names if _one_apart(k, value)]
    if one_apart:
        return one_apart[:n]
    close = difflib.get_close_matches(value, names, n=n, cutoff=0.6)
    if not close:
        return []
    best = difflib.SequenceMatcher(None, value, close[0]).ratio()
    ties = {c for c in close if difflib.SequenceMatcher(None, value, c).ratio() == best}
    return sorted(ties)


def did_you_mean(near: list[str]) -> str:
    """The question a message ends with, or ``""`` when nothing is near."""
    return f"did you mean {', '.join(repr(n) for n in near)}?" if near else ""

"""The map model shared by the report's map and the dashboard's: outlines, classes, legend.

* :func:`drawn_outlines` — which boundary feature stands for which regions in force in
  a year: regions formed after the boundary data (Abai, Zhetysu, Ulytau in 2022) share
  their parent's outline; no split line is ever invented.
* :class:`EqualIntervals` — the one classification of values on a map: *n* equal
  intervals between the smallest and the largest value, each closed below and open
  above except the last (``[lo, lo+s), [lo+s, lo+2s) … [hi-s, hi]``).
* :func:`range_labels` and :func:`outline_label` — the legend's and the outlines' texts.

Example:
    >>> k = EqualIntervals(0.0, 10.0)
    >>> k.index(0.0), k.index(2.0), k.index(9.99), k.index(10.0)
    (0, 1, 4, 4)
    >>> k.limits()
    [0.0, 2.0, 4.0, 6.0, 8.0, 10.0]
    >>> range_labels(EqualIntervals(0.0, 1.0, 2), lambda v: f"{v:g}")
    ['0 – 0.5', '0.5 – 1']
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from shekara.kb.geo import BoundarySet

#: Classes of a map's values (the stylesheet's q0–q4, the report's five link colours).
CLASSES = 5


@dataclass(frozen=True)
class EqualIntervals:
    """*n* equal intervals from *lo* to *hi*; all values fall in the top class if hi <= lo."""

    lo: float
    hi: float
    n: int = CLASSES

    @classmethod
    def of(cls, values: Iterable[float], n: int = CLASSES) -> EqualIntervals | None:
        """The intervals spanning the finite *values*; None when there is none."""
        vals = [v for v in values if math.isfinite(v)]
        return cls(min(vals), max(vals), n) if vals else None

    @property
    def single(self) -> bool:
        """True when every value is the same (one class, no range)."""
        return self.hi <= self.lo

    def index(self, value: float) -> int:
        """The class 0 … n-1 of *value*."""
        if self.single:
            return self.n - 1
        return max(0, min(self.n - 1, int((value - self.lo) / (self.hi - self.lo) * self.n)))

    def bounds(self) -> list[tuple[float, float]]:
        """(lower, upper) of each class."""
        step = (self.hi - self.lo) / self.n if not self.single else 0.0
        return [(self.lo + i * step, self.lo + (i + 1) * step) for i in range(self.n)]

    def limits(self) -> list[float]:
        """The class limits, lowest first (two equal limits when every value is the same)."""
        if self.single:
            return [self.lo, self.hi]
        step = (self.hi - self.lo) / self.n
        return [self.lo + i * step for i in range(self.n)] + [self.hi]


def range_labels(k: EqualIntervals, fmt: Callable[[float], str], sep: str = " – ") -> list[str]:
    """Legend texts ``"a – b"`` of the classes (one text, the value, when all are equal)."""
    if k.single:
        return [fmt(k.lo)]
    return [f"{fmt(a)}{sep}{fmt(b)}" for a, b in k.bounds()]


def drawn_outlines(
    boundaries: BoundarySet, region_ids: Iterable[str], year: int
) -> dict[str, list[str]]:
    """Boundary feature id → the regions (in the order given) it is drawn for in *year*.

    Regions without a boundary feature are left out (the caller decides whether that is
    an error).
    """
    drawn: dict[str, list[str]] = {}
    for rid in region_ids:
        try:
            poly = boundaries.polygon_for(rid, year)
        except (KeyError, LookupError):
            continue
        drawn.setdefault(poly.drawn_region_id, []).append(rid)
    return drawn


def outline_label(names: Sequence[str], shared_note: str | None = None) -> str:
    """The label of an outline: its regions' names joined by " + ", with *shared_note*
    in brackets when several regions share it.

    >>> outline_label(["Abai", "East Kazakhstan"], "one outline")
    'Abai + East Kazakhstan (one outline)'
    """
    label = " + ".join(names)
    return f"{label} ({shared_note})" if shared_note and len(names) > 1 else label

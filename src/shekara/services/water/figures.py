"""Figures of the water balance: status, bounds, stress classes, and the interval arithmetic on them."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal, NamedTuple

from pydantic import computed_field

from shekara.plain import Hidden, Plain

FigureStatus = Literal["stated", "computed", "scenario", "missing"]
Bound = Literal["exact", "more_than", "at_least", "up_to", "about"]
StressClass = Literal["no_stress", "low", "medium", "high", "critical"]

#: Upper limits (percent) of the SDG 6.4.2 severity bands; above the last one: critical.
#: FAO & UN-Water (2021), doi:10.4060/cb6241en. A value on a limit belongs to the band
#: above it (25 % is "low": a territory withdrawing 25 % or more is water-stressed),
#: except 100 %, which is still "high" (critical is *over* 100 %: more withdrawn than renewed).
STRESS_BANDS: tuple[tuple[float, StressClass], ...] = (
    (25.0, "no_stress"),
    (50.0, "low"),
    (75.0, "medium"),
    (100.0, "high"),
)
STRESS_ORDER: tuple[StressClass, ...] = ("no_stress", "low", "medium", "high", "critical")
STRESS_SOURCE = (
    "FAO & UN-Water (2021). Progress on Level of Water Stress. Global status and acceleration "
    "needs for SDG indicator 6.4.2. Rome. doi:10.4060/cb6241en"
)
BORDER_COUNTRY = "KZ"


class WaterBalanceError(ValueError):
    """The balance cannot be made with these options (unknown basin, bad scenario value)."""


def stress_class(load_percent: float) -> StressClass:
    """SDG 6.4.2 severity band of a load (withdrawal as % of resources)."""
    if not (math.isfinite(load_percent) and load_percent >= 0):
        raise WaterBalanceError(f"load {load_percent!r} % must be finite and >= 0")
    for limit, name in STRESS_BANDS:
        if load_percent < limit or (limit == 100.0 and load_percent == 100.0):
            return name
    return "critical"


@dataclass(frozen=True)
class Figure(Plain):
    """One number of the balance: a point (``low == high``) or a range, with its provenance.

    ``bound`` says how to read it: ``more_than`` (the truth is above ``low``), ``at_least``,
    ``up_to`` (at most ``high``), ``about`` or ``exact``.
    """

    name: str
    label: str
    unit: str
    status: FigureStatus
    low: Hidden[float | None] = None
    high: Hidden[float | None] = None
    bound: Bound = "exact"
    period: str | None = None
    scope: str | None = None
    sources: tuple[str, ...] = ()
    method: str | None = None
    note: str | None = None

    @property
    def value(self) -> float | None:
        return self.low if self.low is not None and self.low == self.high else None

    @computed_field(alias="value", description="The figure when it is a point (6 decimals).")  # type: ignore[prop-decorator]
    @property
    def point(self) -> float | None:
        return None if self.value is None else round(self.value, 6)

    @computed_field(alias="range", description="[low, high] when the figure is a range.")  # type: ignore[prop-decorator]
    @property
    def span(self) -> list[float] | None:
        if self.low is None or self.value is not None:
            return None
        return [round(x, 6) for x in (self.low, self.high) if x is not None]

    def text(self) -> str:
        """Short human form: ``> 100``, ``75–100``, ``1.7``, or ``missing``."""
        if self.low is None:
            return "missing"
        num = _fmt(self.low) if self.value is not None else f"{_fmt(self.low)}–{_fmt(self.high)}"
        prefix = {"more_than": "> ", "at_least": "≥ ", "up_to": "≤ ", "about": "≈ "}.get(
            self.bound, ""
        )
        return prefix + num


def _fmt(x: float | None) -> str:
    return "" if x is None else f"{x:.4g}"


def _missing(name: str, label: str, unit: str, scope: str | None = None, note: str = "") -> Figure:
    return Figure(
        name, label, unit, "missing", scope=scope, note=note or "not in the knowledge base"
    )


class _Spec(NamedTuple):
    """One input of the balance: our name, its label, unit and the indicator code in the store."""

    name: str
    label: str
    unit: str
    code: str


def _specs(table: str) -> tuple[_Spec, ...]:
    rows = [line.split("|") for line in table.strip().splitlines()]
    return tuple(_Spec(*(cell.strip() for cell in row)) for row in rows)


# --------------------------------------------------------------------------- interval arithmetic
def _combine_bound(*figs: Figure) -> Bound:
    kinds = {f.bound for f in figs} - {"exact"}
    if not kinds:
        return "exact"
    return kinds.pop() if len(kinds) == 1 else "about"


def _derive(
    name: str,
    label: str,
    unit: str,
    status: FigureStatus,
    inputs: Sequence[Figure],
    value: float | tuple[float, float],
    method: str,
    **kw: Any,
) -> Figure:
    """A figure computed from ``inputs``: one ``value``, or a ``(low, high)`` range.

    It cites every source of its inputs, once each; its bound combines theirs unless given.

    >>> a = Figure("a", "a", "km3", "stated", 2.0, 3.0, sources=("S1",))
    >>> b = Figure("b", "b", "km3", "stated", 1.0, 1.0, "more_than", sources=("S1", "S2"))
    >>> f = _derive("d", "a − b", "km3", "computed", [a, b], (3.0 - 1.0, 2.0 - 1.0), "a − b")
    >>> f.low, f.high, f.bound, f.sources
    (1.0, 2.0, 'more_than', ('S1', 'S2'))
    >>> _derive("p", "2 · b", "km3", "computed", [b], 2.0, "2 · b").text()
    '> 2'
    """
    low, high = value if isinstance(value, tuple) else (value, value)
    srcs: list[str] = []
    for f in inputs:
        srcs += [s for s in f.sources if s not in srcs]
    kw.setdefault("bound", _combine_bound(*inputs))
    return Figure(
        name,
        label,
        unit,
        status,
        min(low, high),
        max(low, high),
        sources=tuple(srcs),
        method=method,
        **kw,
    )


def _scenario_of(
    base: Figure,
    inputs: Sequence[Figure],
    value: float | tuple[float, float],
    method: str,
    *,
    label: str | None = None,
    **kw: Any,
) -> Figure:
    """``base`` again under the scenario: its name, label, unit and scope with a new value."""
    kw.setdefault("scope", base.scope)
    return _derive(
        base.name, label or base.label, base.unit, "scenario", inputs, value, method, **kw
    )


def _scaled(f: Figure, factor: float) -> tuple[float, float]:
    assert f.low is not None and f.high is not None
    return f.low * factor, f.high * factor

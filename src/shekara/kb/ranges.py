"""Plausible value ranges per unit and indicator, from ``data/unit_ranges.yaml``.

The indicator catalogue bounds what a method allows (a share is 0–100); these bounds
keep physically absurd numbers out (1e308 inhabitants of Omsk), which would otherwise
be stored and then break every page, chart and report that formats them. They are the
project's stated assumptions, not sourced figures (see the file's header).

Example:
    >>> from shekara.kb.package import Record
    >>> r = Record({"indicator": "population_city", "unit": "persons", "value": 1e308}, "x.csv", 2)
    >>> [f.code for f in check_range(r)]
    ['KB407']
    >>> check_range(Record({"indicator": "population_city", "unit": "persons",
    ...                     "value": 1_172_000.0}, "x.csv", 2))
    []
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from shekara.kb.errors import Finding
from shekara.kb.package import Record
from shekara.paths import default_data_dir

FILE = "unit_ranges.yaml"


@dataclass(frozen=True)
class Bounds:
    """Lowest and highest plausible value (``None``: unbounded on that side)."""

    low: float | None
    high: float | None

    def holds(self, value: float) -> bool:
        return (self.low is None or value >= self.low) and (self.high is None or value <= self.high)

    def __str__(self) -> str:
        return f"[{self.low}, {self.high}]"


@dataclass(frozen=True)
class Ranges:
    default: Bounds
    units: dict[str, Bounds]
    indicators: dict[str, Bounds]

    def bounds(self, indicator: str, unit: str) -> list[Bounds]:
        """Every bound that applies: the indicator's (if any) and the unit's (or the default)."""
        out = [self.units.get(unit, self.default)]
        if indicator in self.indicators:
            out.append(self.indicators[indicator])
        return out


@lru_cache(maxsize=4)
def load_ranges(data_dir: Path | None = None) -> Ranges:
    raw = yaml.safe_load(((data_dir or default_data_dir()) / FILE).read_text(encoding="utf-8"))
    default = float(raw["default_max_abs"])

    def sym(m: float) -> Bounds:
        return Bounds(-m, m)

    units = {u: sym(float(spec["max_abs"])) for u, spec in raw.get("units", {}).items()}
    indicators = {
        i: Bounds(
            None if spec.get("min") is None else float(spec["min"]),
            None if spec.get("max") is None else float(spec["max"]),
        )
        for i, spec in raw.get("indicators", {}).items()
    }
    return Ranges(sym(default), units, indicators)


def check_range(r: Record) -> list[Finding]:
    """KB407 if the record's value lies outside a plausible range of its unit or indicator."""
    value = r.values.get("value")
    if not isinstance(value, int | float) or isinstance(value, bool):
        return []
    ranges = load_ranges()
    for b in ranges.bounds(str(r.values.get("indicator")), str(r.values.get("unit"))):
        if not b.holds(float(value)):
            return [r.finding("KB407", field="value", value=value, detail=b)]
    return []

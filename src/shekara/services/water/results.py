"""Scenario options and the result types of the water balance."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Annotated, Any

from pydantic import Field, computed_field

from shekara.plain import Plain
from shekara.services.water.figures import (
    STRESS_SOURCE,
    Figure,
    StressClass,
    WaterBalanceError,
    stress_class,
)


# --------------------------------------------------------------------------- options and results
@dataclass(frozen=True)
class ScenarioOptions:
    """Scenario parameters; ``None`` takes the stated default from the knowledge base."""

    consumption_growth_percent: float | None = None
    upstream_withdrawal_km3: float | None = None

    def checked(self) -> ScenarioOptions:
        g, u = self.consumption_growth_percent, self.upstream_withdrawal_km3
        if g is not None and not (math.isfinite(g) and g > -100.0):
            raise WaterBalanceError(f"consumption growth {g!r} % must be finite and > -100")
        if u is not None and not (math.isfinite(u) and u >= 0.0):
            raise WaterBalanceError(f"upstream withdrawal {u!r} km³ must be finite and >= 0")
        return self


@dataclass(frozen=True)
class Stress(Plain):
    """SDG 6.4.2 class of a load figure; a range of classes when the load is a range or bound."""

    basis: str
    low_class: StressClass
    high_class: StressClass
    #: The part of the basin the load is stated for, when not the whole basin (D:607: the
    #: ">100 %" is the southern part of the Zhaiyk–Caspian basin), so no face calls the
    #: whole basin "critical".
    scope: str | None = None

    @computed_field(alias="class")  # type: ignore[prop-decorator]
    @property
    def label(self) -> str:
        if self.low_class == self.high_class:
            return self.low_class
        return f"{self.low_class}..{self.high_class}"

    @computed_field  # type: ignore[prop-decorator]
    @property
    def thresholds_source(self) -> str:
        return STRESS_SOURCE


def stress_of(load: Figure) -> Stress | None:
    """The class range of a load: an open bound reaches the next class or the top.

    >>> stress_of(Figure("l", "load", "percent", "stated", 100.0, 100.0, "more_than")).label
    'critical'
    >>> stress_of(Figure("l", "load", "percent", "stated", 75.0, 100.0)).label
    'high'
    """
    if load.low is None or load.high is None:
        return None
    low_c = stress_class(load.low)
    if load.bound in ("more_than",):
        low_c = stress_class(math.nextafter(load.low, math.inf))
    high_c: StressClass = (
        "critical" if load.bound in ("more_than", "at_least") else stress_class(load.high)
    )
    if load.bound == "up_to":
        low_c = "no_stress"
    return Stress(f"{load.status} {load.name}", low_c, high_c)


class _FigureSet(Plain):
    """What a basin's and the country's balance share: figures by name, missing ones, JSON."""

    figures: tuple[Figure, ...]
    scenario: tuple[Figure, ...]

    @computed_field  # type: ignore[prop-decorator]
    @property
    def missing(self) -> tuple[str, ...]:
        """Names of the figures the knowledge base does not hold."""
        return self._missing()

    def _missing(self) -> tuple[str, ...]:
        return tuple(f.name for f in (*self.figures, *self.scenario) if f.status == "missing")

    def figure(self, name: str, *, scenario: bool = False) -> Figure:
        for f in self.scenario if scenario else self.figures:
            if f.name == name:
                return f
        raise KeyError(name)


@dataclass(frozen=True)
class BasinBalance(_FigureSet):
    basin_id: str
    name: str
    figures: tuple[Figure, ...]
    scenario: tuple[Figure, ...]
    stress: Stress | None
    scenario_stress: Stress | None
    notes: tuple[str, ...] = ()

    def _missing(self) -> tuple[str, ...]:
        """Names of the base figures the knowledge base does not hold (a basin's scenario
        figures derive from them)."""
        return tuple(f.name for f in self.figures if f.status == "missing")


@dataclass(frozen=True)
class CountryBalance(_FigureSet):
    country: str
    figures: tuple[Figure, ...]
    scenario: tuple[Figure, ...]
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class ResolvedScenario(Plain):
    """The scenario actually run, with where each default came from."""

    consumption_growth: Annotated[Figure, Field(serialization_alias="consumption_growth_percent")]
    upstream_withdrawal: Annotated[Figure, Field(serialization_alias="upstream_withdrawal_km3")]
    upstream_base: Annotated[Figure, Field(serialization_alias="upstream_base_km3")]


#: SDG 6.4.2 severity bands as the JSON states them (the rule is :func:`stress_class`).
STRESS_BANDS_JSON: dict[str, Any] = {
    "bands_percent": {
        "no_stress": [0, 25],
        "low": [25, 50],
        "medium": [50, 75],
        "high": [75, 100],
        "critical": [100, None],
    },
    "rule": "lower limit inclusive; 100 % is high, above 100 % critical",
    "source": STRESS_SOURCE,
    "applied_to": "economic load = withdrawal as % of resources (D:607); "
    "SDG 6.4.2 also subtracts environmental flows, so classes are lower bounds",
}


@dataclass(frozen=True)
class WaterBalanceReport(Plain):
    """Every figure is stated (with its source), computed (with its formula and inputs),
    scenario or missing; one balance per basin bordering Russia and one for Kazakhstan."""

    year: int | None
    scenario: ResolvedScenario
    basins: tuple[BasinBalance, ...]
    country: CountryBalance | None
    data_checksum: str
    notes: tuple[str, ...] = field(default_factory=tuple)

    def basin(self, basin_id: str) -> BasinBalance:
        for b in self.basins:
            if b.basin_id == basin_id:
                return b
        raise KeyError(basin_id)

    @computed_field  # type: ignore[prop-decorator]
    @property
    def stress_bands(self) -> dict[str, Any]:
        return STRESS_BANDS_JSON

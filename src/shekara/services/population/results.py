"""The population services' results as typed models (``shekara.plain``): the CLI's JSON,
the API's response models and their OpenAPI schema from one definition.

The services round the figures they publish (thousands to 0.1, percentages to 0.01);
the classes keep those values as they are.

Example:
    >>> WppSource("un-wpp2022", "2021", "").to_dict()
    {'source_id': 'un-wpp2022', 'year': '2021', 'locator': ''}
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Any, cast

from pydantic import Field, model_serializer
from typing_extensions import TypedDict

from shekara.plain import Plain, absent
from shekara.services.population.series import StoredValue

__all__ = [
    "AgeError",
    "Backtest",
    "CohortRun",
    "CohortStart",
    "CohortStep",
    "CompareRow",
    "Comparison",
    "CountryProjectionView",
    "PathYear",
    "PublishedGap",
    "RegionPath",
    "WppSource",
]


@dataclass(frozen=True)
class GoalsMet(Plain):
    """Whether each goal is met (reported as measured; the method is not tuned to it)."""

    total: Annotated[bool, Field(description="|total error| within its goal.")]
    mape: Annotated[bool, Field(description="MAPE within its goal.")]


@dataclass(frozen=True)
class BacktestGoals(Plain):
    """The issue's goals: |total error| and the mean absolute percentage error, in %."""

    total_error_percent: Annotated[float, Field(description="Largest |total error|, %.")]
    mape_percent: float


@dataclass(frozen=True)
class WppSource(Plain):
    """The WPP 2022 table a year's figures come from."""

    source_id: str
    year: Annotated[str, Field(description="The year whose table is cited.")]
    locator: str


@dataclass(frozen=True)
class AgeError(Plain):
    """An age group's projected and reference population (thousands) and the error."""

    age: Annotated[str, Field(description="Five-year age group, 0-4 … 100+.")]
    projected: float
    reference: float
    error_percent: float | None


@dataclass(frozen=True)
class Backtest(Plain):
    """``shekara population backtest``, ``GET /api/population/backtest``."""

    entity: str
    method: str
    ratio_window: list[int]
    base: int
    target: int
    step_years: int
    unit: str
    reference: Annotated[str, Field(description="The WPP 2022 variant and year compared with.")]
    total_projected: float
    total_reference: float
    total_error_percent: float
    mape_percent: float
    groups_used: Annotated[int, Field(description="Age groups with a reference value.")]
    goals: BacktestGoals
    goals_met: GoalsMet
    by_age: list[AgeError]
    sources: list[WppSource]


@dataclass(frozen=True)
class Stochastic(Plain):
    """The seeded paths behind the band: count, seed, ratio history and levels."""

    paths: int
    seed: int
    history: list[int]
    levels: list[float]


@dataclass(frozen=True)
class CountryProjectionView(Plain):
    """``GET /api/population/projection``: totals per scenario, the 5-50-95 % band and the
    age distribution of each year (thousand persons)."""

    entity: str
    method: str
    base: int
    step_years: int
    unit: str
    ratio_window: list[int]
    scenarios: Annotated[
        dict[str, str], Field(description="What each scenario (constant, trended) assumes.")
    ]
    stochastic: Stochastic
    years: list[int]
    total: Annotated[dict[str, list[float]], Field(description="Scenario → totals by year.")]
    band: Annotated[list[list[float]], Field(description="Totals at 5, 50 and 95 % by year.")]
    pyramid: Annotated[
        dict[str, list[float]] | None,
        Field(exclude_if=absent, description="Year → the constant scenario's age groups."),
    ]
    ages: list[str]
    sources: list[WppSource]


@dataclass(frozen=True)
class CompareRow(Plain):
    """A year of our paths beside WPP 2022, the gap split into born after / alive at base."""

    year: int
    ours_constant: float
    ours_trended: float
    band_5: float
    band_50: float
    band_95: float
    wpp: float
    wpp_variant: str
    difference_percent: float
    difference_born_after_base: float
    difference_alive_at_base: float
    tfr_wpp: float | None


@dataclass(frozen=True)
class Comparison(CountryProjectionView):
    """``GET /api/population/compare``: the projection (without pyramids) beside WPP 2022."""

    rows: list[CompareRow]
    tfr_base: float | None
    explanation: Annotated[
        str | None, Field(exclude_if=absent, description="CLI JSON only: the reading in en.")
    ] = None


class RegionYear(TypedDict, total=False):
    """A year of a region's paths as JSON: the published figure, each path (keyed by its
    name) and, where the paths are compared with a published projection, its gap to it."""

    year: int
    published: float | None
    constant_rate_2030: float
    gap_constant_rate_2030: float | None
    constant_loss_2024: float
    gap_constant_loss_2024: float | None
    constant_rate: float


@dataclass(frozen=True)
class PathYear(Plain):
    """A year of a region's paths: the published figure, each path's value and its gap to
    the published figure, by path name. Its JSON is one flat :class:`RegionYear` object.

    >>> PathYear(2030, 500.0, {"constant_rate_2030": 500.0}, {"constant_rate_2030": 0.0}).to_dict()
    {'year': 2030, 'published': 500.0, 'constant_rate_2030': 500.0, 'gap_constant_rate_2030': 0.0}
    >>> PathYear(2024, None, {"constant_rate": 990.0}).to_dict()
    {'year': 2024, 'published': None, 'constant_rate': 990.0}
    """

    year: int
    published: float | None
    paths: dict[str, float]
    #: Path minus the published figure (None in a year without one); None when the paths
    #: are not compared with a published projection (a constant rate of observed values).
    gaps: dict[str, float | None] | None = None

    @model_serializer(mode="plain")
    def _flat(self) -> RegionYear:
        row: dict[str, Any] = {"year": self.year, "published": self.published}
        for name, value in self.paths.items():
            row[name] = value
            if self.gaps is not None:
                row["gap_" + name] = self.gaps[name]
        return cast(RegionYear, row)


@dataclass(frozen=True)
class ImpliedBase(Plain):
    """The base a published level and its change against the base imply (thousands)."""

    base_year: Annotated[int, Field(description="The year the change is counted from.")]
    year: int
    base: Annotated[float, Field(description="Published level minus its change since the base.")]


@dataclass(frozen=True)
class SegmentRate(Plain):
    """The average annual rate (%) of a published segment."""

    from_: Annotated[int, Field(serialization_alias="from")]
    to: int
    rate_percent: Annotated[float, Field(description="Average annual rate, %.")]


@dataclass(frozen=True)
class RegionPath(Plain):
    """``GET /api/population/regions/{id}``: a border region's annual paths beside the
    published figures, a row a year (the paths differ by region)."""

    entity: str
    unit: str
    method: Annotated[str, Field(description="published-anchor or constant-rate.")]
    base_year: int
    base: float
    implied_bases: Annotated[list[ImpliedBase] | None, Field(exclude_if=absent)]
    annual_rate_percent: float
    published_rates_percent: Annotated[list[SegmentRate] | None, Field(exclude_if=absent)]
    assumptions: dict[str, str]
    paths: dict[str, list[float]]
    rows: list[PathYear]
    published: list[StoredValue]
    inputs: list[StoredValue]
    reproduces: list[str]
    cannot_reproduce: list[str]
    needed: str = "age_structure"


@dataclass(frozen=True)
class CohortStart(Plain):
    """The base year of a cohort-component run (persons)."""

    year: int
    population: Annotated[float, Field(description="All ages and both sexes.")]


@dataclass(frozen=True)
class CohortStep(CohortStart):
    """A step's population, its components and the published figure of that year."""

    births: float
    deaths: float
    migration: float
    balance_residual: float
    published: float | None
    gap: float | None


@dataclass(frozen=True)
class PublishedGap(Plain):
    """A published figure beside the projection interpolated to its year (persons)."""

    year: int
    published: float
    projected: float
    gap: float


@dataclass(frozen=True)
class FinalBySex(Plain):
    """The last step's population by age group."""

    male: Annotated[list[float], Field(description="Persons by age group, 0-4 first.")]
    female: list[float]


@dataclass(frozen=True)
class CohortRun(Plain):
    """``shekara population cohort --inputs``: the cohort-component run on user inputs."""

    entity: str | None
    method: str
    unit: str
    timing: str
    assumptions: str
    rows: list[CohortStep | CohortStart]
    published: list[PublishedGap]
    final: FinalBySex

"""Population series from the knowledge base: WPP age distributions and regional figures.

Example (needs a built store):
    >>> from shekara.kb.store import make_engine  # doctest: +SKIP
    >>> s = age_series(make_engine("sqlite:///kb.sqlite"), "KAZ")  # doctest: +SKIP
    >>> s.total(2021)  # doctest: +SKIP
    19198.0
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

import numpy as np
from pydantic import Field
from sqlalchemy.engine import Engine

from shekara.coded import CodedError
from shekara.kb import query
from shekara.methods.arrays import Array
from shekara.methods.demography.ages import (
    AGE_LABELS,
    FERTILITY_LABELS,
    indicator_for_age,
    indicator_for_fertility,
)
from shekara.plain import Plain

WPP_SOURCE = "un-wpp2022"
LAST_ESTIMATE_YEAR = 2021
#: Accepted spellings of the two countries -> knowledge-base country id.
COUNTRY_IDS: dict[str, str] = {"KAZ": "KZ", "KZ": "KZ", "RUS": "RU", "RU": "RU"}
ISO3 = {"KZ": "KAZ", "RU": "RUS"}
#: Indicators shown as a region's population series (persons or thousands; seeds' figures).
REGIONAL_INDICATORS: tuple[str, ...] = (
    "population",
    "population_decrease_persons",
    "population_projected_thousand",
    "population_projected_change_thousand",
    "population_projected_change_percent",
    "population_change_percent",
    "population_change_percent_low",
    "population_change_percent_high",
    "natural_increase_per_mille",
    "net_migration_rate_per_mille_low",
    "net_migration_rate_per_mille_high",
    "net_external_migration_persons",
    "working_age_population_projected_change_thousand",
    "working_age_population_projected_change_percent",
)


class PopulationError(CodedError):
    """A request the population service cannot answer; ``code`` is stable (``POP1xx``)."""


def country_id(entity: str) -> str:
    """``KAZ``/``KZ`` → ``KZ``, ``RUS``/``RU`` → ``RU``; anything else is an error."""
    try:
        return COUNTRY_IDS[entity.strip().upper()]
    except KeyError:
        raise PopulationError(
            "POP101", f"unknown country {entity!r}: use KAZ or RUS (or a region id such as KZ-59)"
        ) from None


@dataclass(frozen=True)
class AgeSeries:
    """Annual WPP 2022 population by age group (thousands, both sexes) of one country."""

    country: str
    years: tuple[int, ...]
    values: Array  # (len(years), 21)
    fertility: dict[int, Array]  # year -> ASFR (9 groups, per 1,000 women)
    locators: dict[int, str]  # year -> table locator of the 0-4 value (table id, variant, row)

    def at(self, year: int) -> Array:
        """Distribution of *year*; a clear error when the year is not in the table."""
        try:
            return np.asarray(self.values[self.years.index(year)], dtype=np.float64)
        except ValueError:
            raise PopulationError(
                "POP102",
                f"{ISO3[self.country]}: no WPP 2022 data for {year} "
                f"(have {self.years[0]}-{self.years[-1]})",
            ) from None

    def span(self, first: int, last: int) -> Array:
        """Consecutive years *first*..*last* as an array (years, 21)."""
        return np.stack([self.at(y) for y in range(first, last + 1)])

    def total(self, year: int) -> float:
        return float(self.at(year).sum())

    def variant(self, year: int) -> str:
        return "estimates" if year <= LAST_ESTIMATE_YEAR else "medium"

    def tfr(self, year: int) -> float | None:
        """Total fertility rate implied by the ASFRs: ``5 · Σ ASFR / 1000``."""
        f = self.fertility.get(year)
        return None if f is None else float(5 * f.sum() / 1000)


def age_series(engine: Engine, entity: str) -> AgeSeries:
    """The country's WPP 2022 age distributions and fertility rates from the store."""
    cid = country_id(entity)
    pop_idx = {indicator_for_age(lab): i for i, lab in enumerate(AGE_LABELS)}
    fert_idx = {indicator_for_fertility(lab): i for i, lab in enumerate(FERTILITY_LABELS)}
    pop: dict[int, Array] = {}
    fert: dict[int, Array] = {}
    locators: dict[int, str] = {}
    for v in query.indicator_values(
        engine, query.ValueFilter(entity_type="country", entity_id=cid)
    ):
        if v.source.source_id != WPP_SOURCE:
            continue
        year = int(v.period)
        if v.indicator in pop_idx:
            pop.setdefault(year, np.full(len(AGE_LABELS), np.nan))[pop_idx[v.indicator]] = v.value
            if pop_idx[v.indicator] == 0:
                locators[year] = v.source.locator or ""
        elif v.indicator in fert_idx:
            fert.setdefault(year, np.zeros(len(FERTILITY_LABELS)))[fert_idx[v.indicator]] = v.value
    years = tuple(sorted(y for y, a in pop.items() if not np.isnan(a).any()))
    if not years:
        raise PopulationError(
            "POP103",
            f"no WPP 2022 age data for {ISO3[cid]} in the store: "
            "run 'shekara population import-wpp' and 'shekara db build'",
        )
    return AgeSeries(cid, years, np.stack([pop[y] for y in years]), fert, locators)


@dataclass(frozen=True)
class StoredValue(Plain):
    """A stored value: indicator, period, value, unit and its citation."""

    indicator: str
    period: str
    value: float
    unit: str
    source_id: str
    locator: str | None
    quote: str | None

    @classmethod
    def of(cls, v: query.IndicatorValue) -> StoredValue:
        return cls(v.indicator, v.period, v.value, v.unit, v.source.source_id, v.source.locator,
                   v.quote)  # fmt: skip


@dataclass(frozen=True)
class RegionSeries(Plain):
    """Every population figure the knowledge base holds for a region."""

    entity: str
    values: Annotated[tuple[StoredValue, ...], Field(description="By indicator and period.")]


@dataclass(frozen=True)
class SeriesSource(Plain):
    source_id: str
    licence: str


@dataclass(frozen=True)
class CountrySeries(Plain):
    """A country's WPP 2022 population by five-year age group, every year 1950–2100."""

    entity: str
    unit: str
    years: tuple[int, ...]
    variant: Annotated[
        tuple[str, ...], Field(description="estimates (to 2021) or medium, per year.")
    ]
    values: Annotated[
        tuple[tuple[float, ...], ...],
        Field(description="One row a year: thousand persons in each age group, 0–4 first."),
    ]
    tfr: Annotated[
        tuple[float | None, ...], Field(description="Total fertility rate per year, or null.")
    ]
    source: SeriesSource


def country_series(engine: Engine, entity: str) -> CountrySeries:
    """Totals by year and every year's age distribution (the page's pyramid data)."""
    s = age_series(engine, entity)
    return CountrySeries(
        entity.upper(),
        "thousand_persons",
        tuple(s.years),
        tuple(s.variant(y) for y in s.years),
        tuple(tuple(float(x) for x in row) for row in s.values),
        tuple(s.tfr(y) for y in s.years),
        SeriesSource("un-wpp2022", "CC BY 3.0 IGO"),
    )


@dataclass(frozen=True)
class YearTotal(Plain):
    """A year's population (all ages) with its WPP variant and total fertility rate."""

    year: int
    total: Annotated[float, Field(description="Thousand persons.")]
    variant: Annotated[str, Field(description="estimates (to 2021) or medium.")]
    tfr: float | None


@dataclass(frozen=True)
class CountryTotals(Plain):
    """``shekara population series --entity KAZ``: the WPP 2022 totals, a row a year."""

    entity: str
    unit: str
    rows: list[YearTotal]


@dataclass(frozen=True)
class TableCell(Plain):
    """The WPP 2022 table cell a value comes from."""

    source_id: str
    locator: str | None


@dataclass(frozen=True)
class AgeDistribution(Plain):
    """``shekara population series --entity KAZ --year Y``: one year's age groups."""

    entity: str
    year: int
    variant: str
    unit: str
    ages: list[str]
    values: Annotated[list[float], Field(description="Thousand persons, 0–4 first.")]
    tfr: float | None
    source: TableCell


def country_totals(engine: Engine, entity: str) -> CountryTotals:
    """A country's population every year of WPP 2022 (thousands, all ages).

    Example (needs a built store):
        >>> country_totals(engine, "KAZ").rows[0].year  # doctest: +SKIP
        1950
    """
    s = age_series(engine, entity)
    rows = [YearTotal(y, float(s.values[i].sum()), s.variant(y), s.tfr(y))
            for i, y in enumerate(s.years)]  # fmt: skip
    return CountryTotals(ISO3[s.country], "thousand_persons", rows)


def age_distribution(engine: Engine, entity: str, year: int) -> AgeDistribution:
    """A country's population by five-year age group in *year* (thousands)."""
    s = age_series(engine, entity)
    dist = s.at(year)
    return AgeDistribution(
        ISO3[s.country], year, s.variant(year), "thousand_persons", list(AGE_LABELS),
        [float(x) for x in dist], s.tfr(year), TableCell(WPP_SOURCE, s.locators.get(year)),
    )  # fmt: skip


def region_series(engine: Engine, entity: str) -> RegionSeries:
    """Every population figure the knowledge base holds for a region (none: no values)."""
    values = regional_series(engine, entity.strip().upper())
    return RegionSeries(entity.upper(), tuple(StoredValue.of(v) for v in values))


def regional_series(engine: Engine, region_id: str) -> list[query.IndicatorValue]:
    """Every population figure the knowledge base holds for a region, by indicator and period."""
    out: list[query.IndicatorValue] = []
    for ind in REGIONAL_INDICATORS:
        out += query.indicator_values(
            engine, query.ValueFilter(indicator=ind, entity_type="region", entity_id=region_id)
        )
    return out

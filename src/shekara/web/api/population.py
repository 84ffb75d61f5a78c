"""``/api/population``: WPP 2022 series, projections, backtests and border-region paths.

The answers are the population services' JSON (the same as ``shekara population …
--format json``), cached per store fingerprint and parameters. A request the service
cannot answer (unknown entity, year outside the tables) is a 404/422 problem document
with the service's ``POP…`` code in its detail: 404 for an unknown entity, 409 for
valid parameters the data cannot answer, 422 for parameters outside their ranges.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any, TypeVar

from fastapi import APIRouter, Path, Query

from shekara.services.population.national import backtest, compare, project_country, projection_view
from shekara.services.population.regional import region_path
from shekara.services.population.results import (
    Backtest,
    Comparison,
    CountryProjectionView,
    RegionPath,
)
from shekara.services.population.series import (
    CountrySeries,
    PopulationError,
    RegionSeries,
    country_series,
    region_series,
)
from shekara.web.api.common import State, routes
from shekara.web.problems import refusals_as_problems
from shekara.web.state import WebState

Entity = Annotated[
    str, Query(max_length=12, description="KAZ or RUS (WPP 2022 data), or a region id (KZ-59).")
]
Year = Annotated[int, Query(ge=1950, le=2100)]
#: Stochastic paths an API request may ask for (the CLI has no limit).
MAX_PATHS = 10_000

router = APIRouter(prefix="/population", tags=["population"])
route = routes(router, 404, 409, 422)
T = TypeVar("T")


#: Codes of an unknown entity (404); any other refusal is valid parameters the data cannot
#: answer (a year outside the tables, a span that is not whole steps, a region without a level).
UNKNOWN = ("POP101", "POP103", "POP110")


def _answer(compute: Callable[[], T]) -> T:
    result: T = refusals_as_problems(
        compute, PopulationError, lambda exc: getattr(exc, "code", "") in UNKNOWN
    )
    return result


def _cached(state: WebState, key: tuple[Any, ...], compute: Callable[[], T]) -> T:
    """The service's answer, cached per store state and *key*."""
    answer: T = state.cached(("population", *key), lambda: _answer(compute))
    return answer


def _span(
    state: WebState, service: Callable[[Any, str, int, int], T], entity: str, base: int, end: int
) -> T:
    """A country service over the years *base* … *end* (backtest, comparison), cached."""
    key = (service.__name__, entity.upper(), base, end)
    return _cached(state, key, lambda: service(state.engine, entity, base, end))


def series_dict(state: WebState, entity: str) -> CountrySeries:
    """Totals by year and every year's age distribution (the page's pyramid data)."""
    key = ("population-series", entity.upper())
    return state.cached(key, lambda: _answer(lambda: country_series(state.engine, entity)))


@route(
    "/series",
    CountrySeries | RegionSeries,
    "WPP 2022 age distributions of a country, or a region's figures",
)
def get_series(state: State, entity: Entity = "KAZ") -> CountrySeries | RegionSeries:
    """A country's population by five-year age group for 1950-2100 (estimates to 2021,
    medium variant after), or every population figure the knowledge base holds for a region."""
    if entity.upper() in ("KAZ", "KZ", "RUS", "RU"):
        return series_dict(state, entity)

    def regional() -> RegionSeries:
        found = region_series(state.engine, entity)
        if not found.values:
            raise PopulationError("POP110", f"no population figures for {entity!r}")
        return found

    return _answer(regional)


@route("/projection", CountryProjectionView, "Hamilton–Perry projection with scenarios and bands")
def get_projection(
    state: State,
    entity: Entity = "KAZ",
    base: Year = 2020,
    until: Year = 2100,
    paths: Annotated[int, Query(ge=1, le=MAX_PATHS)] = 1000,
    seed: Annotated[int, Query(ge=0, le=2**32 - 1)] = 2022,
) -> CountryProjectionView:
    """Constant and trended ratios, a 5-50-95 % band of seeded paths, pyramids by year."""
    return _cached(
        state,
        ("projection", entity.upper(), base, until, paths, seed),
        lambda: projection_view(
            project_country(state.engine, entity, base=base, until=until, n_paths=paths, seed=seed)
        ),
    )


@route("/backtest", Backtest, "Backtest against WPP 2022")
def get_backtest(
    state: State, entity: Entity = "KAZ", base: Year = 2011, target: Year = 2021
) -> Backtest:
    """Ratios of the window before *base*, projected to *target*: total error and MAPE."""
    return _span(state, backtest, entity, base, target)


@route("/compare", Comparison, "Our projection beside the WPP 2022 medium variant")
def get_compare(
    state: State, entity: Entity = "KAZ", base: Year = 2020, until: Year = 2050
) -> Comparison:
    """Our projection to *until* beside the WPP 2022 medium variant."""
    return _span(state, compare, entity, base, until)


@route("/regions/{region_id}", RegionPath, "A border region's path beside published figures")
def get_region(
    state: State, region_id: Annotated[str, Path(max_length=12)], until: Year = 2050
) -> RegionPath:
    """Annual path(s) with their assumptions, the published figures and the gap per year."""
    key = ("region", region_id.upper(), until)
    return _cached(state, key, lambda: region_path(state.engine, region_id, until))

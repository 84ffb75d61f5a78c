"""The population results are typed models on every face: a region path's rows are
:class:`PathYear` objects whose JSON stays one flat object a year, and ``population series``
prints the service's :class:`CountryTotals` / :class:`AgeDistribution` / :class:`RegionSeries`."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
import sqlalchemy as sa
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from shekara.cli import app
from shekara.plain import to_plain
from shekara.services.population.regional import region_path
from shekara.services.population.results import PathYear
from shekara.services.population.series import (
    AgeDistribution,
    CountryTotals,
    RegionSeries,
    age_distribution,
    country_totals,
    region_series,
)
from shekara.web.app import create_app

runner = CliRunner()


@pytest.fixture(scope="module")
def client(pop_store_url: str) -> Iterator[TestClient]:
    with TestClient(create_app(pop_store_url)) as c:
        yield c


def test_region_path_rows_are_typed_and_flat_in_json(pop_engine: sa.Engine) -> None:
    r = region_path(pop_engine, "KZ-59", 2050)
    row = next(x for x in r.rows if x.year == 2040)
    assert isinstance(row, PathYear)
    # D:318 publishes 397.1 thousand for 2040; the constant rate that meets 2030's 475.9
    # from the implied 2018 base 556.5 gives 556.5·(475.9/556.5)^(22/12) = 417.7
    assert row.published == 397.1
    assert row.paths["constant_rate_2030"] == 417.7
    assert row.gaps is not None and row.gaps["constant_rate_2030"] == 20.6
    assert row.to_dict() == {
        "year": 2040,
        "published": 397.1,
        "constant_rate_2030": 417.7,
        "gap_constant_rate_2030": 20.6,
        "constant_loss_2024": row.paths["constant_loss_2024"],
        "gap_constant_loss_2024": row.gaps["constant_loss_2024"],
    }
    first = r.rows[0]
    assert first.year == 2018 and first.published is None
    assert first.gaps == {"constant_rate_2030": None, "constant_loss_2024": None}


def test_region_api_answers_the_service_result_and_documents_its_rows(
    client: TestClient, pop_engine: sa.Engine
) -> None:
    got = client.get("/api/population/regions/KZ-59")
    assert got.status_code == 200
    assert got.json() == to_plain(region_path(pop_engine, "KZ-59", 2050))
    schemas = client.get("/openapi.json").json()["components"]["schemas"]
    row_schema = schemas["RegionPath"]["properties"]["rows"]["items"]["$ref"].split("/")[-1]
    assert schemas[row_schema] == {"$ref": "#/components/schemas/RegionYear"}  # the flat JSON
    assert {"year", "published", "gap_constant_rate_2030"} <= set(
        schemas["RegionYear"]["properties"]
    )


def _cli_json(pop_store: str, *args: str) -> object:
    res = runner.invoke(app, ["population", "series", *args, "--format", "json"])
    assert res.exit_code == 0, res.output
    return json.loads(res.stdout)


def test_series_cli_prints_the_service_results(pop_store: str, pop_engine: sa.Engine) -> None:
    totals = country_totals(pop_engine, "KAZ")
    assert isinstance(totals, CountryTotals) and totals.entity == "KAZ"
    y2021 = next(r for r in totals.rows if r.year == 2021)
    assert y2021.total == 19198.0 and y2021.variant == "estimates"
    assert _cli_json(pop_store, "--entity", "KAZ") == to_plain(totals)

    dist = age_distribution(pop_engine, "RUS", 2020)
    assert isinstance(dist, AgeDistribution) and dist.ages[0] == "0-4" and len(dist.values) == 21
    assert dist.values[0] == 8383.0 and dist.source.source_id == "un-wpp2022"
    rus = next(r for r in country_totals(pop_engine, "RUS").rows if r.year == 2020)
    assert sum(dist.values) == pytest.approx(rus.total)  # the groups add up to the total
    assert _cli_json(pop_store, "--entity", "RUS", "--year", "2020") == to_plain(dist)

    region = region_series(pop_engine, "kz-59")
    assert isinstance(region, RegionSeries) and region.entity == "KZ-59"
    assert {v.indicator for v in region.values} >= {"population_projected_thousand"}
    assert _cli_json(pop_store, "--entity", "KZ-59") == to_plain(region)
    assert region_series(pop_engine, "KZ-99").values == ()

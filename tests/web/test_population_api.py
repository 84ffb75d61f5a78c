"""``/api/population`` and the ``/population`` page, in-process."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient


def test_series_has_every_year_and_group(client: TestClient) -> None:
    r = client.get("/api/population/series", params={"entity": "RUS"})
    assert r.status_code == 200
    d = r.json()
    assert d["years"][0] == 1950 and d["years"][-1] == 2100 and len(d["values"][0]) == 21
    i = d["years"].index(2021)
    assert d["variant"][i] == "estimates" and d["variant"][i + 1] == "medium"
    assert sum(d["values"][i]) == 145103.0


def test_backtest_and_region(client: TestClient) -> None:
    b = client.get("/api/population/backtest", params={"entity": "KAZ"}).json()
    assert b["total_error_percent"] == -5.02 and b["mape_percent"] == 9.7
    g = client.get("/api/population/regions/KZ-59").json()
    assert next(r for r in g["rows"] if r["year"] == 2050)["gap_constant_rate_2030"] == 38.7


def test_projection_is_seeded(client: TestClient) -> None:
    q = {"entity": "KAZ", "until": 2040, "paths": 200, "seed": 5}
    a = client.get("/api/population/projection", params=q).json()
    b = client.get("/api/population/projection", params={**q, "seed": 6}).json()
    assert a["years"] == [2020, 2025, 2030, 2035, 2040]
    assert a["total"] == b["total"] and a["band"] != b["band"]
    assert set(a["pyramid"]) == {"2020", "2025", "2030", "2035", "2040"}


@pytest.mark.parametrize(
    ("path", "params", "status", "code"),
    [
        ("/api/population/series", {"entity": "XX"}, 404, "POP110"),
        ("/api/population/backtest", {"entity": "CHN"}, 404, "POP101"),
        ("/api/population/backtest", {"entity": "KAZ", "target": 2018}, 409, "POP106"),
        ("/api/population/regions/KZ-10", {}, 409, "POP111"),
        ("/api/population/compare", {"entity": "KAZ", "base": 1970}, 409, "POP107"),
    ],
)
def test_problems_carry_the_code(
    client: TestClient, path: str, params: dict[str, str], status: int, code: str
) -> None:
    r = client.get(path, params=params)
    assert r.status_code == status
    assert r.headers["content-type"].startswith("application/problem+json")
    assert code in r.json()["detail"]


def test_out_of_range_parameters_are_422(client: TestClient) -> None:
    assert client.get("/api/population/projection", params={"paths": 0}).status_code == 422
    assert client.get("/api/population/projection", params={"until": 2200}).status_code == 422


@pytest.mark.parametrize(
    ("lang", "title"), [("kk", "Халық"), ("ru", "Население"), ("en", "Population")]
)
def test_page_in_three_languages(client: TestClient, lang: str, title: str) -> None:
    r = client.get("/population", params={"lang": lang, "entity": "RUS", "year": 2030})
    assert r.status_code == 200
    assert f"<title>{title} ·" in r.text
    assert 'id="pop-data"' in r.text and r.text.count('class="bar"') == 21

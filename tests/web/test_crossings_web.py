"""``/api/crossings`` and the crossing pages through the ASGI app (kk, ru, en; bad input)."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

from shekara.i18n import catalog
from shekara.methods.queues.erlang import mean_wait


def test_registry_route(client: TestClient) -> None:
    body = client.get("/api/crossings", params={"lang": "kk"}).json()
    names = {c["crossing_id"]: c["name"] for c in body["crossings"]}
    assert names["karaozek"] == "Қараөзек"
    assert {t["target_id"] for t in body["targets"]} >= {"checkpoints-per-year"}
    assert all(f["source"] or (f["assumption"] and f["citation"]) for f in body["facts"])


def test_simulation_route_has_erlang_beside(client: TestClient) -> None:
    r = client.get(
        "/api/crossings/simulate",
        params={"arrivals_per_hour": "40", "service_minutes": 6, "lanes": "5", "hours": 500},
    )
    assert r.status_code == 200
    out = r.json()
    assert out["erlang_c"]["mean_wait"] == pytest.approx(60 * mean_wait(40, 10, 5))
    assert len(out["hourly"]) == 24


@pytest.mark.parametrize(
    ("path", "params", "status", "needle"),
    [
        ("/api/crossings/simulate", {"arrivals_per_hour": "1,2"}, 422, "arrivals_per_hour"),
        ("/api/crossings/simulate", {"lanes": "x"}, 422, "lanes"),
        ("/api/crossings/plan", {"arrivals_per_hour": "-1"}, 422, "arrivals_per_hour"),
        ("/api/crossings/simulate", {"service_minutes": "0.001"}, 422, "service_minutes"),
        ("/api/crossings/nope", {}, 404, "CRS101"),
    ],
)
def test_bad_input_is_a_problem(
    client: TestClient, path: str, params: dict[str, str], status: int, needle: str
) -> None:
    r = client.get(path, params=params)
    assert r.status_code == status
    assert r.headers["content-type"].startswith("application/problem+json")
    assert needle in r.json()["detail"]


def test_plan_and_pair_waits_routes(client: TestClient) -> None:
    plan = client.get("/api/crossings/plan", params={"arrivals_per_hour": "30"}).json()
    assert {r["lanes"] for r in plan["lanes_per_hour"]} == {4}  # see tests/crossings
    waits = client.get("/api/crossings/pair-waits", params={"fallback_hours": 1}).json()
    assert waits["hours"] == {"*": 1.0}  # no measurements ship with the package
    assert set(waits["basis"].values()) == {"fallback"}


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_pages_speak_the_language(client: TestClient, lang: str) -> None:
    tc = catalog(lang, "crossings")
    page = client.get("/crossings", params={"lang": lang}).text
    assert tc["Crossing points"] in page and tc["Programme targets"] in page
    detail = client.get("/crossings/isilkul", params={"lang": lang}).text
    assert tc["Queue by hour (what-if)"] in detail and 'id="hourly-chart"' in detail
    assert tc["approximate"] in detail
    visible = re.sub(r"<[^>]+>|<code>.*?</code>", " ", detail)
    for english in ("lanes", "not known", "Measured waits", "operating", "modernised"):
        assert english not in visible, english


def test_page_with_bad_form_shows_a_message(client: TestClient) -> None:
    r = client.get("/crossings/isilkul", params={"arrivals": "1,2"})
    assert r.status_code == 200 and 'id="queue-problem"' in r.text
    assert client.get("/crossings/nope").status_code == 404

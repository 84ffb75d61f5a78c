"""A store with the seeded exercise season imported (built once per session)."""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlalchemy as sa

from shekara.kb.store import build, make_engine
from shekara.services.flood.exchange import import_bulletin, write_table
from shekara.services.flood.exercise import exercise_rows

AS_OF = "2026-04-10"


@pytest.fixture(scope="session")
def season_store(tmp_path_factory: pytest.TempPathFactory) -> str:
    d = tmp_path_factory.mktemp("flood-store")
    url = f"sqlite:///{d / 'kb.sqlite'}"
    build(url)
    csv = write_table(exercise_rows(days=40), d / "season.csv")
    import_bulletin(make_engine(url), csv, actor="test")
    return url


@pytest.fixture(scope="session")
def season_engine(season_store: str) -> sa.Engine:
    return make_engine(season_store)


@pytest.fixture
def season_env(season_store: str, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv("SHEKARA_DATABASE_URL", season_store)
    return season_store


@pytest.fixture
def out_dir(tmp_path: Path) -> Path:
    return tmp_path

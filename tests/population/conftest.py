"""Fixtures of the population tests: one store built from the shipped package."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from shekara.kb.store import build, make_engine


@pytest.fixture(scope="session")
def pop_store_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    url = f"sqlite:///{tmp_path_factory.mktemp('pop-kb') / 'kb.sqlite'}"
    build(url)
    return url


@pytest.fixture(scope="session")
def pop_engine(pop_store_url: str) -> sa.Engine:
    return make_engine(pop_store_url)


@pytest.fixture
def pop_store(monkeypatch: pytest.MonkeyPatch, pop_store_url: str) -> str:
    """The CLI reads SHEKARA_DATABASE_URL."""
    monkeypatch.setenv("SHEKARA_DATABASE_URL", pop_store_url)
    return pop_store_url

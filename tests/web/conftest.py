"""Fixtures of the web tests: one built store per session, the app in-process, a scratch store.

Building the store takes about a second, so it is built once; tests that write (imports,
tokens) get a copy of the file.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from fastapi import FastAPI
from fastapi.testclient import TestClient

from shekara.kb.store import build, make_engine
from shekara.web.app import create_app


@pytest.fixture(scope="session")
def built_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store built from the shipped data package (read-only for the tests)."""
    path = tmp_path_factory.mktemp("web-kb") / "kb.sqlite"
    build(f"sqlite:///{path}")
    return path


@pytest.fixture(scope="session")
def store_url_ro(built_store: Path) -> str:
    return f"sqlite:///{built_store}"


@pytest.fixture(scope="session")
def engine_ro(store_url_ro: str) -> Iterator[sa.Engine]:
    engine = make_engine(store_url_ro)
    yield engine
    engine.dispose()


@pytest.fixture(scope="session")
def app_ro(store_url_ro: str) -> FastAPI:
    return create_app(store_url_ro)


@pytest.fixture(scope="session")
def client(app_ro: FastAPI) -> Iterator[TestClient]:
    """In-process client over the read-only store (server errors raise in the test)."""
    with TestClient(app_ro) as c:
        yield c


@pytest.fixture
def scratch_url(built_store: Path, tmp_path: Path) -> str:
    """A private copy of the built store, for tests that write."""
    dst = tmp_path / "kb.sqlite"
    shutil.copy(built_store, dst)
    return f"sqlite:///{dst}"


@pytest.fixture
def scratch_client(scratch_url: str) -> Iterator[TestClient]:
    with TestClient(create_app(scratch_url)) as c:
        yield c

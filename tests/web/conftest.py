"""Fixtures of the web tests: the app in-process over the session's built store
(``built_store``, ``store_url_ro``, ``engine_ro`` and ``scratch_url`` come from
``tests/conftest.py``); tests that write (imports, tokens) get a copy of the file.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from shekara.web.app import create_app


@pytest.fixture(scope="session")
def app_ro(store_url_ro: str) -> FastAPI:
    return create_app(store_url_ro)


@pytest.fixture(scope="session")
def client(app_ro: FastAPI) -> Iterator[TestClient]:
    """In-process client over the read-only store (server errors raise in the test)."""
    with TestClient(app_ro) as c:
        yield c


@pytest.fixture
def scratch_client(scratch_url: str) -> Iterator[TestClient]:
    with TestClient(create_app(scratch_url)) as c:
        yield c

"""Fixtures of the platform tests (the seeded world: :mod:`pf_world`).

Argon2 hashing is slow on purpose, so the accounts are made once per session in a
template store; every test that writes gets a copy of the file.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from pf_world import World, seed

from shekara.web.app import create_app


@pytest.fixture(scope="session")
def template_world(tmp_path_factory: pytest.TempPathFactory) -> World:
    path = tmp_path_factory.mktemp("platform") / "kb.sqlite"
    return seed(f"sqlite:///{path}")


@pytest.fixture
def world(template_world: World, tmp_path: Path) -> World:
    """A private copy of the seeded store."""
    dst = tmp_path / "kb.sqlite"
    shutil.copy(template_world.url.removeprefix("sqlite:///"), dst)
    return World(
        f"sqlite:///{dst}",
        template_world.orgs,
        template_world.tokens,
        template_world.draft,
        template_world.submitted,
        template_world.accepted,
        template_world.project,
    )


@pytest.fixture
def app_client(world: World) -> Iterator[TestClient]:
    """The app over the private store; https so that the Secure cookie is sent back."""
    with TestClient(create_app(world.url), base_url="https://testserver") as c:
        yield c

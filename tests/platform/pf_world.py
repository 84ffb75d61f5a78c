"""The seeded world of the platform tests: a store with organisations of both sides, one
account per role (each with an API token), and requests and a project in known states.

The fixtures are here rather than in a ``conftest.py``: with ``--doctest-modules`` two
``conftest.py`` files collected by explicit paths (``pytest tests/web tests/platform``)
collide under the module name ``conftest``. Test modules take them with
``from pf_world import *`` (``__all__`` is the fixtures).

Argon2 hashing is slow on purpose, so the accounts are made once per session in a
template store; every test that writes gets a copy of the file.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from shekara.kb.store import build, make_engine
from shekara.platform import accounts, enrolment, projects
from shekara.platform import problem_requests as reqs
from shekara.platform.accounts import SYSTEM
from shekara.web.app import create_app
from shekara.web.auth import add_token

__all__ = ["app_client", "template_world", "world"]

PASSWORD = "correct horse battery staple"
#: The roles of the permission table: account name → what it is.
ACCOUNTS = {
    "reader": ("reader", None),
    "participant": ("participant", "business_kz"),  # another KZ organisation than the author's
    "author": ("participant", "akimat_kz"),
    "assignee": ("participant", "university_ru"),
    "official": ("official", "oblast_kz"),  # KZ-55, the region the requests concern
    "moderator": ("moderator", None),
    "admin": ("admin", None),
}
ORGS = {
    "akimat_kz": ("Akimat of Pavlodar", "akimat", "KZ", "KZ-55"),
    "business_kz": ("Ertis Logistics LLP", "business", "KZ", "KZ-55"),
    "oblast_kz": ("Pavlodar regional administration", "state_body", "KZ", "KZ-55"),
    "university_ru": ("Omsk State University", "university", "RU", "RU-OMS"),
}


@dataclass
class World:
    """Ids of what the template store holds, and every account's API token."""

    url: str = ""
    orgs: dict[str, int] = field(default_factory=dict)
    tokens: dict[str, str] = field(default_factory=dict)
    draft: int = 0
    submitted: int = 0
    accepted: int = 0
    project: int = 0


def seed(url: str) -> World:
    build(url)
    engine = make_engine(url)
    w = World(url=url)
    for key, (name, kind, country, region) in ORGS.items():
        w.orgs[key] = accounts.create_org(engine, name, kind, country, region, actor=SYSTEM)
    users = {}
    for username, (role, org) in ACCOUNTS.items():
        users[username] = accounts.create_user(
            engine,
            username,
            username.title(),
            PASSWORD,
            role,
            org_id=w.orgs[org] if org else None,
            actor=SYSTEM,
        )
        w.tokens[username] = add_token(engine, username)
    author, moderator = users["author"], users["moderator"]
    # a self-registered account waiting for approval (asks to join the Russian university)
    enrolment.register(engine, "applicant", "Applicant", PASSWORD, w.orgs["university_ru"])

    def new(title: str, submit: bool) -> int:
        data = reqs.RequestIn(
            title, "Lorries wait two days at the crossing.", "transport", ["KZ-55"], None, "kk"
        )
        return reqs.create_request(engine, author, data, submit=submit)

    w.draft = new("Draft of the akimat", False)
    w.submitted = new("Submitted request", True)
    w.accepted = new("Accepted request", True)
    reqs.move(
        engine, moderator, w.accepted, "accepted", "ok", assign_org_id=w.orgs["university_ru"]
    )
    w.project = projects.create_project(
        engine,
        author,
        projects.ProjectIn(
            "Irtysh water school",
            "A summer school on the Irtysh.",
            "water",
            "planned",
            ["KZ-55", "RU-OMS"],
            None,
            1_000_000,
            "KZT",
            "own funds",
            None,
            None,
            w.orgs["akimat_kz"],
            [w.orgs["university_ru"]],
        ),
    )
    engine.dispose()
    return w


def session(
    app: object, username: str, lang: str, password: str = PASSWORD
) -> tuple[TestClient, str]:
    """A browser-like client logged in through the login form, in *lang*; its CSRF token."""
    c = TestClient(app, base_url="https://testserver", headers={"Accept-Language": lang})  # type: ignore[arg-type]
    token = re.search(r'name="csrf" value="([^"]+)"', c.get("/platform/login").text)
    assert token is not None
    r = c.post(
        "/platform/login",
        data={"username": username, "password": password, "csrf": token.group(1)},
        follow_redirects=False,
    )
    assert r.status_code == 303, r.text
    return c, csrf_of(c, "/platform")


def csrf_of(c: TestClient, path: str) -> str:
    """The CSRF token of the first form of the page at *path*."""
    found = re.search(r'name="csrf" value="([^"]+)"', c.get(path).text)
    assert found is not None
    return found.group(1)


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

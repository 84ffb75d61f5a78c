"""The permission table: every platform route tried by every role; the expected codes ARE the test.

Columns: anonymous (no credentials), reader, participant (a KZ organisation other than the
author's), author (participant of the akimat that filed the requests and leads the project),
assignee (participant of the Russian university the accepted request is assigned to),
official (of KZ-55, the region the requests concern), moderator, admin. Each cell runs on a
fresh copy of the store, so a write in one cell never changes the next.

A participant cannot read another organisation's draft (404: the id does not leak), change
a status (403/404), or act through another user's id (unknown body fields → 422).
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import pytest
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient
from pf_world import *  # noqa: F403  (the fixtures: template_world, world, app_client)
from pf_world import PASSWORD, World

from shekara.web.app import create_app

ROLES = (
    "anonymous",
    "reader",
    "participant",
    "author",
    "assignee",
    "official",
    "moderator",
    "admin",
)

#  method, path template, JSON body, expected codes in the order of ROLES
TABLE: list[tuple[str, str, dict[str, Any] | None, tuple[int, ...]]] = [
    ("GET", "/api/platform/me", None, (200, 200, 200, 200, 200, 200, 200, 200)),
    ("GET", "/api/platform/requests", None, (200, 200, 200, 200, 200, 200, 200, 200)),
    ("GET", "/api/platform/requests/{draft}", None, (404, 404, 404, 200, 404, 404, 404, 404)),
    ("GET", "/api/platform/requests/{submitted}", None, (404, 404, 404, 200, 404, 200, 200, 200)),
    ("GET", "/api/platform/requests/{accepted}", None, (200, 200, 200, 200, 200, 200, 200, 200)),
    (
        "POST",
        "/api/platform/requests",
        {"title": "Bridge", "description": "Repair", "theme": "transport", "regions": ["KZ-55"]},
        (401, 403, 201, 201, 201, 201, 403, 403),
    ),
    (
        "POST",
        "/api/platform/requests",  # acting through another user's id
        {
            "title": "Bridge",
            "description": "Repair",
            "theme": "transport",
            "regions": ["KZ-55"],
            "author_id": 1,
        },
        (422, 422, 422, 422, 422, 422, 422, 422),
    ),
    (
        "POST",
        "/api/platform/requests/{draft}/status",
        {"to": "submitted"},
        (401, 404, 404, 200, 404, 404, 404, 404),
    ),
    (
        "POST",
        "/api/platform/requests/{submitted}/status",
        {"to": "accepted", "assign_org_id": "{university_ru}"},
        (401, 404, 404, 403, 404, 403, 200, 200),
    ),
    (
        "POST",
        "/api/platform/requests/{accepted}/status",
        {"to": "in_work"},
        (401, 403, 403, 403, 200, 403, 200, 200),
    ),
    (
        "POST",
        "/api/platform/requests/{accepted}/comments",
        {"comment": "On our side too."},
        (401, 403, 403, 201, 201, 403, 201, 201),
    ),
    (
        "POST",
        "/api/platform/requests/{draft}/comments",
        {"comment": "Peek"},
        (401, 404, 404, 201, 404, 404, 404, 404),
    ),
    ("GET", "/api/platform/projects", None, (200, 200, 200, 200, 200, 200, 200, 200)),
    ("GET", "/api/platform/knowledge", None, (200, 200, 200, 200, 200, 200, 200, 200)),
    ("GET", "/platform/knowledge", None, (200, 200, 200, 200, 200, 200, 200, 200)),
    ("GET", "/api/platform/projects/{project}", None, (200, 200, 200, 200, 200, 200, 200, 200)),
    (
        "POST",
        "/api/platform/projects",
        {
            "title": "Fair",
            "summary": "A trade fair.",
            "theme": "trade",
            "regions": ["KZ-55"],
            "lead_org_id": "{akimat_kz}",
        },
        (401, 403, 403, 201, 403, 403, 201, 201),
    ),
    (
        "POST",
        "/api/platform/projects/{project}/links",
        {"kind": "agreement", "ref_id": "kz-ru-border-oblasts-cooperation-1995"},
        (401, 403, 403, 201, 403, 403, 201, 201),
    ),
    (
        "POST",
        "/api/platform/projects/{project}/reports",
        {"period": "2025", "text": "Done."},
        (401, 403, 403, 201, 403, 403, 201, 201),
    ),
    (
        "POST",
        "/api/platform/projects/{project}/status",
        {"status": "running"},
        (401, 403, 403, 200, 403, 403, 200, 200),
    ),
    ("GET", "/api/platform/users", None, (401, 403, 403, 403, 403, 403, 403, 200)),
    ("GET", "/api/platform/audit", None, (401, 403, 403, 403, 403, 403, 403, 200)),
    ("POST", "/api/platform/users/{reader}/unlock", None, (401, 403, 403, 403, 403, 403, 403, 204)),
    (
        "POST",
        "/api/platform/users/{reader}/password",
        {"password": "another long password"},
        (401, 403, 403, 403, 403, 403, 403, 204),
    ),
    (
        "POST",
        "/api/platform/users/{reader}/role",
        {"role": "participant", "org_id": "{akimat_kz}"},
        (401, 403, 403, 403, 403, 403, 403, 204),
    ),
    ("GET", "/api/platform/registrations", None, (401, 403, 403, 403, 403, 403, 200, 200)),
    (
        "POST",
        "/api/platform/registrations/{applicant}/{approve}",
        None,
        (401, 403, 403, 403, 403, 403, 204, 204),
    ),
    (
        "POST",
        "/api/platform/me/password",
        {"current": PASSWORD, "new": "another long password"},
        (401, 204, 204, 204, 204, 204, 204, 204),
    ),
    ("GET", "/api/platform/export/requests.csv", None, (200, 200, 200, 200, 200, 200, 200, 200)),
    ("GET", "/api/platform/feed.atom", None, (200, 200, 200, 200, 200, 200, 200, 200)),
    ("GET", "/platform", None, (200, 200, 200, 200, 200, 200, 200, 200)),
    ("GET", "/platform/requests", None, (200, 200, 200, 200, 200, 200, 200, 200)),
    ("GET", "/platform/requests/new", None, (401, 403, 200, 200, 200, 200, 403, 403)),
    ("GET", "/platform/requests/{draft}", None, (404, 404, 404, 200, 404, 404, 404, 404)),
    ("GET", "/platform/requests/{accepted}", None, (200, 200, 200, 200, 200, 200, 200, 200)),
    ("GET", "/platform/projects", None, (200, 200, 200, 200, 200, 200, 200, 200)),
    ("GET", "/platform/projects/new", None, (401, 403, 200, 200, 200, 200, 200, 200)),
    ("GET", "/platform/projects/{project}", None, (200, 200, 200, 200, 200, 200, 200, 200)),
    ("GET", "/platform/admin", None, (401, 403, 403, 403, 403, 403, 403, 200)),
    ("GET", "/platform/admin/audit", None, (401, 403, 403, 403, 403, 403, 403, 200)),
    ("GET", "/platform/registrations", None, (401, 403, 403, 403, 403, 403, 200, 200)),
    ("GET", "/platform/account", None, (401, 200, 200, 200, 200, 200, 200, 200)),
    ("GET", "/platform/register", None, (200, 200, 200, 200, 200, 200, 200, 200)),
    # forms of the pages (sent urlencoded; a bearer token needs no CSRF token, a redirect
    # after success is followed to its page: 200)
    (
        "POST",
        "/platform/admin/{unlock}",
        {"username": "reader"},
        (401, 403, 403, 403, 403, 403, 403, 200),
    ),
    (
        "POST",
        "/platform/registrations/{applicant}/{approve}",
        {},
        (401, 403, 403, 403, 403, 403, 200, 200),
    ),
    (
        "POST",
        "/platform/account/password",
        {"current": PASSWORD, "new": "another long password", "new2": "another long password"},
        (401, 200, 200, 200, 200, 200, 200, 200),
    ),
    # without the form's cookie every registration is refused (CSRF)
    ("POST", "/platform/register", {"username": "x"}, (403,) * 8),
]


def _fill(value: Any, w: World) -> Any:
    ids = {
        "draft": w.draft,
        "submitted": w.submitted,
        "accepted": w.accepted,
        "project": w.project,
        "reader": "reader",
        "applicant": "applicant",
        "approve": "approve",  # the decision on a registration
        "unlock": "unlock",  # a form of the administrator's page
        **w.orgs,
    }
    if isinstance(value, str):
        if value.startswith("{") and value.endswith("}") and value[1:-1] in ids:
            return ids[value[1:-1]]
        return value.format(**ids)
    if isinstance(value, dict):
        return {k: _fill(v, w) for k, v in value.items()}
    return value


@pytest.mark.parametrize(
    ("method", "path", "body", "expected"), TABLE, ids=[f"{m} {p}" for m, p, _, _ in TABLE]
)
def test_permission_table(
    template_world: World,
    tmp_path: Path,
    method: str,
    path: str,
    body: dict[str, Any] | None,
    expected: tuple[int, ...],
) -> None:
    """One row: every role in turn, each on a fresh copy of the seeded store."""
    w = template_world
    private = tmp_path / "kb.sqlite"
    shutil.copy(w.url.removeprefix("sqlite:///"), private)
    app = create_app(f"sqlite:///{private}")
    got = []
    with TestClient(app, base_url="https://testserver") as client:
        for role in ROLES:
            app.state.shekara.engine.dispose()  # let go of the file before it is replaced
            shutil.copy(w.url.removeprefix("sqlite:///"), private)
            headers = {} if role == "anonymous" else {"Authorization": f"Bearer {w.tokens[role]}"}
            url, data = _fill(path, w), _fill(body, w)
            if method == "POST" and url.startswith("/platform/"):  # a page's form
                r = client.request(method, url, data=data, headers=headers)
            else:
                r = client.request(method, url, json=data, headers=headers)
            got.append(r.status_code)
    assert dict(zip(ROLES, got, strict=True)) == dict(zip(ROLES, expected, strict=True))


def _shape(path: str) -> str:
    return re.sub(r"\{[^}]*\}", "{}", path)


def app_routes(routes: Sequence[Any], prefix: str = "") -> Iterator[tuple[str, APIRoute]]:
    """(path, route) of every API route, also inside included routers.

    FastAPI 0.165 keeps an included router as one entry of ``app.routes`` (its
    ``original_router`` and the prefix it was included with) instead of copying its routes.
    """
    for route in routes:
        if isinstance(route, APIRoute):
            yield prefix + route.path, route
        elif hasattr(route, "original_router"):
            inner = prefix + route.include_context.prefix
            yield from app_routes(route.original_router.routes, inner)


def test_the_table_covers_every_platform_route(world: World) -> None:
    """A new route without a row in the table (or a reason in UNTABLED) fails here."""
    tried = {f"{m} {_shape(p)}" for m, p, _, _ in TABLE}
    routes = {
        f"{method} {_shape(path)}"
        for path, route in app_routes(create_app(world.url).routes)
        if path.startswith(("/api/platform", "/platform"))
        and route.name != "not_allowed"  # the 405 answers with the full Allow list
        for method in route.methods
    }
    assert len(routes) > 50  # the walk found the platform's routes
    assert routes - tried - {_shape(u) for u in UNTABLED} == set()


#: Routes tried by the workflow tests instead (forms need a session and its CSRF token;
#: documents need an upload; login/logout are the authentication itself).
UNTABLED = {
    "POST /api/platform/login",
    "POST /api/platform/logout",
    "GET /api/platform/organisations",
    "POST /api/platform/organisations",
    "POST /api/platform/users",
    "GET /api/platform/documents/{doc_id}",
    "POST /api/platform/requests/{rid}/documents",
    "POST /api/platform/projects/{pid}/documents",
    "POST /api/platform/projects/{pid}/outputs",
    "GET /api/platform/export/{registry}.{fmt}",  # tried with requests.csv above
    "GET /platform/login",
    "POST /platform/login",
    "POST /platform/logout",
    "POST /platform/requests/new",
    "POST /platform/requests/{rid}/status",
    "POST /platform/requests/{rid}/comment",
    "POST /platform/projects/new",
    "POST /platform/projects/{pid}/{what}",
    "POST /platform/{owner}/{oid}/document",
}

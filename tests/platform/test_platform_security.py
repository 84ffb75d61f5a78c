"""CSRF, session fixation, login brute force, lock-out and reset, and no password in clear."""

from __future__ import annotations

import logging
import re
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from pf_world import *  # noqa: F403  (the fixtures: template_world, world, app_client)
from pf_world import PASSWORD, World

from shekara.platform.security import SESSION_COOKIE
from shekara.web.platform_session import LOGIN_LIMIT


def login(client: TestClient, username: str, password: str = PASSWORD) -> str:
    """Log in through the API; return the CSRF token."""
    r = client.post("/api/platform/login", json={"username": username, "password": password})
    assert r.status_code == 200, r.text
    return str(r.json()["csrf_token"])


def test_session_cookie_is_secure_httponly_strict(app_client: TestClient) -> None:
    r = app_client.post("/api/platform/login", json={"username": "author", "password": PASSWORD})
    cookie = r.headers["set-cookie"].lower()
    assert "secure" in cookie and "httponly" in cookie and "samesite=strict" in cookie
    assert app_client.get("/api/platform/me").json()["username"] == "author"


def test_api_write_by_cookie_needs_the_csrf_token(app_client: TestClient, world: World) -> None:
    csrf = login(app_client, "author")
    path = f"/api/platform/requests/{world.accepted}/comments"
    assert app_client.post(path, json={"comment": "x"}).status_code == 403
    assert (
        app_client.post(path, json={"comment": "x"}, headers={"X-CSRF-Token": "forged"}).status_code
        == 403
    )
    assert (
        app_client.post(path, json={"comment": "x"}, headers={"X-CSRF-Token": csrf}).status_code
        == 201
    )


def test_form_post_without_or_with_a_wrong_csrf_token_is_refused(
    app_client: TestClient, world: World
) -> None:
    login(app_client, "author")
    page = app_client.get(f"/platform/requests/{world.accepted}").text
    token = re.search(r'name="csrf" value="([^"]+)"', page)
    assert token is not None
    path = f"/platform/requests/{world.accepted}/comment"
    for data in ({"comment": "x"}, {"comment": "x", "csrf": "forged"}):
        r = app_client.post(path, data=data, follow_redirects=False)
        assert r.status_code == 403 and 'data-code="PF403"' in r.text
    r = app_client.post(path, data={"comment": "x", "csrf": token.group(1)}, follow_redirects=False)
    assert r.status_code == 303


def test_login_form_needs_its_double_submit_token(app_client: TestClient) -> None:
    r = app_client.post(
        "/platform/login", data={"username": "author", "password": PASSWORD, "csrf": "x"}
    )
    assert r.status_code == 403 and SESSION_COOKIE not in r.headers.get("set-cookie", "")
    form = app_client.get("/platform/login").text
    token = re.search(r'name="csrf" value="([^"]+)"', form)
    assert token is not None
    r = app_client.post(
        "/platform/login",
        data={"username": "author", "password": PASSWORD, "csrf": token.group(1)},
        follow_redirects=False,
    )
    assert r.status_code == 303 and SESSION_COOKIE in r.headers["set-cookie"]


def _as(client: TestClient, session_id: str) -> str:
    """Who the server takes a request with this session cookie for."""
    client.cookies.clear()
    r = client.get("/api/platform/me", headers={"Cookie": f"{SESSION_COOKIE}={session_id}"})
    return str(r.json()["username"])


def _login_with(client: TestClient, session_id: str) -> str:
    """Log in sending *session_id* as the cookie; return the id the server sets."""
    client.cookies.clear()
    r = client.post(
        "/api/platform/login",
        json={"username": "author", "password": PASSWORD},
        headers={"Cookie": f"{SESSION_COOKIE}={session_id}"},
    )
    assert r.status_code == 200
    found = re.search(rf"{SESSION_COOKIE}=([^;]+)", r.headers["set-cookie"])
    assert found is not None
    return found.group(1)


def test_login_rotates_the_session_id_and_kills_a_planted_one(app_client: TestClient) -> None:
    """Session fixation: an id the attacker planted (or the victim had before) never becomes a login."""
    first = _login_with(app_client, "planted-by-the-attacker")
    assert first != "planted-by-the-attacker"
    assert _as(app_client, "planted-by-the-attacker") == "anonymous"
    assert _as(app_client, first) == "author"
    second = _login_with(app_client, first)  # logging in again with a live session
    assert second != first
    assert _as(app_client, first) == "anonymous"  # the old id died at the new login
    assert _as(app_client, second) == "author"


def test_brute_force_locks_the_account_and_admin_reset_unlocks(
    app_client: TestClient, world: World
) -> None:
    creds = {"username": "reader", "password": "wrong password"}
    codes = [app_client.post("/api/platform/login", json=creds).status_code for _ in range(5)]
    assert codes == [401] * 5
    # locked: even the right password is refused now
    r = app_client.post("/api/platform/login", json={"username": "reader", "password": PASSWORD})
    assert r.status_code == 423 and "PF423" in r.json()["detail"]
    admin = {"Authorization": f"Bearer {world.tokens['admin']}"}
    r = app_client.post(
        "/api/platform/users/reader/password",
        json={"password": "a brand new password"},
        headers=admin,
    )
    assert r.status_code == 204
    assert (
        app_client.post(
            "/api/platform/login", json={"username": "reader", "password": PASSWORD}
        ).status_code
        == 401
    )
    login(app_client, "reader", "a brand new password")


def test_login_rate_limit_per_client(app_client: TestClient) -> None:
    creds = {"username": "nobody", "password": "whatever it is"}
    codes = [
        app_client.post("/api/platform/login", json=creds).status_code
        for _ in range(LOGIN_LIMIT + 1)
    ]
    assert codes == [401] * LOGIN_LIMIT + [429]


def test_passwords_never_stored_or_logged_in_clear(
    app_client: TestClient, world: World, caplog: pytest.LogCaptureFixture
) -> None:
    secret = "Zebra-Quartz-4471-unique"
    admin = {"Authorization": f"Bearer {world.tokens['admin']}"}
    with caplog.at_level(logging.DEBUG):
        r = app_client.post(
            "/api/platform/users",
            headers=admin,
            json={
                "username": "newbie",
                "display_name": "Newbie",
                "password": secret,
                "role": "reader",
            },
        )
        assert r.status_code == 201
        login(app_client, "newbie", secret)
        app_client.post(
            "/api/platform/login", json={"username": "newbie", "password": secret + "x"}
        )
    assert secret not in caplog.text
    raw = Path(world.url.removeprefix("sqlite:///")).read_bytes()
    assert secret.encode() not in raw and PASSWORD.encode() not in raw
    assert b"$argon2id$" in raw
    users = app_client.get("/api/platform/users", headers=admin).json()
    assert all("password_hash" not in u for u in users)
    log = app_client.get("/api/platform/audit", headers=admin).json()
    assert [e["action"] for e in log[:3]] == ["login.failed", "login", "user.create"]
    assert secret not in str(log)

"""Accounts through the pages: the administrator's page (organisation, account with its password
typed twice, reset, unlock, role), the audit view, one's own password (other sessions end),
self-registration waiting for approval (no login before it; rate-limited), and the purge of
expired sessions (at login and by ``shekara platform purge-sessions``); SQLite and PostgreSQL."""

from __future__ import annotations

import re
from datetime import timedelta

import httpx
import pytest
import sqlalchemy as sa
from fastapi.testclient import TestClient
from pf_world import *  # noqa: F403  (the fixtures: template_world, world, app_client)
from pf_world import PASSWORD, World, csrf_of, seed, session

from shekara.cli import run
from shekara.kb.store import make_engine
from shekara.platform import accounts
from shekara.platform.accounts import SYSTEM
from shekara.web.app import create_app

NEW = "a brand new long password"


def users(url: str) -> dict[str, sa.Row[tuple[object, ...]]]:
    engine = make_engine(url)
    with engine.connect() as conn:
        rows = conn.execute(sa.text("SELECT * FROM pf_users")).all()
    engine.dispose()
    return {r.username: r for r in rows}


def form_token(c: TestClient, path: str) -> str:
    """The token of the form posted to *path* (a logged-in page also has the logout form's)."""
    page = c.get(path).text.split(f'action="{path}"', 1)[1]
    token = re.search(r'name="csrf" value="([^"]+)"', page)
    assert token is not None
    return token.group(1)


def login_code(c: TestClient, username: str, password: str) -> tuple[int, str]:
    """(status, data-code of the refusal or "") of a login through the form."""
    r = c.post(
        "/platform/login",
        data={"username": username, "password": password, "csrf": form_token(c, "/platform/login")},
        follow_redirects=False,
    )
    code = re.search(r'id="login-failed" data-code="([^"]+)"', r.text)
    if code and code.group(1) == "awaiting_approval":  # says why in the page's language
        assert "мақұлдауын күтуде" in r.text or "ожидает одобрения" in r.text
    return r.status_code, code.group(1) if code else ""


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_administrator_page_manages_organisations_and_accounts(world: World, lang: str) -> None:
    app = create_app(world.url)
    admin, csrf = session(app, "admin", lang)
    page = admin.get("/platform/admin").text
    assert 'id="users-table"' in page and "applicant" in page and "Omsk State University" in page

    def post(action: str, **fields: str) -> str:
        r = admin.post(f"/platform/admin/{action}", data={"csrf": csrf, **fields})
        assert r.status_code == 200 and 'id="admin-done"' in r.text, r.text[-600:]
        return r.text

    post("org", name="Akimat of Petropavl", kind="akimat", country="KZ", region_id="KZ-59")
    org = next(
        o["org_id"] for o in accounts.list_orgs(make_engine(world.url)) if "Petropavl" in o["name"]
    )
    post("user", username="zhanar", display_name="Zhanar", role="participant",
         org_id=str(org), password=NEW, password2=NEW)  # fmt: skip
    row = users(world.url)["zhanar"]
    assert (row.role, row.org_id, row.country, row.region_id, row.status) == (
        "participant", org, "KZ", "KZ-59", "active",
    )  # fmt: skip
    # the two passwords must agree; nothing is written otherwise
    r = admin.post("/platform/admin/user", data={"csrf": csrf, "username": "other", "display_name": "O",
                   "role": "reader", "password": NEW, "password2": NEW + "x"})  # fmt: skip
    assert (
        r.status_code == 422 and 'data-code="PF400"' in r.text and "other" not in users(world.url)
    )
    # the new account logs in; a wrong password five times locks it, the page unlocks it
    fresh = TestClient(app, base_url="https://testserver")
    assert login_code(fresh, "zhanar", NEW) == (303, "")
    for _ in range(5):
        login_code(fresh, "zhanar", "wrong password!")
    assert login_code(fresh, "zhanar", NEW) == (423, "PF423")
    assert 'class="locked"' in admin.get("/platform/admin").text
    post("unlock", username="zhanar")
    assert login_code(fresh, "zhanar", NEW) == (303, "")
    post("password", username="zhanar", password=PASSWORD, password2=PASSWORD)
    assert login_code(fresh, "zhanar", NEW)[1] == "PF401"
    post("role", username="zhanar", role="official", org_id=str(org))
    assert users(world.url)["zhanar"].role == "official"
    # an administrator cannot demote themself (and lock every administrator out)
    r = admin.post(
        "/platform/admin/role", data={"csrf": csrf, "username": "admin", "role": "reader"}
    )
    assert r.status_code == 409 and users(world.url)["admin"].role == "admin"
    # the audit view names what happened, translated
    audit = admin.get("/platform/admin/audit").text
    for action in ("org.create", "user.create", "user.unlock", "user.reset_password", "user.role"):
        assert f'data-action="{action}"' in audit
    assert ("Рөлі өзгертілді" if lang == "kk" else "изменена роль").lower() in audit.lower()
    # without the CSRF token the page refuses and writes nothing
    r = admin.post("/platform/admin/unlock", data={"username": "zhanar"})
    assert r.status_code == 403


def test_changing_ones_own_password_ends_the_other_sessions(world: World) -> None:
    app = create_app(world.url)
    here, csrf = session(app, "author", "ru")
    elsewhere, _ = session(app, "author", "ru")
    r = here.post("/platform/account/password",
                  data={"csrf": csrf, "current": "not my password", "new": NEW, "new2": NEW})  # fmt: skip
    assert r.status_code == 422 and "текущий пароль" in r.text  # the field is named in Russian
    r = here.post("/platform/account/password",
                  data={"csrf": csrf, "current": PASSWORD, "new": NEW, "new2": NEW})  # fmt: skip
    assert r.status_code == 200 and 'id="password-done"' in r.text
    assert 'id="whoami"' in here.get("/platform").text  # this session goes on
    assert 'id="whoami"' not in elsewhere.get("/platform").text  # the other one ended
    fresh = TestClient(app, base_url="https://testserver")
    assert login_code(fresh, "author", PASSWORD)[1] == "PF401"
    assert login_code(fresh, "author", NEW) == (303, "")


def test_registration_waits_for_approval_and_is_rate_limited(world: World) -> None:
    app = create_app(world.url)
    anon = TestClient(app, base_url="https://testserver", headers={"Accept-Language": "kk"})

    def register(username: str) -> httpx.Response:
        return anon.post("/platform/register", data={
            "csrf": form_token(anon, "/platform/register"), "username": username, "display_name": username.title(),
            "org_id": str(world.orgs["akimat_kz"]), "password": NEW, "password2": NEW,
        })  # fmt: skip

    r = register("nurlan")
    assert r.status_code == 200 and 'id="registered"' in r.text
    row = users(world.url)["nurlan"]
    assert (row.status, row.role, row.org_id) == ("pending", "participant", world.orgs["akimat_kz"])
    # the right password does not open a pending account (and says why, in Kazakh)
    status, code = login_code(anon, "nurlan", NEW)
    assert (status, code) == (403, "awaiting_approval")
    moderator, csrf = session(app, "moderator", "kk")
    assert 'data-user="nurlan"' in moderator.get("/platform/registrations").text
    r = moderator.post("/platform/registrations/nurlan/approve", data={"csrf": csrf})
    assert r.status_code == 200 and 'data-user="nurlan"' not in r.text
    assert login_code(anon, "nurlan", NEW) == (303, "")
    # a rejected registration is gone
    register("spammer")
    moderator.post("/platform/registrations/spammer/reject", data={"csrf": csrf})
    assert "spammer" not in users(world.url)
    # five registrations an hour from one address (two above, three more, then refused)
    for name in ("a-one", "a-two", "a-three"):
        assert 'id="registered"' in register(name).text
    r = register("a-four")
    assert r.status_code == 429 and "a-four" not in users(world.url)


def test_registration_cannot_choose_a_role(world: World) -> None:
    """Unknown fields are ignored: the role follows from the organisation, never the form."""
    anon = TestClient(create_app(world.url), base_url="https://testserver")
    anon.post("/platform/register", data={"csrf": form_token(anon, "/platform/register"), "username": "mallory",
              "display_name": "M", "role": "admin", "password": NEW, "password2": NEW})  # fmt: skip
    row = users(world.url)["mallory"]
    assert (row.role, row.status) == ("reader", "pending")


def _expire_all_sessions(url: str) -> None:
    engine = make_engine(url)
    with engine.begin() as conn:
        conn.execute(
            sa.text("UPDATE pf_sessions SET expires_at = :t"),
            {"t": accounts.now() - timedelta(hours=1)},
        )
    engine.dispose()


def _sessions(url: str) -> int:
    engine = make_engine(url)
    with engine.connect() as conn:
        n = int(conn.execute(sa.text("SELECT COUNT(*) FROM pf_sessions")).scalar_one())
    engine.dispose()
    return n


def test_expired_sessions_are_purged_at_login_and_by_the_command(
    world: World, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    engine = make_engine(world.url)
    for _ in range(3):
        accounts.login(engine, "reader", PASSWORD)
    assert _sessions(world.url) == 3
    _expire_all_sessions(world.url)
    accounts.login(engine, "reader", PASSWORD)  # sweeps the three expired ones away
    assert _sessions(world.url) == 1
    _expire_all_sessions(world.url)
    accounts.login(engine, "author", PASSWORD)
    _expire_all_sessions(world.url)
    engine.dispose()
    monkeypatch.setenv("SHEKARA_DATABASE_URL", world.url)
    assert run(["platform", "purge-sessions"]) == 0
    assert "1 expired session(s) deleted." in capsys.readouterr().out
    assert _sessions(world.url) == 0


@pytest.mark.postgres
def test_accounts_on_postgresql(postgres_url: str) -> None:
    """The status column, registration, approval, role change and the purge on PostgreSQL."""
    w = seed(postgres_url)
    engine = make_engine(postgres_url)
    assert users(postgres_url)["applicant"].status == "pending"
    accounts.login(engine, "reader", PASSWORD)
    _expire_all_sessions(postgres_url)
    assert accounts.purge(engine) == 1
    app = create_app(postgres_url)
    moderator, csrf = session(app, "moderator", "ru")
    moderator.post("/platform/registrations/applicant/approve", data={"csrf": csrf})
    assert users(postgres_url)["applicant"].status == "active"
    accounts.set_role(engine, "applicant", "official", w.orgs["university_ru"], actor=SYSTEM)
    row = users(postgres_url)["applicant"]
    assert (row.role, row.country, row.region_id) == ("official", "RU", "RU-OMS")
    admin, a_csrf = session(app, "admin", "ru")
    assert csrf_of(admin, "/platform/admin") == a_csrf
    engine.dispose()

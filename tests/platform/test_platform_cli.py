"""``shekara platform``: the administrator's commands, their refusals, and tokens acting as users."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from shekara.cli import app
from shekara.web.app import create_app

runner = CliRunner()


@pytest.fixture
def store_url(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> str:
    url = f"sqlite:///{tmp_path / 'kb.sqlite'}"
    monkeypatch.setenv("SHEKARA_DATABASE_URL", url)
    assert runner.invoke(app, ["db", "build"]).exit_code == 0
    return url


def test_admin_commands_and_a_token_acting_as_the_user(store_url: str) -> None:
    r = runner.invoke(app, ["platform", "add-org", "Akimat of Pavlodar", "--kind", "akimat",
                            "--country", "KZ", "--region", "KZ-55"])  # fmt: skip
    assert r.exit_code == 0 and "Organisation 1 created." in r.output
    r = runner.invoke(app, ["platform", "add-user", "aigerim", "--role", "participant", "--org", "1",
                            "--password-stdin"], input="a long enough password\n")  # fmt: skip
    assert r.exit_code == 0, r.output
    users = json.loads(runner.invoke(app, ["platform", "users", "-f", "json"]).output)
    assert [(u["username"], u["country"], u["region_id"]) for u in users] == [
        ("aigerim", "KZ", "KZ-55")
    ]
    assert "password" not in json.dumps(users)
    token = runner.invoke(app, ["users", "add-token", "aigerim"]).output.splitlines()[0]
    with TestClient(create_app(store_url), base_url="https://testserver") as c:
        me = c.get("/api/platform/me", headers={"Authorization": f"Bearer {token}"}).json()
        assert (me["username"], me["role"], me["via"]) == ("aigerim", "participant", "token")
    # the existing token commands keep working
    assert "aigerim" in runner.invoke(app, ["users", "list"]).output
    assert runner.invoke(app, ["users", "revoke", "aigerim"]).exit_code == 0
    r = runner.invoke(app, ["platform", "reset-password", "aigerim", "--password-stdin"],
                      input="a brand new password\n")  # fmt: skip
    assert r.exit_code == 0 and "sessions are closed" in r.output
    assert runner.invoke(app, ["platform", "unlock", "aigerim"]).exit_code == 0


@pytest.mark.parametrize(
    ("args", "stdin", "message"),
    [
        (["platform", "add-org", "X", "--kind", "bank", "--country", "KZ"], None, "PF400: kind must be one of"),
        (["platform", "add-org", "X", "--kind", "ngo", "--country", "CN"], None, "PF400: country must be KZ or RU"),
        (["platform", "add-user", "bob", "--role", "reader", "--password-stdin"], "short\n", "PF400: a password must have 10–200"),
        (["platform", "add-user", "bob", "--role", "participant", "--password-stdin"], "a long enough one\n", "PF400: a participant belongs to an organisation"),
        (["platform", "unlock", "nobody"], None, "PF404: no user 'nobody'"),
    ],
)  # fmt: skip
def test_refusals_are_clear_and_write_nothing(
    store_url: str, args: list[str], stdin: str | None, message: str
) -> None:
    r = runner.invoke(app, args, input=stdin)
    assert r.exit_code == 1 and message in r.output and "Traceback" not in r.output
    assert json.loads(runner.invoke(app, ["platform", "users", "-f", "json"]).output) == []

"""The administrator's commands with ``--lang`` (issue 11), read as a Kazakh or Russian user.

``platform users``, ``platform orgs`` and ``users list`` are scanned for Latin words (the
names of the accounts, organisations and tokens a test creates are data and may stay); their
headers and cells (roles, kinds, statuses, times), the confirmations of the other commands
and the password prompt are checked word for word; English keeps its lines and keys.
"""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import pytest
import sqlalchemy as sa
from typer.testing import CliRunner

from latin import latin_words
from shekara.cli import app, run
from shekara.i18n.words import day_words
from shekara.platform.accounts import SYSTEM, create_org, create_user
from shekara.platform.db import ensure_platform

ADMIN_TABLES = [["platform", "users"], ["platform", "orgs"], ["users", "list"]]
#: The names the fixture gives: data, written as their owners wrote them.
NAMES = {"aigerim", "ivan", "Ivan", "Akimat", "of", "Pavlodar", "Omsk", "University", "bob"}
USERS_KEYS = (
    "user_id,username,display_name,role,org_id,country,region_id,failed_logins,"
    "locked_until,created_at,status"
)


@pytest.fixture(autouse=True)
def _accounts(scratch_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Two organisations, a participant and an administrator, a live and a revoked token."""
    monkeypatch.setenv("SHEKARA_DATABASE_URL", scratch_url)
    monkeypatch.setenv("COLUMNS", "250")  # one line a row: phrases are not folded
    from shekara.web.auth import add_token, revoke_tokens

    eng = sa.create_engine(scratch_url)
    ensure_platform(eng)
    org = create_org(eng, "Akimat of Pavlodar", "akimat", "KZ", "KZ-55", actor=SYSTEM)
    create_org(eng, "Omsk University", "university", "RU", None, actor=SYSTEM)
    create_user(eng, "aigerim", "aigerim", "a long enough password", "participant",
                org_id=org, actor=SYSTEM)  # fmt: skip
    create_user(eng, "ivan", "Ivan P", "a long enough password", "admin", actor=SYSTEM)
    add_token(eng, "aigerim")
    add_token(eng, "bob")
    revoke_tokens(eng, "bob")
    eng.dispose()


def out(capsys: pytest.CaptureFixture[str], *args: str, code: int = 0) -> str:
    assert run(list(args)) == code
    captured = capsys.readouterr()
    return captured.out + captured.err


@pytest.mark.parametrize("lang", ["kk", "ru"])
@pytest.mark.parametrize("args", ADMIN_TABLES, ids=" ".join)
def test_admin_table_has_no_english(
    args: list[str], lang: str, capsys: pytest.CaptureFixture[str]
) -> None:
    for fmt in ("table", "csv"):
        text = out(capsys, *args, "--lang", lang, "--format", fmt)
        body = text.split("\n", 1)[1] if fmt == "csv" else text  # CSV keeps its keys
        assert body.strip() and latin_words(body, NAMES) == []


def _when(stamp: str, lang: str) -> str:
    """A stored time as the tables write it: "2 декабря 2026 г., 00:09"."""
    t = datetime.fromisoformat(stamp)
    return f"{day_words(t.date(), lang)}, {t:%H:%M}"


def test_accounts_and_organisations_in_words(capsys: pytest.CaptureFixture[str]) -> None:
    users = json.loads(out(capsys, "platform", "users", "--lang", "ru", "-f", "json"))
    assert [(u["role"], u["status"]) for u in users] == [
        ("participant", "active"),
        ("admin", "active"),
    ]  # JSON keeps the stored values whatever the language
    ru = out(capsys, "platform", "users", "--lang", "ru")
    assert "┃ Имя пользователя ┃" in ru and "┃ Неудачных входов ┃" in ru
    row = next(line for line in ru.splitlines() if "│ aigerim " in line)
    assert "│ участник " in row and "│ активна " in row
    assert f"│ {_when(users[0]['created_at'], 'ru')} " in row
    assert "декабря" in _when("2026-12-02T00:09:00", "ru")
    kk = out(capsys, "platform", "users", "--lang", "kk")
    row = next(line for line in kk.splitlines() if "│ ivan " in line)
    assert "│ әкімші " in row and "│ белсенді " in row and "┃ Рөлі " in kk
    orgs = out(capsys, "platform", "orgs", "--lang", "kk", "-f", "csv").splitlines()
    assert orgs[0] == "org_id,name,kind,country,region_id,created_at"
    assert orgs[1].startswith("1,Akimat of Pavlodar,әкімдік,KZ,KZ-55,")
    assert "│ университет " in out(capsys, "platform", "orgs", "--lang", "ru")
    tokens = out(capsys, "users", "list", "--lang", "ru")
    assert "┃ Номер токена ┃" in tokens and "┃ Время отзыва " in tokens


def test_confirmations_in_kazakh_and_russian(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    assert out(capsys, "platform", "add-org", "Ертіс", "--kind", "ngo", "--country", "KZ",
               "--lang", "ru") == "Организация № 3 создана.\n"  # fmt: skip
    assert out(capsys, "platform", "unlock", "aigerim", "--lang", "kk") == (
        "'aigerim' тіркелгісі бұғаттан шығарылды.\n"
    )
    assert out(capsys, "platform", "purge-sessions", "--lang", "ru") == (
        "Удалено истёкших сеансов: 0.\n"
    )
    assert out(capsys, "users", "revoke", "aigerim", "--lang", "ru") == (
        "Отозвано токенов 'aigerim': 1.\n"
    )
    assert out(capsys, "users", "revoke", "aigerim", "--lang", "kk", code=1) == (
        "Қате: 'aigerim' үшін белсенді токен жоқ\n"
    )
    kk = out(capsys, "data", "export", "--out", str(tmp_path / "x"), "--lang", "kk")
    assert kk.startswith(f"{tmp_path / 'x'} қалтасына жазылған файлдар: ")
    table = tmp_path / "t.csv"
    table.write_text("region_id,2022,2023\nKZ-55,1000,990\n", encoding="utf-8")
    ru = out(capsys, "population", "convert-regional", str(table), "--source-id", "un-wpp2022",
             "--out", str(tmp_path / "l.csv"), "--lang", "ru")  # fmt: skip
    assert ru.startswith(f"{tmp_path / 'l.csv'}: значений — 2; загрузите их командой")


def test_password_prompt_and_new_account_in_russian() -> None:
    r = CliRunner().invoke(
        app,
        ["platform", "add-user", "olga", "--role", "official", "--org", "1", "--lang", "ru"],
        input="a long enough password\na long enough password\n",
    )
    assert r.exit_code == 0, r.output
    assert "Пароль: " in r.output and "Повторите для подтверждения: " in r.output
    assert r.output.endswith("Учётная запись 'olga' создана (представитель региона).\n")


def test_serve_start_line_in_kazakh(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("uvicorn.run", lambda *a, **k: None)  # no server: only the line
    text = out(capsys, "serve", "--port", "8123", "--lang", "kk")
    assert text.startswith(
        "Shekara http://127.0.0.1:8123/ мекенжайында жұмыс істейді (API құжаттамасы: /docs)"
    )


def test_english_is_unchanged(capsys: pytest.CaptureFixture[str]) -> None:
    """The lines and keys scripts read stay as they were before ``--lang``."""
    csv_en = out(capsys, "platform", "users", "-f", "csv").splitlines()
    assert csv_en[0] == USERS_KEYS
    assert csv_en[1].startswith("1,aigerim,aigerim,participant,1,KZ,KZ-55,0,,")
    assert csv_en[1].endswith(",active")
    assert json.loads(out(capsys, "platform", "users", "-f", "json", "--lang", "kk")) == (
        json.loads(out(capsys, "platform", "users", "-f", "json"))
    )
    table = out(capsys, "users", "list")
    assert "┃ token_id ┃ name    ┃ created_at " in table and "│ bob " in table
    assert out(capsys, "platform", "add-org", "X", "--kind", "ngo", "--country", "RU") == (
        "Organisation 3 created.\n"
    )
    assert out(capsys, "platform", "purge-sessions") == "0 expired session(s) deleted.\n"
    assert out(capsys, "users", "revoke", "bob", code=1) == "Error: no active token for 'bob'\n"

"""The default store is found from the project or the user data folder, never the working folder."""

from __future__ import annotations

from pathlib import Path

import pytest

from shekara import paths
from shekara.cli import run

CHECKOUT = Path(__file__).resolve().parents[2]


def test_variable_wins(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SHEKARA_DATABASE_URL", "postgresql+psycopg://u@h/db")
    assert paths.default_database_url() == "postgresql+psycopg://u@h/db"


def test_checkout_var_whatever_the_working_folder(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.delenv("SHEKARA_DATABASE_URL", raising=False)
    monkeypatch.chdir(tmp_path)
    assert paths.default_database_url() == f"sqlite:///{CHECKOUT / 'var' / 'shekara.sqlite'}"


def test_installed_package_uses_the_user_data_folder(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Outside a checkout (an installed wheel: no pyproject.toml beside src/shekara) the store
    is the platform's user data folder (XDG_DATA_HOME on Linux)."""
    monkeypatch.delenv("SHEKARA_DATABASE_URL", raising=False)
    monkeypatch.setattr(paths, "_SRC_ROOT", tmp_path / "site-packages")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    monkeypatch.chdir(tmp_path)
    expected = tmp_path / "xdg" / "shekara" / "shekara.sqlite"
    assert paths.default_database_url() == f"sqlite:///{expected}"


def test_db_build_says_where_the_store_is(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    url = f"sqlite:///{tmp_path / 'kb.sqlite'}"
    monkeypatch.setenv("SHEKARA_DATABASE_URL", url)
    assert run(["db", "build"]) == 0
    out = capsys.readouterr().out
    assert f"Store (SHEKARA_DATABASE_URL): {url}" in out

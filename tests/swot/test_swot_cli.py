"""``shekara swot`` run in-process through a one-command Typer app (the lead registers
``swot_cmd`` in ``shekara.cli``): formats, languages, exit codes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from shekara.cli.swot import swot_cmd

runner = CliRunner()
app = typer.Typer()
app.command("swot")(swot_cmd)


@pytest.fixture
def store(monkeypatch: pytest.MonkeyPatch, store_url_ro: str) -> str:
    monkeypatch.setenv("SHEKARA_DATABASE_URL", store_url_ro)
    return store_url_ro


def test_pair_json(store: str) -> None:
    r = runner.invoke(app, ["--pair", "KZ-59:RU-OMS", "--as-of", "2024", "--format", "json"])
    assert r.exit_code == 0, r.output
    d = json.loads(r.output)
    assert d["scope"] == "KZ-59:RU-OMS" and d["lang"] == "en" and d["as_of"] == "2024-12-31"
    assert "pair-rail-and-road" in [i["id"] for i in d["quadrants"]["strength"]]


def test_border_markdown_in_kazakh(store: str) -> None:
    r = runner.invoke(app, ["--border", "--lang", "kk"])
    assert r.exit_code == 0, r.output
    assert r.output.startswith("# SWOT-талдау: Қазақстан–Ресей шекарасы")
    assert "## Әлсіз жақтары" in r.output


def test_region_markdown_in_russian(store: str) -> None:
    r = runner.invoke(app, ["--region", "KZ-27", "--lang", "ru", "-f", "md"])
    assert r.exit_code == 0, r.output
    assert "# SWOT-анализ: Западно-Казахстанская область" in r.output


@pytest.mark.parametrize(
    "args",
    [
        [],
        ["--border", "--pair", "KZ-59:RU-OMS"],
        ["--border", "-f", "csv"],
        ["--border", "--lang", "de"],
    ],
)
def test_bad_usage_exits_2(store: str, args: list[str]) -> None:
    assert runner.invoke(app, args).exit_code == 2


def test_unknown_scope_exits_2_with_message(store: str) -> None:
    """An unknown region or pair is a usage error naming where the ids are listed."""
    r = runner.invoke(app, ["--region", "KZ-99"])
    assert r.exit_code == 2
    assert "'KZ-99' is not known" in r.output and "shekara regions list --all" in r.output


def test_no_store_says_what_to_do(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("SHEKARA_DATABASE_URL", f"sqlite:///{tmp_path / 'none.sqlite'}")
    r = runner.invoke(app, ["--border"])
    assert r.exit_code == 1 and "shekara db build" in r.output

"""CLI tables follow the terminal width and the source column can be hidden, on every table command."""

from __future__ import annotations

from typing import Any

import pytest
import typer

from shekara.cli import app, run

BOX = "┏┃┡│└"


@pytest.fixture(autouse=True)
def _store(store_url_ro: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SHEKARA_DATABASE_URL", store_url_ro)


def _table(argv: list[str], capsys: pytest.CaptureFixture[str]) -> list[str]:
    assert run(argv) == 0
    return [ln for ln in capsys.readouterr().out.splitlines() if ln[:1] in BOX]


@pytest.mark.parametrize("width", [80, 160])
def test_table_fits_the_terminal(
    width: int, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("COLUMNS", str(width))
    lines = _table(["pairs", "list", "--as-of", "2018"], capsys)
    assert max(len(ln) for ln in lines) <= width
    assert lines[0].endswith("┓") and all(ln.endswith(("┃", "│", "┩", "┘")) for ln in lines[1:])
    body = [ln for ln in lines if ln.startswith("│")]
    if width == 160:  # room for all: one line a pair, the locator whole
        assert len(body) == 18
        assert "seed-a:000_63cf53f9b2286ec3.txt:566" in body[0]
    else:  # the source column is cut with "…", names wrap
        assert "seed-a:000_63cf53f9b2286ec3.txt:566" not in "\n".join(body)
        assert "…" in body[0]


def test_no_source_and_columns(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    lines = _table(["pairs", "list", "--as-of", "2018", "--no-source"], capsys)
    assert "source" not in lines[1] and "seed-a" not in "\n".join(lines)
    assert sum(ln.startswith("│") for ln in lines) == 18  # 80 columns are enough without it
    assert run(["assess", "--as-of", "2018", "--columns", "rank,pair_id", "-f", "csv"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[:2] == ["rank,pair_id", "1,KZ-27:RU-SAM"]
    assert run(["pairs", "list", "--columns", "pair_id,rnak"]) == 2
    err = capsys.readouterr().err.strip()
    assert err == (
        "Error: Invalid value for --columns: 'rnak' is not a column of this table; columns: "
        "pair_id, kz_region, ru_region, article_no, source"
    )
    assert run(["pairs", "list", "--columns", "pair id"]) == 2  # not a name: refused at once


def _leaves(group: Any, path: tuple[str, ...] = ()) -> list[tuple[tuple[str, ...], Any]]:
    out = []
    for name, cmd in group.commands.items():
        if hasattr(cmd, "commands"):
            out += _leaves(cmd, (*path, name))
        out.append(((*path, name), cmd))
    return out


def test_every_table_command_has_the_options() -> None:
    table_commands = [
        (path, cmd)
        for path, cmd in _leaves(typer.main.get_command(app))
        if any("--format" in p.opts and p.default == "table" for p in cmd.params)
    ]
    assert len(table_commands) > 20
    for path, cmd in table_commands:
        opts = {o for p in cmd.params for o in p.opts}
        assert {"--no-source", "--columns"} <= opts, path

"""Documentation keeps up with the code: every command and every error code is documented."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import typer.main

from shekara.cli import app
from shekara.kb.errors import CATALOGUE

DOCS = Path(__file__).resolve().parents[2] / "docs"


def _command_paths(cmd: Any, prefix: str = "shekara") -> list[str]:
    if hasattr(cmd, "commands"):
        out: list[str] = []
        for name, sub in cmd.commands.items():
            out += _command_paths(sub, f"{prefix} {name}")
        return out
    return [prefix]


def test_every_command_is_documented() -> None:
    text = (DOCS / "cli.md").read_text(encoding="utf-8")
    paths = _command_paths(typer.main.get_command(app))
    assert len(paths) >= 10
    missing = [p for p in paths if f"`{p}" not in text]
    assert missing == []


def test_every_error_code_is_documented() -> None:
    text = (DOCS / "data-dictionary.md").read_text(encoding="utf-8")
    assert [c for c in CATALOGUE if f"`{c}`" not in text] == []


def test_every_command_has_help() -> None:
    for cmd_path in _command_paths(typer.main.get_command(app)):
        node: Any = typer.main.get_command(app)
        for part in cmd_path.split()[1:]:
            node = node.commands[part]
        assert node.help and len(node.help) > 20, cmd_path

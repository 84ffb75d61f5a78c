"""The malformed values of every option of every command (shared by the malformed-input tests).

The commands are walked from the Typer app itself (a new command is covered the day it is
registered). Each option gets values that its type cannot take: a date option gets ``18``
(a two-digit year), ``31.02.2018`` (no such day) and ``2018/06/07``, a number ``abc``, a file
``/nonexistent/…``, free text ``%%bad%%``.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import typer

from shekara.cli import app

DATE_OPTIONS = {"--as-of", "--from", "--to", "--start"}
#: Options whose every value is legitimate, so no value of them is "malformed": free text
#: (a title, a password prompt), output paths that are created, or a name that is looked up
#: only among files the command then refuses (covered by the command's own tests).
FREE = {
    "--out",
    "--output",
    "--title",
    "--password",
    "--help",
    "--source",  # hydro: a source_id filter that qualifies --entity, ignored without it
}


def commands(group: Any, prefix: tuple[str, ...] = ()) -> Iterator[tuple[tuple[str, ...], Any]]:
    """(path, command) of every leaf command under *group* (Typer vendors its own click)."""
    for name, cmd in sorted(group.commands.items()):
        if hasattr(cmd, "commands"):
            yield (*prefix, name), cmd  # a group's own options (``assess --as-of``)
            yield from commands(cmd, (*prefix, name))
        else:
            yield (*prefix, name), cmd


def _bad_values(opt: Any) -> list[str]:
    name = max(opt.opts, key=len)
    kind = opt.type_descriptor.annotation
    if name in DATE_OPTIONS and kind is not int:
        return ["18", "31.02.2018", "2018/06/07"]
    if kind in (int, float):
        return ["abc"]
    if kind is Path:
        return ["/nonexistent/shekara/x.csv"]
    return ["%%bad%%"]


def cases() -> list[tuple[tuple[str, ...], str, str]]:
    root = typer.main.get_command(app)
    cases = []
    for path, cmd in commands(root):
        for p in cmd.params:
            if p.param_type_name != "option" or p.is_flag or p.count:
                continue
            name = max(p.opts, key=len)
            if name in FREE:
                continue
            for bad in _bad_values(p):
                cases.append((path, name, bad))
    return cases


CASES = cases()


def lang_commands() -> set[tuple[str, ...]]:
    """The commands that take ``--lang`` (their refusals are told in kk and ru)."""
    root = typer.main.get_command(app)
    return {p for p, c in commands(root) if any("--lang" in q.opts for q in c.params)}

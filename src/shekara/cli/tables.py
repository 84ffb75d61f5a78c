"""``--no-source`` and ``--columns`` on every command that prints a table.

The root group of the app (:class:`TableCommands`) gives every command whose ``--format``
defaults to ``table`` the two options, so a new table command has them the day it is
registered and no command repeats them. Their callbacks set what
:func:`shekara.output.render` shows; their values never reach the command function.

Example (what a user types):
    shekara pairs list --no-source
    shekara assess --columns pair_id,potential,rank --format csv
"""

from __future__ import annotations

import re
import sys
from collections.abc import Sequence
from functools import cache
from typing import Annotated, Any

import typer
from typer.core import TyperGroup

from shekara.cli.option_help import opt
from shekara.output import set_no_source, set_table_columns

_NAME = re.compile(r"^[a-z][a-z0-9_]*$")


def _no_source(value: bool) -> bool:
    set_no_source(value)
    return value


def _columns(value: str | None) -> str | None:
    """``--columns a,b``: column names (checked against the table when it is printed)."""
    names = [n.strip() for n in (value or "").split(",") if n.strip()]
    bad = [n for n in names if not _NAME.match(n)]
    if bad or (value is not None and not names):
        raise typer.BadParameter(
            f"{bad[0] if bad else value!r} is not a column name: give names such as pair_id,rank"
        )
    set_table_columns(names or None)
    return value


NoSourceOpt = Annotated[bool, opt("--no-source", callback=_no_source)]
ColumnsOpt = Annotated[str | None, opt("--columns", callback=_columns)]


@cache
def _table_params() -> tuple[Any, ...]:
    """The two options as the CLI's parameter objects (made by Typer from :data:`NoSourceOpt`
    and :data:`ColumnsOpt`, so they behave as every other option), not passed to commands."""
    probe = typer.Typer(add_completion=False)

    @probe.command()
    def table(no_source: NoSourceOpt = False, columns: ColumnsOpt = None) -> None:
        """Never run: only its options are taken."""

    params = typer.main.get_command(probe).params
    for p in params:
        p.expose_value = False
    return tuple(params)


def _prints_tables(cmd: Any) -> bool:
    return any("--format" in getattr(p, "opts", ()) and p.default == "table" for p in cmd.params)


def add_table_options(group: Any) -> None:
    """Give every table command below *group* ``--no-source`` and ``--columns``."""
    for cmd in group.commands.values():
        if hasattr(cmd, "commands"):
            add_table_options(cmd)
        if _prints_tables(cmd) and not any("--columns" in p.opts for p in cmd.params):
            cmd.params.extend(_table_params())


class TableCommands(TyperGroup):
    """The app's root group: adds the table options to its commands when the app is built,
    and puts ``--help`` in the language of the command line's ``--lang`` before it is parsed."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        add_table_options(self)

    def main(self, args: Sequence[str] | None = None, *rest: Any, **kwargs: Any) -> Any:
        from shekara.cli.help_lang import localise_help
        from shekara.cli.refusals import argv_lang

        localise_help(self, argv_lang(sys.argv[1:] if args is None else list(args)))
        return super().main(args, *rest, **kwargs)

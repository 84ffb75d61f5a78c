"""Typer options and arguments whose help text comes from :data:`~shekara.cli.help_texts.HELP`.

All help texts of the command line stand in one table, so a command's signature reads as
the list of its options (one line each) and a translator reads every text in one place;
``--help --lang kk|ru`` shows the ``help`` catalog's translation of the same text
(:mod:`shekara.cli.help_lang`).

The key is the option's first flag, or for an argument its name. A text that a command words
differently from the others is keyed by the command: ``opt("--spin-up", key="hydro validate
--spin-up")``. A key missing from the table fails when the app is imported (every command
module is), never when a user asks for help.

Example:
    >>> opt("--lang").help
    'Language of names and texts: kk, ru or en.'
    >>> opt("--out", key="report --out").help
    'Folder to write report.html and report.pdf into.'
    >>> arg("hydrograph").help
    'CSV with columns day,discharge_m3s (daily).'
"""

from __future__ import annotations

from typing import Any

import typer

from shekara.cli.help_texts import HELP


def opt(*flags: str, key: str | None = None, **settings: Any) -> Any:
    """``typer.Option(*flags, help=HELP[key or flags[0]], **settings)``."""
    return typer.Option(*flags, help=HELP[key or flags[0]], **settings)


def arg(key: str, *default: Any, **settings: Any) -> Any:
    """``typer.Argument(*default, help=HELP[key], **settings)``."""
    return typer.Argument(*default, help=HELP[key], **settings)

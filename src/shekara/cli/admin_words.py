"""The administrator's listings and prompts in the table language (``--lang``; issue 11).

``platform users``, ``platform orgs`` and ``users list`` print records of the store. In kk and
ru their roles, organisation kinds and account statuses are told with the words the platform's
web pages already use (domain ``platform``), their times as a reader writes them; JSON keeps
the stored values, and in en every cell stays as it was.

Example:
    >>> from shekara.output import set_table_lang
    >>> set_table_lang("ru"); platform_word("participant"), platform_word("akimat")
    ('участник', 'акимат')
    >>> set_table_lang("kk"); platform_word("active")
    'белсенді'
    >>> set_table_lang("en"); platform_word("participant")
    'participant'
"""

from __future__ import annotations

from typing import Any

import typer

from shekara.cli.common import emit_rows
from shekara.cli.telling import moment
from shekara.i18n import catalog
from shekara.output import table_lang, table_text


def platform_word(value: str) -> str:
    """A role, organisation kind or account status as the platform's pages word it."""
    lang = table_lang()
    return value if lang == "en" else catalog(lang, "platform").get(value, value)


def emit_listing(
    rows: list[dict[str, Any]],
    fmt: str,
    *,
    empty: str,
    stamps: tuple[str, ...] = (),
    words: tuple[str, ...] = (),
) -> None:
    """Print records like :func:`~shekara.cli.common.emit_rows`; in a kk/ru table or CSV the
    *words* columns are told with :func:`platform_word`, the *stamps* with ``moment``."""
    for r in rows:
        for k in stamps:
            r[k] = r[k].isoformat(timespec="seconds") if r.get(k) else None
        if fmt != "json":
            r.update({k: moment(r[k]) for k in stamps})
            r.update({k: platform_word(r[k]) for k in words if r.get(k)})
    emit_rows(rows, fmt, empty=table_text(empty))


def password_prompt() -> str:
    """A new password read hidden from the terminal, asked twice (in the table language)."""
    again: bool | str = True  # Click's own "Repeat for confirmation" in en
    if table_lang() != "en":
        again = table_text("Repeat for confirmation")
    return str(typer.prompt(table_text("Password"), hide_input=True, confirmation_prompt=again))

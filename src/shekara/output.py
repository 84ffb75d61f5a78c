"""Rendering result rows for the terminal: a table, JSON or CSV.

The CLI commands build plain rows (lists of dicts) from service results and hand
them here; nothing in this module knows what the rows mean.

Example:
    >>> print(render([{"a": 1, "b": "x"}], "csv"))
    a,b
    1,x
    >>> print(render([{"a": 1.5}], "json"))
    [
      {
        "a": 1.5
      }
    ]
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from datetime import date
from typing import Any, Literal

OutputFormat = Literal["table", "json", "csv"]
FORMATS: tuple[str, ...] = ("table", "json", "csv")

#: The language of table headers and titles (set once per command by ``--lang``; JSON and
#: CSV keep the stable keys so scripts do not break when a user reads Kazakh).
_table_lang = "en"


def set_table_lang(lang: str) -> None:
    """Headers and titles of the tables printed from now on are in *lang* (domain ``cli``)."""
    global _table_lang
    _table_lang = lang


def table_text(message: str, **values: object) -> str:
    """A table title (or word) in the table language, with *values* put in.

    >>> set_table_lang("kk"); table_text("Regions as of {day}", day="2018")
    '2018 жылғы жағдай бойынша аймақтар'
    >>> set_table_lang("en"); table_text("Regions as of {day}", day="2018")
    'Regions as of 2018'
    """
    from shekara.i18n import catalog

    text = catalog(_table_lang, "cli").get(message, message) if _table_lang != "en" else message
    if _table_lang != "en" and "day" in values:  # "2018 жылғы", "31 декабря 2018 г.", not ISO
        from shekara.i18n.words import day_phrase

        values["day"] = day_phrase(str(values["day"]), _table_lang)
    return text.format(**values) if values else text


def table_message(message: str, templates: Sequence[str]) -> str:
    """A service message retold in the table language if it fits one of *templates*.

    >>> set_table_lang("ru"); table_message("No values match.", ["No values match."])
    'Нет подходящих значений.'
    >>> set_table_lang("en")
    """
    from shekara.i18n.words import retell

    return retell(message, tuple(templates), _table_lang, "cli")


def table_num(value: float, decimals: int | None = None) -> str:
    """A number in the table language (Babel): ``0.899`` in en, ``0,899`` in kk and ru."""
    from shekara.i18n import fmt_number

    return fmt_number(value, _table_lang, decimals)


def _table_cell(column: str, v: object) -> str:
    """A table cell; in kk/ru numbers are formatted with Babel and source keys as words."""
    if _table_lang == "en":
        return _cell(v)
    from shekara.i18n import fmt_number
    from shekara.i18n.words import sources_words

    if isinstance(v, int | float) and not isinstance(v, bool):
        return (
            fmt_number(float(v), _table_lang)
            if isinstance(v, float)
            else fmt_number(v, _table_lang, 0)
        )
    if column in ("source", "sources") and isinstance(v, str):
        return sources_words(v, _table_lang)
    return _cell(v)


def _header(key: str) -> str:
    return table_text(key) if _table_lang != "en" else key


def _default(o: object) -> object:
    if isinstance(o, date):
        return o.isoformat()
    raise TypeError(f"not JSON serialisable: {type(o).__name__}")


def to_json(obj: Any) -> str:
    """Pretty JSON with dates as ISO strings and non-ASCII kept (Kazakh names)."""
    return json.dumps(obj, ensure_ascii=False, indent=2, default=_default)


def _cell(v: object) -> str:
    if v is None:
        return ""
    if isinstance(v, float):
        return f"{v:.6g}" if abs(v) < 1e6 else f"{v:.0f}"
    if isinstance(v, list | tuple):
        return "; ".join(_cell(x) for x in v)
    return str(v)


def render(rows: Sequence[dict[str, Any]], fmt: str, title: str | None = None) -> str:
    """Render *rows* (all with the same keys) as ``table``, ``json`` or ``csv`` text."""
    if fmt == "json":
        return to_json(list(rows))
    columns = list(rows[0].keys()) if rows else []
    if fmt == "csv":
        buf = io.StringIO()
        w = csv.writer(buf, lineterminator="\n")
        w.writerow(columns)
        for r in rows:
            w.writerow([_cell(r.get(c)) for c in columns])
        return buf.getvalue().rstrip("\n")
    if fmt != "table":
        raise ValueError(f"format must be one of {', '.join(FORMATS)}, not {fmt!r}")
    from rich.console import Console
    from rich.table import Table

    table = Table(title=title, show_lines=False)
    for c in columns:
        table.add_column(_header(c), overflow="fold")
    for r in rows:
        table.add_row(*[_table_cell(c, r.get(c)) for c in columns])
    console = Console(record=True, width=200, file=io.StringIO())
    console.print(table)
    return console.export_text().rstrip("\n")

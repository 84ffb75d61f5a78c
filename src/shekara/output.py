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
import shutil
from collections.abc import Sequence
from datetime import date
from typing import Any, Literal

OutputFormat = Literal["table", "json", "csv"]
FORMATS: tuple[str, ...] = ("table", "json", "csv")

#: The language of table headers and titles (set once per command by ``--lang``; JSON and
#: CSV keep the stable keys so scripts do not break when a user reads Kazakh).
_table_lang = "en"


#: Columns of tables and CSV: ``None`` all, else the ones named (``--columns``), in that order.
_columns: tuple[str, ...] | None = None
#: Hide the ``source``/``sources`` column (``--no-source``).
_no_source = False
#: Width of a table when the output is no terminal and ``COLUMNS`` is unset (files, pipes).
PIPE_WIDTH = 200
SOURCE_COLUMNS = ("source", "sources")


def set_table_columns(columns: Sequence[str] | None = None) -> None:
    """Tables and CSV printed from now on show only *columns*, in that order (``--columns``)."""
    global _columns
    _columns = tuple(columns) if columns else None


def set_no_source(hide: bool) -> None:
    """Tables and CSV printed from now on have no source column (``--no-source``)."""
    global _no_source
    _no_source = hide


def shown_columns(columns: Sequence[str]) -> list[str]:
    """The *columns* of a result that a table shows, after ``--columns`` and ``--no-source``.

    >>> set_no_source(True); shown_columns(["pair_id", "rank", "source"])
    ['pair_id', 'rank']
    >>> set_no_source(False)
    >>> set_table_columns(["rank", "pair_id"]); shown_columns(["pair_id", "rank", "source"])
    ['rank', 'pair_id']
    >>> from typer import BadParameter
    >>> set_table_columns(["rnk"])
    >>> try:
    ...     shown_columns(["pair_id", "rank"])
    ... except BadParameter as exc:
    ...     print(exc.message)
    'rnk' is not a column of this table; did you mean 'rank'? columns: pair_id, rank
    >>> set_table_columns()
    """
    keep = list(columns)
    if _columns is not None and keep:
        unknown = [c for c in _columns if c not in keep]
        if unknown:
            from typer import BadParameter

            from shekara.suggest import did_you_mean, nearest

            tip = did_you_mean(nearest(unknown[0], keep))
            parts = [f"{unknown[0]!r} is not a column of this table", f"columns: {', '.join(keep)}"]
            if tip:
                parts[0] += f"; {tip}"
            raise BadParameter(" ".join(parts) if tip else "; ".join(parts), param_hint="--columns")
        keep = list(_columns)
    return [c for c in keep if not (_no_source and c in SOURCE_COLUMNS)]


def table_width() -> int:
    """The terminal's width (``COLUMNS`` first), or :data:`PIPE_WIDTH` when there is none."""
    return max(40, shutil.get_terminal_size((PIPE_WIDTH, 24)).columns)


def set_table_lang(lang: str) -> None:
    """Headers and titles of the tables printed from now on are in *lang* (domain ``cli``)."""
    global _table_lang
    _table_lang = lang


def table_lang() -> str:
    """The language of tables and refusals set by the running command's ``--lang``."""
    return _table_lang


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
    if isinstance(k := values.get("k"), int):  # "в первой тройке", "алғашқы үштікте"
        from shekara.i18n.words import top_k_words

        values.setdefault("top_in", top_k_words(k, _table_lang))
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
    """A column header: the key's word, capitalised ("country" is "ел" in a cell, "Ел" on top)."""
    if _table_lang == "en":
        return key
    word = table_text(key)
    return word[:1].upper() + word[1:]


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


def _column_specs(columns: list[str], cells: list[list[str]], width: int) -> list[dict[str, Any]]:
    """How each column fits *width*: text wraps at spaces (a word longer than its column
    folds); the source column takes what the others leave, one line a row cut with "…"
    (the full text is in ``--format csv``/``json``; ``--no-source`` drops it)."""
    natural = [max([len(_header(c)), *(len(r[i]) for r in cells)]) for i, c in enumerate(columns)]
    rest = (
        width
        - 1
        - sum(n + 3 for c, n in zip(columns, natural, strict=True) if c not in SOURCE_COLUMNS)
    )
    return [
        {"overflow": "ellipsis", "no_wrap": True, "max_width": max(12, rest - 3)}
        if c in SOURCE_COLUMNS
        else {"overflow": "fold"}
        for c in columns
    ]


def render(rows: Sequence[dict[str, Any]], fmt: str, title: str | None = None) -> str:
    """Render *rows* (all with the same keys) as ``table``, ``json`` or ``csv`` text."""
    if fmt == "json":
        return to_json(list(rows))
    columns = shown_columns(list(rows[0].keys()) if rows else [])
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

    cells = [[_table_cell(c, r.get(c)) for c in columns] for r in rows]
    width = table_width()
    table = Table(title=title, show_lines=False)
    for c, spec in zip(columns, _column_specs(columns, cells, width), strict=True):
        table.add_column(_header(c), **spec)
    for row in cells:
        table.add_row(*row)
    console = Console(record=True, width=width, file=io.StringIO())
    console.print(table)
    return console.export_text().rstrip("\n")

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
        table.add_column(c, overflow="fold")
    for r in rows:
        table.add_row(*[_cell(r.get(c)) for c in columns])
    console = Console(record=True, width=200, file=io.StringIO())
    console.print(table)
    return console.export_text().rstrip("\n")

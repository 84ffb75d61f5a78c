"""Exports of the platform registries: CSV, Excel and an Atom feed.

Cells that a spreadsheet would run as a formula (starting with ``=``, ``+``, ``-``, ``@``,
a tab or a carriage return) are prefixed with an apostrophe (OWASP "CSV injection").

Example:
    >>> neutral("=HYPERLINK(\\"http://x\\")"), neutral("-5"), neutral(-5), neutral("ok")
    ('\\'=HYPERLINK("http://x")', "'-5", -5, 'ok')
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from datetime import datetime
from typing import Any
from xml.etree import ElementTree as ET

from openpyxl import Workbook

from shekara.platform.accounts import utc

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
ATOM_NS = "http://www.w3.org/2005/Atom"


def neutral(value: Any) -> Any:
    """*value*, with a text that a spreadsheet would evaluate made inert."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def _cell(value: Any) -> Any:
    if isinstance(value, list):
        value = "|".join(str(v) for v in value)
    if isinstance(value, datetime):
        value = utc(value)
        return value.isoformat(timespec="seconds") if value else ""
    return neutral(value)


def to_csv(rows: Sequence[dict[str, Any]], columns: Sequence[str]) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow(columns)
    for r in rows:
        w.writerow(["" if r.get(c) is None else _cell(r.get(c)) for c in columns])
    return buf.getvalue()


def to_xlsx(rows: Sequence[dict[str, Any]], columns: Sequence[str], sheet: str) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = sheet[:31]
    ws.append(list(columns))
    for r in rows:
        ws.append([_cell(r.get(c)) for c in columns])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def atom_feed(feed_id: str, title: str, base_url: str, entries: Sequence[dict[str, Any]]) -> bytes:
    """An Atom 1.0 feed; each entry has ``id``, ``title``, ``summary``, ``updated``, ``href``."""
    ET.register_namespace("", ATOM_NS)
    feed = ET.Element(f"{{{ATOM_NS}}}feed")
    ET.SubElement(feed, f"{{{ATOM_NS}}}id").text = feed_id
    ET.SubElement(feed, f"{{{ATOM_NS}}}title").text = title
    newest = max(
        (utc(e["updated"]) for e in entries), default=None, key=lambda d: d.timestamp() if d else 0
    )
    ET.SubElement(feed, f"{{{ATOM_NS}}}updated").text = (
        newest.isoformat(timespec="seconds") if newest else "1970-01-01T00:00:00+00:00"
    )
    ET.SubElement(feed, f"{{{ATOM_NS}}}link", href=base_url, rel="alternate")
    for e in entries:
        entry = ET.SubElement(feed, f"{{{ATOM_NS}}}entry")
        ET.SubElement(entry, f"{{{ATOM_NS}}}id").text = e["id"]
        ET.SubElement(entry, f"{{{ATOM_NS}}}title").text = e["title"]
        updated = utc(e["updated"])
        ET.SubElement(entry, f"{{{ATOM_NS}}}updated").text = (
            updated.isoformat(timespec="seconds") if updated else ""
        )
        ET.SubElement(entry, f"{{{ATOM_NS}}}link", href=e["href"])
        ET.SubElement(entry, f"{{{ATOM_NS}}}summary").text = e["summary"]
        author = ET.SubElement(entry, f"{{{ATOM_NS}}}author")
        ET.SubElement(author, f"{{{ATOM_NS}}}name").text = e.get("author", "Shekara")
    data: bytes = ET.tostring(feed, encoding="utf-8", xml_declaration=True)
    return data

"""Exports of the platform registries: CSV (through the API's CSV downloads: names beside
ids, plain numbers, ``?bom=1``), Excel and an Atom feed.

Cells that a spreadsheet would run as a formula (starting with ``=``, ``+``, ``-``, ``@``,
a tab or a carriage return) are prefixed with an apostrophe (OWASP "CSV injection").

Example:
    >>> neutral("=HYPERLINK(\\"http://x\\")"), neutral("-5"), neutral(-5), neutral("ok")
    ('\\'=HYPERLINK("http://x")', "'-5", -5, 'ok')
"""

from __future__ import annotations

import io
from collections.abc import Callable, Mapping, Sequence
from datetime import date, datetime
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


#: Each id column of the registries and the name column written after it in a CSV export.
NAME_COLUMNS = {
    "regions": "region_names",
    "pair_id": "pair_name",
    "theme": "theme_name",
    "status": "status_name",
    "org_id": "org_name",
    "assigned_org_id": "assigned_org_name",
    "lead_country": "lead_country_name",
}
Cell = str | int | float | None


def csv_table(
    rows: Sequence[dict[str, Any]],
    columns: Sequence[str],
    entities: Mapping[tuple[str, str], str],
    orgs: Mapping[int, str],
    words: Callable[[str], str],
) -> tuple[list[str], list[list[Cell]]]:
    """Header and cells of a registry's CSV: a name column after each id column (names in
    the reader's language: *entities* of the knowledge base, *orgs*, catalog *words* for the
    theme and status codes), lists joined with ``|``, numbers left as numbers (the download
    writes them plainly, :func:`shekara.web.api.downloads.csv_text`).

    >>> csv_table([{"pair_id": "KZ-59:RU-OMS", "regions": ["KZ-59"], "budget": 14000.0}],
    ...           ["pair_id", "regions", "budget"],
    ...           {("pair", "KZ-59:RU-OMS"): "SKO – Omsk", ("region", "KZ-59"): "SKO"}, {}, str)
    (['pair_id', 'pair_name', 'regions', 'region_names', 'budget'], [['KZ-59:RU-OMS', 'SKO – Omsk', 'KZ-59', 'SKO', 14000.0]])
    """

    def name(column: str, value: Any) -> str:
        if value is None or value == "":
            return ""
        if column == "regions":
            return "|".join(entities.get(("region", str(v)), str(v)) for v in value)
        if column == "pair_id":
            return entities.get(("pair", str(value)), "")
        if column == "lead_country":
            return entities.get(("country", str(value)), "")
        if column in ("org_id", "assigned_org_id"):
            return orgs.get(int(value), "")
        return words(str(value))

    header: list[str] = []
    for c in columns:
        header += [c, NAME_COLUMNS[c]] if c in NAME_COLUMNS else [c]
    table = []
    for r in rows:
        cells: list[Cell] = []
        for c in columns:
            cells.append(_plain_cell(r.get(c)))
            if c in NAME_COLUMNS:
                cells.append(name(c, r.get(c)))
        table.append(cells)
    return header, table


def _plain_cell(value: Any) -> Cell:
    if value is None or (isinstance(value, (int, float)) and not isinstance(value, bool)):
        return value
    if isinstance(value, list):
        return "|".join(str(v) for v in value)
    if isinstance(value, datetime):
        stamp = utc(value)
        return stamp.isoformat(timespec="seconds") if stamp else ""
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


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

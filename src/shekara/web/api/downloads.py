"""CSV downloads of the API: names beside ids, plain numbers, a UTF-8 BOM for Excel on request.

Every CSV the API serves is written by :func:`csv_response`:

* a **name column next to each id column**, in the request's language (``entity_name``
  after ``entity_id``, ``indicator_name`` after ``indicator`` …); the names come from the
  knowledge base (:func:`entity_names`: the ``name_kk``/``name_ru``/``name_en`` columns of
  the registries, the unit catalogue, Babel's country names);
* **plain numbers** (:func:`plain_number`): ``14000``, not ``14000.0``; ``0.3``, not
  ``0.30000000000000004`` (15 significant digits, the most a double keeps exactly);
* text a spreadsheet would run as a formula starts with ``'`` (:mod:`shekara.kb.formula`);
* with ``?bom=1`` the file starts with the UTF-8 byte-order mark, which Excel needs to read
  Kazakh and Russian letters of a UTF-8 CSV correctly (``shekara data import`` and the
  bulletin import skip it).

Example:
    >>> csv_text(("region_id", "value"), [("KZ-59", 14000.0), ("=1+2", 0.1 + 0.2)])
    "region_id,value\\nKZ-59,14000\\n'=1+2,0.3\\n"
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Annotated

from babel import Locale
from fastapi import Query
from fastapi.responses import Response
from sqlalchemy.engine import Engine

from shekara.i18n import Lang
from shekara.kb import query
from shekara.kb.formula import neutralise

#: The UTF-8 byte-order mark Excel looks for.
BOM = "\ufeff"
CSV_MEDIA = "text/csv; charset=utf-8"
#: ``?bom=1``: the query parameter of every CSV download.
BomQ = Annotated[
    bool,
    Query(description="Start the file with a UTF-8 byte-order mark (for Excel): bom=1."),
]
#: The OpenAPI ``responses`` entry of a CSV download.
CSV_RESPONSES: dict[int | str, dict[str, object]] = {
    200: {"content": {"text/csv": {"schema": {"type": "string"}}}}
}
Cell = str | int | float | None

#: Registries whose ``name_<lang>`` names an entity of that type: ``entity_type`` → table
#: (keyed by ``<entity_type>_id``).
NAMED_TABLES = {"region": "regions", "place": "places", "basin": "basins", "river": "rivers",
                "crossing": "crossings", "reservoir": "reservoirs", "zone": "zones",
                "node": "flood_nodes"}  # fmt: skip


def plain_number(x: float | int | None) -> str:
    """A number as a spreadsheet should see it: integers without ``.0``, no float noise.

    >>> [plain_number(v) for v in (14000.0, 0.1 + 0.2, -2.5, 7, 1e-7, None)]
    ['14000', '0.3', '-2.5', '7', '1e-07', '']
    """
    if x is None:
        return ""
    if isinstance(x, int):
        return str(x)
    text = format(x, ".15g")
    return "0" if text == "-0" else text


def csv_text(header: Sequence[str], rows: Iterable[Sequence[Cell]]) -> str:
    """*rows* under *header*: text cells neutralised, numbers written plainly."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(header)
    for row in rows:
        w.writerow(
            [
                neutralise(c) if isinstance(c, str) else plain_number(c)
                for c in row  # bool is no cell type here: callers write "true"/"false"
            ]
        )
    return buf.getvalue()


def csv_response(
    header: Sequence[str],
    rows: Iterable[Sequence[Cell]],
    filename: str,
    *,
    bom: bool = False,
    headers: Mapping[str, str] | None = None,
) -> Response:
    """A CSV download named *filename* (made safe), with the BOM when *bom*."""
    safe = re.sub(r"[^A-Za-z0-9._-]+", "_", filename)[:100] or "download.csv"
    body = (BOM if bom else "") + csv_text(header, rows)
    return Response(
        body,
        media_type=CSV_MEDIA,
        headers={"Content-Disposition": f'attachment; filename="{safe}"', **(headers or {})},
    )


def _countries(lang: Lang) -> dict[str, str]:
    territories = Locale.parse(lang).territories
    return {code: territories.get(code, code) for code in ("KZ", "RU")}


def entity_names(engine: Engine, lang: Lang) -> dict[tuple[str, str], str]:
    """``(entity_type, entity_id)`` → the entity's name in *lang*, for every entity the
    knowledge base names: registry rows, pairs (``KZ region – RU region``), the two
    countries and the border (Babel's country names).

    Example (the shipped knowledge base):
        ``names[("region", "KZ-59")]`` is ``"Солтүстік Қазақстан облысы"`` in kk.
    """
    names: dict[tuple[str, str], str] = {}
    for entity_type, table in NAMED_TABLES.items():
        key = f"{entity_type}_id"
        try:
            rows = query.table_rows(engine, table)
        except KeyError:  # a registry this data package does not have
            continue
        for r in rows:
            name = r.get(f"name_{lang}") or r.get("name_en")
            if name:
                names[(entity_type, str(r[key]))] = str(name)
    for p in query.table_rows(engine, "pairs"):
        kz, ru = names.get(("region", p["kz_region"])), names.get(("region", p["ru_region"]))
        if kz and ru:
            names[("pair", str(p["pair_id"]))] = f"{kz} – {ru}"
    countries = _countries(lang)
    border = f"{countries['KZ']} – {countries['RU']}"
    names[("border", "KZ-RU")] = border
    for code, country in countries.items():
        names[("country", code)] = country
        names[("border", f"KZ-RU:{code}")] = f"{border}: {country}"
    return names

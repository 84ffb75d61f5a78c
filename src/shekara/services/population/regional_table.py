"""Convert a statistics office's regional population table to knowledge-base rows.

Statistics offices (Kazakhstan's Bureau of National Statistics, Rosstat) publish
regional population as a wide table: one row per region, one column per year.
Save it as CSV with a first column ``region_id`` (ISO 3166-2 ids as in
``data/regions.csv``, e.g. ``KZ-59``, ``RU-OMS``) and year columns (``2019``,
``2020`` … or dates ``2021-01-01``). This writes the long rows that
``shekara data import`` checks and loads (indicator ``population``).

Example:
    >>> import tempfile, pathlib
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (d / "t.csv").write_text("region_id,2020,2021\\nKZ-59,\\"548 755\\",544000\\n")
    >>> convert_regional_table(d / "t.csv", d / "o.csv", source_id="stat-kz", locator="T1")
    2
    >>> (d / "o.csv").read_text().splitlines()[1]
    'region,KZ-59,population,2020,548755,persons,stat-kz,T1 KZ-59 2020,,'
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

from shekara.services.population.wpp_import import indicator_columns

_PERIOD = re.compile(r"^[0-9]{4}(-[0-9]{2}-[0-9]{2})?$")
UNITS = ("persons", "thousand_persons")


class RegionalTableError(Exception):
    """The table cannot be converted; message names the file, row and column."""


def convert_regional_table(
    table: Path, out: Path, *, source_id: str, locator: str = "", unit: str = "persons"
) -> int:
    """Write the long CSV (values in persons; a table in thousands is multiplied by 1 000) to *out* (only when the whole table is clean); returns the count."""
    if unit not in UNITS:
        raise RegionalTableError(f"POP130: unit must be one of {', '.join(UNITS)}")
    try:
        text = table.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise RegionalTableError(f"POP131: {table}: cannot read as UTF-8 ({exc})") from None
    reader = csv.reader(io.StringIO(text))
    header = next(reader, None)
    if not header or header[0].strip() != "region_id":
        raise RegionalTableError(f"POP132: {table}: row 1: first column must be 'region_id'")
    periods = [h.strip() for h in header[1:]]
    bad = [p for p in periods if not _PERIOD.match(p)]
    if bad:
        raise RegionalTableError(f"POP132: {table}: row 1: not a year or date: {bad}")
    scale = 1000 if unit == "thousand_persons" else 1
    rows = []
    for n, line in enumerate(reader, start=2):
        if not any(c.strip() for c in line):
            continue
        region = line[0].strip()
        for period, cell in zip(periods, line[1:], strict=False):
            raw = cell.replace("\u00a0", "").replace(" ", "").replace(",", ".").strip()
            if not raw:
                continue
            try:
                value = float(raw)
            except ValueError:
                raise RegionalTableError(
                    f"POP133: {table}: row {n}, column {period}: not a number: {cell!r}"
                ) from None
            rows.append(
                {
                    "entity_type": "region",
                    "entity_id": region,
                    "indicator": "population",
                    "period": period,
                    "value": str(round(value * scale)),
                    "unit": "persons",
                    "source_id": source_id,
                    "locator": f"{locator} {region} {period}".strip(),
                    "quote": "",
                    "note": "table in thousands; converted to persons" if scale != 1 else "",
                }
            )
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=indicator_columns(), lineterminator="\n")
    w.writeheader()
    w.writerows(rows)
    out.write_text(buf.getvalue(), encoding="utf-8")
    return len(rows)

"""``GET /api/flood/export?format=csv``: post names in the request's language, plain
numbers, the UTF-8 BOM on request, and the file reads back through the bulletin import."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from fastapi.testclient import TestClient

from shekara.kb.store import make_engine
from shekara.services.flood.exchange import import_bulletin
from shekara.web.app import create_app


def test_bulletin_csv_names_posts_and_writes_plain_numbers(
    season_store: str, tmp_path: Path
) -> None:
    with TestClient(create_app(season_store)) as c:
        r = c.get("/api/flood/export", params={"format": "csv", "lang": "kk", "bom": 1,
                                               "from": "2026-03-20", "to": "2026-03-20"})  # fmt: skip
    assert r.status_code == 200
    assert r.content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(r.text.removeprefix("\ufeff"))))
    assert rows and {x["day"] for x in rows} == {"2026-03-20"}
    header = list(rows[0])
    assert header.index("node_name") == header.index("node_id") + 1
    assert header.index("unit_name") == header.index("unit") + 1
    assert all(x["node_name"] for x in rows)
    discharge = [x for x in rows if x["unit"] == "m3_per_s"]
    assert discharge and {x["unit_name"] for x in discharge} == {"м³/с"}
    numbers = [x["value"] for x in rows if x["quantity"] != "ice"]
    assert numbers and not any(v.endswith(".0") for v in numbers)
    back = tmp_path / "back.csv"
    back.write_bytes(r.content)
    report = import_bulletin(make_engine(season_store), back, dry_run=True)  # raises if refused
    assert report.rows == len(rows)

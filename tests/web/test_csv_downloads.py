"""CSV downloads (issue 11): names beside ids in the request's language, plain numbers,
and a UTF-8 BOM for Excel on request — checked cell by cell on the shipped knowledge base."""

from __future__ import annotations

import csv
import io

from fastapi.testclient import TestClient

from shekara.web.api.downloads import BOM, csv_text, plain_number


def _rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def test_values_carry_names_in_the_request_language(client: TestClient) -> None:
    params = {"indicator": "flood_evacuated_persons", "entity": "KZ-59"}
    kk = _rows(client.get("/api/indicators.csv", params={**params, "lang": "kk"}).text)
    assert len(kk) == 1
    row = kk[0]
    # D:616: "14 мыңнан астам адам эвакуацияланды" — stored as 14000 persons (more than).
    assert row["entity_id"] == "KZ-59"
    assert row["entity_name"] == "Солтүстік Қазақстан облысы"
    assert row["value"] == "14000"
    assert row["unit"] == "persons" and row["unit_name"] == "адам"
    assert row["indicator_name"] == "Су тасқыны кезінде эвакуацияланғандар"
    ru = _rows(client.get("/api/indicators.csv", params={**params, "lang": "ru"}).text)[0]
    assert ru["entity_name"] == "Северо-Казахстанская область"
    assert ru["unit_name"] == "чел."
    en = _rows(client.get("/api/indicators.csv", params=params).text)[0]
    assert en["entity_name"] == "North Kazakhstan Region"


def test_name_columns_stand_next_to_their_ids(client: TestClient) -> None:
    r = client.get("/api/indicators.csv", params={"entity_type": "pair", "lang": "ru"})
    header = r.text.splitlines()[0].split(",")
    for id_col, name_col in (
        ("entity_id", "entity_name"),
        ("indicator", "indicator_name"),
        ("unit", "unit_name"),
        ("source_id", "source_title"),
    ):
        assert header.index(name_col) == header.index(id_col) + 1
    rows = {(x["entity_id"], x["indicator"]): x for x in _rows(r.text)}
    table2 = rows[("KZ-15:RU-ORE", "gravity_index_published")]
    # A:566, Table 2: Aktobe – Orenburg 1348387 (an integer, written without ".0").
    assert table2["value"] == "1348387"
    assert table2["entity_name"] == "Актюбинская область – Оренбургская область"


def test_names_false_is_exactly_the_import_format(client: TestClient) -> None:
    r = client.get(
        "/api/indicators.csv", params={"indicator": "sez_score_published", "names": "false"}
    )
    assert r.text.splitlines()[0] == (
        "entity_type,entity_id,indicator,period,value,unit,source_id,locator,quote,note"
    )
    values = {x["entity_id"]: x["value"] for x in _rows(r.text)}
    assert values["KZ-15:RU-ORE"] in {"0", "50", "100"}  # the 0/50/100 scale, no ".0"


def test_bom_only_on_request(client: TestClient) -> None:
    params = {"indicator": "flood_evacuated_persons", "lang": "kk"}
    plain = client.get("/api/indicators.csv", params=params)
    excel = client.get("/api/indicators.csv", params={**params, "bom": 1})
    assert not plain.content.startswith(b"\xef\xbb\xbf")
    assert excel.content.startswith(b"\xef\xbb\xbf")
    assert excel.text.removeprefix(BOM) == plain.text
    assert excel.headers["content-type"] == "text/csv; charset=utf-8"


def test_numbers_are_plain() -> None:
    assert plain_number(14000.0) == "14000"
    assert plain_number(0.1 + 0.2) == "0.3"  # not 0.30000000000000004
    assert plain_number(1348387.0) == "1348387"
    assert plain_number(2.5) == "2.5"
    assert plain_number(-0.0) == "0"
    assert csv_text(["a", "b"], [["=cmd", 3.0]]) == "a,b\n'=cmd,3\n"


def test_the_dashboard_download_speaks_the_page_language(client: TestClient) -> None:
    params = {"indicator": "flood_evacuated_persons", "entity": "KZ-59"}
    r = client.get("/api/indicators.csv", params=params, headers={"Accept-Language": "ru"})
    assert _rows(r.text)[0]["entity_name"] == "Северо-Казахстанская область"
    r = client.get("/api/indicators.csv", params=params, headers={"Cookie": "shekara_lang=kk"})
    assert _rows(r.text)[0]["entity_name"] == "Солтүстік Қазақстан облысы"

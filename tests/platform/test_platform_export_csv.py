"""The platform's CSV export is a CSV download like every other of the API (issue 11): a name
column in the request's language after each id column, plain numbers, a UTF-8 BOM only with
``bom=1`` (for Excel), formulas neutralised. Checked cell by cell on the seeded world
(tests/platform/pf_world.py: "Irtysh water school", KZ-55 and RU-OMS, 1 000 000 KZT, led by
the Akimat of Pavlodar; "Accepted request" assigned to Omsk State University)."""

from __future__ import annotations

import csv
import io

import pytest
from fastapi.testclient import TestClient
from pf_world import *  # noqa: F403  (the fixtures: template_world, world, app_client)

from shekara.web.api.downloads import BOM

NAMES = {
    "kk": ("Павлодар облысы|Омбы облысы", "су ресурстары", "жоспарланған", "Қазақстан"),
    "ru": ("Павлодарская область|Омская область", "водные ресурсы", "планируется", "Казахстан"),
    "en": ("Pavlodar Region|Omsk Oblast", "water", "planned", "Kazakhstan"),
}


def rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


@pytest.mark.parametrize("lang", ["kk", "ru", "en"])
def test_projects_carry_ids_and_names(app_client: TestClient, lang: str) -> None:
    r = app_client.get("/api/platform/export/projects.csv", params={"lang": lang})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv")
    assert not r.text.startswith(BOM)
    header = r.text.splitlines()[0].split(",")
    for id_col, name_col in (
        ("regions", "region_names"),
        ("theme", "theme_name"),
        ("status", "status_name"),
        ("lead_country", "lead_country_name"),
        ("pair_id", "pair_name"),
    ):
        assert header[header.index(id_col) + 1] == name_col
    school = next(p for p in rows(r.text) if p["title"] == "Irtysh water school")
    regions, theme, status, country = NAMES[lang]
    assert school["regions"] == "KZ-55|RU-OMS" and school["region_names"] == regions
    assert (school["theme"], school["theme_name"]) == ("water", theme)
    assert (school["status"], school["status_name"]) == ("planned", status)
    assert (school["lead_country"], school["lead_country_name"]) == ("KZ", country)
    assert school["budget"] == "1000000" and school["currency"] == "KZT"  # not "1000000.0"


def test_requests_name_the_assigned_organisation(app_client: TestClient) -> None:
    text = app_client.get("/api/platform/export/requests.csv", params={"lang": "ru"}).text
    accepted = next(r for r in rows(text) if r["title"] == "Accepted request")
    assert accepted["assigned_org_id"] and accepted["assigned_org_name"] == "Omsk State University"
    assert (
        accepted["status_name"] == "принята" and accepted["region_names"] == "Павлодарская область"
    )


def test_bom_only_on_request(app_client: TestClient) -> None:
    plain = app_client.get("/api/platform/export/projects.csv", params={"lang": "kk"})
    excel = app_client.get("/api/platform/export/projects.csv", params={"lang": "kk", "bom": 1})
    assert not plain.content.startswith(BOM.encode()) and plain.text.startswith("project_id,")
    assert excel.content.startswith(BOM.encode("utf-8"))
    assert excel.content.decode("utf-8").removeprefix(BOM) == plain.text

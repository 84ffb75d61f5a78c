#!/usr/bin/env python3
"""Build ``data/geo/boundaries.geojson`` and ``data/geo/boundaries.yaml`` offline.

Source
------
Debian's ``qgis-common`` package ships ``/usr/share/qgis/resources/data/world_map.gpkg``,
a GeoPackage built by the QGIS project from Natural Earth 1:10m cultural vectors
(Admin 1 – States, Provinces v4.1.0 and Admin 0 – Countries v4.1.0, per the
``README_world_map.md`` next to it; the gpkg itself has no ``gpkg_metadata`` rows, so
that README is the only version statement available).  Upstream the QGIS project
already generalised the polygons with GRASS ``v.generalize`` (in Robinson), dissolved
them per province and per country, clipped them to lon ±179.9 and dropped most
attribute fields.  What is left in ``states_provinces`` is: ``fid, iso_a2, name, fips,
woe_label, woe_name, sov_a3, adm0_a3, admin, gu_a3, gn_name`` -- in particular Natural
Earth's ``iso_3166_2`` and ``adm1_code`` fields are **not** in this file.  The only
Natural Earth identifier that survives is the FIPS 10-4 code (``fips``), so features are
selected by ``(adm0_a3, fips)`` and every match is cross-checked against the ``name``
and ``gn_name`` fields (the build aborts when they differ from the table below).

Output
------
One RFC 7946 FeatureCollection (lon/lat WGS84, exterior rings counter-clockwise, holes
clockwise, coordinates rounded to 4 decimals ≈ 11 m, always ``MultiPolygon``):

* ``layer="admin1"``: the 7 Kazakh regions and 12 Russian subjects on the
  Kazakhstan–Russia border (``border=true``) and the 9 other Kazakh admin-1 units of
  the gpkg (``border=false``);
* ``layer="country"``: Kazakhstan (whole) and Russia clipped to the window
  ``--window`` (default lon 40–95 E, lat 40–62 N).  The full Russia outline is ~17 000
  km wide and, in this gpkg, cut at ±179.9 (the antimeridian), which is useless for a
  border-region map and would dominate the file size; the window keeps everything from
  the Volga to the Altai.  The straight window edges of the Russia feature are
  **artificial** clip lines, not borders.

Simplification
--------------
Shared borders must stay shared, so the polygons are simplified **together** with
``shapely.coverage_simplify`` (GEOS CoverageSimplifier, Visvalingam–Whyatt on the
coverage's edges; tolerance ≈ square root of the triangle area removed, in degrees).
Per-feature ``geometry.simplify(tol, preserve_topology=True)`` keeps each polygon valid
but simplifies the two sides of a shared border independently and opens gaps/overlaps
between neighbours; it is available with ``--method simplify`` for comparison only.
The coverage is: all Kazakh admin-1 units (Baikonur merged) + the 12 Russian border
subjects + "rest of Russia inside the window" (Russia clipped to the window minus the 12
subjects).  The
country outlines are then the unions of the simplified pieces, so they coincide exactly
with the admin-1 borders.  After simplification every geometry is snapped to a 1e-4°
grid with ``shapely.set_precision`` (which keeps it valid), then oriented.

Determinism
-----------
Features are sorted (countries first, then admin-1 by ``region_id``), property keys have
a fixed order, numbers are written with ``repr(round(x, 4))`` and no timestamps are
written, so re-running with the same gpkg and the same shapely/GEOS gives a
byte-identical file.

Known limitation
----------------
The gpkg has Kazakhstan's pre-2018 layout.  Since 2022 Abai (KZ-10), Zhetysu (KZ-33)
and Ulytau (KZ-62) are separate regions, and Shymkent (KZ-79) since 2018; here they are
contained in the polygons of KZ-63, KZ-19, KZ-35 and KZ-61 respectively (property
``covers``).  No split line is invented.  See ``boundaries.yaml`` (``limitations``).

Natural Earth cuts the Baikonur lease area out of Qyzylorda as a separate unit
(``adm0_a3 = KAB``, ``sov_a3 = KAZ``, "Baykonur lease in Qyzylorda"); it is merged back
into KZ-43 Kyzylorda, otherwise Kazakhstan's outline would have a hole there.

In this generalised data West Kazakhstan (KZ-27) and Samara (RU-SAM) touch at a single
point only (shared border length 0); the other 17 neighbour pairs share 80–850 km.

Watch out: FIPS 10-4 ``KZ10`` is *South Kazakhstan* (ISO KZ-61), while ISO 3166-2
``KZ-10`` is *Abai*; FIPS ``KZ15`` is *East Kazakhstan* (ISO KZ-63), ISO ``KZ-15`` is
*Aktobe* (FIPS ``KZ04``).  Never join the two code systems by their digits.

Requires shapely >= 2.1 (``coverage_simplify``, ``orient_polygons``) and PyYAML.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import sqlite3
import struct
import subprocess
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import shapely
import yaml
from shapely.geometry import MultiPolygon, Polygon, box
from shapely.geometry.base import BaseGeometry

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_GPKG = Path("/usr/share/qgis/resources/data/world_map.gpkg")
DEFAULT_GEOJSON = REPO_ROOT / "data" / "geo" / "boundaries.geojson"
DEFAULT_YAML = REPO_ROOT / "data" / "geo" / "boundaries.yaml"
DEFAULT_TOLERANCE = 0.02  # degrees, see module docstring and boundaries.yaml
DEFAULT_WINDOW = (40.0, 40.0, 95.0, 62.0)  # lon_min, lat_min, lon_max, lat_max
DECIMALS = 4
DEBIAN_PACKAGE = "qgis-common"


@dataclass(frozen=True)
class Unit:
    """One row of the code mapping table.

    ``ne_fips``/``ne_name``/``ne_gn_name`` are the values of the gpkg's ``fips``,
    ``name`` and ``gn_name`` fields (checked at build time).  ``legacy_iso`` is the
    alphabetic ISO 3166-2 code used before Kazakhstan's numeric codes (~2020) -- the
    kind of code Natural Earth's ``iso_3166_2`` field carries (e.g. ``KZ-AKT``); that
    field is absent from this gpkg, so ``legacy_iso`` comes from this table, not from
    the data.  Russian codes did not change.
    """

    region_id: str
    country: str
    ne_fips: str
    ne_name: str
    ne_gn_name: str
    legacy_iso: str
    name_en: str
    border: bool
    covers: tuple[str, ...] = ()
    note: str = ""


# ISO 3166-2 (current, checked against pycountry in the tests) <- Natural Earth / gpkg.
# fmt: off
UNITS: tuple[Unit, ...] = (
    # --- Kazakhstan, border regions -------------------------------------------------
    Unit("KZ-15", "KZ", "KZ04", "Aqtöbe", "Aktyubinskaya Oblast'", "KZ-AKT",
         "Aktobe Region", True),
    Unit("KZ-23", "KZ", "KZ06", "Atyrau", "Atyrau Oblysy", "KZ-ATY",
         "Atyrau Region", True),
    Unit("KZ-27", "KZ", "KZ07", "West Kazakhstan", "Batys Qazaqstan Oblysy", "KZ-ZAP",
         "West Kazakhstan Region", True),
    Unit("KZ-39", "KZ", "KZ13", "Qostanay", "Qostanay Oblysy", "KZ-KUS",
         "Kostanay Region", True),
    Unit("KZ-55", "KZ", "KZ08", "Pavlodar", "Pavlodar Oblysy", "KZ-PAV",
         "Pavlodar Region", True),
    Unit("KZ-59", "KZ", "KZ16", "North Kazakhstan", "Severo-Kazakhstanskaya Oblast'",
         "KZ-SEV", "North Kazakhstan Region", True),
    Unit("KZ-63", "KZ", "KZ15", "East Kazakhstan", "Shyghys Qazaqstan Oblysy", "KZ-VOS",
         "East Kazakhstan Region", True, ("KZ-10", "KZ-63"),
         "Pre-2022 outline: covers East Kazakhstan (KZ-63) and Abai (KZ-10, formed "
         "2022-06-08); for as-of years >= 2022 label it 'East Kazakhstan + Abai "
         "(pre-2022 outline)'."),
    # --- Kazakhstan, other admin-1 units (context) ----------------------------------
    Unit("KZ-11", "KZ", "KZ03", "Aqmola", "Aqmola Oblysy", "KZ-AKM",
         "Akmola Region", False),
    Unit("KZ-19", "KZ", "KZ01", "Almaty", "Almaty Oblysy", "KZ-ALM",
         "Almaty Region", False, ("KZ-19", "KZ-33"),
         "Pre-2022 outline: covers Almaty Region (KZ-19) and Zhetysu (KZ-33, formed 2022)."),
    Unit("KZ-31", "KZ", "KZ17", "Zhambyl", "Zhambyl Oblysy", "KZ-ZHA",
         "Zhambyl Region", False),
    Unit("KZ-35", "KZ", "KZ12", "Qaraghandy", "Qaraghandy Oblysy", "KZ-KAR",
         "Karaganda Region", False, ("KZ-35", "KZ-62"),
         "Pre-2022 outline: covers Karaganda Region (KZ-35) and Ulytau (KZ-62, formed 2022)."),
    Unit("KZ-43", "KZ", "KZ14", "Qyzylorda", "Qyzylorda Oblysy", "KZ-KZY",
         "Kyzylorda Region", False, (),
         "Includes the Baikonur lease area (leased to Russia; Natural Earth's separate "
         "'Baykonur lease in Qyzylorda' unit, adm0_a3 KAB, merged in)."),
    Unit("KZ-47", "KZ", "KZ09", "Mangghystau", "Mangistauskaya Oblast'", "KZ-MAN",
         "Mangystau Region", False),
    Unit("KZ-61", "KZ", "KZ10", "South Kazakhstan", "Yuzhno-Kazakhstanskaya Oblast'",
         "KZ-YUZ", "Turkistan Region", False, ("KZ-61", "KZ-79"),
         "Pre-2018 South Kazakhstan outline: covers Turkistan Region (KZ-61, the renamed "
         "South Kazakhstan) and Shymkent city (KZ-79, separated 2018)."),
    Unit("KZ-71", "KZ", "KZ05", "Astana", "Astana Qalasy", "KZ-AST", "Astana", False),
    Unit("KZ-75", "KZ", "KZ02", "Almaty City", "Almaty Qalasy", "KZ-ALA", "Almaty", False),
    # --- Russia, subjects bordering Kazakhstan --------------------------------------
    Unit("RU-AST", "RU", "RS07", "Astrakhan'", "Astrakhanskaya Oblast'", "RU-AST",
         "Astrakhan Oblast", True),
    Unit("RU-VGG", "RU", "RS84", "Volgograd", "Volgogradskaya Oblast'", "RU-VGG",
         "Volgograd Oblast", True),
    Unit("RU-SAR", "RU", "RS67", "Saratov", "Saratovskaya Oblast'", "RU-SAR",
         "Saratov Oblast", True),
    Unit("RU-SAM", "RU", "RS65", "Samara", "Samarskaya Oblast'", "RU-SAM",
         "Samara Oblast", True),
    Unit("RU-ORE", "RU", "RS55", "Orenburg", "Orenburgskaya Oblast'", "RU-ORE",
         "Orenburg Oblast", True),
    Unit("RU-CHE", "RU", "RS13", "Chelyabinsk", "Chelyabinskaya Oblast'", "RU-CHE",
         "Chelyabinsk Oblast", True),
    Unit("RU-KGN", "RU", "RS40", "Kurgan", "Kurganskaya Oblast'", "RU-KGN",
         "Kurgan Oblast", True),
    Unit("RU-TYU", "RU", "RS78", "Tyumen'", "Tyumenskaya Oblast'", "RU-TYU",
         "Tyumen Oblast", True, (),
         "Without the Khanty-Mansi and Yamal-Nenets autonomous okrugs (separate "
         "ISO 3166-2 subdivisions and separate polygons in Natural Earth)."),
    Unit("RU-OMS", "RU", "RS54", "Omsk", "Omskaya Oblast'", "RU-OMS",
         "Omsk Oblast", True),
    Unit("RU-NVS", "RU", "RS53", "Novosibirsk", "Novosibirskaya Oblast'", "RU-NVS",
         "Novosibirsk Oblast", True),
    Unit("RU-ALT", "RU", "RS04", "Altay", "Altayskiy Kray", "RU-ALT", "Altai Krai", True),
    Unit("RU-AL", "RU", "RS03", "Gorno-Altay", "Respublika Altay", "RU-AL",
         "Altai Republic", True),
)
# fmt: on

BAIKONUR_ADM0 = "KAB"
BAIKONUR_NAME = "Baykonur lease in Qyzylorda"
BAIKONUR_HOST = "KZ-43"

COUNTRIES: tuple[tuple[str, str, str], ...] = (
    # region_id, countries.ISO_A3, name_en
    ("KZ", "KAZ", "Kazakhstan"),
    ("RU", "RUS", "Russia"),
)

PROPERTY_KEYS: tuple[str, ...] = (
    "region_id",
    "country",
    "name_en",
    "border",
    "layer",
    "covers",
    "ne_name",
    "ne_gn_name",
    "ne_iso_3166_2",
    "legacy_iso_3166_2",
    "ne_fips",
    "ne_fid",
    "clip_bbox",
    "note",
)


# --------------------------------------------------------------------------- gpkg I/O
_ENVELOPE_BYTES = {0: 0, 1: 32, 2: 48, 3: 48, 4: 64}


def gpkg_blob_to_geometry(blob: bytes) -> BaseGeometry:
    """Decode a GeoPackage binary geometry (GPKG 1.x §2.1.3): header, then WKB.

    Header: magic ``GP``, version byte, flags byte, int32 srs_id, optional envelope.
    Flags bit 0 = header byte order (1 little-endian), bits 1-3 = envelope kind
    (0 none, 1 xy = 32 B, 2 xyz / 3 xym = 48 B, 4 xyzm = 64 B), bit 4 = empty,
    bit 5 = extended (non-standard) geometry type.
    """
    if blob[:2] != b"GP":
        raise ValueError("not a GeoPackage geometry blob (magic != 'GP')")
    flags = blob[3]
    if flags & 0b100000:
        raise ValueError("GeoPackage extended geometry types are not supported")
    envelope = (flags >> 1) & 0b111
    if envelope not in _ENVELOPE_BYTES:
        raise ValueError(f"invalid envelope indicator {envelope}")
    srs_id = struct.unpack("<i" if flags & 1 else ">i", blob[4:8])[0]
    if srs_id != 4326:
        raise ValueError(f"expected EPSG:4326, got srs_id {srs_id}")
    return shapely.from_wkb(bytes(blob[8 + _ENVELOPE_BYTES[envelope] :]))


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def debian_package_version(package: str) -> str:
    try:
        out = subprocess.run(
            ["dpkg-query", "-W", "-f=${Version}", package],
            check=True,
            capture_output=True,
            text=True,
        )
    except (OSError, subprocess.CalledProcessError):
        return "unknown"
    return out.stdout.strip() or "unknown"


@dataclass(frozen=True)
class SourceRow:
    fid: int
    fips: str
    name: str
    gn_name: str
    geom: BaseGeometry


def read_gpkg(path: Path) -> tuple[dict[str, SourceRow], dict[str, SourceRow], dict[str, Any]]:
    """Return (admin-1 rows by region_id, country rows by region_id, metadata)."""
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        meta: dict[str, Any] = {}
        meta["gpkg_contents"] = [
            {"table_name": r[0], "data_type": r[1], "last_change": r[2], "srs_id": r[3]}
            for r in con.execute(
                "SELECT table_name, data_type, last_change, srs_id FROM gpkg_contents "
                "ORDER BY table_name"
            )
        ]
        meta["gpkg_metadata_rows"] = con.execute("SELECT count(*) FROM gpkg_metadata").fetchone()[0]
        meta["application_id"] = con.execute("PRAGMA application_id").fetchone()[0]
        meta["user_version"] = con.execute("PRAGMA user_version").fetchone()[0]
        meta["fields"] = {
            table: [r[1] for r in con.execute(f"PRAGMA table_info({table})")]
            for table in ("states_provinces", "countries")
        }
        admin1: dict[str, SourceRow] = {}
        for unit in UNITS:
            adm0 = {"KZ": "KAZ", "RU": "RUS"}[unit.country]
            rows = con.execute(
                "SELECT fid, fips, name, gn_name, geom FROM states_provinces "
                "WHERE adm0_a3 = ? AND fips = ?",
                (adm0, unit.ne_fips),
            ).fetchall()
            if len(rows) != 1:
                raise SystemExit(
                    f"{unit.region_id}: expected 1 row for {adm0}/{unit.ne_fips}, got {len(rows)}"
                )
            fid, fips, name, gn_name, blob = rows[0]
            if (name, gn_name) != (unit.ne_name, unit.ne_gn_name):
                raise SystemExit(
                    f"{unit.region_id}: gpkg has name={name!r} gn_name={gn_name!r}, "
                    f"table expects {unit.ne_name!r}/{unit.ne_gn_name!r}"
                )
            admin1[unit.region_id] = SourceRow(
                fid, fips, name, gn_name, gpkg_blob_to_geometry(blob)
            )
        # every Kazakh admin-1 row of the gpkg must be in the table
        kz_fips = {
            r[0] for r in con.execute("SELECT fips FROM states_provinces WHERE adm0_a3 = 'KAZ'")
        }
        known = {u.ne_fips for u in UNITS if u.country == "KZ"}
        if kz_fips != known:
            raise SystemExit(f"Kazakh admin-1 rows not in the table: {sorted(kz_fips - known)}")
        # Baikonur: Natural Earth keeps the lease area as a separate unit (adm0_a3 KAB,
        # sov_a3 KAZ) cut out of Qyzylorda; it is Kazakh territory inside Kyzylorda Region,
        # so it is merged back into KZ-43 (otherwise Kazakhstan's outline has a hole).
        kz_unmerged = shapely.union_all(
            [admin1[u.region_id].geom for u in UNITS if u.country == "KZ"]
        )
        rows = con.execute(
            "SELECT fid, name, gn_name, geom FROM states_provinces "
            "WHERE sov_a3 = 'KAZ' AND adm0_a3 = ?",
            (BAIKONUR_ADM0,),
        ).fetchall()
        if len(rows) != 1 or rows[0][1] != BAIKONUR_NAME:
            raise SystemExit(f"expected one {BAIKONUR_ADM0} row named {BAIKONUR_NAME!r}")
        bk_fid, bk_name, bk_gn_name, bk_blob = rows[0]
        bk_geom = gpkg_blob_to_geometry(bk_blob)
        host = admin1[BAIKONUR_HOST]
        admin1[BAIKONUR_HOST] = SourceRow(
            host.fid, host.fips, host.name, host.gn_name, shapely.union_all([host.geom, bk_geom])
        )
        meta["merged_units"] = [
            {
                "into": BAIKONUR_HOST,
                "ne_fid": bk_fid,
                "ne_name": bk_name,
                "ne_gn_name": bk_gn_name,
                "ne_adm0_a3": BAIKONUR_ADM0,
                "ne_sov_a3": "KAZ",
            }
        ]
        countries: dict[str, SourceRow] = {}
        for region_id, iso_a3, _name in COUNTRIES:
            rows = con.execute(
                "SELECT fid, FIPS_10_, NAME, geom FROM countries WHERE ISO_A3 = ?", (iso_a3,)
            ).fetchall()
            if len(rows) != 1:
                raise SystemExit(f"countries: expected 1 row for {iso_a3}, got {len(rows)}")
            fid, fips, name, blob = rows[0]
            countries[region_id] = SourceRow(fid, fips, name, "", gpkg_blob_to_geometry(blob))
        ru_all = [
            gpkg_blob_to_geometry(r[0])
            for r in con.execute("SELECT geom FROM states_provinces WHERE adm0_a3 = 'RUS'")
        ]
        meta["_ru_admin1_union"] = shapely.union_all(ru_all)
        meta["_kz_admin1_unmerged_union"] = kz_unmerged
    finally:
        con.close()
    return admin1, countries, meta


# ------------------------------------------------------------------------ geometry
def polygons_of(geom: BaseGeometry) -> MultiPolygon:
    """Keep the polygonal parts of ``geom`` as a MultiPolygon (drops collapsed bits)."""
    parts: list[Polygon] = []
    for part in shapely.get_parts(geom):
        if isinstance(part, Polygon):
            if not part.is_empty:
                parts.append(part)
        elif isinstance(part, MultiPolygon):
            parts.extend(p for p in part.geoms if not p.is_empty)
        elif part.geom_type == "GeometryCollection":
            parts.extend(polygons_of(part).geoms)
    return MultiPolygon(parts)


def finish(geom: BaseGeometry) -> MultiPolygon:
    """Snap to the 1e-4 grid (valid output), orient per RFC 7946, normalise order."""
    snapped = shapely.set_precision(geom, 10.0**-DECIMALS)
    oriented = shapely.orient_polygons(polygons_of(snapped), exterior_cw=False)
    # sort parts (largest first, then by coordinates) so the output order is stable
    parts = sorted(
        polygons_of(oriented).geoms, key=lambda p: (-round(p.area, 8), p.exterior.coords[0])
    )
    return MultiPolygon(parts)


def simplify_all(
    geoms: Sequence[BaseGeometry], tolerance: float, method: str
) -> list[BaseGeometry]:
    if tolerance <= 0:
        return list(geoms)
    if method == "coverage":
        return list(shapely.coverage_simplify(list(geoms), tolerance, simplify_boundary=True))
    return [g.simplify(tolerance, preserve_topology=True) for g in geoms]


def build(
    gpkg: Path, tolerance: float, method: str, window: tuple[float, float, float, float]
) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    admin1, countries, meta = read_gpkg(gpkg)
    win = box(*window)

    kz_ids = [u.region_id for u in UNITS if u.country == "KZ"]
    ru_ids = [u.region_id for u in UNITS if u.country == "RU"]
    kz_union = meta.pop("_kz_admin1_unmerged_union")
    checks: dict[str, Any] = {
        "kz_admin1_union_without_baikonur_vs_countries_layer_symdiff_deg2": round(
            kz_union.symmetric_difference(countries["KZ"].geom).area, 9
        ),
        "ru_admin1_union_vs_countries_layer_symdiff_in_window_deg2": round(
            meta.pop("_ru_admin1_union")
            .symmetric_difference(countries["RU"].geom)
            .intersection(win)
            .area,
            9,
        ),
    }
    ru_clip = countries["RU"].geom.intersection(win)
    ru_rest = ru_clip.difference(shapely.union_all([admin1[r].geom for r in ru_ids]))

    order = kz_ids + ru_ids
    coverage: list[BaseGeometry] = [admin1[r].geom for r in order] + [ru_rest]
    checks["input_coverage_valid"] = bool(shapely.coverage_is_valid(coverage))
    if method == "coverage" and not checks["input_coverage_valid"]:
        raise SystemExit("input polygons do not form a valid coverage; cannot coverage-simplify")
    simplified = simplify_all(coverage, tolerance, method)
    finished = [finish(g) for g in simplified]
    by_id = dict(zip(order, finished[:-1], strict=True))
    rest = finished[-1]
    checks["output_coverage_valid"] = bool(shapely.coverage_is_valid(finished))
    checks["output_all_valid"] = bool(all(g.is_valid for g in finished))

    geoms: dict[str, MultiPolygon] = dict(by_id)
    geoms["KZ"] = finish(shapely.union_all([by_id[r] for r in kz_ids]))
    geoms["RU"] = finish(shapely.union_all([by_id[r] for r in ru_ids] + [rest]))

    n_in = int(sum(shapely.get_num_coordinates(g) for g in coverage))
    n_out = int(sum(shapely.get_num_coordinates(g) for g in finished))
    checks["vertices_before"] = n_in
    checks["vertices_after"] = n_out

    features: list[dict[str, Any]] = []
    for region_id, iso_a3, name_en in COUNTRIES:
        row = countries[region_id]
        props: dict[str, Any] = {
            "region_id": region_id,
            "country": region_id,
            "name_en": name_en,
            "border": False,
            "layer": "country",
            "covers": [region_id],
            "ne_name": row.name,
            "ne_gn_name": None,
            "ne_iso_3166_2": None,
            "legacy_iso_3166_2": None,
            "ne_fips": row.fips,
            "ne_fid": row.fid,
            "clip_bbox": list(window) if region_id == "RU" else None,
            "note": (
                f"Russia clipped to the map window lon {window[0]:g}-{window[2]:g}, "
                f"lat {window[1]:g}-{window[3]:g}; the straight window edges are clip "
                "lines, not borders."
                if region_id == "RU"
                else f"Union of the {len(kz_ids)} Kazakh admin-1 polygons; before "
                f"simplification identical to the gpkg countries/{iso_a3} polygon plus the "
                "Baikonur lease area (which that polygon leaves out as a hole)."
            ),
        }
        features.append(make_feature(props, geoms[region_id]))
    for unit in sorted(UNITS, key=lambda u: u.region_id):
        row = admin1[unit.region_id]
        props = {
            "region_id": unit.region_id,
            "country": unit.country,
            "name_en": unit.name_en,
            "border": unit.border,
            "layer": "admin1",
            "covers": list(unit.covers or (unit.region_id,)),
            "ne_name": row.name,
            "ne_gn_name": row.gn_name,
            "ne_iso_3166_2": None,  # field dropped from this gpkg (see module docstring)
            "legacy_iso_3166_2": unit.legacy_iso,
            "ne_fips": row.fips,
            "ne_fid": row.fid,
            "clip_bbox": None,
            "note": unit.note or None,
        }
        features.append(make_feature(props, geoms[unit.region_id]))
    return features, {**meta, "checks": checks}


def make_feature(props: dict[str, Any], geom: MultiPolygon) -> dict[str, Any]:
    assert tuple(props) == PROPERTY_KEYS, tuple(props)
    coords = [
        [
            [[round(x, DECIMALS), round(y, DECIMALS)] for x, y in ring.coords]
            for ring in (poly.exterior, *poly.interiors)
        ]
        for poly in geom.geoms
    ]
    minx, miny, maxx, maxy = geom.bounds
    return {
        "type": "Feature",
        "id": props["region_id"],
        "bbox": [
            round(minx, DECIMALS),
            round(miny, DECIMALS),
            round(maxx, DECIMALS),
            round(maxy, DECIMALS),
        ],
        "properties": props,
        "geometry": {"type": "MultiPolygon", "coordinates": coords},
    }


def _num(v: float) -> str:
    if not math.isfinite(v):
        raise ValueError("non-finite coordinate")
    r = round(v, DECIMALS)
    return "0.0" if r == 0 else repr(r)


def _dump(obj: Any) -> str:
    """Compact JSON with our own float formatting (shortest repr of the rounded value)."""
    if isinstance(obj, float):
        return _num(obj)
    if isinstance(obj, list):
        return "[" + ",".join(_dump(v) for v in obj) + "]"
    if isinstance(obj, dict):
        return "{" + ",".join(json.dumps(k) + ":" + _dump(v) for k, v in obj.items()) + "}"
    return json.dumps(obj, ensure_ascii=False)


def render_geojson(features: list[dict[str, Any]]) -> str:
    head = '{"type":"FeatureCollection","features":[\n'
    return head + ",\n".join(_dump(f) for f in features) + "\n]}\n"


# ------------------------------------------------------------------------ provenance
LIMITATIONS = [
    {
        "id": "no-abai-polygon",
        "text": (
            "No separate Abai (KZ-10) polygon. Natural Earth v4.1.0 has Kazakhstan's "
            "pre-2022 layout; the East Kazakhstan (KZ-63) polygon is the pre-2022 region, "
            "i.e. today's East Kazakhstan plus Abai (formed 2022-06-08 from its western "
            "part, kz-decree-2022-887)."
        ),
        "how_maps_handle_it": (
            "For as-of years < 2022 draw KZ-63's polygon as 'East Kazakhstan'. For as-of "
            "years >= 2022 draw the same polygon once, labelled 'East Kazakhstan + Abai "
            "(pre-2022 outline)', and attach both KZ-63 and KZ-10 (their values, pairs, "
            "links) to it; shekara.kb.geo.polygon_for('KZ-10', year) returns it with "
            "shared_outline=True. Never invent a split line between the two regions."
        ),
    },
    {
        "id": "other-kz-splits",
        "text": (
            "Likewise Zhetysu (KZ-33) is inside Almaty Region's polygon (KZ-19), Ulytau "
            "(KZ-62) inside Karaganda's (KZ-35), both since 2022, and Shymkent city (KZ-79) "
            "inside the pre-2018 South Kazakhstan polygon, published as KZ-61 (Turkistan). "
            "Property 'covers' lists the current ISO codes each polygon stands for."
        ),
    },
    {
        "id": "russia-window",
        "text": (
            "The Russia country outline is clipped to the map window (clip_bbox); its "
            "straight edges along the window are artificial."
        ),
    },
    {
        "id": "generalised-source",
        "text": (
            "The gpkg polygons were already generalised by the QGIS project (GRASS "
            "v.generalize, see README_world_map.md) before this build simplifies them "
            "further; they are for small-scale maps, not for measuring border lengths "
            "or for locating points near a border."
        ),
    },
    {
        "id": "samara-point-contact",
        "text": (
            "West Kazakhstan (KZ-27) and Samara Oblast (RU-SAM) meet at a single point in "
            "this generalised data (shared border length 0 km; all 17 other article pairs "
            "share 80-850 km of border). The real KZ-27/RU-SAM border is a short stretch; "
            "adjacency tests must use distance, not shared length, for this pair."
        ),
    },
    {
        "id": "no-ne-iso-field",
        "text": (
            "Natural Earth's iso_3166_2 and adm1_code fields were dropped from this gpkg; "
            "ne_iso_3166_2 is therefore null, features were matched by FIPS 10-4 code "
            "(ne_fips) and checked against name/gn_name, and legacy_iso_3166_2 (the "
            "pre-numeric alphabetic ISO code, e.g. KZ-AKT) comes from the script's mapping "
            "table, not from the data."
        ),
    },
]


def display_path(path: Path) -> str:
    path = path.resolve()
    try:
        return str(path.relative_to(REPO_ROOT))
    except ValueError:
        return str(path)


def render_yaml(
    args: argparse.Namespace,
    meta: dict[str, Any],
    geojson_text: str,
    features: list[dict[str, Any]],
) -> str:
    gpkg: Path = args.gpkg
    readme = gpkg.parent / "README_world_map.md"
    window = list(args.window)
    command = (
        f"python scripts/build_boundaries.py --gpkg {gpkg} --tolerance {args.tolerance:g} "
        f"--method {args.method} --window {' '.join(f'{w:g}' for w in window)} "
        f"--out-geojson {display_path(args.out_geojson)} --out-yaml {display_path(args.out_yaml)}"
    )
    doc: dict[str, Any] = {
        "dataset": "boundaries",
        "description": (
            "Admin-1 polygons of the Kazakhstan-Russia border regions (7 KZ + 12 RU, "
            "border=true), the other Kazakh admin-1 units (border=false) and the KZ and "
            "RU country outlines (RU clipped to a window), simplified for small-scale maps."
        ),
        "output": {
            "path": display_path(args.out_geojson),
            "format": "GeoJSON (RFC 7946), EPSG:4326 lon/lat, MultiPolygon, CCW exteriors",
            "bytes": len(geojson_text.encode("utf-8")),
            "sha256": hashlib.sha256(geojson_text.encode("utf-8")).hexdigest(),
            "features": len(features),
            "feature_counts": {
                "country": sum(f["properties"]["layer"] == "country" for f in features),
                "admin1_border": sum(f["properties"]["border"] for f in features),
                "admin1_context": sum(
                    f["properties"]["layer"] == "admin1" and not f["properties"]["border"]
                    for f in features
                ),
            },
            "properties": list(PROPERTY_KEYS),
            "loader": "shekara.kb.geo.load_boundaries",
        },
        "source": {
            "source_id": "natural-earth",
            "file": str(gpkg),
            "sha256": sha256_file(gpkg),
            "bytes": gpkg.stat().st_size,
            "debian_package": DEBIAN_PACKAGE,
            "debian_package_version": debian_package_version(DEBIAN_PACKAGE),
            "readme": str(readme),
            "readme_sha256": sha256_file(readme) if readme.exists() else None,
            "natural_earth": {
                "product": "Natural Earth 1:10m Cultural Vectors",
                "version": "4.1.0",
                "layers": {
                    "states_provinces": "Admin 1 - States, Provinces v4.1.0 (generalised "
                    "and dissolved per province by the QGIS project)",
                    "countries": "Admin 1 v4.1.0 dissolved per country, attributes "
                    "joined from Admin 0 - Countries v4.1.0",
                },
                "version_evidence": (
                    "README_world_map.md in the same directory names v4.1.0 for all input "
                    "layers. The gpkg itself carries no version: gpkg_metadata has "
                    f"{meta['gpkg_metadata_rows']} rows, the attribute tables keep no "
                    "version field; gpkg_contents last_change dates (2019-08-15, countries "
                    "2020-06-09) fit v4.1.0 (released 2018)."
                ),
                "url": "https://www.naturalearthdata.com/downloads/10m-cultural-vectors/",
            },
            "gpkg_contents": meta["gpkg_contents"],
            "gpkg_application_id": meta["application_id"],
            "gpkg_user_version": meta["user_version"],
            "fields": meta["fields"],
            "licence": "Public domain (Natural Earth terms of use: 'All versions of "
            "Natural Earth raster + vector map data are in the public domain')",
        },
        "processing": {
            "selection": (
                "states_provinces rows matched by (adm0_a3, fips), names checked against "
                "name/gn_name; countries rows by ISO_A3"
            ),
            "russia_window_lon_lat": {
                "lon_min": window[0],
                "lat_min": window[1],
                "lon_max": window[2],
                "lat_max": window[3],
            },
            "method": args.method,
            "method_detail": (
                "shapely.coverage_simplify over KZ admin-1 + 12 RU subjects + rest of Russia "
                "in the window (shared edges simplified once, so neighbours stay edge-matched)"
                if args.method == "coverage"
                else "per-feature shapely simplify(preserve_topology=True)"
            ),
            "tolerance_deg": args.tolerance,
            "tolerance_meaning": (
                "Visvalingam-Whyatt: roughly the square root of the area of the triangles "
                "removed, in degrees (0.02 deg ~ 2.2 km N-S, ~1.4 km E-W at 50 N)"
                if args.method == "coverage"
                else "Douglas-Peucker distance, in degrees"
            ),
            "coordinate_decimals": DECIMALS,
            "precision_grid_deg": 10.0**-DECIMALS,
            "country_outlines": "unions of the simplified admin-1 pieces",
            "merged_units": [
                {
                    **m,
                    "reason": "Natural Earth cuts the Baikonur lease area out of Qyzylorda as a "
                    "separate unit (sov_a3 KAZ); it is Kazakh territory, so it is merged back "
                    "into Kyzylorda Region and hence into Kazakhstan's outline.",
                }
                for m in meta["merged_units"]
            ],
            "checks": meta["checks"],
            "shapely_version": shapely.__version__,
            "geos_version": ".".join(str(v) for v in shapely.geos_version),
            "command": command,
        },
        "code_mapping": [
            {
                "region_id": u.region_id,
                "ne_fips": u.ne_fips,
                "ne_name": u.ne_name,
                "legacy_iso_3166_2": u.legacy_iso,
                "name_en": u.name_en,
                "border": u.border,
                "covers": list(u.covers or (u.region_id,)),
            }
            for u in sorted(UNITS, key=lambda u: u.region_id)
        ],
        "limitations": LIMITATIONS,
    }
    header = (
        "# Provenance of boundaries.geojson. Generated by scripts/build_boundaries.py;\n"
        "# do not edit by hand, re-run the command under processing.command.\n"
    )
    return header + yaml.safe_dump(doc, sort_keys=False, allow_unicode=True, width=100)


# ------------------------------------------------------------------------------ CLI
def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="build_boundaries.py",
        description=(
            "Build data/geo/boundaries.geojson (+ boundaries.yaml provenance) from the "
            "Natural Earth admin-1/countries layers in Debian qgis-common's world_map.gpkg: "
            "Kazakhstan-Russia border regions, other Kazakh regions and the KZ/RU outlines, "
            "coverage-simplified and rounded to 4 decimals. Offline and deterministic."
        ),
        epilog=(
            "Example: .venv/bin/python scripts/build_boundaries.py   "
            "(see the module docstring for the code mapping and the Abai limitation)"
        ),
    )
    parser.add_argument(
        "--gpkg", type=Path, default=DEFAULT_GPKG, help="GeoPackage to read (default: %(default)s)"
    )
    parser.add_argument(
        "--out-geojson",
        type=Path,
        default=DEFAULT_GEOJSON,
        help="GeoJSON to write (default: data/geo/boundaries.geojson)",
    )
    parser.add_argument(
        "--out-yaml",
        type=Path,
        default=DEFAULT_YAML,
        help="provenance YAML to write (default: data/geo/boundaries.yaml); '-' to skip",
    )
    parser.add_argument(
        "--tolerance",
        type=float,
        default=DEFAULT_TOLERANCE,
        help="simplification tolerance in degrees, 0 = none (default: %(default)s)",
    )
    parser.add_argument(
        "--method",
        choices=("coverage", "simplify"),
        default="coverage",
        help="'coverage' = shapely.coverage_simplify (shared borders stay "
        "shared, default); 'simplify' = per-feature "
        "simplify(preserve_topology=True), for comparison only",
    )
    parser.add_argument(
        "--window",
        type=float,
        nargs=4,
        default=list(DEFAULT_WINDOW),
        metavar=("LON_MIN", "LAT_MIN", "LON_MAX", "LAT_MAX"),
        help="clip window for the Russia outline (default: 40 40 95 62)",
    )
    parser.add_argument(
        "--check",
        action="store_true",
        help="do not write; exit 1 if the existing GeoJSON differs from a rebuild",
    )
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    if not args.gpkg.exists():
        print(f"error: {args.gpkg} not found (install Debian's {DEBIAN_PACKAGE})", file=sys.stderr)
        return 2
    features, meta = build(args.gpkg, args.tolerance, args.method, tuple(args.window))
    text = render_geojson(features)
    if args.check:
        current = args.out_geojson.read_text(encoding="utf-8") if args.out_geojson.exists() else ""
        if current != text:
            print(f"{args.out_geojson} differs from a rebuild", file=sys.stderr)
            return 1
        print(f"{args.out_geojson} is up to date")
        return 0
    args.out_geojson.parent.mkdir(parents=True, exist_ok=True)
    args.out_geojson.write_text(text, encoding="utf-8", newline="\n")
    if str(args.out_yaml) != "-":
        args.out_yaml.parent.mkdir(parents=True, exist_ok=True)
        args.out_yaml.write_text(
            render_yaml(args, meta, text, features), encoding="utf-8", newline="\n"
        )
    checks = meta["checks"]
    print(
        f"wrote {args.out_geojson} ({len(text.encode('utf-8'))} bytes, {len(features)} "
        f"features, vertices {checks['vertices_before']} -> {checks['vertices_after']}, "
        f"coverage valid: {checks['output_coverage_valid']})"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

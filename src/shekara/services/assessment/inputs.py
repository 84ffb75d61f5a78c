"""Gathering every pair's inputs from a snapshot of the knowledge base."""

from __future__ import annotations

import csv
from dataclasses import replace
from pathlib import Path
from typing import Any

from sqlalchemy.engine import Engine

from shekara.kb import query
from shekara.methods.geo import haversine_km
from shekara.methods.gravity import effective_distance_km
from shekara.services.assessment.options import AssessmentError, AssessmentOptions
from shekara.services.assessment.results import PairInputs
from shekara.services.snapshot import Snapshot, snapshot_for


def read_distance_matrix(path: Path) -> dict[str, tuple[float, str]]:
    """Read a user distance file with columns ``pair_id,distance,unit`` (unit ``km`` or ``hours``)."""
    if not path.exists():
        raise AssessmentError(f"distance matrix {path} does not exist")
    out: dict[str, tuple[float, str]] = {}
    with path.open(encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        if reader.fieldnames is None or not {"pair_id", "distance"} <= set(reader.fieldnames):
            raise AssessmentError(f"{path.name}: needs columns pair_id,distance[,unit]")
        for i, row in enumerate(reader, start=2):
            unit = (row.get("unit") or "km").strip()
            if unit not in ("km", "hours"):
                raise AssessmentError(f"{path.name}:{i} [unit]: must be km or hours, not {unit!r}")
            try:
                d = float(row["distance"])
            except ValueError:
                raise AssessmentError(
                    f"{path.name}:{i} [distance]: not a number: {row['distance']!r}"
                ) from None
            if not d > 0:
                raise AssessmentError(f"{path.name}:{i} [distance]: must be > 0")
            out[row["pair_id"].strip()] = (d, unit)
    return out


def _zones_by_region(snap: Snapshot) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for z in snap.zones:
        out.setdefault(z["region_id"], []).append(z["zone_id"])
    return out


def _links_by_pair(snap: Snapshot) -> dict[tuple[str, str], list[dict[str, Any]]]:
    """Operating links by (pair, mode) known by the as-of year (``observed`` <= year)."""
    out: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for link in snap.links:
        if link["status"] == "operating":
            out.setdefault((link["pair_id"], link["mode"]), []).append(link)
    return out


def _options_key(options: AssessmentOptions) -> str:
    """A hashable key of the options, the as-of day left out (a snapshot is one day)."""
    return repr(replace(options, as_of=None))


def gather_inputs(
    engine: Engine,
    options: AssessmentOptions,
    lang: query.Lang = "en",
    *,
    snapshot: Snapshot | None = None,
) -> list[PairInputs]:
    """Collect every pair's inputs from the store, with their sources.

    With a *snapshot* the rows come from it and the result is kept in it.
    """
    snap = snapshot_for(engine, options.day, lang, snapshot)
    return snap.memo(("inputs", _options_key(options)), lambda: _gather(snap, options))


def _gather(snap: Snapshot, options: AssessmentOptions) -> list[PairInputs]:
    day, pairs, regions, places = snap.day, snap.pairs, snap.regions, snap.places
    if not pairs:
        raise AssessmentError(f"no bordering pairs are in force on {day.isoformat()}")
    ind = "population_city" if options.population_basis == "city" else "population"
    pops = snap.memo(
        ("latest", ind), lambda: query.latest_values(snap.engine, ind, as_of=day, nearest=True)
    )
    zones = _zones_by_region(snap)
    links = _links_by_pair(snap)
    matrix = (
        read_distance_matrix(options.distance_matrix)
        if options.distance == "matrix" and options.distance_matrix is not None
        else {}
    )
    out: list[PairInputs] = []
    for p in pairs:
        kz, ru = regions[p.kz_region], regions[p.ru_region]
        if kz.admin_centre is None or ru.admin_centre is None:
            raise AssessmentError(f"{p.pair_id}: an admin centre is missing")
        ckz, cru = places[kz.admin_centre], places[ru.admin_centre]
        key_kz = ckz.place_id if options.population_basis == "city" else kz.region_id
        key_ru = cru.place_id if options.population_basis == "city" else ru.region_id
        missing = [k for k in (key_kz, key_ru) if k not in pops]
        if missing:
            raise AssessmentError(
                f"{p.pair_id}: no value of '{ind}' for {', '.join(missing)}; import one with "
                "'shekara data import' (the knowledge base has no sourced figure)"
            )
        vkz, vru = pops[key_kz], pops[key_ru]
        sources = [str(p.source), str(vkz.source), str(vru.source)]
        if options.distance == "matrix":
            if p.pair_id not in matrix:
                raise AssessmentError(
                    f"{p.pair_id}: not in the distance matrix {options.distance_matrix}"
                )
            dist, unit = matrix[p.pair_id]
            sources.append(f"user:{options.distance_matrix}")
        else:
            if None in (ckz.lat, ckz.lon, cru.lat, cru.lon):
                raise AssessmentError(f"{p.pair_id}: coordinates of an admin centre are missing")
            dist = float(haversine_km(ckz.lat, ckz.lon, cru.lat, cru.lon))  # type: ignore[arg-type]
            unit = "km"
            sources += [str(ckz.source), str(cru.source)]
        if options.wait_hours is not None:
            wait = options.wait_hours.get(p.pair_id, options.wait_hours.get("*", 0.0))
            if unit != "km":
                raise AssessmentError("waiting time can only be added to a distance in km")
            dist = float(effective_distance_km(dist, wait, options.speed_kmh)[0])
            cited = (options.wait_sources or {}).get(p.pair_id)
            sources.append(cited or f"assumption:wait={wait}h@{options.speed_kmh}km/h")
        rail = links.get((p.pair_id, "rail"), [])
        road = links.get((p.pair_id, "intl_road"), [])
        for link in rail + road:
            sources.append(f"{link['source_id']}:{link['locator']}")
        kz_z, ru_z = tuple(zones.get(kz.region_id, [])), tuple(zones.get(ru.region_id, []))
        out.append(
            PairInputs(
                pair_id=p.pair_id,
                kz_region=kz.region_id,
                ru_region=ru.region_id,
                kz_name=p.kz_name,
                ru_name=p.ru_name,
                kz_centre=ckz.name,
                ru_centre=cru.name,
                pop_kz=vkz.value,
                pop_ru=vru.value,
                pop_period=vkz.period if vkz.period == vru.period else f"{vkz.period}|{vru.period}",
                distance=dist,
                distance_unit=unit,
                rail_score=100.0 if rail else 0.0,
                road_score=100.0 if road else 0.0,
                kz_zones=kz_z,
                ru_zones=ru_z,
                sources=tuple(dict.fromkeys(sources)),
            )
        )
    return out

"""Validation of the knowledge base: every check returns findings from the catalogue.

The same checks run on the data package (CSV files) and on the store's tables,
because both are turned into :class:`~shekara.kb.package.Record` lists first.

Example:
    >>> from shekara.paths import default_data_dir
    >>> report = validate_package(default_data_dir())
    >>> report.ok
    True
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from shekara.kb.errors import Finding
from shekara.kb.package import DataPackage, Record, load_package
from shekara.kb.periods import PeriodError, in_force, parse_period, zone_in_force
from shekara.kb.provenance import SeedLines, check_provenance
from shekara.kb.ranges import check_range
from shekara.kb.schema import Descriptor
from shekara.paths import seeds_dir

#: Entity type → (table, key column). Countries and the border are fixed lists.
ENTITY_TABLES: dict[str, tuple[str, str]] = {
    "region": ("regions", "region_id"),
    "pair": ("pairs", "pair_id"),
    "place": ("places", "place_id"),
    "basin": ("basins", "basin_id"),
    "river": ("rivers", "river_id"),
    "reservoir": ("reservoirs", "reservoir_id"),
    "crossing": ("crossings", "crossing_id"),
    "zone": ("zones", "zone_id"),
}
FIXED_ENTITIES: dict[str, frozenset[str]] = {
    "country": frozenset({"KZ", "RU"}),
    "border": frozenset({"KZ-RU", "KZ-RU:KZ", "KZ-RU:RU"}),
}


@dataclass
class ValidationReport:
    """Findings of one validation run, with the package checksum it applies to."""

    findings: list[Finding] = field(default_factory=list)
    checksum: str = ""
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "error"]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "warning"]

    @property
    def ok(self) -> bool:
        return not self.errors

    def to_dict(self) -> dict[str, Any]:
        return {
            "ok": self.ok,
            "checksum": self.checksum,
            "counts": self.counts,
            "summary": {
                "errors": len(self.errors),
                "warnings": len(self.warnings),
                "info": len(self.findings) - len(self.errors) - len(self.warnings),
            },
            "findings": [f.to_dict() for f in self.findings],
        }


# --------------------------------------------------------------------------- keys
def check_primary_keys(table: str, records: list[Record], key: tuple[str, ...]) -> list[Finding]:
    """Duplicate keys: identical rows are a warning, different content an error."""
    out: list[Finding] = []
    seen: dict[tuple[Any, ...], Record] = {}
    for r in records:
        k = tuple(r.values.get(c) for c in key)
        if any(v is None for v in k):
            continue
        first = seen.get(k)
        if first is None:
            seen[k] = r
            continue
        code = "KB200" if first.values == r.values else "KB201"
        out.append(r.finding(code, value="/".join(map(str, k)), detail=f"{first.file}:{first.row}"))
    return out


def check_foreign_keys(desc: Descriptor, tables: dict[str, list[Record]]) -> list[Finding]:
    out: list[Finding] = []
    for table, records in tables.items():
        for fk in desc.schema(table).foreign_keys:
            targets = {
                tuple(r.values.get(c) for c in fk.ref_fields) for r in tables.get(fk.ref_table, [])
            }
            for r in records:
                k = tuple(r.values.get(c) for c in fk.fields)
                if any(v is None for v in k) or k in targets:
                    continue
                code = "KB301" if fk.ref_table == "sources" else "KB202"
                out.append(
                    r.finding(
                        code,
                        field=",".join(fk.fields),
                        value="/".join(map(str, k)),
                        detail=fk.ref_table,
                    )
                )
    return out


def entity_ids(tables: dict[str, list[Record]]) -> dict[str, set[str]]:
    """Known entity ids by entity type."""
    ids: dict[str, set[str]] = {t: set(v) for t, v in FIXED_ENTITIES.items()}
    for etype, (table, col) in ENTITY_TABLES.items():
        ids[etype] = {str(r.values[col]) for r in tables.get(table, []) if r.values.get(col)}
    return ids


# --------------------------------------------------------------------------- indicators
def check_indicators(tables: dict[str, list[Record]]) -> list[Finding]:
    """Indicator rows against the catalogue: entity, unit, range, period, stated scale."""
    defs = {str(d.values["indicator"]): d for d in tables.get("indicator_defs", [])}
    units = {str(u.values["unit"]) for u in tables.get("units", [])}
    ids = entity_ids(tables)
    out: list[Finding] = []
    for r in tables.get("indicators", []):
        v = r.values
        etype, eid, ind = v.get("entity_type"), v.get("entity_id"), v.get("indicator")
        if etype and eid and str(eid) not in ids.get(str(etype), set()):
            out.append(r.finding("KB203", field="entity_id", value=eid, detail=etype))
        out.extend(check_range(r))
        period = v.get("period")
        if period:
            try:
                parse_period(str(period))
            except PeriodError as exc:
                out.append(r.finding("KB405", field="period", value=period, detail=exc))
        d = defs.get(str(ind)) if ind else None
        if d is None:
            continue  # foreign key check reports unknown indicators
        unit = v.get("unit")
        if unit and str(unit) in units and unit != d.values["unit"]:
            out.append(r.finding("KB401", field="unit", value=unit, detail=d.values["unit"]))
        if etype and etype != d.values["entity_type"]:
            out.append(
                r.finding("KB403", field="entity_type", value=ind, detail=d.values["entity_type"])
            )
        out.extend(_check_scale(r, d))
    return out


def _check_scale(r: Record, d: Record) -> list[Finding]:
    value = r.values.get("value")
    if not isinstance(value, int | float):
        return []
    lo, hi = d.values.get("min_value"), d.values.get("max_value")
    if (isinstance(lo, int | float) and value < lo) or (isinstance(hi, int | float) and value > hi):
        return [r.finding("KB404", field="value", value=value, detail=f"[{lo}, {hi}]")]
    allowed = d.values.get("allowed_values")
    if allowed:
        scale = [float(a) for a in str(allowed).split("|")]
        if float(value) not in scale:
            return [
                r.finding(
                    "KB500",
                    field="value",
                    value=_fmt(value),
                    detail=f"{{{', '.join(_fmt(s) for s in scale)}}} ({d.values.get('scale_source')})",
                )
            ]
    return []


def _fmt(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else str(x)


# --------------------------------------------------------------------------- method rules
def check_sez_rule(tables: dict[str, list[Record]]) -> list[Finding]:
    """The published zone score must equal 50·[KZ region has a zone] + 50·[RU region has one].

    The rule is the article's own (``000_63cf53f9b2286ec3.txt:638-641``); the zone
    registry gives the inputs. Only zones in force at the end of the score's period count
    (:func:`shekara.kb.periods.zone_in_force`, the rule the assessment uses too).
    """
    pairs = {str(p.values["pair_id"]): p for p in tables.get("pairs", [])}
    zones_by_region: dict[str, list[Record]] = defaultdict(list)
    for z in tables.get("zones", []):
        zones_by_region[str(z.values["region_id"])].append(z)
    out: list[Finding] = []
    for r in tables.get("indicators", []):
        if r.values.get("indicator") != "sez_score_published":
            continue
        pair = pairs.get(str(r.values.get("entity_id")))
        value = r.values.get("value")
        if pair is None or not isinstance(value, int | float):
            continue
        try:
            day = parse_period(str(r.values["period"]))[1]
        except PeriodError:
            continue  # reported by check_indicators
        has = [
            any(_zone_exists(z, day) for z in zones_by_region.get(str(pair.values[side]), []))
            for side in ("kz_region", "ru_region")
        ]
        expected = 50 * has[0] + 50 * has[1]
        if expected != value:
            names = [
                str(z.values["zone_id"])
                for side in ("kz_region", "ru_region")
                for z in zones_by_region.get(str(pair.values[side]), [])
                if _zone_exists(z, day)
            ]
            out.append(
                r.finding(
                    "KB501",
                    field="value",
                    value=_fmt(value),
                    detail=f"expected {expected} from the zone registry ({', '.join(names) or 'no zones'})",
                )
            )
    return out


def _zone_exists(z: Record, day: date) -> bool:
    v = z.values
    return zone_in_force(v.get("valid_from"), v.get("valid_to"), v.get("observed"), day)  # type: ignore[arg-type]


def check_claims(tables: dict[str, list[Record]]) -> list[Finding]:
    """Claims name existing pairs and indicators, and numeric values."""
    pairs = {str(p.values["pair_id"]) for p in tables.get("pairs", [])}
    indicators = {str(d.values["indicator"]) for d in tables.get("indicator_defs", [])}
    out: list[Finding] = []
    for r in tables.get("claims", []):
        for col, known, table in (
            ("pair_ids", pairs, "pairs"),
            ("indicators", indicators, "indicator_defs"),
        ):
            for item in str(r.values.get(col) or "").split("|"):
                if item and item not in known:
                    out.append(r.finding("KB202", field=col, value=item, detail=table))
        for item in str(r.values.get("values") or "").split("|"):
            try:
                if item:
                    float(item)
            except ValueError:
                out.append(r.finding("KB103", field="values", value=item, detail="number"))
    return out


# --------------------------------------------------------------------------- time
def check_validity(tables: dict[str, list[Record]]) -> list[Finding]:
    out: list[Finding] = []
    for table in ("regions", "pairs", "zones"):
        for r in tables.get(table, []):
            vf, vt = r.values.get("valid_from"), r.values.get("valid_to")
            if isinstance(vf, date) and isinstance(vt, date) and vf > vt:
                out.append(r.finding("KB600", field="valid_from", value=vf, detail=vt))
    by_sides: dict[tuple[Any, Any], list[Record]] = defaultdict(list)
    for p in tables.get("pairs", []):
        by_sides[(p.values.get("kz_region"), p.values.get("ru_region"))].append(p)
    for sides, group in by_sides.items():
        for i, a in enumerate(group):
            for b in group[i + 1 :]:
                if _overlap(a, b):
                    out.append(
                        b.finding(
                            "KB601",
                            field="valid_from",
                            value=b.values.get("pair_id"),
                            detail=f"region pair {sides[0]}–{sides[1]}",
                        )
                    )
    regions = {str(r.values["region_id"]): r for r in tables.get("regions", [])}
    for r in regions.values():
        parent_id = r.values.get("split_from")
        start = r.values.get("valid_from")
        if not parent_id or str(parent_id) not in regions or not isinstance(start, date):
            continue
        parent = regions[str(parent_id)]
        if not in_force(parent.values.get("valid_from"), parent.values.get("valid_to"), start):  # type: ignore[arg-type]
            out.append(
                r.finding(
                    "KB602", field="split_from", value=r.values["region_id"], detail=parent_id
                )
            )
    paired = {
        str(p.values.get(s)) for p in tables.get("pairs", []) for s in ("kz_region", "ru_region")
    }
    for rid, r in regions.items():
        if r.values.get("border") and rid not in paired and r.values.get("valid_to") is None:
            out.append(r.finding("KB603", field="region_id", value=rid))
    return out


def _overlap(a: Record, b: Record) -> bool:
    lo = date.min
    hi = date.max
    a0 = a.values.get("valid_from") or lo
    a1 = a.values.get("valid_to") or hi
    b0 = b.values.get("valid_from") or lo
    b1 = b.values.get("valid_to") or hi
    assert isinstance(a0, date) and isinstance(a1, date)
    assert isinstance(b0, date) and isinstance(b1, date)
    return a0 <= b1 and b0 <= a1


# --------------------------------------------------------------------------- driver
def check_tables(
    descriptor: Descriptor, tables: dict[str, list[Record]], seeds: SeedLines
) -> list[Finding]:
    """All table-level checks (cell checks happen while reading)."""
    out: list[Finding] = []
    for table, records in tables.items():
        out.extend(check_primary_keys(table, records, descriptor.schema(table).primary_key))
    out.extend(check_foreign_keys(descriptor, tables))
    out.extend(check_provenance(tables, seeds))
    out.extend(check_indicators(tables))
    out.extend(check_sez_rule(tables))
    out.extend(check_claims(tables))
    out.extend(check_validity(tables))
    return out


def _sorted(findings: Iterable[Finding]) -> list[Finding]:
    rank = {"error": 0, "warning": 1, "info": 2}
    return sorted(findings, key=lambda f: (rank[f.severity], f.file, f.row or 0, f.code, f.field))


def validate_loaded(pkg: DataPackage, seeds_folder: Path | None = None) -> ValidationReport:
    seeds = SeedLines(seeds_folder or seeds_dir())
    findings = list(pkg.findings) + check_tables(pkg.descriptor, pkg.tables, seeds)
    return ValidationReport(
        findings=_sorted(findings),
        checksum=pkg.checksum,
        counts={t: len(r) for t, r in pkg.tables.items()},
    )


def validate_package(data_dir: Path, seeds_folder: Path | None = None) -> ValidationReport:
    """Read and check the data package in *data_dir*."""
    return validate_loaded(load_package(data_dir), seeds_folder)

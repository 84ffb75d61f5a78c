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

import re
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from shekara.kb.errors import Finding, finding
from shekara.kb.package import DataPackage, Record, load_package
from shekara.kb.periods import PeriodError, parse_period
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

_LOCATOR = re.compile(r"^(?P<file>[^:;]+):(?P<a>\d+)(?:-(?P<b>\d+))?$")


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
        out.append(
            finding(
                code,
                file=r.file,
                row=r.row,
                value="/".join(map(str, k)),
                detail=f"{first.file}:{first.row}",
            )
        )
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
                    finding(
                        code,
                        file=r.file,
                        row=r.row,
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


# --------------------------------------------------------------------------- provenance
class SeedLines:
    """Lazy access to the seed documents' lines, for locator and quote checks."""

    def __init__(self, folder: Path):
        self.folder = folder
        self._cache: dict[str, list[str] | None] = {}

    @property
    def available(self) -> bool:
        return self.folder.is_dir()

    def lines(self, file_name: str) -> list[str] | None:
        if file_name not in self._cache:
            p = self.folder / file_name
            self._cache[file_name] = (
                p.read_text(encoding="utf-8").split("\n") if p.exists() else None
            )
        return self._cache[file_name]


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip().casefold()


def _dehyphen(text: str) -> str:
    # The article is typeset with line-end hyphenation ("жал-\nпы"); a quote may
    # span such a break, so compare once more with "- " joins removed.
    return re.sub(r"(?<=\w)[-‐]\s+(?=\w)", "", text)


def quote_matches(quote: str, passage: str) -> bool:
    """True if *quote* occurs in *passage*, ignoring whitespace, case and line-end hyphens.

    >>> quote_matches("жалпы ұзындығы", "шекарасының жал-\\nпы ұзындығы 7500 км")
    True
    >>> quote_matches("7600 км", "ұзындығы 7500 км")
    False
    """
    q, p = _norm(quote), _norm(passage)
    if q in p:
        return True
    return _dehyphen(q) in _dehyphen(p)


def parse_locators(locator: str) -> Iterator[tuple[str, int, int]] | None:
    """Split ``file:a[-b][; file:c]`` into (file, first, last) triples, or None if malformed.

    >>> list(parse_locators("003_x.txt:5-7; 003_x.txt:9"))
    [('003_x.txt', 5, 7), ('003_x.txt', 9, 9)]
    """
    parts = [p.strip() for p in locator.split(";") if p.strip()]
    out = []
    for p in parts:
        m = _LOCATOR.match(p)
        if not m:
            return None
        a = int(m["a"])
        b = int(m["b"]) if m["b"] else a
        if b < a:
            return None
        out.append((m["file"], a, b))
    return iter(out)


def check_provenance(tables: dict[str, list[Record]], seeds: SeedLines) -> list[Finding]:
    """Every cited line exists, lies in its seed file, and holds the quoted text."""
    sources = {str(r.values["source_id"]): r for r in tables.get("sources", [])}
    out: list[Finding] = []
    if not seeds.available:
        out.append(finding("KB307", value=str(seeds.folder)))
    else:
        import hashlib

        for s in sources.values():
            fname = s.values.get("file_name")
            if s.values.get("kind") != "seed" or not fname:
                continue
            p = seeds.folder / str(fname)
            if p.exists() and s.values.get("sha256"):
                digest = hashlib.sha256(p.read_bytes()).hexdigest()
                if digest != s.values["sha256"]:
                    out.append(finding("KB306", file=s.file, row=s.row, value=fname, detail=digest))
    for table, records in tables.items():
        if table == "sources":
            continue
        for r in records:
            if "source_id" not in r.values:
                continue
            sid = r.values.get("source_id")
            src = sources.get(str(sid)) if sid else None
            if src is None:
                continue  # KB100/KB301 already reported
            if src.values.get("locator_kind") != "line":
                continue
            out.extend(_check_line_locator(r, src, seeds))
    return out


def _check_line_locator(r: Record, src: Record, seeds: SeedLines) -> list[Finding]:
    loc = r.values.get("locator")
    sid = str(src.values["source_id"])
    if not loc:
        return [finding("KB302", file=r.file, row=r.row, field="locator", value=sid)]
    parsed = parse_locators(str(loc))
    if parsed is None:
        return [finding("KB303", file=r.file, row=r.row, field="locator", value=loc, detail=sid)]
    spans = list(parsed)
    fname = str(src.values.get("file_name") or "")
    out: list[Finding] = []
    for f, _, _ in spans:
        if f != fname:
            out.append(
                finding("KB308", file=r.file, row=r.row, field="locator", value=loc, detail=sid)
            )
            return out
    lines = seeds.lines(fname) if seeds.available else None
    if lines is None:
        return out
    n = len(lines)
    for _, _a, b in spans:
        if b > n:
            out.append(
                finding(
                    "KB304",
                    file=r.file,
                    row=r.row,
                    field="locator",
                    value=loc,
                    detail=f"{fname} ({n} lines)",
                )
            )
            return out
    quote = r.values.get("quote")
    if quote:
        passage = "\n".join("\n".join(lines[a - 1 : b]) for _, a, b in spans)
        if not quote_matches(str(quote), passage):
            out.append(
                finding("KB305", file=r.file, row=r.row, field="quote", value=quote, detail=loc)
            )
    return out


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
            out.append(
                finding("KB203", file=r.file, row=r.row, field="entity_id", value=eid, detail=etype)
            )
        out.extend(check_range(r))
        period = v.get("period")
        if period:
            try:
                parse_period(str(period))
            except PeriodError as exc:
                out.append(
                    finding(
                        "KB405", file=r.file, row=r.row, field="period", value=period, detail=exc
                    )
                )
        d = defs.get(str(ind)) if ind else None
        if d is None:
            continue  # foreign key check reports unknown indicators
        unit = v.get("unit")
        if unit and str(unit) in units and unit != d.values["unit"]:
            out.append(
                finding(
                    "KB401",
                    file=r.file,
                    row=r.row,
                    field="unit",
                    value=unit,
                    detail=d.values["unit"],
                )
            )
        if etype and etype != d.values["entity_type"]:
            out.append(
                finding(
                    "KB403",
                    file=r.file,
                    row=r.row,
                    field="entity_type",
                    value=ind,
                    detail=d.values["entity_type"],
                )
            )
        out.extend(_check_scale(r, d))
    return out


def _check_scale(r: Record, d: Record) -> list[Finding]:
    value = r.values.get("value")
    if not isinstance(value, int | float):
        return []
    lo, hi = d.values.get("min_value"), d.values.get("max_value")
    if (isinstance(lo, int | float) and value < lo) or (isinstance(hi, int | float) and value > hi):
        return [
            finding(
                "KB404", file=r.file, row=r.row, field="value", value=value, detail=f"[{lo}, {hi}]"
            )
        ]
    allowed = d.values.get("allowed_values")
    if allowed:
        scale = [float(a) for a in str(allowed).split("|")]
        if float(value) not in scale:
            return [
                finding(
                    "KB500",
                    file=r.file,
                    row=r.row,
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
    registry gives the inputs. Only zones recorded as existing in the score's year count.
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
        year = int(str(r.values["period"])[:4])
        has = [
            any(_zone_exists(z, year) for z in zones_by_region.get(str(pair.values[side]), []))
            for side in ("kz_region", "ru_region")
        ]
        expected = 50 * has[0] + 50 * has[1]
        if expected != value:
            names = [
                str(z.values["zone_id"])
                for side in ("kz_region", "ru_region")
                for z in zones_by_region.get(str(pair.values[side]), [])
                if _zone_exists(z, year)
            ]
            out.append(
                finding(
                    "KB501",
                    file=r.file,
                    row=r.row,
                    field="value",
                    value=_fmt(value),
                    detail=f"expected {expected} from the zone registry ({', '.join(names) or 'no zones'})",
                )
            )
    return out


def _zone_exists(z: Record, year: int) -> bool:
    vf, vt, obs = z.values.get("valid_from"), z.values.get("valid_to"), z.values.get("observed")
    if isinstance(vf, date) and vf.year > year:
        return False
    if isinstance(vt, date) and vt.year < year:
        return False
    return not (vf is None and isinstance(obs, int) and obs > year)


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
                    out.append(
                        finding(
                            "KB202", file=r.file, row=r.row, field=col, value=item, detail=table
                        )
                    )
        for item in str(r.values.get("values") or "").split("|"):
            try:
                if item:
                    float(item)
            except ValueError:
                out.append(
                    finding(
                        "KB103", file=r.file, row=r.row, field="values", value=item, detail="number"
                    )
                )
    return out


# --------------------------------------------------------------------------- time
def check_validity(tables: dict[str, list[Record]]) -> list[Finding]:
    out: list[Finding] = []
    for table in ("regions", "pairs", "zones"):
        for r in tables.get(table, []):
            vf, vt = r.values.get("valid_from"), r.values.get("valid_to")
            if isinstance(vf, date) and isinstance(vt, date) and vf > vt:
                out.append(
                    finding(
                        "KB600", file=r.file, row=r.row, field="valid_from", value=vf, detail=vt
                    )
                )
    by_sides: dict[tuple[Any, Any], list[Record]] = defaultdict(list)
    for p in tables.get("pairs", []):
        by_sides[(p.values.get("kz_region"), p.values.get("ru_region"))].append(p)
    for sides, group in by_sides.items():
        for i, a in enumerate(group):
            for b in group[i + 1 :]:
                if _overlap(a, b):
                    out.append(
                        finding(
                            "KB601",
                            file=b.file,
                            row=b.row,
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
        if not _in_force(parent, start):
            out.append(
                finding(
                    "KB602",
                    file=r.file,
                    row=r.row,
                    field="split_from",
                    value=r.values["region_id"],
                    detail=parent_id,
                )
            )
    paired = {
        str(p.values.get(s)) for p in tables.get("pairs", []) for s in ("kz_region", "ru_region")
    }
    for rid, r in regions.items():
        if r.values.get("border") and rid not in paired and r.values.get("valid_to") is None:
            out.append(finding("KB603", file=r.file, row=r.row, field="region_id", value=rid))
    return out


def _in_force(r: Record, day: date) -> bool:
    vf, vt = r.values.get("valid_from"), r.values.get("valid_to")
    return not ((isinstance(vf, date) and vf > day) or (isinstance(vt, date) and vt < day))


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

"""The daily exchange: post and reservoir bulletins in, validated all-or-nothing, and out.

A bulletin is a long table, one value a row::

    side,node_id,day,quantity,value,unit,exercise
    KZ,oral,2024-04-10,level,612,cm,true
    KZ,oral,2024-04-10,discharge,2140,m3_per_s,true
    KZ,oral,2024-04-10,ice,open,,true
    RU,iriklinsk-res,2024-04-10,volume,3050,million_m3,true

Quantities and units (:data:`QUANTITIES`): at a post ``level`` (cm above the post datum),
``discharge`` (m3_per_s) and ``ice`` (one of :data:`ICE_STATES`); at a reservoir
``res_level`` (m), ``volume`` (million_m3), ``inflow`` and ``outflow`` (m3_per_s).

The same table comes as CSV, Excel (first sheet; read with the knowledge base importer's
reader) or OGC WaterML 2.0 (:mod:`.waterml`). The whole file is checked before anything is
written; any error refuses it, and every bad row is named with a stable code:

======  ==========================================================
FLX001  file missing or unreadable
FLX002  format not supported (csv, xlsx, xml/wml)
FLX003  header lacks a required column
FLX004  WaterML document structure invalid
FLX010  unknown node (post or reservoir)
FLX011  quantity not reported at this kind of node
FLX012  unknown quantity
FLX013  wrong unit for the quantity
FLX014  value not a number, or negative where impossible
FLX015  day not a YYYY-MM-DD date
FLX016  duplicate day (node, quantity and day twice)
FLX017  gap: a day missing inside a node's series
FLX018  physically impossible jump from the previous day
FLX019  outflow above the water in the reservoir (volume + inflow)
FLX020  unknown ice state
FLX021  side not KZ or RU, or not the node's country
======  ==========================================================

Accepted files are written in one transaction with an ``audit_log`` entry.
"""

from __future__ import annotations

import csv
import io
import json
import math
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Annotated, Any

import sqlalchemy as sa
from pydantic import Field
from sqlalchemy.engine import Engine

from shekara.kb.errors import Finding
from shekara.kb.flood_tables import FLOOD_OBSERVATIONS
from shekara.kb.tables import metadata
from shekara.plain import Plain
from shekara.services.flood.network import Network, load_network

COLUMNS = ("side", "node_id", "day", "quantity", "value", "unit", "exercise")
#: quantity -> (store column, unit, node kind)
QUANTITIES: dict[str, tuple[str, str, str]] = {
    "level": ("level_cm", "cm", "post"),
    "discharge": ("discharge_m3s", "m3_per_s", "post"),
    "ice": ("ice", "", "post"),
    "res_level": ("res_level_m", "m", "reservoir"),
    "volume": ("volume_mcm", "million_m3", "reservoir"),
    "inflow": ("inflow_m3s", "m3_per_s", "reservoir"),
    "outflow": ("outflow_m3s", "m3_per_s", "reservoir"),
}
ICE_STATES = ("open", "shore_ice", "ice_drift", "ice_cover", "ice_jam")
#: Largest credible day-to-day change (ASSUMPTIONS, screening limits, not sourced):
MAX_LEVEL_JUMP_CM = 300.0
MAX_DISCHARGE_RATIO = 5.0  # Q_t / Q_{t-1} or its inverse, when both exceed 10 m³/s
MAX_RES_LEVEL_JUMP_M = 2.0

MESSAGES = {
    "FLX001": "file missing or unreadable",
    "FLX002": "format not supported (csv, xlsx, xml)",
    "FLX003": "header lacks a required column",
    "FLX004": "WaterML document structure invalid",
    "FLX010": "unknown node",
    "FLX011": "quantity not reported at this kind of node",
    "FLX012": "unknown quantity",
    "FLX013": "wrong unit for the quantity",
    "FLX014": "value not a number, or negative",
    "FLX015": "day is not a YYYY-MM-DD date",
    "FLX016": "duplicate day",
    "FLX017": "gap: day missing inside the series",
    "FLX018": "physically impossible jump from the previous day",
    "FLX019": "outflow above the water in the reservoir",
    "FLX020": "unknown ice state",
    "FLX021": "side is not KZ or RU, or not the node's country",
}


@dataclass(frozen=True)
class Problem:
    """One bad row: stable code, file, row (as in a spreadsheet: header = row 1), field, value."""

    code: str
    file: str
    row: int | None = None
    field: str | None = None
    value: str | None = None
    detail: str | None = None

    def __str__(self) -> str:
        return self.line()

    def line(self, message: str | None = None, detail: str | None = None) -> str:
        """The problem as one line; *message* and *detail* in another language replace the
        English ones (``cli.refusals.problem_line``)."""
        where = (
            self.file
            + (f":{self.row}" if self.row else "")
            + (f" [{self.field}]" if self.field else "")
        )
        why = detail or self.detail
        extra = f" ({why})" if why else ""
        val = f": {self.value!r}" if self.value is not None else ""
        return f"{self.code} {where} {message or MESSAGES[self.code]}{val}{extra}"

    def to_finding(self) -> Finding:
        """As a knowledge-base finding (for the API's problem documents)."""
        msg = MESSAGES[self.code] + (f" ({self.detail})" if self.detail else "")
        return Finding(
            self.code, "error", msg, self.file, self.row, self.field or "", self.value or ""
        )


class BulletinRefused(ValueError):
    """The bulletin has errors; nothing was written. ``problems`` names every bad row."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__(f"bulletin refused: {len(problems)} problem(s); first: {problems[0]}")
        self.problems = problems


@dataclass(frozen=True)
class Row:
    side: str
    node_id: str
    day: date
    quantity: str
    value: float | str
    exercise: bool
    row: int


@dataclass
class ImportReport(Plain):
    file: str
    rows: int = 0
    days: int = 0
    nodes: int = 0
    written: int = 0
    exercise: bool = False
    notes: list[str] = field(default_factory=list)


@dataclass
class ImportOutcome(ImportReport):
    """``POST /api/flood/bulletins``: the import's report, whether it was a dry run, and who."""

    dry_run: bool = False
    actor: Annotated[str, Field(description="The token's name, written to the audit log.")] = ""


def read_table(path: Path) -> tuple[list[dict[str, str]], list[Problem]]:
    """Rows of a bulletin file as dicts of text; problems if unreadable."""
    label = path.name
    if not path.exists():
        return [], [Problem("FLX001", label, value=str(path))]
    suffix = path.suffix.lower()
    if suffix in (".xml", ".wml"):
        from shekara.services.flood.waterml import read_waterml

        return read_waterml(path)
    if suffix == ".csv":
        try:
            text = path.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as exc:
            return [], [Problem("FLX001", label, detail=str(exc))]
    elif suffix in (".xlsx", ".xlsm"):
        from shekara.kb.importer import _xlsx_to_csv_text  # the KB importer's Excel reader

        xtext, findings = _xlsx_to_csv_text(path)
        if xtext is None:
            return [], [Problem("FLX001", label, detail=str(findings[0]) if findings else None)]
        text = xtext
    else:
        return [], [Problem("FLX002", label, value=suffix or label)]
    reader = csv.DictReader(io.StringIO(text))
    missing = [c for c in COLUMNS if c not in (reader.fieldnames or [])]
    if missing:
        return [], [Problem("FLX003", label, field=c) for c in missing]
    return [dict(r) for r in reader if any((v or "").strip() for v in r.values())], []


def parse_rows(
    raw: list[dict[str, str]], label: str, net: Network
) -> tuple[list[Row], list[Problem]]:
    """Check every cell against the network and the quantity catalogue."""
    rows: list[Row] = []
    bad: list[Problem] = []
    for i, r in enumerate(raw, start=2):  # row 1 is the header
        cell = {k: (r.get(k) or "").strip() for k in COLUMNS}
        nid, q, unit, side, val = (
            cell[k] for k in ("node_id", "quantity", "unit", "side", "value")
        )
        node = net.nodes.get(nid)
        before = len(bad)
        if node is None or node.kind not in ("post", "reservoir"):
            bad.append(Problem("FLX010", label, i, "node_id", nid))
        if q not in QUANTITIES:
            bad.append(Problem("FLX012", label, i, "quantity", q))
        else:
            _col, want_unit, kind = QUANTITIES[q]
            if node is not None and node.kind in ("post", "reservoir") and node.kind != kind:
                bad.append(
                    Problem("FLX011", label, i, "quantity", q, detail=f"{nid} is a {node.kind}")
                )
            if unit != want_unit:
                bad.append(
                    Problem(
                        "FLX013", label, i, "unit", unit, detail=f"expected {want_unit or 'empty'}"
                    )
                )
        if side not in ("KZ", "RU") or (
            node is not None and node.country in ("KZ", "RU") and side != node.country
        ):
            bad.append(Problem("FLX021", label, i, "side", side))
        try:
            day = date.fromisoformat(cell["day"])
        except ValueError:
            bad.append(Problem("FLX015", label, i, "day", cell["day"]))
            day = date.min
        value: float | str = val
        if q == "ice":
            if val not in ICE_STATES:
                bad.append(Problem("FLX020", label, i, "value", val))
        elif q in QUANTITIES:
            try:
                value = float(val)
                if not math.isfinite(value) or (q != "res_level" and value < 0):
                    raise ValueError
            except ValueError:
                bad.append(Problem("FLX014", label, i, "value", val))
        if len(bad) == before:
            rows.append(
                Row(side, nid, day, q, value, cell["exercise"].lower() in ("true", "1", "yes"), i)
            )
    return rows, bad


def check_series(
    rows: list[Row], label: str, previous: dict[tuple[str, str], tuple[date, float]]
) -> list[Problem]:
    """Duplicates, gaps, impossible jumps and reservoir outflow against volume."""
    bad: list[Problem] = []
    series: dict[tuple[str, str], list[Row]] = defaultdict(list)
    for r in rows:
        series[(r.node_id, r.quantity)].append(r)
    for (nid, q), rs in series.items():
        rs.sort(key=lambda r: (r.day, r.row))
        prev = previous.get((nid, q))
        for a, b in zip([None, *rs], rs, strict=False):
            if a is not None and a.day == b.day:
                bad.append(
                    Problem(
                        "FLX016",
                        label,
                        b.row,
                        "day",
                        b.day.isoformat(),
                        detail=f"{nid} {q}, also row {a.row}",
                    )
                )
                continue
            if a is not None and (b.day - a.day).days > 1:
                bad.append(
                    Problem(
                        "FLX017",
                        label,
                        b.row,
                        "day",
                        b.day.isoformat(),
                        detail=f"{nid} {q}: no value for {(b.day - a.day).days - 1} day(s) before",
                    )
                )
            last = (a.day, a.value) if a is not None else prev
            if (
                last is not None
                and (b.day - last[0]).days == 1
                and isinstance(b.value, float)
                and _impossible(q, float(last[1]), b.value)
            ):
                bad.append(
                    Problem(
                        "FLX018",
                        label,
                        b.row,
                        "value",
                        f"{b.value:g}",
                        detail=f"{nid} {q} was {float(last[1]):g} the day before",
                    )
                )
    by_day: dict[tuple[str, date], dict[str, Row]] = defaultdict(dict)
    for r in rows:
        by_day[(r.node_id, r.day)][r.quantity] = r
    for (nid, _day), qs in by_day.items():
        if "outflow" in qs and "volume" in qs:
            out_mcm = float(qs["outflow"].value) * 86_400 / 1e6
            inflow = float(qs["inflow"].value) * 86_400 / 1e6 if "inflow" in qs else 0.0
            if out_mcm > float(qs["volume"].value) + inflow:
                r = qs["outflow"]
                bad.append(
                    Problem(
                        "FLX019",
                        label,
                        r.row,
                        "value",
                        f"{float(r.value):g}",
                        detail=f"{nid}: {out_mcm:.1f} million m³ a day > volume + inflow",
                    )
                )
    return bad


def _impossible(q: str, a: float, b: float) -> bool:
    if q == "level":
        return abs(b - a) > MAX_LEVEL_JUMP_CM
    if q == "res_level":
        return abs(b - a) > MAX_RES_LEVEL_JUMP_M
    if q in ("discharge", "inflow", "outflow") and min(a, b) > 10.0:
        return max(a, b) / min(a, b) > MAX_DISCHARGE_RATIO
    return False


def _previous_values(engine: Engine) -> dict[tuple[str, str], list[tuple[date, float]]]:
    t = metadata().tables[FLOOD_OBSERVATIONS]
    out: dict[tuple[str, str], list[tuple[date, float]]] = defaultdict(list)
    with engine.connect() as conn:
        for m in conn.execute(sa.select(t)).mappings():
            for q, (col, _u, _k) in QUANTITIES.items():
                if q != "ice" and m[col] is not None:
                    out[(m["node_id"], q)].append((m["day"], float(m[col])))
    return out


def plan(engine: Engine, path: Path, net: Network | None = None) -> tuple[list[Row], ImportReport]:
    """Read and check *path*; raise :class:`BulletinRefused` naming every bad row."""
    net = net or load_network()
    raw, problems = read_table(path)
    if problems:
        raise BulletinRefused(problems)
    rows, bad = parse_rows(raw, path.name, net)
    stored = _previous_values(engine)
    first = {
        k: min(r.day for r in rows if (r.node_id, r.quantity) == k)
        for k in {(r.node_id, r.quantity) for r in rows}
    }
    prev: dict[tuple[str, str], tuple[date, float]] = {}
    for k, vals in stored.items():
        earlier = [v for v in vals if k in first and v[0] < first[k]]
        if earlier:
            prev[k] = max(earlier)
    bad += check_series(rows, path.name, prev)
    if bad:
        raise BulletinRefused(sorted(bad, key=lambda p: (p.row or 0, p.code)))
    rep = ImportReport(file=path.name, rows=len(rows), days=len({r.day for r in rows}),
                       nodes=len({r.node_id for r in rows}), exercise=any(r.exercise for r in rows))  # fmt: skip
    return rows, rep


def import_bulletin(
    engine: Engine, path: Path, *, actor: str = "cli", dry_run: bool = False
) -> ImportReport:
    """Validate *path* and upsert its values per node and day, in one transaction."""
    rows, rep = plan(engine, path)
    if dry_run:
        return rep
    t = metadata().tables[FLOOD_OBSERVATIONS]
    merged: dict[tuple[str, date], dict[str, Any]] = {}
    for r in rows:
        rec = merged.setdefault((r.node_id, r.day), {"node_id": r.node_id, "day": r.day, "side": r.side,
                                                     "exercise": r.exercise, "batch": path.name})  # fmt: skip
        rec[QUANTITIES[r.quantity][0]] = r.value
        rec["exercise"] = rec["exercise"] or r.exercise
    cols = [c.name for c in t.columns]
    with engine.begin() as conn:
        keys = list(merged)
        existing = {(m["node_id"], m["day"]): dict(m) for m in conn.execute(sa.select(t)).mappings()
                    if (m["node_id"], m["day"]) in merged}  # fmt: skip
        for k in keys:
            rec = {c: merged[k].get(c, existing.get(k, {}).get(c)) for c in cols}
            if k in existing:
                conn.execute(t.delete().where(t.c.node_id == k[0], t.c.day == k[1]))
            conn.execute(t.insert(), rec)
        conn.execute(metadata().tables["audit_log"].insert(), {
            "at": datetime.now(UTC), "actor": actor, "action": "flood_import", "target": path.name,
            "added": len(keys) - len(existing), "updated": len(existing),
            "detail": json.dumps({"rows": rep.rows, "exercise": rep.exercise}),
        })  # fmt: skip
    rep.written = len(keys)
    return rep


def stored_rows(engine: Engine, *, start: date | None = None, end: date | None = None) -> list[Row]:
    """The store's observations as long rows (ordered by node, day, quantity)."""
    t = metadata().tables[FLOOD_OBSERVATIONS]
    stmt = sa.select(t).order_by(t.c.node_id, t.c.day)
    if start:
        stmt = stmt.where(t.c.day >= start)
    if end:
        stmt = stmt.where(t.c.day <= end)
    out: list[Row] = []
    with engine.connect() as conn:
        for m in conn.execute(stmt).mappings():
            for q, (col, _u, _k) in QUANTITIES.items():
                if m[col] is not None:
                    out.append(
                        Row(m["side"], m["node_id"], m["day"], q, m[col], bool(m["exercise"]), 0)
                    )
    return out


def store_snapshot(engine: Engine) -> list[tuple[Any, ...]]:
    """Every stored observation except the batch name (for round-trip comparisons)."""
    t = metadata().tables[FLOOD_OBSERVATIONS]
    cols = [c for c in t.columns if c.name != "batch"]
    with engine.connect() as conn:
        return [tuple(r) for r in conn.execute(sa.select(*cols).order_by(t.c.node_id, t.c.day))]


def _text(v: float | str) -> str:
    return v if isinstance(v, str) else repr(float(v))


def write_table(rows: list[Row], path: Path) -> Path:
    """Write long rows as CSV, Excel or WaterML 2.0 by the suffix of *path*."""
    suffix = path.suffix.lower()
    if suffix in (".xml", ".wml"):
        from shekara.services.flood.waterml import write_waterml

        return write_waterml(rows, path)
    table = [[r.side, r.node_id, r.day.isoformat(), r.quantity, _text(r.value), QUANTITIES[r.quantity][1],
              "true" if r.exercise else "false"] for r in rows]  # fmt: skip
    if suffix == ".csv":
        with path.open("w", encoding="utf-8", newline="") as fh:
            w = csv.writer(fh, lineterminator="\n")
            w.writerow(COLUMNS)
            w.writerows(table)
        return path
    if suffix == ".xlsx":
        from openpyxl import Workbook

        wb = Workbook()
        ws = wb.active
        assert ws is not None
        ws.title = "bulletin"
        ws.append(list(COLUMNS))
        for t in table:
            ws.append(t)
        wb.save(path)
        return path
    raise BulletinRefused([Problem("FLX002", path.name, value=suffix)])

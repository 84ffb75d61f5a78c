"""The import, streamed: a file of any size is checked and written batch by batch.

Memory is a small multiple of one batch (:data:`BATCH_ROWS` rows), not of the file: rows
are read one at a time from the file (CSV) or the sheet (Excel, bounded by
:mod:`shekara.kb.limits`), each batch is parsed, checked against the catalogue and
against the store, and — while no error has been seen — written. Everything runs in
one write transaction holding the store's lock (:mod:`shekara.kb.locking`): any error,
anywhere in the file, rolls the whole file back, so nothing is ever half-written, and no
rebuild or other import can interleave. A dry run does the same and always rolls back.

Only an 8-byte digest per key is kept for the whole file (to find a key repeated in a
later batch); findings beyond :data:`MAX_FINDINGS` are counted, not kept.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from shekara.kb.errors import DataError, Finding, finding
from shekara.kb.importer import (
    KEY,
    PAYLOAD,
    Change,
    ImportResult,
    _differs,
    _specialise,
    _xlsx_to_csv_text,
    check_references,
    current_actor,
    with_suggestions,
)
from shekara.kb.limits import NUL_STANDIN
from shekara.kb.locking import write_transaction
from shekara.kb.package import Record, parse_row
from shekara.kb.periods import parse_period
from shekara.kb.provenance import SeedLines
from shekara.kb.schema import Descriptor, Field, TableSchema, load_descriptor
from shekara.kb.store import read_records
from shekara.kb.tables import metadata
from shekara.paths import default_data_dir, seeds_dir

#: Rows checked and written together (5 key columns each stay below every bind limit).
BATCH_ROWS = 5000
#: Findings kept for the report; the rest are counted.
MAX_FINDINGS = 1000
#: Planned changes kept for the report (the counts are always complete).
MAX_CHANGES = 1000


@dataclass
class _Run:
    """State of one streamed import."""

    label: str
    result: ImportResult
    findings: list[Finding] = field(default_factory=list)
    errors: int = 0
    more: int = 0
    seen: dict[int, int] = field(default_factory=dict)  # key digest → first row
    missing: set[str] = field(default_factory=set)  # required columns the header lacks

    def add(self, found: list[Finding]) -> None:
        for f in found:
            self.errors += f.severity == "error"
            if len(self.findings) < MAX_FINDINGS:
                self.findings.append(f)
            else:
                self.more += 1

    def all_findings(self) -> list[Finding]:
        """The findings in file order (header first, then row by row)."""
        kept = sorted(self.findings, key=lambda f: f.row or 0)
        if not self.more:
            return kept
        return [*kept, finding("KB009", file=self.label, value=self.more)]


#: Bytes that are not UTF-8, as ``surrogateescape`` decoding keeps them.
_NOT_UTF8 = re.compile("[\udc80-\udcff]")


def _utf8(line: str) -> str:
    """*line* (decoded with ``surrogateescape``), or ``UnicodeDecodeError`` at its first byte
    that is not UTF-8: found at its line, after the rows before it were read (a strict
    decoder fails a whole 8 KiB chunk ahead of the rows it has handed out)."""
    bad = None if line.isascii() else _NOT_UTF8.search(line)
    if bad is None:
        return line.replace("\x00", NUL_STANDIN)
    raw = line.encode("utf-8", "surrogateescape")
    at = len(line[: bad.start()].encode("utf-8", "surrogateescape"))
    raise UnicodeDecodeError("utf-8", raw, at, at + 1, "not UTF-8 (byte position in its line)")


def _digest(key: tuple[str, ...]) -> int:
    return int.from_bytes(hashlib.blake2b("\x1f".join(key).encode(), digest_size=8).digest())


def _rows(path: Path) -> Iterator[list[str]]:
    """The file's rows as lists of cells, read lazily; raises ``DataError`` (KB002/KB004/
    KB006/KB007) for a file that cannot be read as a table."""
    suffix = path.suffix.lower()
    if not path.exists():
        raise DataError([finding("KB001", file=path.name, value=str(path))])
    if suffix in (".xlsx", ".xlsm"):
        text, problems = _xlsx_to_csv_text(path)
        if text is None:
            raise DataError(problems)
        yield from csv.reader(io.StringIO(text, newline=""), strict=True)
        return
    if suffix != ".csv":
        raise DataError([finding("KB006", file=path.name, value=suffix or path.name)])
    with path.open(encoding="utf-8-sig", errors="surrogateescape", newline="") as f:
        reader = csv.reader((_utf8(line) for line in f), strict=True)
        try:
            yield from reader
        except UnicodeDecodeError as exc:
            raise DataError(
                [finding("KB002", file=path.name, row=reader.line_num + 1, detail=str(exc))]
            ) from None
        except csv.Error as exc:
            raise DataError(
                [finding("KB004", file=path.name, row=reader.line_num, detail=str(exc))]
            ) from None


def _columns(
    header: list[str], schema: TableSchema, label: str
) -> tuple[list[int], list[Field], set[str], list[Finding]]:
    """The header read leniently: positions and fields of the known columns, the names of
    the missing required ones, and one KB003 finding per unknown, repeated or missing
    column. The rows are checked all the same (in the known columns), so one pass reports
    every problem of the file."""
    names = [h.strip().lstrip("\ufeff") for h in header]
    positions: list[int] = []
    problems: list[Finding] = []
    seen: set[str] = set()
    for i, name in enumerate(names):
        if name in schema.field_names and name not in seen:
            positions.append(i)
            seen.add(name)
            continue
        why = "repeated column" if name in seen else "unknown column"
        problems.append(finding("KB003", file=label, row=1, field=name, value=name, detail=why))
    missing = {f.name for f in schema.fields if f.required and f.name not in seen}
    for name in sorted(missing):
        problems.append(
            finding("KB003", file=label, row=1, field=name, value=name, detail="missing column")
        )
    return positions, [schema.field(names[i]) for i in positions], missing, problems


def stream_import(
    engine: Engine,
    path: Path,
    *,
    dry_run: bool = False,
    actor: str | None = None,
    seeds: Path | None = None,
) -> ImportResult:
    """Check and write *path* batch by batch in one locked transaction (see the module)."""
    rows = _rows(path)
    header = next(rows, None)  # a file that is no table (a bomb, no sheet) fails here, at once
    if header is None:
        raise DataError([finding("KB003", file=path.name, value="", detail="file is empty")])
    desc = load_descriptor(default_data_dir())
    schema = desc.schema("indicators")
    positions, fields, missing, problems = _columns(header, schema, path.name)
    seed_lines = SeedLines(seeds or seeds_dir())
    run = _Run(path.name, ImportResult(file=str(path), dry_run=dry_run), missing=missing)
    with write_transaction(engine) as conn:
        catalogue = read_records(engine, desc, skip=("indicators",))  # as of the lock
        run.add(with_suggestions(problems, [], catalogue, schema))
        row_no = 1
        for batch in _batches(rows, run):
            records: list[Record] = []
            bad: set[int] = set()
            for cells in batch:
                row_no += 1
                if cells and len(cells) != len(header) and any(c.strip() for c in cells):
                    run.add([finding("KB005", file=path.name, row=row_no, value=len(cells),
                                     detail=len(header))])  # fmt: skip
                    continue
                picked = [cells[i] for i in positions] if cells else []
                record, found = parse_row(fields, schema.field_names, row_no, picked, path.name)
                found = [_specialise(f) for f in found]
                run.add(with_suggestions(found, [], catalogue, schema))
                bad.update(f.row for f in found if f.severity == "error" and f.row)
                if record is not None:
                    records.append(record)
            _check_and_write(conn, run, records, bad, (catalogue, seed_lines, desc))
        if not run.errors and not run.seen:  # a header alone (or blank rows) imports nothing
            run.add([finding("KB008", file=path.name)])
        if run.errors:
            conn.rollback()
            raise DataError(run.all_findings())
        run.result.warnings = run.all_findings()
        if dry_run:
            conn.rollback()
            return run.result
        if run.result.added or run.result.updated:
            _audit(conn, path, run.result, actor)
    return run.result


def _batches(rows: Iterator[list[str]], run: _Run) -> Iterator[list[list[str]]]:
    """The rows in batches of :data:`BATCH_ROWS`; a file that stops being readable midway
    (bad UTF-8, a broken quote) ends the batches with its finding, after the rows before it
    were checked, so the report still names every problem up to that point."""
    batch: list[list[str]] = []
    try:
        for cells in rows:
            batch.append(cells)
            if len(batch) == BATCH_ROWS:
                yield batch
                batch = []
    except DataError as exc:
        run.add(exc.findings)
    if batch:
        yield batch


def _check_and_write(
    conn: Connection,
    run: _Run,
    records: list[Record],
    bad_rows: set[int],
    refs: tuple[dict[str, list[Record]], SeedLines, Descriptor],
) -> None:
    store, _, desc = refs
    found = [f for f in check_references(records, *refs) if f.field not in run.missing]
    run.add(with_suggestions(found, records, store, desc.schema("indicators")))
    bad_rows |= {f.row for f in found if f.severity == "error" and f.row}
    batch: dict[tuple[str, ...], Record] = {}
    for r in records:
        if r.row in bad_rows or any(r.values.get(k) is None for k in KEY):
            continue
        key = tuple(str(r.values[k]) for k in KEY)
        first = run.seen.get(_digest(key))
        if first is None:
            run.seen[_digest(key)] = r.row
            batch[key] = r
            continue
        earlier = batch.get(key) or _stored_row(conn, key)
        same = earlier is not None and not any(
            _differs(_payload(earlier, p), r.values.get(p)) for p in PAYLOAD
        )
        code = "KB200" if same else "KB201"
        run.add([finding(code, file=r.file, row=r.row, value="/".join(key), detail=first)])
    existing = _existing(conn, list(batch))
    inserts: list[dict[str, Any]] = []
    updates: list[dict[str, Any]] = []
    for key, r in batch.items():
        row = dict(r.values)
        value = float(row["value"])  # type: ignore[arg-type]
        old = existing.get(key)
        if old is None:
            start, end = parse_period(str(row["period"]))
            inserts.append({**row, "period_start": start, "period_end": end, "origin": "import"})
            _change(run.result, Change("add", key, value, None, r.row))
        elif any(_differs(old[p], row.get(p)) for p in PAYLOAD):
            updates.append(
                {"_id": old["id"], **{p: row.get(p) for p in PAYLOAD}, "origin": "import"}
            )
            _change(run.result, Change("update", key, value, float(old["value"]), r.row))
        else:
            run.result.unchanged += 1
    run.result.added += len(inserts)
    run.result.updated += len(updates)
    if run.errors:
        return  # keep checking the rest of the file, write nothing more
    t = metadata().tables["indicators"]
    if inserts:
        conn.execute(t.insert(), inserts)
    if updates:
        stmt = (
            t.update()
            .where(t.c.id == sa.bindparam("_id"))
            .values({p: sa.bindparam(p) for p in (*PAYLOAD, "origin")})
        )
        conn.execute(stmt, updates)


def _payload(row: Record | dict[str, Any], name: str) -> object:
    return row.values.get(name) if isinstance(row, Record) else row.get(name)


def _change(result: ImportResult, change: Change) -> None:
    if len(result.changes) < MAX_CHANGES:
        result.changes.append(change)


def _key_filter(keys: list[tuple[str, ...]]) -> Any:
    t = metadata().tables["indicators"]
    return sa.tuple_(*[t.c[k] for k in KEY]).in_(keys)


def _existing(
    conn: Connection, keys: list[tuple[str, ...]]
) -> dict[tuple[str, ...], dict[str, Any]]:
    """The stored rows (id and payload) of *keys*, read in the write transaction."""
    if not keys:
        return {}
    t = metadata().tables["indicators"]
    cols = [t.c.id, *[t.c[k] for k in KEY], *[t.c[p] for p in PAYLOAD]]
    rows = conn.execute(sa.select(*cols).where(_key_filter(keys)))
    return {tuple(str(r._mapping[k]) for k in KEY): dict(r._mapping) for r in rows}


def _stored_row(conn: Connection, key: tuple[str, ...]) -> dict[str, Any] | None:
    return _existing(conn, [key]).get(key)


def _audit(conn: Connection, path: Path, result: ImportResult, actor: str | None) -> None:
    conn.execute(
        metadata().tables["audit_log"].insert(),
        {
            "at": datetime.now(UTC),
            "actor": actor or current_actor(),
            "action": "import",
            "target": path.name,
            "added": result.added,
            "updated": result.updated,
            "detail": json.dumps({"unchanged": result.unchanged, "file": str(path)}),
        },
    )

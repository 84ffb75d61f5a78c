"""Reading the data package: CSV resources → typed records that remember where they came from.

Reading never raises on bad cells: a cell that cannot be converted is kept as
``None`` and reported as a :class:`~shekara.kb.errors.Finding`, so validation can
list every problem in one pass.

Example:
    >>> from shekara.paths import default_data_dir
    >>> pkg = load_package(default_data_dir())
    >>> pairs = pkg.tables["pairs"]
    >>> len(pairs), pairs[0].values["pair_id"]
    (18, 'KZ-15:RU-ORE')
    >>> pairs[0].file, pairs[0].row
    ('pairs.csv', 2)
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from shekara.kb.errors import Finding, finding
from shekara.kb.formula import restore
from shekara.kb.limits import NUL_STANDIN, date_problem, plain_number, text_problems
from shekara.kb.schema import Descriptor, Field, TableSchema, load_descriptor

Value = str | int | float | bool | date | None


@dataclass(frozen=True)
class Record:
    """One row of a table: typed values plus its file and 1-based row (header = 1)."""

    values: dict[str, Value]
    file: str
    row: int

    def __getitem__(self, key: str) -> Value:
        return self.values[key]

    def get(self, key: str, default: Value = None) -> Value:
        v = self.values.get(key)
        return default if v is None else v

    def finding(
        self, code: str, *, field: str = "", value: object = "", detail: object = ""
    ) -> Finding:
        """The catalogue problem *code* at this record's file and row.

        >>> Record({"pair_id": "x"}, "pairs.csv", 3).finding("KB101", field="pair_id", value="x").row
        3
        """
        return finding(code, file=self.file, row=self.row, field=field, value=value, detail=detail)


@dataclass
class DataPackage:
    """All logical tables of a package, with the findings made while reading it."""

    descriptor: Descriptor
    tables: dict[str, list[Record]]
    findings: list[Finding] = field(default_factory=list)
    checksum: str = ""


# A cell longer than the csv module's default limit (128 KiB) is a KB106 finding with its
# row and field, not a parse failure of the whole file.
csv.field_size_limit(max(csv.field_size_limit(), 256 * 1024 * 1024))

_BOOL = {"true": True, "false": False, "1": True, "0": False, "yes": True, "no": False}


def convert_cell(f: Field, raw: str) -> tuple[Value, str | None]:
    """Convert the text *raw* to the field's type; return (value, error-detail).

    >>> from shekara.kb.schema import Field
    >>> convert_cell(Field("n", "integer"), "42")
    (42, None)
    >>> convert_cell(Field("x", "number"), "1,5")
    (None, 'number')
    >>> convert_cell(Field("d", "date"), "2022-06-08")
    (datetime.date(2022, 6, 8), None)
    """
    text = raw.strip()
    if text == "":
        return None, None
    try:
        if f.type == "string":  # an exported cell's formula guard comes off (kb.formula)
            return restore(text), None
        if f.type in ("integer", "number") and not plain_number(text):
            return None, f.type
        if f.type == "integer":
            return int(text), None
        if f.type == "number":
            v = float(text)
            if v != v or v in (float("inf"), float("-inf")):
                return None, "number"
            return v, None
        if f.type == "boolean":
            b = _BOOL.get(text.lower())
            return (b, None) if b is not None else (None, "boolean")
        if f.type == "date":
            return date.fromisoformat(text), None
    except ValueError:
        return None, f.type
    return None, f.type  # pragma: no cover - FieldType is exhaustive


def check_cell(f: Field, value: Value, raw: str, file: str, row: int) -> list[Finding]:
    """Constraint checks of one converted cell (required, enum, pattern, range)."""
    out: list[Finding] = text_problems(f.name, raw, file, row)
    if isinstance(value, date):
        late_or_early = date_problem(f.name, value, file, row)
        out.extend([late_or_early] if late_or_early else [])
    if value is None:
        if f.required and raw.strip() == "":
            out.append(finding("KB100", file=file, row=row, field=f.name))
        return out
    if f.enum is not None and str(value) not in f.enum:
        out.append(
            finding("KB102", file=file, row=row, field=f.name, value=value, detail=list(f.enum))
        )
    if f.pattern is not None and isinstance(value, str) and not re.fullmatch(f.pattern, value):
        out.append(finding("KB101", file=file, row=row, field=f.name, value=value))
    if isinstance(value, int | float) and not isinstance(value, bool):
        lo, hi = f.minimum, f.maximum
        if (lo is not None and value < lo) or (hi is not None and value > hi):
            out.append(
                finding(
                    "KB104", file=file, row=row, field=f.name, value=value, detail=f"[{lo}, {hi}]"
                )
            )
    return out


def parse_rows(
    text: str, schema: TableSchema, file: str, *, strict_header: bool = True
) -> tuple[list[Record], list[Finding]]:
    """Parse CSV *text* against *schema*; return typed records and findings.

    With ``strict_header`` the header must equal the schema's field order; otherwise
    it must contain every required field (extra columns are an error, order is free).
    """
    findings: list[Finding] = []
    # the csv module refuses NUL outright: stand it in, so the cell check names row and field
    reader = csv.reader(io.StringIO(text.replace("\x00", NUL_STANDIN), newline=""), strict=True)
    try:
        rows = list(reader)
    except csv.Error as exc:
        return [], [finding("KB004", file=file, row=reader.line_num, detail=str(exc))]
    if not rows:
        return [], [finding("KB003", file=file, value="", detail="file is empty")]
    fields, problems = parse_header(rows[0], schema, file, strict_header=strict_header)
    if fields is None:
        return [], problems
    records: list[Record] = []
    for i, cells in enumerate(rows[1:], start=2):
        record, problems = parse_row(fields, schema.field_names, i, cells, file)
        findings.extend(problems)
        if record is not None:
            records.append(record)
    return records, findings


def parse_header(
    row: list[str], schema: TableSchema, file: str, *, strict_header: bool = True
) -> tuple[list[Field] | None, list[Finding]]:
    """The fields of the header *row*, or ``None`` and a KB003 finding."""
    header = [h.strip() for h in row]
    if header and header[0].startswith("\ufeff"):
        header[0] = header[0][1:]
    names = schema.field_names
    if strict_header and tuple(header) != names:
        return None, [
            finding(
                "KB003",
                file=file,
                row=1,
                value=",".join(header),
                detail="expected " + ",".join(names),
            )
        ]
    unknown = [h for h in header if h not in names]
    missing = [f.name for f in schema.fields if f.required and f.name not in header]
    if unknown or missing or len(set(header)) != len(header):
        detail = f"unknown columns {unknown}, missing required {missing}"
        return None, [finding("KB003", file=file, row=1, value=",".join(header), detail=detail)]
    return [schema.field(h) for h in header], []


def parse_row(
    fields: list[Field], names: tuple[str, ...], i: int, cells: list[str], file: str
) -> tuple[Record | None, list[Finding]]:
    """Row *i* (1-based, header = 1) as a record with its findings; ``None`` for a blank
    row or one of the wrong length."""
    if not cells or all(c.strip() == "" for c in cells):
        return None, []
    if len(cells) != len(fields):
        return None, [finding("KB005", file=file, row=i, value=len(cells), detail=len(fields))]
    findings: list[Finding] = []
    values: dict[str, Value] = {n: None for n in names}
    for f, raw in zip(fields, cells, strict=True):
        v, err = convert_cell(f, raw)
        if err is not None:
            findings.append(finding("KB103", file=file, row=i, field=f.name, value=raw, detail=err))
        values[f.name] = v
        findings.extend(check_cell(f, v, raw, file, i))
    return Record(values=values, file=file, row=i), findings


def read_text(path: Path, label: str) -> tuple[str | None, list[Finding]]:
    """Read a UTF-8 text file; an encoding problem becomes a finding, not an exception."""
    if not path.exists():
        return None, [finding("KB001", file=label, value=label)]
    data = path.read_bytes()
    try:
        return data.decode("utf-8"), []
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        return None, [finding("KB002", file=label, row=line, detail=str(exc))]


def package_checksum(data_dir: Path, descriptor: Descriptor) -> str:
    """SHA-256 over the descriptor, the schemas, every resource file and ``geo/``, in a fixed order."""
    h = hashlib.sha256()
    paths = {"datapackage.yaml"}
    paths.update(r.path for r in descriptor.resources)
    paths.update(r.schema_path for r in descriptor.resources)
    # Boundaries are not tables but are part of what a report was built from.
    paths.update(str(p.relative_to(data_dir)) for p in (data_dir / "geo").glob("*") if p.is_file())
    for rel in sorted(paths):
        p = data_dir / rel
        h.update(rel.encode())
        h.update(p.read_bytes() if p.exists() else b"<missing>")
    return h.hexdigest()


def load_package(data_dir: Path) -> DataPackage:
    """Read every resource of the package in *data_dir* into typed records."""
    descriptor = load_descriptor(data_dir)
    tables: dict[str, list[Record]] = {t: [] for t in descriptor.tables}
    findings: list[Finding] = []
    for res in descriptor.resources:
        text, problems = read_text(data_dir / res.path, res.path)
        findings.extend(problems)
        if text is None:
            continue
        records, problems = parse_rows(text, descriptor.schema(res.table), res.path)
        tables[res.table].extend(records)
        findings.extend(problems)
    return DataPackage(
        descriptor=descriptor,
        tables=tables,
        findings=findings,
        checksum=package_checksum(data_dir, descriptor),
    )


def records_to_dicts(records: list[Record]) -> list[dict[str, Any]]:
    """Plain dictionaries of the records' values (for pandas, JSON, SQL)."""
    return [dict(r.values) for r in records]

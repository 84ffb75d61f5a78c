"""Adding a source (a statistics office's table, a report, a data set) to the knowledge base.

A value can only be imported if its ``source_id`` is in ``sources``. :func:`add_source`
checks the new row against the sources schema (required fields, the id pattern, the
``kind`` and ``locator_kind`` lists, the year range, a SHA-256 of 64 hex digits) and the
ids already there, then appends it to the data package's ``sources.csv`` (the source of
truth, kept in git) and — when a store is given — inserts it into the store's ``sources``
table in one locked transaction, so ``shekara data import`` can cite it at once. Any
problem refuses the row with the catalogue's codes (KB100–KB104, KB201) and writes nothing.

Example:
    >>> import tempfile, shutil, pathlib
    >>> from shekara.paths import default_data_dir
    >>> data = pathlib.Path(tempfile.mkdtemp()) / "data"
    >>> _ = shutil.copytree(default_data_dir(), data)
    >>> row = add_source(
    ...     {"source_id": "stat-gov-kz-2024", "kind": "publication", "title": "Demographic yearbook",
    ...      "year": "2024", "locator_kind": "table"}, data)
    >>> row["source_id"], row["year"]
    ('stat-gov-kz-2024', 2024)
    >>> add_source({"source_id": "stat-gov-kz-2024", "kind": "publication", "title": "x",
    ...             "locator_kind": "table"}, data)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    shekara.kb.errors.DataError: error KB201 sources.csv [source_id]: Key stat-gov-kz-2024 appears again ...
"""

from __future__ import annotations

import csv
import io
import os
import tempfile
from pathlib import Path

from sqlalchemy.engine import Engine

from shekara.kb.errors import DataError, finding
from shekara.kb.locking import write_transaction
from shekara.kb.package import Value, parse_row
from shekara.kb.schema import load_descriptor
from shekara.kb.tables import metadata


def add_source(
    values: dict[str, str], data_dir: Path, engine: Engine | None = None
) -> dict[str, Value]:
    """Check *values* (field → text) as a new row of ``sources`` and write it (see the module).

    Returns the typed row. Raises :class:`DataError` with every problem found.
    """
    desc = load_descriptor(data_dir)
    schema = desc.schema("sources")
    resource = next(r for r in desc.resources if r.table == "sources")
    path = data_dir / resource.path
    text = path.read_text(encoding="utf-8")
    existing = list(csv.DictReader(io.StringIO(text)))
    unknown = sorted(set(values) - set(schema.field_names))
    if unknown:
        raise ValueError(f"not fields of sources: {unknown}")  # a programming error
    cells = [values.get(name, "") or "" for name in schema.field_names]
    row_no = len(existing) + 2  # the row it would take (header = 1)
    record, problems = parse_row(list(schema.fields), schema.field_names, row_no, cells, path.name)
    new_id = values.get("source_id", "")
    ids = [r["source_id"] for r in existing]
    if new_id in ids:
        problems.append(
            finding(
                "KB201",
                file=path.name,
                field="source_id",
                value=new_id,
                detail=ids.index(new_id) + 2,
            )
        )
    if problems or record is None:
        raise DataError(problems)
    if engine is not None:
        with write_transaction(
            engine
        ) as conn:  # the store first: a refusal leaves both as they were
            conn.execute(metadata().tables["sources"].insert(), [dict(record.values)])
            _append(path, text, cells)
    else:
        _append(path, text, cells)
    return dict(record.values)


def _append(path: Path, text: str, cells: list[str]) -> None:
    """Write *path* again with the row added, atomically (a crash leaves the old file)."""
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerow(cells)
    body = text if text.endswith("\n") else text + "\n"
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".sources-", suffix=".csv")
    with os.fdopen(fd, "w", encoding="utf-8", newline="") as f:
        f.write(body + buf.getvalue())
    os.replace(tmp, path)

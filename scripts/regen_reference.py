"""Rewrite the reference files under tests/reference/ from the current code.

    .venv/bin/python scripts/regen_reference.py [table2] [hbv]

``table2`` builds the shipped data package into a scratch SQLite store and writes the
Table 2 reproduction (tests/reference/table2_gravity.csv); ``hbv`` writes the Fulda HBV
run (tests/reference/hbv_run.csv). Without arguments, both. What the files hold and why
they exist: tests/reference_runs.py. Regenerate only when a change of figures is intended.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

import reference_runs as ref
from shekara.kb.store import build, make_engine


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("which", nargs="*", help="table2 and/or hbv (default: both)")
    which = set(ap.parse_args().which or ["table2", "hbv"])
    if not which <= {"table2", "hbv"}:
        ap.error(f"unknown reference(s): {sorted(which - {'table2', 'hbv'})}")
    if "table2" in which:
        with tempfile.TemporaryDirectory() as tmp:
            url = f"sqlite:///{Path(tmp) / 'kb.sqlite'}"
            build(url)
            engine = make_engine(url)
            rows = ref.table2_rows(engine)
            engine.dispose()
        ref.write_csv(ref.TABLE2_CSV, ref.TABLE2_COLUMNS, rows)
        print(f"{ref.TABLE2_CSV}: {len(rows)} pairs")
    if "hbv" in which:
        rows = ref.hbv_rows()
        ref.write_csv(ref.HBV_CSV, ref.HBV_COLUMNS, rows)
        print(f"{ref.HBV_CSV}: {len(rows)} days")


if __name__ == "__main__":
    main()

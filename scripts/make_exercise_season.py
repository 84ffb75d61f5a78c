"""Write the seeded exercise flood season of the four networks ("exercise — not observed").

    .venv/bin/python scripts/make_exercise_season.py [OUT.csv|.xlsx|.xml] [--seed N] [--days N]

Default output: var/flood/exercise-season.csv. The method is documented in
:mod:`shekara.services.flood.exercise` and docs/flood.md; the same seed gives the same file.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from shekara.services.flood.exchange import write_table
from shekara.services.flood.exercise import DEFAULT_DAYS, DEFAULT_SEED, exercise_rows


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out", nargs="?", default="var/flood/exercise-season.csv")
    ap.add_argument("--seed", type=int, default=DEFAULT_SEED)
    ap.add_argument("--days", type=int, default=DEFAULT_DAYS)
    a = ap.parse_args()
    out = Path(a.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    rows = exercise_rows(seed=a.seed, days=a.days)
    write_table(rows, out)
    print(f"{out}: {len(rows)} rows — exercise, not observed (seed {a.seed})")


if __name__ == "__main__":
    main()

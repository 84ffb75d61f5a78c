"""The reference runs kept as data under ``tests/reference/``: how they are made and read.

Two results are pinned as files, so that a change in a figure shows as a diff of data,
not as an edited number in a test:

- ``table2_gravity.csv`` — the reproduction of the article's Table 2 (the gravity index of
  the 18 pairs, A:566-583) from the shipped store: the populations and great-circle
  distances we use, our computed index, the published one and their ratio.
- ``hbv_run.csv`` — one HBV run: the Fulda example series (spotpy's
  ``examples/cmf_data/fulda_climate.csv``) for 1979-1980 with the model's default
  parameters, Hargreaves PET and the typical start state; daily discharge and two states.

``scripts/regen_reference.py`` rewrites both files with the functions below; the tests in
``tests/methods/test_reference_table2.py`` and ``tests/hydrology/test_reference_run.py``
compare the current code with them. Regenerate only when a change of figures is intended,
and say why in the commit.
"""

from __future__ import annotations

import csv
from collections.abc import Mapping, Sequence
from pathlib import Path

import sqlalchemy as sa

REFERENCE_DIR = Path(__file__).parent / "reference"
TABLE2_CSV = REFERENCE_DIR / "table2_gravity.csv"
HBV_CSV = REFERENCE_DIR / "hbv_run.csv"

TABLE2_COLUMNS = (
    "pair_id",
    "kz_region",
    "ru_region",
    "population_kz",
    "population_ru",
    "population_period",
    "distance_km",
    "published",
    "computed",
    "ratio",
)
HBV_COLUMNS = ("date", "precip_mm", "temp_c", "pet_mm", "q_mm", "q_m3s", "snow_mm", "sm_mm")
HBV_YEARS = (1979, 1980)

Row = Mapping[str, str | float | int]


def table2_rows(engine: sa.Engine) -> list[dict[str, str | float | int]]:
    """Our Table 2 reproduction from the store behind *engine* (pairs in the article's order)."""
    from shekara.services.article import reproduce_article

    return [{c: r[c] for c in TABLE2_COLUMNS} for r in reproduce_article(engine).table2]


def hbv_rows() -> list[dict[str, str | float | int]]:
    """The reference HBV run, one row a day."""
    from shekara.methods.hydrology.datasets import load_fulda
    from shekara.methods.hydrology.model import HBVParameters, simulate

    series = load_fulda().between(*HBV_YEARS)
    forcing = series.forcing("hargreaves")
    run = simulate(HBVParameters(), forcing, area_km2=series.area_km2)
    assert run.q_m3s is not None
    return [
        {
            "date": str(series.dates[i]),
            "precip_mm": float(forcing.precip[i]),
            "temp_c": float(forcing.temp[i]),
            "pet_mm": float(forcing.pet[i]),
            "q_mm": float(run.q_mm[i]),
            "q_m3s": float(run.q_m3s[i]),
            "snow_mm": float(run.snow[i]),
            "sm_mm": float(run.sm[i]),
        }
        for i in range(series.dates.size)
    ]


def write_csv(path: Path, columns: Sequence[str], rows: Sequence[Row]) -> None:
    """Write *rows*; floats with ``repr`` precision, so reading back gives the same numbers."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=list(columns), lineterminator="\n")
        w.writeheader()
        w.writerows({c: repr(v) if isinstance(v, float) else v for c, v in r.items()} for r in rows)


def read_csv(path: Path) -> list[dict[str, str]]:
    """The rows of a reference file as text (the tests convert what they compare)."""
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))

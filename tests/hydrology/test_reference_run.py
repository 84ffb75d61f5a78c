"""The HBV model against its reference run kept as data (tests/reference/hbv_run.csv).

The file holds the Fulda series 1979-1980 run with the default parameters, Hargreaves PET
and the typical start state (see tests/reference_runs.py; regenerate with
``scripts/regen_reference.py hbv`` only when a change of figures is intended).

Tolerance: relative 1e-9 (absolute 1e-12 mm or m³/s). The run is the same arithmetic in
the same order every time, so only floating point can differ: the compiled (numba) and the
NumPy kernels agree to 1e-10 (test_hydro_model), and libm's exp/sin may differ in the last
bit between machines. Any change of the model or its inputs moves discharge by far more: a
parameter changed in its sixth digit already shifts the daily discharge by about 1e-6.
"""

from __future__ import annotations

import numpy as np
import pytest

from reference_runs import HBV_COLUMNS, HBV_CSV, HBV_YEARS, hbv_rows, read_csv
from shekara.methods.hydrology.errors import DatasetError

RTOL, ATOL = 1e-9, 1e-12


@pytest.fixture(scope="module")
def current() -> list[dict[str, str | float | int]]:
    try:
        return hbv_rows()
    except DatasetError as exc:  # spotpy ships the Fulda series
        pytest.skip(f"Fulda example series not available: {exc}")


def test_reference_file_covers_the_stated_years() -> None:
    rows = read_csv(HBV_CSV)
    assert tuple(rows[0]) == HBV_COLUMNS
    assert rows[0]["date"] == f"{HBV_YEARS[0]}-01-01"
    assert rows[-1]["date"] == f"{HBV_YEARS[1]}-12-31"
    assert len(rows) == 365 + 366  # 1980 is a leap year


def test_hbv_run_matches_the_reference(current: list[dict[str, str | float | int]]) -> None:
    ref = read_csv(HBV_CSV)
    assert [r["date"] for r in current] == [r["date"] for r in ref]
    for col in HBV_COLUMNS[1:]:
        got = np.array([float(r[col]) for r in current])
        want = np.array([float(r[col]) for r in ref])
        np.testing.assert_allclose(got, want, rtol=RTOL, atol=ATOL, err_msg=col)


def test_reference_run_is_not_trivial() -> None:
    """The pinned run exercises snow and discharge (a flat file would pin nothing)."""
    ref = read_csv(HBV_CSV)
    q = np.array([float(r["q_m3s"]) for r in ref])
    snow = np.array([float(r["snow_mm"]) for r in ref])
    assert q.min() > 0 and q.max() > 5 * np.median(q)
    assert snow.max() > 10 and snow[180] == 0.0  # a winter pack, gone by July

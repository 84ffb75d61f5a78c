"""Fulda loader and input validation: every bad input carries its code."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from shekara.methods.hydrology.calibration import SplitSample, calibrate
from shekara.methods.hydrology.datasets import (
    FULDA_AREA_KM2,
    CatchmentSeries,
    fulda_csv_path,
    load_fulda,
    validate_daily_series,
)
from shekara.methods.hydrology.errors import (
    DatasetError,
    HydrologyError,
    ImplausibleTemperatureError,
    NegativePrecipitationError,
    NegativeValueError,
    PeriodError,
    SeriesGapError,
    SeriesTooShortError,
)


def days(n: int, start: str = "2000-01-01") -> np.ndarray:
    return np.arange(np.datetime64(start), np.datetime64(start) + n)


def test_fulda_loads(fulda: CatchmentSeries) -> None:
    assert fulda.dates.size == 3653
    assert str(fulda.dates[0]) == "1979-01-01" and str(fulda.dates[-1]) == "1988-12-31"
    assert fulda.area_km2 == FULDA_AREA_KM2 == 2976.41
    assert fulda.q_obs_mm is not None and fulda.q_obs_m3s is not None
    # first row of the file: 143 m³/s
    assert fulda.q_obs_m3s[0] == pytest.approx(143.0)
    # annual precipitation ~ 840 mm, runoff ratio ~ 0.4: a sanity check of units
    assert 700 < fulda.precip.sum() / 10 < 1000
    assert 0.3 < fulda.q_obs_mm.sum() / fulda.precip.sum() < 0.5
    assert set(np.unique(fulda.years)) == set(range(1979, 1989))


def test_pet_methods_are_plausible(fulda: CatchmentSeries) -> None:
    for method in ("oudin", "hamon", "hargreaves"):
        annual = fulda.pet(method).sum() / 10  # type: ignore[arg-type]
        assert 450 < annual < 900, method


def test_nan_is_a_gap_with_date_and_column() -> None:
    precip = [0.0, np.nan, 1.0]
    with pytest.raises(SeriesGapError) as exc:
        validate_daily_series(days(3), {"precip": precip, "temp": [1.0, 2.0, 3.0]})
    assert exc.value.code == "HYD001"
    assert exc.value.column == "precip" and exc.value.date == "2000-01-02"


def test_missing_day_is_a_gap() -> None:
    d = np.array(["2000-01-01", "2000-01-02", "2000-01-04"], dtype="datetime64[D]")
    with pytest.raises(SeriesGapError) as exc:
        validate_daily_series(d, {"precip": [0.0, 0.0, 0.0], "temp": [0.0, 0.0, 0.0]})
    assert exc.value.code == "HYD001" and exc.value.date == "2000-01-03"


def test_negative_precipitation() -> None:
    with pytest.raises(NegativePrecipitationError) as exc:
        validate_daily_series(days(3), {"precip": [0.0, 1.0, -0.2], "temp": [0.0, 0.0, 0.0]})
    assert exc.value.code == "HYD002" and exc.value.date == "2000-01-03"


def test_kelvin_given_as_celsius() -> None:
    with pytest.raises(ImplausibleTemperatureError) as exc:
        validate_daily_series(days(3), {"precip": [0.0] * 3, "temp": [271.0, 273.5, 280.1]})
    assert exc.value.code == "HYD003"
    assert "Kelvin" in str(exc.value)
    assert exc.value.date == "2000-01-01" and exc.value.column == "temp"


def test_negative_discharge() -> None:
    with pytest.raises(NegativeValueError) as exc:
        CatchmentSeries.from_arrays(
            "x",
            days(3),
            [0.0] * 3,
            [0.0] * 3,
            area_km2=1.0,
            latitude_deg=50.0,
            q_obs_m3s=[1.0, -1.0, 1.0],
        )
    assert exc.value.code == "HYD011" and exc.value.column == "discharge"


def test_too_short_to_calibrate(fulda: CatchmentSeries) -> None:
    short = fulda.between(1979, 1980)
    cut = CatchmentSeries.from_arrays(
        "short",
        short.dates[:600],
        short.precip[:600],
        short.temp[:600],
        area_km2=short.area_km2,
        latitude_deg=short.latitude_deg,
        q_obs_m3s=(short.q_obs_m3s if short.q_obs_m3s is not None else np.zeros(0))[:600],
    )
    with pytest.raises(SeriesTooShortError) as exc:
        calibrate(
            cut, periods=SplitSample((1979, 1979), (1980, 1980), None), seed=1, max_evaluations=500
        )
    assert exc.value.code == "HYD004"


def test_bad_periods(fulda: CatchmentSeries) -> None:
    with pytest.raises(PeriodError) as exc:
        calibrate(fulda, periods=SplitSample((1979, 1979), (1980, 1984), (1983, 1988)), seed=1)
    assert exc.value.code == "HYD007"
    with pytest.raises(PeriodError):
        calibrate(fulda, periods=SplitSample((1979, 1979), (1980, 1984), (1985, 1990)), seed=1)


def _write_fulda_copy(
    tmp: Path, edit: tuple[int, int, str] | None = None, drop: int | None = None
) -> Path:
    lines = fulda_csv_path().read_text(encoding="utf-8").splitlines()
    if edit is not None:
        row, col, value = edit
        cells = lines[row].split(",")
        cells[col] = value
        lines[row] = ",".join(cells)
    if drop is not None:
        del lines[drop]
    path = tmp / "fulda.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("edit", "drop", "code", "column", "date"),
    [
        ((2, 4, ""), None, "HYD001", "precip", "1979-01-01"),  # empty precipitation cell
        ((12, 4, "-3"), None, "HYD002", "precip", "1979-01-11"),
        ((5, 3, "275.1"), None, "HYD003", "temp", "1979-01-04"),
        ((40, 5, "-5"), None, "HYD011", "discharge", "1979-02-08"),
        (None, 100, "HYD001", "date", "1979-04-09"),  # a missing day
    ],
)
def test_bad_file_rows_carry_codes(
    tmp_path: Path,
    edit: tuple[int, int, str] | None,
    drop: int | None,
    code: str,
    column: str,
    date: str,
) -> None:
    with pytest.raises(HydrologyError) as exc:
        load_fulda(_write_fulda_copy(tmp_path, edit, drop))
    assert (exc.value.code, exc.value.column, exc.value.date) == (code, column, date)
    assert exc.value.to_dict()["code"] == code


def test_missing_file_is_dataset_error(tmp_path: Path) -> None:
    with pytest.raises(DatasetError) as exc:
        load_fulda(tmp_path / "absent.csv")
    assert exc.value.code == "HYD010"


def test_error_codes_unique_and_documented() -> None:
    from shekara.methods.hydrology import errors

    classes = [
        obj
        for obj in vars(errors).values()
        if isinstance(obj, type) and issubclass(obj, HydrologyError) and obj is not HydrologyError
    ]
    codes = [c.code for c in classes]
    assert len(codes) == len(set(codes)) >= 11
    doc = (Path(__file__).resolve().parents[2] / "docs" / "hydrology.md").read_text(
        encoding="utf-8"
    )
    assert [c for c in codes if f"| {c} |" not in doc] == []
    assert [c for c in codes if c not in (errors.__doc__ or "")] == []

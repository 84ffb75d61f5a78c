"""Daily catchment series: validation and the Fulda example dataset.

The Fulda series (1979–1988: daily min/max/mean temperature, precipitation and
discharge) ships inside the spotpy package as
``spotpy/examples/cmf_data/fulda_climate.csv``. It is located through the
import system (without importing spotpy) so no network or copy is needed.

Catchment metadata and where it comes from:

* **area 2,976.41 km²** — spotpy 1.6.7, ``spotpy/examples/spot_setup_cmf_lumped.py``,
  class ``SingleStorage``: ``area = 2976.41e6  # sq m``; the same file converts
  the observed m³/s to mm/day with it (``DataProvider.runoff_mm``).
* **latitude** — *not* given anywhere in spotpy. The station in the same file
  is named "Grebenau avg"; the Fulda gauge Grebenau lies near Guxhagen, north
  Hesse, and the basin spans roughly 50.4–51.3° N. We use 50.8° N as an
  assumed basin-centroid latitude (:data:`FULDA_LATITUDE_DEG`). It only enters
  the extraterrestrial radiation of the PET formula, whose level is rescaled
  by the calibrated ``pet_corr`` anyway.

Every loader validates its input and raises typed errors
(:mod:`shekara.methods.hydrology.errors`) carrying a stable code plus the
offending column and date.
"""

from __future__ import annotations

import csv
import datetime as dt
import importlib.util
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Literal

import numpy as np
from numpy.typing import ArrayLike, NDArray

from shekara.methods.hydrology.errors import (
    DatasetError,
    ImplausibleTemperatureError,
    MisalignedSeriesError,
    NegativePrecipitationError,
    NegativeValueError,
    PeriodError,
    SeriesGapError,
    SeriesTooShortError,
)
from shekara.methods.hydrology.forcing import Forcing
from shekara.methods.hydrology.model import mm_per_day_to_m3s
from shekara.methods.hydrology.pet import pet_hamon, pet_hargreaves, pet_oudin

__all__ = [
    "FULDA_AREA_KM2",
    "FULDA_LATITUDE_DEG",
    "CatchmentSeries",
    "fulda_csv_path",
    "load_fulda",
    "validate_daily_series",
]

#: Source: spotpy 1.6.7, examples/spot_setup_cmf_lumped.py, ``area = 2976.41e6  # sq m``.
FULDA_AREA_KM2 = 2976.41
#: ASSUMPTION (not in spotpy): approximate centroid latitude of the Fulda basin.
FULDA_LATITUDE_DEG = 50.8

# Plausible daily-mean air temperature on Earth's land surface, °C. Wider than
# any record (−89.2 °C Vostok, +56.7 °C Death Valley) only by rounding.
T_MIN_PLAUSIBLE = -90.0
T_MAX_PLAUSIBLE = 60.0

PetMethod = Literal["oudin", "hamon", "hargreaves"]


def _iso(day: np.datetime64) -> str:
    return str(np.datetime_as_string(day, unit="D"))


def _negative(arr: NDArray[np.float64]) -> NDArray[np.bool_]:
    return arr < 0


def _not_finite(arr: NDArray[np.float64]) -> NDArray[np.bool_]:
    return ~np.isfinite(arr)


def _implausible_temperature(arr: NDArray[np.float64]) -> NDArray[np.bool_]:
    return (arr < T_MIN_PLAUSIBLE) | (arr > T_MAX_PLAUSIBLE)


def _offenders(
    columns: Mapping[str, ArrayLike],
    names: Iterable[str],
    bad: Callable[[NDArray[np.float64]], NDArray[np.bool_]],
) -> Iterator[tuple[str, NDArray[np.float64], int]]:
    """``(name, values, first bad index)`` of each column among *names* with a *bad* value.

    >>> next(_offenders({"p": [1.0, -2.0, -3.0]}, ["p", "q"], _negative))[::2]
    ('p', 1)
    """
    for name in names:
        if name in columns:
            arr = np.asarray(columns[name], dtype=np.float64)
            hits = np.flatnonzero(bad(arr))
            if hits.size:
                yield name, arr, int(hits[0])


def validate_daily_series(
    dates: ArrayLike,
    columns: Mapping[str, ArrayLike],
    *,
    precipitation: tuple[str, ...] = ("precip",),
    temperature: tuple[str, ...] = ("temp",),
    non_negative: tuple[str, ...] = (),
    min_days: int = 0,
) -> NDArray[np.datetime64]:
    """Check a daily table and return its dates as ``datetime64[D]``.

    Checks, in order: equal lengths (HYD005), strictly consecutive days
    (HYD001, reporting the first missing day), NaN values (HYD001), negative
    precipitation (HYD002), implausible temperatures (HYD003, with a Kelvin or
    Fahrenheit hint), other negative values (HYD011), and length (HYD004).

    >>> d = np.arange("2000-01-01", "2000-01-04", dtype="datetime64[D]")
    >>> validate_daily_series(d, {"precip": [0, 1, -2], "temp": [0, 1, 2]})
    Traceback (most recent call last):
    ...
    shekara.methods.hydrology.errors.NegativePrecipitationError: HYD002: ...
    """
    days = np.asarray(dates, dtype="datetime64[D]")
    n = days.size
    if n == 0:
        raise SeriesTooShortError("empty series", column="date")
    for name, values in columns.items():
        if np.asarray(values).shape != (n,):
            raise MisalignedSeriesError(
                f"column has {np.asarray(values).size} values for {n} dates", column=name
            )
    steps = np.diff(days).astype(np.int64)
    if np.any(steps != 1):
        i = int(np.flatnonzero(steps != 1)[0])
        if steps[i] > 1:
            missing = days[i] + np.timedelta64(1, "D")
            raise SeriesGapError("date", _iso(missing), "missing calendar day")
        raise SeriesGapError("date", _iso(days[i + 1]), "dates not strictly increasing")
    for name, _arr, i in _offenders(columns, columns, _not_finite):
        raise SeriesGapError(name, _iso(days[i]))
    for name, arr, i in _offenders(columns, precipitation, _negative):
        raise NegativePrecipitationError(name, _iso(days[i]), float(arr[i]))
    for name, arr, i in _offenders(columns, temperature, _implausible_temperature):
        med = float(np.median(arr))
        if 200.0 <= med <= 340.0:
            hint = "values look like Kelvin; subtract 273.15"
        elif T_MAX_PLAUSIBLE < med <= 120.0:
            hint = "values may be in Fahrenheit"
        else:
            hint = f"expected {T_MIN_PLAUSIBLE}..{T_MAX_PLAUSIBLE} °C"
        raise ImplausibleTemperatureError(name, _iso(days[i]), float(arr[i]), hint)
    for name, arr, i in _offenders(columns, non_negative, _negative):
        raise NegativeValueError(name, _iso(days[i]), float(arr[i]))
    if n < min_days:
        raise SeriesTooShortError(
            f"{n} days available, at least {min_days} needed", column="date", date=_iso(days[-1])
        )
    return days


@dataclass(frozen=True)
class CatchmentSeries:
    """Validated daily forcing and observed discharge of one catchment."""

    name: str
    dates: NDArray[np.datetime64]
    precip: NDArray[np.float64]  # mm/day
    temp: NDArray[np.float64]  # daily mean, °C
    q_obs_mm: NDArray[np.float64] | None  # mm/day
    area_km2: float
    latitude_deg: float
    tmin: NDArray[np.float64] | None = None
    tmax: NDArray[np.float64] | None = None
    source: str = ""

    @classmethod
    def from_arrays(
        cls,
        name: str,
        dates: ArrayLike,
        precip: ArrayLike,
        temp: ArrayLike,
        *,
        area_km2: float,
        latitude_deg: float,
        q_obs_m3s: ArrayLike | None = None,
        tmin: ArrayLike | None = None,
        tmax: ArrayLike | None = None,
        source: str = "",
    ) -> CatchmentSeries:
        """Validate and build; discharge is given in m³/s and stored in mm/day."""
        if not area_km2 > 0:
            raise DatasetError(f"catchment area must be positive, got {area_km2!r}")
        cols: dict[str, ArrayLike] = {"precip": precip, "temp": temp}
        if tmin is not None:
            cols["tmin"] = tmin
        if tmax is not None:
            cols["tmax"] = tmax
        if q_obs_m3s is not None:
            cols["discharge"] = q_obs_m3s
        days = validate_daily_series(
            dates,
            cols,
            temperature=("temp", "tmin", "tmax"),
            non_negative=("discharge",),
        )

        def f64(x: ArrayLike) -> NDArray[np.float64]:
            return np.ascontiguousarray(x, dtype=np.float64)

        q_mm = None
        if q_obs_m3s is not None:
            q_mm = f64(q_obs_m3s) / float(mm_per_day_to_m3s(np.array([1.0]), area_km2)[0])
        return cls(
            name=name,
            dates=days,
            precip=f64(precip),
            temp=f64(temp),
            q_obs_mm=q_mm,
            area_km2=float(area_km2),
            latitude_deg=float(latitude_deg),
            tmin=None if tmin is None else f64(tmin),
            tmax=None if tmax is None else f64(tmax),
            source=source,
        )

    @property
    def q_obs_m3s(self) -> NDArray[np.float64] | None:
        return None if self.q_obs_mm is None else mm_per_day_to_m3s(self.q_obs_mm, self.area_km2)

    @property
    def years(self) -> NDArray[np.int64]:
        out: NDArray[np.int64] = self.dates.astype("datetime64[Y]").astype(np.int64) + 1970
        return out

    @property
    def day_of_year(self) -> NDArray[np.int64]:
        out: NDArray[np.int64] = (self.dates - self.dates.astype("datetime64[Y]")).astype(
            np.int64
        ) + 1
        return out

    def pet(self, method: PetMethod = "oudin") -> NDArray[np.float64]:
        """Potential evaporation (mm/day) by a temperature-based method."""
        doy = self.day_of_year
        if method == "oudin":
            return pet_oudin(self.temp, doy, self.latitude_deg)
        if method == "hamon":
            return pet_hamon(self.temp, doy, self.latitude_deg)
        if method == "hargreaves":
            if self.tmin is None or self.tmax is None:
                raise DatasetError("Hargreaves PET needs tmin and tmax", column="tmin")
            return pet_hargreaves(self.tmin, self.tmax, doy, self.latitude_deg, self.temp)
        raise DatasetError(f"unknown PET method {method!r}")

    def forcing(self, pet_method: PetMethod = "oudin") -> Forcing:
        """The model forcing of every day: precipitation, temperature and PET by ``pet_method``."""
        return Forcing(self.precip, self.temp, self.pet(pet_method))

    def year_mask(self, first: int, last: int) -> NDArray[np.bool_]:
        """Boolean mask of the days in calendar years ``first..last`` inclusive."""
        y = self.years
        return (y >= first) & (y <= last)

    def between(self, first: int, last: int) -> CatchmentSeries:
        """Sub-series for calendar years ``first..last`` (must be non-empty)."""
        mask = self.year_mask(first, last)
        if not mask.any():
            raise PeriodError(f"no data in {first}-{last}", column="date")

        def cut(a: NDArray[np.float64] | None) -> NDArray[np.float64] | None:
            return None if a is None else a[mask]

        return replace(
            self,
            dates=self.dates[mask],
            precip=self.precip[mask],
            temp=self.temp[mask],
            q_obs_mm=cut(self.q_obs_mm),
            tmin=cut(self.tmin),
            tmax=cut(self.tmax),
        )


def fulda_csv_path() -> Path:
    """Path of ``fulda_climate.csv`` inside the installed spotpy package."""
    spec = importlib.util.find_spec("spotpy")
    if spec is None or not spec.submodule_search_locations:
        raise DatasetError("spotpy is not installed; it ships the Fulda example series")
    for root in spec.submodule_search_locations:
        path = Path(root) / "examples" / "cmf_data" / "fulda_climate.csv"
        if path.is_file():
            return path
    raise DatasetError("spotpy found but examples/cmf_data/fulda_climate.csv is missing")


def _read_fulda(path: Path) -> dict[str, list[str]]:
    try:
        with path.open(encoding="utf-8", newline="") as fh:
            rows = list(csv.reader(fh))
    except OSError as exc:
        raise DatasetError(f"cannot read {path}: {exc}") from exc
    if len(rows) < 3:
        raise DatasetError(f"{path} has no data rows")
    header = [h.strip() for h in rows[0]]
    expected = ["date", "tmax", "tmin", "tmean", "Prec", "Q"]
    if header != expected:
        raise DatasetError(f"unexpected header {header}, expected {expected}")
    # Row 2 holds units ("#,°C,°C,°C,mm/day,m³/s"); skip any comment row.
    data = [r for r in rows[1:] if r and not r[0].startswith("#")]
    cols: dict[str, list[str]] = {h: [] for h in header}
    for lineno, r in enumerate(data, start=3):
        if len(r) != len(header):
            raise DatasetError(f"line {lineno}: {len(r)} fields, expected {len(header)}")
        for h, v in zip(header, r, strict=True):
            cols[h].append(v.strip())
    return cols


def load_fulda(path: Path | None = None) -> CatchmentSeries:
    """Load and validate the Fulda example series (1979-01-01 .. 1988-12-31).

    >>> s = load_fulda()
    >>> str(s.dates[0]), str(s.dates[-1]), s.area_km2
    ('1979-01-01', '1988-12-31', 2976.41)
    """
    src = path or fulda_csv_path()
    cols = _read_fulda(src)

    def num(name: str) -> NDArray[np.float64]:
        # Empty cells become NaN so that validation reports them as gaps (HYD001).
        return np.array([float(v) if v else np.nan for v in cols[name]], dtype=np.float64)

    try:
        dates = np.array(
            [dt.datetime.strptime(d, "%d.%m.%Y").date() for d in cols["date"]],
            dtype="datetime64[D]",
        )
    except ValueError as exc:
        raise DatasetError(f"bad date in {src}: {exc}", column="date") from exc
    return CatchmentSeries.from_arrays(
        "Fulda (Grebenau)",
        dates,
        num("Prec"),
        num("tmean"),
        area_km2=FULDA_AREA_KM2,
        latitude_deg=FULDA_LATITUDE_DEG,
        q_obs_m3s=num("Q"),
        tmin=num("tmin"),
        tmax=num("tmax"),
        source="spotpy examples/cmf_data/fulda_climate.csv",
    )

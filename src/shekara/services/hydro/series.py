"""Daily series for the hydrological model: periods, the shipped data set, store series."""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Annotated, Literal

import numpy as np
from numpy.typing import NDArray
from pydantic import Field
from sqlalchemy.engine import Engine

from shekara.kb import query
from shekara.methods.hydrology.calibration import (
    SplitSample,
)
from shekara.methods.hydrology.datasets import (
    CatchmentSeries,
    PetMethod,
    load_fulda,
    validate_daily_series,
)
from shekara.methods.hydrology.errors import (
    DatasetError,
    PeriodError,
    SeriesTooShortError,
)
from shekara.plain import Plain

DATASETS: tuple[str, ...] = ("fulda",)
YearSpan = tuple[int, int]

#: The daily series codes of ``data/indicator_defs/water.csv`` and their units.
SERIES_UNITS: Mapping[str, str] = {
    "precipitation_mm": "mm",
    "air_temperature_degc": "degC",
    "air_temperature_min_degc": "degC",
    "air_temperature_max_degc": "degC",
    "discharge_m3s": "m3_per_s",
    "swe_mm": "mm",
    "water_level_m": "m",
}
AREA_CODE = "catchment_area_km2"
_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_YEARS = re.compile(r"^\s*(\d{4})\s*(?:-\s*(\d{4})\s*)?$")


# --------------------------------------------------------------------------- periods
def parse_years(text: str, what: str = "period") -> YearSpan:
    """``"1980-1984"`` → (1980, 1984); ``"1979"`` → (1979, 1979). HYD007 if malformed or reversed.

    >>> parse_years("1980-1984")
    (1980, 1984)
    >>> parse_years("1985-1980")
    Traceback (most recent call last):
    ...
    shekara.methods.hydrology.errors.PeriodError: HYD007: period 1985-1980 is reversed ...
    """
    m = _YEARS.match(text)
    if m is None:
        raise PeriodError(f"{what} {text!r} is not YYYY or YYYY-YYYY", column=what)
    a = int(m.group(1))
    b = int(m.group(2) or a)
    if a > b:
        raise PeriodError(f"{what} {a}-{b} is reversed (first year after last)", column=what)
    return a, b


def default_split(
    series: CatchmentSeries,
    spin_up: YearSpan | None = None,
    calibration: YearSpan | None = None,
    validation: YearSpan | None = None,
) -> SplitSample:
    """Fill in missing periods: spin-up = first year; the rest split calibration-first.

    With ``n`` years after the spin-up, calibration takes ``n − n // 2`` and validation the
    remaining ``n // 2`` (Fulda 1979–1988: spin-up 1979, 1980–1984, 1985–1988).
    """
    first, last = int(series.years[0]), int(series.years[-1])
    spin = spin_up or (first, first)
    if calibration is None and validation is None:
        n = last - spin[1]
        if n < 1:
            raise SeriesTooShortError(
                f"data {first}-{last}: no year left after the spin-up {spin[0]}-{spin[1]}",
                column="date",
            )
        n_cal = n - n // 2
        calibration = (spin[1] + 1, spin[1] + n_cal)
        validation = (spin[1] + n_cal + 1, last) if n_cal < n else None
    elif calibration is None:
        assert validation is not None
        calibration = (spin[1] + 1, validation[0] - 1)
        if calibration[0] > calibration[1]:
            raise PeriodError(
                "no calibration year between spin-up and validation", column="calibration"
            )
    elif validation is None and calibration[1] < last:
        validation = (calibration[1] + 1, last)
    return SplitSample(spin, calibration, validation).check()


# --------------------------------------------------------------------------- series
@dataclass(frozen=True)
class SeriesInfo(Plain):
    """The ``series`` of every hydrology result: what the series spans and where it came from."""

    kind: Annotated[
        Literal["dataset", "store"], Field(description="A shipped data set or the store.")
    ]
    name: str
    first_day: Annotated[str, Field(description="YYYY-MM-DD")]
    last_day: Annotated[str, Field(description="YYYY-MM-DD")]
    n_days: int
    area_km2: Annotated[float, Field(description="Catchment area, km².")]
    area_source: str
    latitude_deg: Annotated[float, Field(description="For the radiation of the PET formula.")]
    latitude_source: str
    sources: tuple[str, ...]
    notes: tuple[str, ...]


@dataclass(frozen=True)
class SeriesOrigin:
    """Where a catchment series came from."""

    kind: Literal["dataset", "store"]
    name: str
    sources: tuple[str, ...]
    area_source: str
    latitude_source: str
    notes: tuple[str, ...] = ()

    def info(self, series: CatchmentSeries) -> SeriesInfo:
        days = series.dates
        return SeriesInfo(self.kind, self.name, str(days[0]), str(days[-1]), int(days.size),
                          series.area_km2, self.area_source, series.latitude_deg,
                          self.latitude_source, self.sources, self.notes)  # fmt: skip


@dataclass(frozen=True)
class LoadedSeries:
    series: CatchmentSeries
    origin: SeriesOrigin
    swe_mm: Mapping[str, float] = field(default_factory=dict)

    @property
    def default_pet(self) -> PetMethod:
        s = self.series
        return "hargreaves" if s.tmin is not None and s.tmax is not None else "oudin"

    def info(self) -> SeriesInfo:
        """What the series spans and where it came from (the ``series`` of a result)."""
        return self.origin.info(self.series)


def load_dataset(name: str = "fulda") -> LoadedSeries:
    """A shipped example series (only ``fulda`` for now)."""
    if name not in DATASETS:
        raise DatasetError(f"unknown dataset {name!r}; available: {', '.join(DATASETS)}")
    s = load_fulda()
    origin = SeriesOrigin(
        "dataset",
        name,
        (s.source,),
        "spotpy 1.6.7 examples/spot_setup_cmf_lumped.py (area = 2976.41e6 m²)",
        "ASSUMED basin-centroid latitude (spotpy gives none)",
    )
    return LoadedSeries(s, origin)


def _daily(
    engine: Engine, river_id: str, code: str, source_id: str | None, years: YearSpan | None
) -> tuple[dict[str, float], set[str], int]:
    """Daily values of one code: {date: value}, their sources, and how many non-daily were left out."""
    values = query.indicator_values(
        engine,
        query.ValueFilter(
            entity_type="river",
            entity_id=river_id,
            indicator=code,
            period_from=None if years is None else years[0],
            period_to=None if years is None else years[1],
        ),
    )
    out: dict[str, float] = {}
    seen_src: dict[str, str] = {}
    sources: set[str] = set()
    skipped = 0
    for v in values:
        if source_id is not None and v.source.source_id != source_id:
            continue
        if not _DAY.match(v.period):
            skipped += 1
            continue
        if v.unit != SERIES_UNITS[code]:
            raise DatasetError(
                f"unit {v.unit!r} of {code}, expected {SERIES_UNITS[code]!r}",
                column=code,
                date=v.period,
            )
        if v.period in out:
            raise DatasetError(
                f"{code} has two values for one day (sources {seen_src[v.period]} and "
                f"{v.source.source_id}); choose one source",
                column=code,
                date=v.period,
            )
        out[v.period] = float(v.value)
        seen_src[v.period] = v.source.source_id
        sources.add(str(v.source))
    return out, sources, skipped


def _area(
    engine: Engine, river_id: str, area_km2: float | None, source_id: str | None
) -> tuple[float, str]:
    if area_km2 is not None:
        return area_km2, "given by the user"
    vals = [
        v
        for v in query.indicator_values(
            engine, query.ValueFilter(entity_type="river", entity_id=river_id, indicator=AREA_CODE)
        )
        if source_id is None or v.source.source_id == source_id
    ]
    if not vals:
        raise DatasetError(
            f"no {AREA_CODE} for river {river_id!r} in the store: give the catchment area",
            column=AREA_CODE,
        )
    v = vals[-1]
    return float(v.value), str(v.source)


def load_store_series(
    engine: Engine,
    river_id: str,
    *,
    latitude_deg: float,
    area_km2: float | None = None,
    source_id: str | None = None,
    years: YearSpan | None = None,
    require_discharge: bool = True,
) -> LoadedSeries:
    """The daily series of a river id from the store, validated like any catchment series.

    The days used are those common to the required series (precipitation, temperature and,
    when required, discharge); any day missing inside that span is a gap (HYD001).
    """
    if not (math.isfinite(latitude_deg) and -90.0 <= latitude_deg <= 90.0):
        raise DatasetError(f"latitude {latitude_deg!r} outside -90..90", column="latitude")
    required = ["precipitation_mm", "air_temperature_degc"]
    if require_discharge:
        required.append("discharge_m3s")
    optional = ["air_temperature_min_degc", "air_temperature_max_degc", "swe_mm"]
    data: dict[str, dict[str, float]] = {}
    sources: set[str] = set()
    notes: list[str] = []
    for code in required + optional:
        vals, srcs, skipped = _daily(engine, river_id, code, source_id, years)
        data[code] = vals
        sources |= srcs
        if skipped:
            notes.append(f"{skipped} non-daily value(s) of {code} left out")
    for code in required:
        if not data[code]:
            raise SeriesTooShortError(
                f"no daily {code} for river {river_id!r} in the store", column=code
            )
    first = max(min(data[c]) for c in required)
    last = min(max(data[c]) for c in required)
    if first > last:
        raise SeriesTooShortError(
            f"the required series of {river_id!r} share no day", column="date"
        )
    dates = np.arange(np.datetime64(first), np.datetime64(last) + 1, dtype="datetime64[D]")
    keys = [str(d) for d in dates]

    def column(code: str) -> NDArray[np.float64]:
        return np.array([data[code].get(k, np.nan) for k in keys], dtype=np.float64)

    cols = {c: column(c) for c in required}
    minmax = {c: column(c) for c in ("air_temperature_min_degc", "air_temperature_max_degc")}
    if all(np.all(np.isfinite(a)) for a in minmax.values()):
        cols.update(minmax)  # complete: Hargreaves PET is possible
    elif any(np.any(np.isfinite(a)) for a in minmax.values()):
        notes.append("daily min/max temperature incomplete: Hargreaves PET not available")
    validate_daily_series(
        dates,
        cols,
        precipitation=("precipitation_mm",),
        temperature=(
            "air_temperature_degc",
            "air_temperature_min_degc",
            "air_temperature_max_degc",
        ),
        non_negative=("discharge_m3s",),
    )
    area, area_src = _area(engine, river_id, area_km2, source_id)
    if not area > 0:
        raise DatasetError(f"catchment area {area!r} km² must be positive", column=AREA_CODE)
    series = CatchmentSeries.from_arrays(
        f"river {river_id}",
        dates,
        cols["precipitation_mm"],
        cols["air_temperature_degc"],
        area_km2=area,
        latitude_deg=latitude_deg,
        q_obs_m3s=cols.get("discharge_m3s"),
        tmin=cols.get("air_temperature_min_degc"),
        tmax=cols.get("air_temperature_max_degc"),
        source="; ".join(sorted(sources)),
    )
    origin = SeriesOrigin(
        "store", river_id, tuple(sorted(sources)), area_src, "given by the user", tuple(notes)
    )
    return LoadedSeries(series, origin, data["swe_mm"])

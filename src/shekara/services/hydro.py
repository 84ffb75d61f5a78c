"""Hydrology use cases: calibrate, validate, forecast and route a reservoir scenario.

Thin orchestration over :mod:`shekara.methods.hydrology`. A catchment series comes either
from a shipped dataset (``fulda``, the spotpy example) or from the store, as the daily
indicators of a river id (``precipitation_mm``, ``air_temperature_degc``,
``discharge_m3s``; optionally ``air_temperature_min_degc``/``_max_degc`` for Hargreaves
PET and ``swe_mm`` for the snowpack at a forecast date; the area from
``catchment_area_km2``). Store series are checked with the hydrology package's own
validation, so a gap is ``HYD001``, negative precipitation ``HYD002``, an implausible
temperature ``HYD003``, too short a record ``HYD004``; a value that is not daily, not in
the indicator's unit or given twice for one day is ``HYD010`` (a malformed dataset).

Every result carries where its inputs came from (dataset file or store sources).
"""

from __future__ import annotations

import csv
import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Literal, get_args

import numpy as np
from numpy.typing import NDArray
from sqlalchemy.engine import Engine

from shekara.kb import query
from shekara.methods.hydrology import reservoir as rsv
from shekara.methods.hydrology import skill
from shekara.methods.hydrology.calibration import (
    DEFAULT_MAX_EVALUATIONS,
    CalibrationResult,
    Objective,
    SplitSample,
    calibrate,
)
from shekara.methods.hydrology.datasets import (
    CatchmentSeries,
    PetMethod,
    load_fulda,
    validate_daily_series,
)
from shekara.methods.hydrology.errors import (
    DatasetError,
    ForecastConfigError,
    ParameterBoundsError,
    PeriodError,
    ReservoirConfigError,
    SeriesGapError,
    SeriesTooShortError,
)
from shekara.methods.hydrology.forecast import (
    ForcingScenario,
    Perturbation,
    RiverSection,
    SectionForecast,
    ensemble_forecast,
)
from shekara.methods.hydrology.model import HBVParameters, ModelState, simulate

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
class SeriesOrigin:
    """Where a catchment series came from."""

    kind: Literal["dataset", "store"]
    name: str
    sources: tuple[str, ...]
    area_source: str
    latitude_source: str
    notes: tuple[str, ...] = ()

    def to_dict(self, series: CatchmentSeries) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "name": self.name,
            "first_day": str(series.dates[0]),
            "last_day": str(series.dates[-1]),
            "n_days": int(series.dates.size),
            "area_km2": series.area_km2,
            "area_source": self.area_source,
            "latitude_deg": series.latitude_deg,
            "latitude_source": self.latitude_source,
            "sources": list(self.sources),
            "notes": list(self.notes),
        }


@dataclass(frozen=True)
class LoadedSeries:
    series: CatchmentSeries
    origin: SeriesOrigin
    swe_mm: Mapping[str, float] = field(default_factory=dict)

    @property
    def default_pet(self) -> PetMethod:
        s = self.series
        return "hargreaves" if s.tmin is not None and s.tmax is not None else "oudin"

    def to_dict(self) -> dict[str, Any]:
        return self.origin.to_dict(self.series)


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
        entity_type="river",
        entity_id=river_id,
        indicator=code,
        period_from=None if years is None else years[0],
        period_to=None if years is None else years[1],
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
            engine, entity_type="river", entity_id=river_id, indicator=AREA_CODE
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


# --------------------------------------------------------------------------- calibrate / validate
@dataclass(frozen=True)
class CalibrationReport:
    result: CalibrationResult
    loaded: LoadedSeries

    def to_dict(self) -> dict[str, Any]:
        """``{"parameters", "calibration", "validation"}`` plus ``run`` and ``series``."""
        return {
            **self.result.to_dict(),
            "run": self.result.metadata(),
            "series": self.loaded.to_dict(),
        }


def run_calibration(
    loaded: LoadedSeries,
    *,
    spin_up: YearSpan | None = None,
    calibration: YearSpan | None = None,
    validation: YearSpan | None = None,
    seed: int = 1,
    max_evaluations: int = DEFAULT_MAX_EVALUATIONS,
    objective: Objective = "nse_kge",
    pet_method: PetMethod | None = None,
) -> CalibrationReport:
    """Split-sample calibration on a loaded series (missing periods from :func:`default_split`)."""
    if max_evaluations < 100:
        raise ParameterBoundsError(
            f"budget {max_evaluations} model runs is too small (at least 100)", column="budget"
        )
    periods = default_split(loaded.series, spin_up, calibration, validation)
    res = calibrate(
        loaded.series,
        periods=periods,
        seed=seed,
        objective=objective,
        max_evaluations=max_evaluations,
        pet_method=pet_method or loaded.default_pet,
    )
    return CalibrationReport(res, loaded)


def parameters_from_json(obj: Mapping[str, Any]) -> HBVParameters:
    """Parameters from ``calibrate``'s JSON (``{"parameters": {...}}``) or a flat mapping."""
    raw = obj.get("parameters", obj)
    if not isinstance(raw, Mapping):
        raise ParameterBoundsError("'parameters' must be an object of name: value")
    try:
        values = {str(k): float(v) for k, v in raw.items()}
    except (TypeError, ValueError) as exc:
        raise ParameterBoundsError(f"non-numeric parameter value: {exc}") from None
    return HBVParameters.from_dict(values).validate()


@dataclass(frozen=True)
class ValidationReport:
    parameters: HBVParameters
    period: YearSpan
    spin_up: YearSpan
    scores: skill.SkillScores
    pet_method: str
    loaded: LoadedSeries

    def to_dict(self) -> dict[str, Any]:
        return {
            "period": list(self.period),
            "spin_up": list(self.spin_up),
            "skill": self.scores.to_dict(),
            "kge_2012": round(self.scores.kge_2012, 4),
            "n_days": self.scores.n_days,
            "pet_method": self.pet_method,
            "parameters": {k: round(v, 6) for k, v in self.parameters.to_dict().items()},
            "series": self.loaded.to_dict(),
        }


def run_validation(
    loaded: LoadedSeries,
    parameters: HBVParameters,
    *,
    period: YearSpan,
    spin_up: YearSpan | None = None,
    pet_method: PetMethod | None = None,
) -> ValidationReport:
    """Run fixed parameters from the spin-up through ``period`` and score ``period`` only."""
    s = loaded.series
    if s.q_obs_mm is None:
        raise SeriesTooShortError("no observed discharge to score against", column="discharge")
    first, last = int(s.years[0]), int(s.years[-1])
    spin = spin_up or (first, period[0] - 1)
    if spin[0] > spin[1] or spin[1] >= period[0]:
        raise PeriodError(
            f"no spin-up year before {period[0]} (data start {first}); give a later period",
            column="spin_up",
        )
    for name, (a, b) in (("spin_up", spin), ("period", period)):
        if a < first or b > last:
            raise PeriodError(f"{name} {a}-{b} outside data {first}-{last}", column=name)
    method = pet_method or loaded.default_pet
    run = s.year_mask(spin[0], period[1])
    q = simulate(parameters.validate(), s.precip[run], s.temp[run], s.pet(method)[run]).q_mm
    scored = s.year_mask(period[0], period[1])[run]
    scores = skill.score(s.q_obs_mm[run][scored], q[scored])
    return ValidationReport(parameters, period, spin, scores, method, loaded)


# --------------------------------------------------------------------------- forecast
@dataclass(frozen=True)
class ForecastReport:
    forecast: SectionForecast
    start: str
    horizon_days: int
    parameters_from: str
    initial_state: ModelState
    swe_from: str
    observed: dict[str, Any] | None
    loaded: LoadedSeries
    notes: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        fc = self.forecast.to_dict()
        return {
            "section": fc.pop("section"),
            "start": self.start,
            "horizon_days": self.horizon_days,
            "n_members": fc.pop("n_members"),
            "seed": fc.pop("seed"),
            "peak_m3s": fc.pop("peak_m3s"),
            "alerts": fc.pop("alerts"),
            "parameters_from": self.parameters_from,
            "initial_state": {
                "swe_mm": round(self.initial_state.swe, 3),
                "swe_from": self.swe_from,
                "soil_moisture_mm": round(self.initial_state.sm, 3),
                "groundwater_mm": round(self.initial_state.suz + self.initial_state.slz, 3),
            },
            "observed": self.observed,
            **fc,
            "series": self.loaded.to_dict(),
            "notes": list(self.notes),
        }


def _default_start(s: CatchmentSeries, horizon: int) -> np.datetime64:
    """1 March of the latest year whose horizon still lies in the data (a spring hindcast)."""
    for year in range(int(s.years[-1]), int(s.years[0]), -1):
        start = np.datetime64(f"{year}-03-01")
        if start + np.timedelta64(horizon - 1, "D") <= s.dates[-1]:
            return start
    raise SeriesTooShortError(f"no spring of {horizon} days in the data", column="date")


def read_forcing_csv(path: Path, *, area_km2: float, latitude_deg: float) -> CatchmentSeries:
    """A forcing scenario file: ``date,precipitation_mm,air_temperature_degc`` (+ min/max)."""
    try:
        with path.open(encoding="utf-8", newline="") as fh:
            rows = list(csv.DictReader(fh))
    except (OSError, UnicodeDecodeError) as exc:
        raise DatasetError(f"cannot read {path}: {exc}") from None
    need = ("date", "precipitation_mm", "air_temperature_degc")
    if not rows or any(c not in rows[0] for c in need):
        raise DatasetError(f"{path.name}: columns {', '.join(need)} are required")

    def col(name: str) -> NDArray[np.float64] | None:
        if name not in rows[0]:
            return None
        out = []
        for r in rows:
            cell = (r.get(name) or "").strip()
            try:
                out.append(float(cell) if cell else math.nan)
            except ValueError:
                raise DatasetError(
                    f"non-numeric {name} {cell!r}", column=name, date=r["date"]
                ) from None
        return np.array(out, dtype=np.float64)

    try:
        dates = np.array([r["date"].strip() for r in rows], dtype="datetime64[D]")
    except ValueError as exc:
        raise DatasetError(f"bad date in {path.name}: {exc}", column="date") from None
    p, t = col("precipitation_mm"), col("air_temperature_degc")
    assert p is not None and t is not None
    validate_daily_series(
        dates,
        {"precipitation_mm": p, "air_temperature_degc": t},
        precipitation=("precipitation_mm",),
        temperature=("air_temperature_degc",),
    )
    return CatchmentSeries.from_arrays(
        f"forcing {path.name}",
        dates,
        p,
        t,
        area_km2=area_km2,
        latitude_deg=latitude_deg,
        tmin=col("air_temperature_min_degc"),
        tmax=col("air_temperature_max_degc"),
        source=str(path),
    )


def run_forecast(
    loaded: LoadedSeries,
    *,
    parameters: HBVParameters | None = None,
    start: str | None = None,
    horizon_days: int = 60,
    n_members: int = 50,
    seed: int = 1,
    thresholds: Mapping[str, float] | None = None,
    perturbation: Perturbation | None = None,
    pet_method: PetMethod | None = None,
    max_evaluations: int = DEFAULT_MAX_EVALUATIONS,
    forcing: CatchmentSeries | None = None,
) -> ForecastReport:
    """Ensemble spring-flood forecast from the model state at ``start``.

    Without ``forcing`` it is a hindcast: the observed precipitation and temperature of
    the horizon drive the members (perturbed), and the observed discharge, when there is
    one, is reported beside the probabilities. Without ``parameters`` the model is first
    calibrated on the whole years before the start (seeded by ``seed``). PET comes from the
    same method as the calibration and is not perturbed.
    """
    s = loaded.series
    method = pet_method or loaded.default_pet
    if not (isinstance(horizon_days, int) and horizon_days >= 1):
        raise ForecastConfigError(f"horizon {horizon_days!r} days must be >= 1", column="horizon")
    notes: list[str] = []
    if forcing is not None:
        day0 = forcing.dates[0]
        if start is not None and np.datetime64(start) != day0:
            raise PeriodError(f"--start {start} differs from the forcing's first day {day0}")
        horizon_days = int(forcing.dates.size)
        if s.dates[-1] < day0 - np.timedelta64(1, "D"):
            nxt = str(s.dates[-1] + np.timedelta64(1, "D"))
            raise SeriesGapError("date", nxt, f"history ends {s.dates[-1]}, forcing starts {day0}")
    else:
        day0 = np.datetime64(start, "D") if start else _default_start(s, horizon_days)
    n_hist = int(np.sum(s.dates < day0))
    if n_hist < 365:
        raise SeriesTooShortError(
            f"{n_hist} days before {day0}: at least one year is needed to spin up the state",
            column="date",
            date=str(day0),
        )
    pet_all = s.pet(method)
    if parameters is None:
        y0, ys = int(s.years[0]), int(str(day0)[:4])
        if ys - 1 < y0 + 1:
            raise SeriesTooShortError(
                f"calibration before {day0} needs a spin-up year and a whole year after it",
                column="date",
                date=str(day0),
            )
        res = calibrate(
            s,
            periods=SplitSample((y0, y0), (y0 + 1, ys - 1), None),
            seed=seed,
            max_evaluations=max_evaluations,
            pet_method=method,
        )
        parameters = res.parameters
        sk = res.calibration.to_dict()
        p_from = (
            f"calibrated now on {y0 + 1}-{ys - 1} (spin-up {y0}, seed {seed}, "
            f"{res.n_evaluations} runs; NSE {sk['nse']}, KGE {sk['kge']})"
        )
    else:
        p_from = "given"
    hist = simulate(parameters, s.precip[:n_hist], s.temp[:n_hist], pet_all[:n_hist])
    state = hist.final_state
    prev = str(day0 - np.timedelta64(1, "D"))
    swe_from = "model state"
    if prev in loaded.swe_mm:
        state = replace(state, snow=float(loaded.swe_mm[prev]), liquid=0.0)
        swe_from = f"observed swe_mm on {prev}"
    if forcing is None:
        stop = n_hist + horizon_days
        if stop > s.dates.size:
            raise PeriodError(
                f"horizon to {day0 + np.timedelta64(horizon_days - 1, 'D')} beyond the data "
                f"(last day {s.dates[-1]}); give a forcing file for a real forecast",
                column="start",
            )
        p, t, e = s.precip[n_hist:stop], s.temp[n_hist:stop], pet_all[n_hist:stop]
        notes.append("hindcast: observed forcing of the horizon, perturbed per member")
    else:
        p, t, e = forcing.precip, forcing.temp, forcing.pet(method)
    scenario = ForcingScenario.create(p, t, pet=e, start_date=day0)
    section = RiverSection(
        loaded.origin.name, s.area_km2, parameters, state, dict(thresholds or {})
    )
    fc = ensemble_forecast(
        section, scenario, seed=seed, n_members=n_members, perturbation=perturbation
    )
    observed = None
    if forcing is None and s.q_obs_m3s is not None:
        q_obs = s.q_obs_m3s[n_hist : n_hist + horizon_days]
        i = int(np.argmax(q_obs))
        observed = {
            "peak_m3s": round(float(q_obs[i]), 3),
            "peak_day": str(day0 + np.timedelta64(i, "D")),
            "exceeded": {k: bool(q_obs.max() > v) for k, v in (thresholds or {}).items()},
            "within_peak_q05_q95": bool(
                fc.peak_quantiles_m3s[0] <= q_obs[i] <= fc.peak_quantiles_m3s[-1]
            ),
        }
    return ForecastReport(
        fc, str(day0), horizon_days, p_from, state, swe_from, observed, loaded, tuple(notes)
    )


# --------------------------------------------------------------------------- reservoir
Policy = Literal["hold_then_release", "pre_release"]
POLICIES: tuple[str, ...] = get_args(Policy)


@dataclass(frozen=True)
class ReservoirOptions:
    """The spring-2024-style Iriklinsk scenario; every default is an ``ASSUMED_*`` constant."""

    peak_inflow_m3s: float = rsv.ASSUMED_PEAK_INFLOW_M3S
    base_inflow_m3s: float = rsv.ASSUMED_BASE_INFLOW_M3S
    time_to_peak_days: float = rsv.ASSUMED_TIME_TO_PEAK_DAYS
    duration_days: int = rsv.ASSUMED_DURATION_DAYS
    initial_level_m: float = rsv.ASSUMED_INITIAL_LEVEL_M
    outlet_capacity_m3s: float = rsv.ASSUMED_OUTLET_CAPACITY_M3S
    min_release_m3s: float = rsv.ASSUMED_MIN_RELEASE_M3S
    dam_crest_m: float = rsv.ASSUMED_DAM_CREST_M
    spillway_length_m: float = rsv.ASSUMED_SPILLWAY_LENGTH_M
    start_date: str = rsv.ASSUMED_START_DATE
    inflow_m3s: tuple[float, ...] | None = None
    inflow_source: str | None = None

    def assumptions(self) -> list[dict[str, Any]]:
        """Every number of the scenario, flagged sourced / assumed / set by the user."""
        default = ReservoirOptions()
        rows: list[dict[str, Any]] = [
            {
                "name": "area_at_nrl_km2",
                "value": rsv.IRIKLINSK_AREA_AT_NRL_KM2,
                "status": "sourced",
                "source": "seed-d:003_fdba4c7b7a2b31c7.txt:594",
            },
            {"name": "normal_retention_level_m", "value": rsv.ASSUMED_NRL_M, "status": "assumed"},
            {
                "name": "level_area_table",
                "value": ", ".join(
                    f"{lv:g} m: {a:g} km²"
                    for lv, a in zip(rsv.ASSUMED_LEVELS_M, rsv.ASSUMED_AREAS_KM2, strict=True)
                ),
                "status": "assumed (only 260 km² at NRL is sourced)",
            },
            {
                "name": "dam_crest_length_m",
                "value": rsv.ASSUMED_DAM_CREST_LENGTH_M,
                "status": "assumed",
            },
            {
                "name": "dam_crest_weir_coefficient",
                "value": rsv.ASSUMED_DAM_CREST_COEFF,
                "status": "assumed",
            },
            {
                "name": "spillway_crest_m",
                "value": rsv.ASSUMED_SPILLWAY_CREST_M,
                "status": "assumed",
            },
            {
                "name": "spillway_weir_coefficient",
                "value": rsv.ASSUMED_SPILLWAY_COEFF,
                "status": "assumed",
            },
            {"name": "outlet_invert_m", "value": rsv.ASSUMED_OUTLET_INVERT_M, "status": "assumed"},
            {"name": "inflow_shape_k", "value": rsv.ASSUMED_SHAPE_K, "status": "assumed"},
        ]
        for name in (
            "peak_inflow_m3s",
            "base_inflow_m3s",
            "time_to_peak_days",
            "duration_days",
            "initial_level_m",
            "outlet_capacity_m3s",
            "min_release_m3s",
            "dam_crest_m",
            "spillway_length_m",
            "start_date",
        ):
            v, d = getattr(self, name), getattr(default, name)
            status = "assumed" if v == d else "assumed (set by the user)"
            if name == "start_date" and self.inflow_m3s is not None:
                status = "from the inflow series"
            rows.append({"name": name, "value": v, "status": status})
        if self.inflow_m3s is not None:
            for r in rows:
                if r["name"] in (
                    "peak_inflow_m3s",
                    "base_inflow_m3s",
                    "time_to_peak_days",
                    "duration_days",
                    "inflow_shape_k",
                ):
                    r["status"] = "not used (inflow series given)"
            rows.append(
                {
                    "name": "inflow_series",
                    "value": self.inflow_source,
                    "status": "given by the user",
                }
            )
        return rows


def _reservoir(opts: ReservoirOptions) -> rsv.Reservoir:
    return rsv.Reservoir(
        name="Iriklinsk-like (assumed geometry; only 260 km² area is sourced)",
        table=rsv.StorageTable.from_level_area(rsv.ASSUMED_LEVELS_M, rsv.ASSUMED_AREAS_KM2),
        spillway=rsv.Spillway(
            rsv.ASSUMED_SPILLWAY_CREST_M, opts.spillway_length_m, rsv.ASSUMED_SPILLWAY_COEFF
        ),
        outlet=rsv.ControlledOutlet(opts.outlet_capacity_m3s, rsv.ASSUMED_OUTLET_INVERT_M),
        dam_crest_level_m=opts.dam_crest_m,
        dam_crest_length_m=rsv.ASSUMED_DAM_CREST_LENGTH_M,
        dam_crest_coefficient=rsv.ASSUMED_DAM_CREST_COEFF,
    )


@dataclass(frozen=True)
class ReservoirRun:
    policy: str
    result: rsv.RoutingResult

    def summary(self) -> dict[str, Any]:
        r = self.result
        d = r.to_dict(include_series=False)
        dates = r.dates() or []
        dt = r.dt_s
        return {
            "policy": self.policy,
            "overtopped": d["overtopped"],
            "first_overtop_time": d["first_overtop_time"],
            "overtop_duration_hours": d["overtop_duration_hours"],
            "overtop_volume_km3": round(r.overtop_volume_m3 / 1e9, 4),
            "peak_level_m": d["peak_level_m"],
            "min_freeboard_m": d["min_freeboard_m"],
            "peak_outflow_m3s": d["peak_outflow_m3s"],
            "peak_outflow_day": dates[r.peak_outflow_step][:10] if dates else None,
            "peak_inflow_m3s": round(float(np.max(r.inflow_m3s)), 3),
            "inflow_volume_km3": round(float(np.sum(r.inflow_m3s)) * dt / 1e9, 4),
            "released_volume_km3": round(float(np.sum(r.outflow_m3s)) * dt / 1e9, 4),
            "outlet_volume_km3": round(float(np.sum(r.outlet_m3s)) * dt / 1e9, 4),
            "spillway_volume_km3": round(float(np.sum(r.spill_m3s)) * dt / 1e9, 4),
            "mass_balance_residual_m3": d["mass_balance_residual_m3"],
        }


@dataclass(frozen=True)
class ReservoirReport:
    options: ReservoirOptions
    runs: tuple[ReservoirRun, ...]

    def to_dict(self, include_series: bool = False) -> dict[str, Any]:
        out: dict[str, Any] = {
            "reservoir": "Iriklinsk-like (illustrative)",
            "runs": [r.summary() for r in self.runs],
            "assumptions": self.options.assumptions(),
            "stated": [
                {
                    "what": "Iriklinsk reservoir overflowed in spring 2024",
                    "source": "seed-d:003_fdba4c7b7a2b31c7.txt:615",
                },
            ],
            "warning": "all numbers except the 260 km² area are assumptions: this illustrates "
            "the method and the value of an early release, not the real 2024 event",
        }
        if include_series:
            out["series"] = {r.policy: r.result.to_dict()["series"] for r in self.runs}
        return out


def reservoir_scenario(
    opts: ReservoirOptions | None = None, policies: Sequence[str] = POLICIES
) -> ReservoirReport:
    """Route the (assumed) spring flood through the Iriklinsk-like reservoir under each policy.

    With the defaults, ``hold_then_release`` equals
    :func:`~shekara.methods.hydrology.reservoir.iriklinsk_spring_2024_scenario`.
    """
    o = opts or ReservoirOptions()
    for p in policies:
        if p not in POLICIES:
            raise ReservoirConfigError(
                f"unknown policy {p!r}; use {', '.join(POLICIES)}", column="policy"
            )
    for name in ("peak_inflow_m3s", "base_inflow_m3s", "outlet_capacity_m3s", "min_release_m3s"):
        v = getattr(o, name)
        if not (math.isfinite(v) and v >= 0):
            raise ReservoirConfigError(f"{name}={v!r} must be finite and >= 0", column=name)
    if not (o.time_to_peak_days > 0 and o.duration_days >= 1):
        raise ReservoirConfigError(
            "time to peak must be > 0 and duration >= 1 day", column="inflow"
        )
    res = _reservoir(o)
    inflow = (
        rsv.synthetic_flood_hydrograph(
            o.peak_inflow_m3s,
            o.time_to_peak_days,
            rsv.ASSUMED_SHAPE_K,
            o.base_inflow_m3s,
            o.duration_days,
        )
        if o.inflow_m3s is None
        else np.asarray(o.inflow_m3s, dtype=np.float64)
    )
    cap = res.outlet.capacity_m3s
    runs = []
    for policy in policies:
        release: rsv.ReleaseRule | float
        if policy == "hold_then_release":

            def rule(level: float, _q: float, _i: int) -> float:
                return o.min_release_m3s if level < rsv.ASSUMED_NRL_M else cap

            release = rule
        else:
            release = cap
        r = rsv.route(
            res, inflow, initial_level_m=o.initial_level_m, release=release, start_date=o.start_date
        )
        runs.append(ReservoirRun(policy, r))
    return ReservoirReport(o, tuple(runs))


def read_inflow_csv(path: Path) -> tuple[str, tuple[float, ...]]:
    """Daily inflow ``date,inflow_m3s`` (consecutive days, no gaps, not negative): first day, values."""
    try:
        with path.open(encoding="utf-8", newline="") as fh:
            rows = list(csv.DictReader(fh))
    except (OSError, UnicodeDecodeError) as exc:
        raise DatasetError(f"cannot read {path}: {exc}") from None
    if not rows or "date" not in rows[0] or "inflow_m3s" not in rows[0]:
        raise DatasetError(f"{path.name}: columns date,inflow_m3s are required")
    try:
        dates = np.array([r["date"].strip() for r in rows], dtype="datetime64[D]")
        q = np.array([float(r["inflow_m3s"] or "nan") for r in rows], dtype=np.float64)
    except ValueError as exc:
        raise DatasetError(f"{path.name}: {exc}") from None
    validate_daily_series(dates, {"inflow_m3s": q}, non_negative=("inflow_m3s",))
    return str(dates[0]), tuple(float(x) for x in q)

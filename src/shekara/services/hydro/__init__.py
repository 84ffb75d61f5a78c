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

from shekara.services.hydro.calibration import (
    CalibrationReport,
    CalibrationRun,
    Skill,
    ValidationReport,
    parameters_from_json,
    run_calibration,
    run_validation,
)
from shekara.services.hydro.forecast import (
    AlertLevel,
    ForecastReport,
    InitialState,
    ObservedPeak,
    read_forcing_csv,
    run_forecast,
)
from shekara.services.hydro.reservoir import (
    POLICIES,
    Policy,
    ReservoirInput,
    ReservoirLevels,
    ReservoirOptions,
    ReservoirReport,
    ReservoirRunSummary,
    ReservoirSeries,
    read_inflow_csv,
    reservoir_scenario,
)
from shekara.services.hydro.series import (
    AREA_CODE,
    DATASETS,
    SERIES_UNITS,
    LoadedSeries,
    SeriesInfo,
    SeriesOrigin,
    YearSpan,
    default_split,
    load_dataset,
    load_store_series,
    parse_years,
)

__all__ = [
    "AREA_CODE",
    "DATASETS",
    "POLICIES",
    "SERIES_UNITS",
    "AlertLevel",
    "CalibrationReport",
    "CalibrationRun",
    "ForecastReport",
    "InitialState",
    "LoadedSeries",
    "ObservedPeak",
    "Policy",
    "ReservoirInput",
    "ReservoirLevels",
    "ReservoirOptions",
    "ReservoirReport",
    "ReservoirRunSummary",
    "ReservoirSeries",
    "SeriesInfo",
    "SeriesOrigin",
    "Skill",
    "ValidationReport",
    "YearSpan",
    "default_split",
    "load_dataset",
    "load_store_series",
    "parameters_from_json",
    "parse_years",
    "read_forcing_csv",
    "read_inflow_csv",
    "reservoir_scenario",
    "run_calibration",
    "run_forecast",
    "run_validation",
]

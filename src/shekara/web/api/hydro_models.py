"""Response models of the hydrology endpoints (``/api/water/forecast``, ``/api/water/reservoir``)."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, Field


# ----------------------------------------------------------------------------- models
class AlertLevel(BaseModel):
    """Exceedance of one alert level by the ensemble."""

    threshold_m3s: float
    probability: float = Field(
        description="P(the peak over the horizon exceeds the level): a member frequency."
    )
    daily_probability: list[float] = Field(description="P(Q > level) on each day.")
    first_day_probability_ge_0_5: str | None = Field(
        description="First day with a daily probability ≥ 0.5, or null."
    )


class ForecastCalibration(BaseModel):
    """How the parameters were obtained (once per process and start year)."""

    dataset: str
    spin_up: list[int]
    calibration_years: list[int]
    seed: int
    budget: int
    n_evaluations: int
    objective: str
    pet_method: str
    skill: dict[str, float] = Field(description="NSE, KGE (2009), PBIAS, RSR on the years fitted.")
    parameters: dict[str, float]


class ForecastObserved(BaseModel):
    """The hindcast's verification: what the river really did in the horizon."""

    peak_m3s: float
    peak_day: str
    exceeded: dict[str, bool]
    within_peak_q05_q95: bool


class ForecastInitialState(BaseModel):
    swe_mm: float
    swe_from: str
    soil_moisture_mm: float
    groundwater_mm: float


class WaterForecast(BaseModel):
    """``shekara.services.hydro.run_forecast(...).to_dict()`` plus the observed discharge of
    the horizon, the calibration and the alert levels that are likely (p ≥ 0.5)."""

    section: str
    start: str
    horizon_days: int
    n_members: int
    seed: int
    area_km2: float
    dates: list[str]
    quantiles_m3s: dict[str, list[float]] = Field(
        description="Daily discharge quantiles q05, q25, q50, q75, q95 (m³/s)."
    )
    peak_m3s: dict[str, float] = Field(description="Quantiles of the peak over the horizon.")
    alerts: dict[str, AlertLevel]
    likely_alerts: list[str] = Field(
        description="Alert levels whose exceedance probability is at least 0.5."
    )
    thresholds_source: Literal["given", "illustrative"] = Field(
        description="given: from the request; illustrative: the defaults (no official levels)."
    )
    observed_m3s: list[float] = Field(description="Observed daily discharge over the horizon.")
    observed: ForecastObserved | None
    perturbation: dict[str, float]
    parameters_from: str
    calibration: ForecastCalibration
    initial_state: ForecastInitialState
    series: dict[str, Any] = Field(description="The input series and where it comes from.")
    notes: list[str]


class ReservoirRunSummary(BaseModel):
    policy: str
    overtopped: bool
    first_overtop_time: str | None
    overtop_duration_hours: float
    overtop_volume_km3: float
    peak_level_m: float
    min_freeboard_m: float
    peak_outflow_m3s: float
    peak_outflow_day: str | None
    peak_inflow_m3s: float
    inflow_volume_km3: float
    released_volume_km3: float
    outlet_volume_km3: float
    spillway_volume_km3: float
    mass_balance_residual_m3: float


class ReservoirSeries(BaseModel):
    """Daily means (m³/s) and end-of-day pool levels (m)."""

    dates: list[str]
    inflow_m3s: list[float]
    outflow_m3s: list[float]
    spill_m3s: list[float]
    outlet_m3s: list[float]
    overtop_m3s: list[float]
    level_m: list[float]


class ReservoirInput(BaseModel):
    """One number of the scenario and whether it is sourced or assumed."""

    name: str
    value: int | float | str | None
    status: str = Field(
        description="sourced, assumed, assumed (set by the user), or a note on its use."
    )
    source: str | None = None


class ReservoirStated(BaseModel):
    what: str
    source: str


class ReservoirLevels(BaseModel):
    """Reference levels for a chart (m): all assumed except where the inputs say otherwise."""

    dam_crest_m: float
    spillway_crest_m: float
    normal_retention_level_m: float
    outlet_invert_m: float


class ReservoirScenario(BaseModel):
    """``shekara.services.hydro.reservoir_scenario(...).to_dict(include_series=True)`` plus
    the reference levels."""

    reservoir: str
    runs: list[ReservoirRunSummary]
    series: dict[str, ReservoirSeries] = Field(description="Per policy.")
    levels: ReservoirLevels
    assumptions: list[ReservoirInput]
    stated: list[ReservoirStated]
    warning: str

"""Ensemble spring-flood forecast for one or several river sections.

Each member starts from the section's initial state (snowpack, soil, ground
water as left by the model at the forecast date) and is driven by the forcing
scenario with three perturbations drawn from a seeded
``numpy.random.Generator``:

* temperature: an additive offset ``δ ~ N(0, temp_sd)`` per member, plus
  optional independent daily noise ``N(0, temp_daily_sd)``;
* precipitation: a multiplicative, mean-one log-normal factor per member with
  coefficient of variation ``precip_cv``;
* initial snow water equivalent: a mean-one log-normal factor with CV
  ``swe_cv`` applied to solid and liquid snow (snow surveys are uncertain).

When the scenario carries no PET, it is recomputed per member from the
*perturbed* temperature (Oudin), so warmer members also evaporate more.

The result gives daily discharge quantiles (m³/s) and, for each alert level,
the probability that the level is exceeded on each day and at any time in the
horizon — the number a duty officer needs. Probabilities are member
frequencies: with N members they are multiples of 1/N.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from shekara.methods.hydrology.errors import ForecastConfigError, MisalignedSeriesError
from shekara.methods.hydrology.model import (
    HBVParameters,
    ModelState,
    mm_per_day_to_m3s,
    simulate_batch,
)
from shekara.methods.hydrology.pet import pet_oudin

__all__ = [
    "AlertExceedance",
    "ForcingScenario",
    "Perturbation",
    "RiverSection",
    "SectionForecast",
    "ensemble_forecast",
    "exceedance_probability",
    "forecast_sections",
]

DEFAULT_QUANTILES: tuple[float, ...] = (0.05, 0.25, 0.5, 0.75, 0.95)


@dataclass(frozen=True)
class RiverSection:
    """A forecast point: its calibrated model, state and alert levels (m³/s)."""

    name: str
    area_km2: float
    parameters: HBVParameters
    initial_state: ModelState
    alert_levels_m3s: Mapping[str, float] = field(default_factory=dict)

    def check(self) -> RiverSection:
        if not self.area_km2 > 0:
            raise ForecastConfigError(
                f"section {self.name!r}: area must be positive", column="area_km2"
            )
        for label, q in self.alert_levels_m3s.items():
            if not (math.isfinite(q) and q > 0):
                raise ForecastConfigError(
                    f"section {self.name!r}: alert level {label!r}={q!r} must be a positive m³/s",
                    column=label,
                )
        self.parameters.validate()
        return self


@dataclass(frozen=True)
class ForcingScenario:
    """Daily forcing for the forecast horizon.

    Either give ``pet`` (mm/day) or both ``start_date`` and ``latitude_deg``
    so PET can be computed from the (perturbed) temperature.
    """

    precip: NDArray[np.float64]
    temp: NDArray[np.float64]
    pet: NDArray[np.float64] | None = None
    start_date: np.datetime64 | None = None
    latitude_deg: float | None = None

    @classmethod
    def create(
        cls,
        precip: ArrayLike,
        temp: ArrayLike,
        *,
        pet: ArrayLike | None = None,
        start_date: str | np.datetime64 | None = None,
        latitude_deg: float | None = None,
    ) -> ForcingScenario:
        p = np.asarray(precip, dtype=np.float64)
        t = np.asarray(temp, dtype=np.float64)
        e = None if pet is None else np.asarray(pet, dtype=np.float64)
        if p.ndim != 1 or p.shape != t.shape or (e is not None and e.shape != p.shape):
            raise MisalignedSeriesError(
                "scenario precipitation, temperature and PET must be equal 1-D series"
            )
        if p.size == 0:
            raise ForecastConfigError("empty forcing scenario")
        for name, a in (("precipitation", p), ("temperature", t), ("pet", e)):
            if a is not None and not np.all(np.isfinite(a)):
                raise MisalignedSeriesError("non-finite scenario value", column=name)
        if np.any(p < 0):
            raise ForecastConfigError("negative precipitation in scenario", column="precipitation")
        sd = None if start_date is None else _as_day(start_date)
        if e is None and (sd is None or latitude_deg is None):
            raise ForecastConfigError("give pet, or start_date and latitude_deg to compute it")
        return cls(p, t, e, sd, latitude_deg)

    @property
    def n_days(self) -> int:
        return int(self.precip.size)

    def dates(self) -> NDArray[np.datetime64] | None:
        if self.start_date is None:
            return None
        return self.start_date + np.arange(self.n_days).astype("timedelta64[D]")


@dataclass(frozen=True, slots=True)
class Perturbation:
    """Ensemble spread. Defaults are illustrative, to be tuned on hindcasts."""

    temp_sd: float = 1.5  # °C, per-member additive offset
    temp_daily_sd: float = 0.0  # °C, independent daily noise
    precip_cv: float = 0.25  # -, per-member multiplicative factor
    swe_cv: float = 0.2  # -, per-member factor on initial snow

    def check(self) -> Perturbation:
        for name in ("temp_sd", "temp_daily_sd", "precip_cv", "swe_cv"):
            v = getattr(self, name)
            if not (math.isfinite(v) and v >= 0):
                raise ForecastConfigError(f"{name}={v!r} must be finite and >= 0", column=name)
        return self


def _as_day(value: str | np.datetime64) -> np.datetime64:
    """A calendar day as ``datetime64[D]`` from an ISO string or a datetime64."""
    return (
        np.datetime64(str(value)[:10]) if isinstance(value, str) else value.astype("datetime64[D]")
    )


def _lognormal_mean_one(rng: np.random.Generator, cv: float, size: int) -> NDArray[np.float64]:
    """Log-normal factors with mean exactly 1 in expectation and the given CV."""
    if cv == 0.0:
        return np.ones(size)
    sigma = math.sqrt(math.log1p(cv * cv))
    return np.exp(rng.normal(-0.5 * sigma * sigma, sigma, size))


def exceedance_probability(members: ArrayLike, threshold: float) -> float:
    """Fraction of members whose peak over the horizon exceeds ``threshold``.

    Non-increasing in ``threshold`` by construction.

    >>> exceedance_probability([[1.0, 5.0], [2.0, 3.0], [0.5, 0.7]], 2.5)
    0.6666666666666666
    """
    arr = np.asarray(members, dtype=np.float64)
    if arr.ndim != 2 or arr.shape[0] == 0:
        raise ForecastConfigError("members must be a non-empty (m, n) array")
    return float(np.mean(arr.max(axis=1) > threshold))


@dataclass(frozen=True)
class AlertExceedance:
    """Exceedance of one alert level at one section."""

    label: str
    threshold_m3s: float
    probability: float  # P(peak over the horizon > threshold)
    daily_probability: NDArray[np.float64]  # P(Q_t > threshold) per day
    first_likely_day: int | None  # first day index with daily probability >= 0.5

    def to_dict(self, dates: Sequence[str] | None) -> dict[str, Any]:
        first: int | str | None = self.first_likely_day
        if self.first_likely_day is not None and dates is not None:
            first = dates[self.first_likely_day]
        return {
            "threshold_m3s": self.threshold_m3s,
            "probability": round(self.probability, 4),
            "daily_probability": [round(float(x), 4) for x in self.daily_probability],
            "first_day_probability_ge_0_5": first,
        }


@dataclass(frozen=True)
class SectionForecast:
    """Ensemble forecast at one section."""

    section: str
    area_km2: float
    n_members: int
    seed: int | None
    dates: NDArray[np.datetime64] | None
    quantile_levels: tuple[float, ...]
    quantiles_m3s: NDArray[np.float64]  # (n_quantiles, n_days)
    peak_quantiles_m3s: NDArray[np.float64]  # (n_quantiles,)
    members_m3s: NDArray[np.float64]  # (n_members, n_days)
    alerts: Mapping[str, AlertExceedance]
    perturbation: Perturbation
    #: Set by :func:`forecast_sections`: the ensemble used child stream
    #: ``SeedSequence(seed).spawn(k)[seed_spawn_index]``.
    seed_spawn_index: int | None = None

    def to_dict(self, include_members: bool = False) -> dict[str, Any]:
        dates = None if self.dates is None else [str(d) for d in self.dates]
        qkey = [f"q{round(q * 100):02d}" for q in self.quantile_levels]
        out: dict[str, Any] = {
            "section": self.section,
            "area_km2": self.area_km2,
            "n_members": self.n_members,
            "seed": self.seed,
            "seed_spawn_index": self.seed_spawn_index,
            "dates": dates,
            "quantiles_m3s": {
                k: [round(float(x), 3) for x in row]
                for k, row in zip(qkey, self.quantiles_m3s, strict=True)
            },
            "peak_m3s": {
                k: round(float(x), 3) for k, x in zip(qkey, self.peak_quantiles_m3s, strict=True)
            },
            "alerts": {k: a.to_dict(dates) for k, a in self.alerts.items()},
            "perturbation": {
                "temp_sd": self.perturbation.temp_sd,
                "temp_daily_sd": self.perturbation.temp_daily_sd,
                "precip_cv": self.perturbation.precip_cv,
                "swe_cv": self.perturbation.swe_cv,
            },
        }
        if include_members:
            out["members_m3s"] = [[round(float(x), 3) for x in row] for row in self.members_m3s]
        return out


def ensemble_forecast(
    section: RiverSection,
    scenario: ForcingScenario,
    *,
    seed: int | np.random.SeedSequence,
    n_members: int = 50,
    perturbation: Perturbation | None = None,
    quantiles: Sequence[float] = DEFAULT_QUANTILES,
) -> SectionForecast:
    """Run ``n_members`` perturbed simulations and summarise them.

    The same ``seed`` gives the same ensemble, bit for bit.
    """
    section.check()
    pert = (perturbation or Perturbation()).check()
    if not (isinstance(n_members, int) and n_members >= 1):
        raise ForecastConfigError(
            f"n_members={n_members!r} must be a positive integer", column="n_members"
        )
    qs = tuple(float(q) for q in quantiles)
    if not qs or any(not 0.0 <= q <= 1.0 for q in qs):
        raise ForecastConfigError(f"quantiles {qs} must lie in [0, 1]", column="quantiles")
    rng = np.random.default_rng(seed)
    m, n = n_members, scenario.n_days

    # Draw in a fixed order so each perturbation stream is reproducible.
    t_offset = rng.normal(0.0, pert.temp_sd, m) if pert.temp_sd > 0 else np.zeros(m)
    t_noise = rng.normal(0.0, pert.temp_daily_sd, (m, n)) if pert.temp_daily_sd > 0 else 0.0
    p_factor = _lognormal_mean_one(rng, pert.precip_cv, m)
    swe_factor = _lognormal_mean_one(rng, pert.swe_cv, m)

    temp = scenario.temp[None, :] + t_offset[:, None] + t_noise
    precip = scenario.precip[None, :] * p_factor[:, None]
    if scenario.pet is not None:
        pet: NDArray[np.float64] = np.broadcast_to(scenario.pet, (m, n))
    else:
        assert scenario.start_date is not None and scenario.latitude_deg is not None
        dates = scenario.dates()
        assert dates is not None
        doy = (dates - dates.astype("datetime64[Y]")).astype(np.int64) + 1
        pet = pet_oudin(temp, doy[None, :], scenario.latitude_deg)
    states = [section.initial_state.scaled_swe(float(f)) for f in swe_factor]
    pars = np.tile(section.parameters.to_array(), (m, 1))
    q_mm = simulate_batch(pars, precip, temp, pet, initial_states=states)
    q = mm_per_day_to_m3s(q_mm, section.area_km2)

    qmat = np.quantile(q, qs, axis=0)
    peaks = np.quantile(q.max(axis=1), qs)
    alerts: dict[str, AlertExceedance] = {}
    for label, thr in section.alert_levels_m3s.items():
        daily = np.mean(q > thr, axis=0)
        likely = np.flatnonzero(daily >= 0.5)
        alerts[label] = AlertExceedance(
            label=label,
            threshold_m3s=float(thr),
            probability=exceedance_probability(q, thr),
            daily_probability=daily,
            first_likely_day=int(likely[0]) if likely.size else None,
        )
    return SectionForecast(
        section=section.name,
        area_km2=section.area_km2,
        n_members=m,
        seed=seed if isinstance(seed, int) else None,
        dates=scenario.dates(),
        quantile_levels=qs,
        quantiles_m3s=qmat,
        peak_quantiles_m3s=peaks,
        members_m3s=q,
        alerts=alerts,
        perturbation=pert,
    )


def forecast_sections(
    cases: Sequence[tuple[RiverSection, ForcingScenario]],
    *,
    seed: int,
    n_members: int = 50,
    perturbation: Perturbation | None = None,
    quantiles: Sequence[float] = DEFAULT_QUANTILES,
) -> list[SectionForecast]:
    """Forecast several sections; each gets an independent child seed.

    Child streams come from ``numpy.random.SeedSequence(seed).spawn``, so
    adding a section does not change the ensembles of the others before it.
    """
    names = [s.name for s, _ in cases]
    if len(set(names)) != len(names):
        raise ForecastConfigError("section names must be unique", column="section")
    children = np.random.SeedSequence(seed).spawn(len(cases))
    out = []
    for k, ((section, scenario), child) in enumerate(zip(cases, children, strict=True)):
        fc = ensemble_forecast(
            section,
            scenario,
            seed=child,
            n_members=n_members,
            perturbation=perturbation,
            quantiles=quantiles,
        )
        out.append(replace(fc, seed=seed, seed_spawn_index=k))
    return out

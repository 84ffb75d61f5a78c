"""Level-pool reservoir routing with a free spillway, a controlled outlet and
dam overtopping.

Continuity ``dS/dt = I − O(S)`` is integrated with the implicit (backward)
Euler scheme on sub-steps of each inflow interval:

* the controlled-outlet release ``r`` is the operator's decision at the start
  of the sub-step, ``min(target, capacity, water above the outlet invert)``;
* the free outflows — the spillway weir ``Q = C·L·h^1.5`` above its crest and
  the flow over the dam crest once it is overtopped — are evaluated at the
  *end* of the sub-step, solving ``S₁ = S₀ + (I − r − W(S₁))·Δt`` by Brent's
  method. ``W`` grows with ``S``, so the root is unique and the scheme is
  unconditionally stable (no oscillation when the pool is small).

The free outflow recorded for the sub-step is then *defined* as
``I − r − (S₁ − S₀)/Δt``, so the volume balance closes to floating-point
rounding whatever the root-finder tolerance.

The storage–area–level relation is a table; storage and level are linearly
interpolated against each other (so they invert exactly) and the table is
extended above its top with the top area (prismatic extrapolation).

>>> Spillway(crest_level_m=100.0, length_m=10.0, coefficient=2.0).discharge(101.0)
20.0
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
from numpy.typing import ArrayLike
from scipy.optimize import brentq

from shekara.methods.arrays import Array
from shekara.methods.hydrology.errors import ReservoirConfigError
from shekara.methods.hydrology.reservoir_model import (
    ControlledOutlet,
    Reservoir,
    Spillway,
    StorageTable,
    weir_discharge,
)

__all__ = [
    "ControlledOutlet",
    "ReleaseRule",
    "Reservoir",
    "RoutingResult",
    "Spillway",
    "StorageTable",
    "iriklinsk_reservoir",
    "iriklinsk_spring_2024_scenario",
    "route",
    "synthetic_flood_hydrograph",
    "weir_discharge",
]

#: A release rule gets (pool level m, inflow m³/s, step index) and returns the
#: desired controlled-outlet release, m³/s (capped by the outlet itself).
ReleaseRule = Callable[[float, float, int], float]


@dataclass(frozen=True)
class RoutingResult:
    """Per-step means (m³/s), end-of-step levels (m) and the overtopping verdict."""

    reservoir: str
    dt_s: float
    substeps: int
    start_date: np.datetime64 | None
    inflow_m3s: Array
    outflow_m3s: Array  # total release downstream
    spill_m3s: Array
    outlet_m3s: Array
    overtop_m3s: Array
    level_m: Array
    storage_m3: Array
    initial_level_m: float
    initial_storage_m3: float
    dam_crest_level_m: float
    peak_outflow_m3s: float  # highest sub-step outflow
    peak_outflow_step: int
    peak_level_m: float
    first_overtop_hours: float | None  # time from start to first overtopping, h
    overtop_duration_hours: float
    overtop_volume_m3: float

    @property
    def overtopped(self) -> bool:
        return self.first_overtop_hours is not None

    @property
    def min_freeboard_m(self) -> float:
        return self.dam_crest_level_m - self.peak_level_m

    def mass_balance_residual_m3(self) -> float:
        """``Σ I·Δt − Σ O·Δt − ΔS``; zero up to rounding."""
        vin = float(np.sum(self.inflow_m3s)) * self.dt_s
        vout = float(np.sum(self.outflow_m3s)) * self.dt_s
        return vin - vout - (float(self.storage_m3[-1]) - self.initial_storage_m3)

    def dates(self) -> list[str] | None:
        if self.start_date is None:
            return None
        return [
            str(self.start_date + np.timedelta64(int(i * self.dt_s), "s"))
            for i in range(self.inflow_m3s.size)
        ]

    def to_dict(self, include_series: bool = True) -> dict[str, Any]:
        first_date = None
        if self.first_overtop_hours is not None and self.start_date is not None:
            first_date = str(
                self.start_date.astype("datetime64[s]")
                + np.timedelta64(int(self.first_overtop_hours * 3600), "s")
            )
        out: dict[str, Any] = {
            "reservoir": self.reservoir,
            "overtopped": self.overtopped,
            "first_overtop_hours": self.first_overtop_hours,
            "first_overtop_time": first_date,
            "overtop_duration_hours": round(self.overtop_duration_hours, 3),
            "overtop_volume_m3": round(self.overtop_volume_m3, 1),
            "peak_outflow_m3s": round(self.peak_outflow_m3s, 3),
            "peak_outflow_step": self.peak_outflow_step,
            "peak_level_m": round(self.peak_level_m, 3),
            "dam_crest_level_m": self.dam_crest_level_m,
            "min_freeboard_m": round(self.min_freeboard_m, 3),
            "released_volume_m3": round(float(np.sum(self.outflow_m3s)) * self.dt_s, 1),
            "mass_balance_residual_m3": self.mass_balance_residual_m3(),
        }
        if include_series:
            out["series"] = {
                "dates": self.dates(),
                "inflow_m3s": [round(float(x), 3) for x in self.inflow_m3s],
                "outflow_m3s": [round(float(x), 3) for x in self.outflow_m3s],
                "spill_m3s": [round(float(x), 3) for x in self.spill_m3s],
                "outlet_m3s": [round(float(x), 3) for x in self.outlet_m3s],
                "overtop_m3s": [round(float(x), 3) for x in self.overtop_m3s],
                "level_m": [round(float(x), 4) for x in self.level_m],
            }
        return out


def _as_day(value: str | np.datetime64) -> np.datetime64:
    return (
        np.datetime64(str(value)[:10]) if isinstance(value, str) else value.astype("datetime64[D]")
    )


def route(
    reservoir: Reservoir,
    inflow_m3s: ArrayLike,
    *,
    initial_level_m: float,
    release: float | ArrayLike | ReleaseRule,
    dt_s: float = 86_400.0,
    substeps: int = 24,
    start_date: str | np.datetime64 | None = None,
) -> RoutingResult:
    """Route an inflow hydrograph (step means, m³/s) through the reservoir.

    ``release`` is the target controlled-outlet release: a constant, one value
    per step, or a :data:`ReleaseRule` called every sub-step.
    """
    inflow = np.asarray(inflow_m3s, dtype=np.float64)
    if inflow.ndim != 1 or inflow.size == 0:
        raise ReservoirConfigError("inflow must be a non-empty 1-D series", column="inflow")
    if not np.all(np.isfinite(inflow)) or np.any(inflow < 0):
        raise ReservoirConfigError("inflow must be finite and >= 0", column="inflow")
    if not (dt_s > 0 and isinstance(substeps, int) and substeps >= 1):
        raise ReservoirConfigError("dt_s must be > 0 and substeps a positive integer")
    n = inflow.size
    rule: ReleaseRule
    if callable(release):
        rule = release
    else:
        rel = np.asarray(release, dtype=np.float64)
        if rel.ndim == 0:
            rel = np.full(n, float(rel))
        if rel.shape != (n,) or not np.all(np.isfinite(rel)) or np.any(rel < 0):
            raise ReservoirConfigError(
                "release must be >= 0, scalar or one value per step", column="release"
            )
        rule = lambda _lvl, _q, i: float(rel[i])  # noqa: E731

    tab = reservoir.table
    s = tab.storage_at(initial_level_m)
    s0 = s
    s_invert = tab.storage_at(reservoir.outlet.invert_level_m)
    s_crest = min(
        tab.storage_at(reservoir.spillway.crest_level_m),
        tab.storage_at(reservoir.dam_crest_level_m),
    )
    h = dt_s / substeps
    cap = reservoir.outlet.capacity_m3s

    out = {k: np.zeros(n) for k in ("out", "spill", "outlet", "over", "level", "storage")}
    peak_q, peak_step, peak_level = -1.0, 0, tab.level_at(s)
    first_over: float | None = None
    over_time = 0.0
    over_vol = 0.0
    for i in range(n):
        q_in = float(inflow[i])
        acc_spill = acc_out = acc_over = 0.0
        for k in range(substeps):
            level = tab.level_at(s)
            target = float(rule(level, q_in, i))
            if not (math.isfinite(target) and target >= 0):
                raise ReservoirConfigError(
                    f"release rule returned {target!r} at step {i}", column="release"
                )
            avail = max(s - s_invert, 0.0) / h + q_in  # cannot release water that is not there
            r = min(target, cap, avail)
            a = s + (q_in - r) * h  # storage with no free outflow
            if a <= s_crest:
                s_new, w_sp, w_ov = a, 0.0, 0.0
            else:

                def f(x: float, a: float = a) -> float:  # bind this sub-step's 'a'
                    sp, ov = reservoir.free_outflow(x)
                    return x - a + (sp + ov) * h

                s_new = float(brentq(f, s_crest, a, xtol=1e-6, rtol=1e-12, maxiter=200))
                sp, ov = reservoir.free_outflow(s_new)
                # Define the free outflow by continuity so the balance closes exactly;
                # split it between spillway and dam crest in the weir proportions.
                w = (a - s_new) / h
                if ov > 0.0:
                    w_ov = w * ov / (sp + ov)
                    w_sp = w - w_ov
                else:  # below the dam crest: never report a rounding-size overtopping
                    w_sp, w_ov = w, 0.0
            s = s_new
            total = r + w_sp + w_ov
            acc_spill += w_sp
            acc_out += r
            acc_over += w_ov
            if total > peak_q:
                peak_q, peak_step = total, i
            lvl = tab.level_at(s)
            peak_level = max(peak_level, lvl)
            if w_ov > 0.0:
                if first_over is None:
                    first_over = (i * substeps + k + 1) * h / 3600.0
                over_time += h / 3600.0
                over_vol += w_ov * h
        out["spill"][i] = acc_spill / substeps
        out["outlet"][i] = acc_out / substeps
        out["over"][i] = acc_over / substeps
        out["out"][i] = (acc_spill + acc_out + acc_over) / substeps
        out["storage"][i] = s
        out["level"][i] = tab.level_at(s)

    return RoutingResult(
        reservoir=reservoir.name,
        dt_s=dt_s,
        substeps=substeps,
        start_date=None if start_date is None else _as_day(start_date),
        inflow_m3s=inflow,
        outflow_m3s=out["out"],
        spill_m3s=out["spill"],
        outlet_m3s=out["outlet"],
        overtop_m3s=out["over"],
        level_m=out["level"],
        storage_m3=out["storage"],
        initial_level_m=initial_level_m,
        initial_storage_m3=s0,
        dam_crest_level_m=reservoir.dam_crest_level_m,
        peak_outflow_m3s=max(peak_q, 0.0),
        peak_outflow_step=peak_step,
        peak_level_m=peak_level,
        first_overtop_hours=first_over,
        overtop_duration_hours=over_time,
        overtop_volume_m3=over_vol,
    )


# --------------------------------------------------------------------------
# Worked "spring-2024-style" scenario for a reservoir like Iriklinsk (Ural).
#
# SOURCED: the water-surface area, 260 km², from the dissertation
# (shared/seeds/003_fdba4c7b7a2b31c7.txt, line 594: "Орынбор облысындағы
# аумағы 260 км² болатын Ириклинск су қоймасы"); the same text (line 615)
# says the reservoir overflowed in spring 2024. We take 260 km² as the area
# at the normal retention level.
#
# EVERYTHING ELSE BELOW IS AN ASSUMPTION, NOT SOURCED: round illustrative
# numbers chosen to make a physically coherent toy, not the real dam. Replace
# them with the operator's design data before any operational use.
# --------------------------------------------------------------------------

IRIKLINSK_AREA_AT_NRL_KM2 = 260.0  # SOURCED (dissertation 003_fdba4c7b7a2b31c7.txt line 594)

# ASSUMPTION (not sourced): normal retention level, m above sea level.
ASSUMED_NRL_M = 245.0
# ASSUMPTION (not sourced): level–area table; only the 260 km² at NRL is sourced.
# It integrates to ≈ 3.1 km³ at NRL.
ASSUMED_LEVELS_M = (215.0, 220.0, 225.0, 230.0, 235.0, 240.0, ASSUMED_NRL_M, 247.0, 249.0, 251.0)
ASSUMED_AREAS_KM2 = (
    0.0,
    15.0,
    45.0,
    90.0,
    145.0,
    200.0,
    IRIKLINSK_AREA_AT_NRL_KM2,
    285.0,
    310.0,
    335.0,
)
# ASSUMPTION (not sourced): top of the dam, m (5 m of freeboard above NRL).
ASSUMED_DAM_CREST_M = 250.0
# ASSUMPTION (not sourced): dam crest length and weir coefficient for overtopping flow.
ASSUMED_DAM_CREST_LENGTH_M = 1_000.0
ASSUMED_DAM_CREST_COEFF = 1.5
# ASSUMPTION (not sourced): free spillway crest at NRL, 60 m long, ogee C = 2.0.
ASSUMED_SPILLWAY_CREST_M = ASSUMED_NRL_M
ASSUMED_SPILLWAY_LENGTH_M = 60.0
ASSUMED_SPILLWAY_COEFF = 2.0
# ASSUMPTION (not sourced): gates + turbines capacity and invert.
ASSUMED_OUTLET_CAPACITY_M3S = 1_000.0
ASSUMED_OUTLET_INVERT_M = 220.0
# ASSUMPTION (not sourced): pool level at the start of the flood (2 m drawdown).
ASSUMED_INITIAL_LEVEL_M = 243.0
# ASSUMPTION (not sourced): minimum environmental release while filling.
ASSUMED_MIN_RELEASE_M3S = 150.0
# ASSUMPTION (not sourced): synthetic spring-flood inflow, a gamma-shaped wave
# Q(t) = base + peak·(t/tp)^k·exp(k(1 − t/tp)) on a base flow, 90 days.
ASSUMED_BASE_INFLOW_M3S = 60.0
ASSUMED_PEAK_INFLOW_M3S = 3_000.0
ASSUMED_TIME_TO_PEAK_DAYS = 20.0
ASSUMED_SHAPE_K = 3.0
ASSUMED_DURATION_DAYS = 90
ASSUMED_START_DATE = "2024-03-25"  # ASSUMPTION: start of the synthetic hydrograph


def iriklinsk_reservoir() -> Reservoir:
    """A reservoir *like* Iriklinsk: 260 km² at NRL (sourced), rest assumed."""
    return Reservoir(
        name="Iriklinsk-like (assumed geometry; only 260 km² area is sourced)",
        table=StorageTable.from_level_area(ASSUMED_LEVELS_M, ASSUMED_AREAS_KM2),
        spillway=Spillway(
            ASSUMED_SPILLWAY_CREST_M, ASSUMED_SPILLWAY_LENGTH_M, ASSUMED_SPILLWAY_COEFF
        ),
        outlet=ControlledOutlet(ASSUMED_OUTLET_CAPACITY_M3S, ASSUMED_OUTLET_INVERT_M),
        dam_crest_level_m=ASSUMED_DAM_CREST_M,
        dam_crest_length_m=ASSUMED_DAM_CREST_LENGTH_M,
        dam_crest_coefficient=ASSUMED_DAM_CREST_COEFF,
    )


def synthetic_flood_hydrograph(
    peak_m3s: float = ASSUMED_PEAK_INFLOW_M3S,
    time_to_peak_days: float = ASSUMED_TIME_TO_PEAK_DAYS,
    shape_k: float = ASSUMED_SHAPE_K,
    base_m3s: float = ASSUMED_BASE_INFLOW_M3S,
    days: int = ASSUMED_DURATION_DAYS,
) -> Array:
    """Daily-mean gamma-shaped flood wave (an assumption, not observed data)."""
    t = np.arange(days, dtype=np.float64) + 0.5
    x = t / time_to_peak_days
    return base_m3s + peak_m3s * x**shape_k * np.exp(shape_k * (1.0 - x))


Policy = Literal["hold_then_release", "pre_release"]


def iriklinsk_spring_2024_scenario(
    policy: Policy = "hold_then_release",
    *,
    peak_inflow_m3s: float = ASSUMED_PEAK_INFLOW_M3S,
    initial_level_m: float = ASSUMED_INITIAL_LEVEL_M,
    inflow_m3s: Sequence[float] | Array | None = None,
) -> RoutingResult:
    """Route an assumed spring flood through the Iriklinsk-like reservoir.

    Policies (both assumptions, for comparison only):

    * ``hold_then_release`` — release only the minimum until the pool reaches
      NRL, then open the outlets fully (a reservoir kept full for the season);
    * ``pre_release`` — open the outlets fully from day one (acting on a
      forecast of a large flood).

    All numbers except the 260 km² area are assumptions; see the module
    constants. The verdict (overtops or not) therefore illustrates the method,
    not the real 2024 event.
    """
    res = iriklinsk_reservoir()
    inflow = (
        synthetic_flood_hydrograph(peak_m3s=peak_inflow_m3s)
        if inflow_m3s is None
        else np.asarray(inflow_m3s, dtype=np.float64)
    )
    cap = res.outlet.capacity_m3s
    if policy == "hold_then_release":

        def rule(level: float, _q: float, _i: int) -> float:
            return ASSUMED_MIN_RELEASE_M3S if level < ASSUMED_NRL_M else cap

        release: ReleaseRule | float = rule
    elif policy == "pre_release":
        release = cap
    else:
        raise ReservoirConfigError(f"unknown policy {policy!r}", column="policy")
    return route(
        res, inflow, initial_level_m=initial_level_m, release=release, start_date=ASSUMED_START_DATE
    )

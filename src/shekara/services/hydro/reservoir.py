"""The reservoir scenario: a release policy against an inflow hydrograph."""

from __future__ import annotations

import csv
import math
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Annotated, Any, Literal, get_args

import numpy as np
from pydantic import Field

from shekara.methods.hydrology import reservoir as rsv
from shekara.methods.hydrology.datasets import (
    validate_daily_series,
)
from shekara.methods.hydrology.errors import (
    DatasetError,
    ReservoirConfigError,
)
from shekara.plain import Plain

# --------------------------------------------------------------------------- reservoir
Policy = Literal["hold_then_release", "pre_release"]
POLICIES: tuple[str, ...] = get_args(Policy)


@dataclass(frozen=True)
class ReservoirInput(Plain):
    """One number of the scenario and whether it is sourced or assumed."""

    name: str
    value: int | float | str | None
    status: Annotated[
        str,
        Field(description="sourced, assumed, assumed (set by the user), or a note on its use."),
    ] = "assumed"
    source: str | None = None


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

    def assumptions(self) -> tuple[ReservoirInput, ...]:
        """Every number of the scenario, flagged sourced / assumed / set by the user."""
        default = ReservoirOptions()
        table = ", ".join(
            f"{lv:g} m: {a:g} km²"
            for lv, a in zip(rsv.ASSUMED_LEVELS_M, rsv.ASSUMED_AREAS_KM2, strict=True)
        )
        rows = [
            ReservoirInput(
                "area_at_nrl_km2",
                rsv.IRIKLINSK_AREA_AT_NRL_KM2,
                "sourced",
                "seed-d:003_fdba4c7b7a2b31c7.txt:594",
            ),
            ReservoirInput("normal_retention_level_m", rsv.ASSUMED_NRL_M),
            ReservoirInput("level_area_table", table, "assumed (only 260 km² at NRL is sourced)"),
            ReservoirInput("dam_crest_length_m", rsv.ASSUMED_DAM_CREST_LENGTH_M),
            ReservoirInput("dam_crest_weir_coefficient", rsv.ASSUMED_DAM_CREST_COEFF),
            ReservoirInput("spillway_crest_m", rsv.ASSUMED_SPILLWAY_CREST_M),
            ReservoirInput("spillway_weir_coefficient", rsv.ASSUMED_SPILLWAY_COEFF),
            ReservoirInput("outlet_invert_m", rsv.ASSUMED_OUTLET_INVERT_M),
            ReservoirInput("inflow_shape_k", rsv.ASSUMED_SHAPE_K),
        ]
        for name in _USER_SET:
            v, d = getattr(self, name), getattr(default, name)
            status = "assumed" if v == d else "assumed (set by the user)"
            if name == "start_date" and self.inflow_m3s is not None:
                status = "from the inflow series"
            rows.append(ReservoirInput(name, v, status))
        if self.inflow_m3s is not None:
            unused = "not used (inflow series given)"
            rows = [replace(r, status=unused) if r.name in _WAVE else r for r in rows]
            rows.append(ReservoirInput("inflow_series", self.inflow_source, "given by the user"))
        return tuple(rows)


#: The options a user may set, in the order the inputs list them.
_USER_SET = (
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
)
#: The inputs of the synthetic wave, unused when an inflow series is given.
_WAVE = (
    "peak_inflow_m3s",
    "base_inflow_m3s",
    "time_to_peak_days",
    "duration_days",
    "inflow_shape_k",
)


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
class ReservoirRunSummary(Plain):
    """One policy's run: overtopping, levels, outflow and the volumes released."""

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

    @classmethod
    def of(cls, policy: str, r: rsv.RoutingResult) -> ReservoirRunSummary:
        d = r.to_dict(include_series=False)
        dates = r.dates() or []
        dt = r.dt_s
        return cls(
            policy=policy,
            overtopped=d["overtopped"],
            first_overtop_time=d["first_overtop_time"],
            overtop_duration_hours=d["overtop_duration_hours"],
            overtop_volume_km3=round(r.overtop_volume_m3 / 1e9, 4),
            peak_level_m=d["peak_level_m"],
            min_freeboard_m=d["min_freeboard_m"],
            peak_outflow_m3s=d["peak_outflow_m3s"],
            peak_outflow_day=dates[r.peak_outflow_step][:10] if dates else None,
            peak_inflow_m3s=round(float(np.max(r.inflow_m3s)), 3),
            inflow_volume_km3=round(float(np.sum(r.inflow_m3s)) * dt / 1e9, 4),
            released_volume_km3=round(float(np.sum(r.outflow_m3s)) * dt / 1e9, 4),
            outlet_volume_km3=round(float(np.sum(r.outlet_m3s)) * dt / 1e9, 4),
            spillway_volume_km3=round(float(np.sum(r.spill_m3s)) * dt / 1e9, 4),
            mass_balance_residual_m3=d["mass_balance_residual_m3"],
        )


@dataclass(frozen=True)
class ReservoirSeries(Plain):
    """Daily means (m³/s) and end-of-day pool levels (m)."""

    dates: tuple[str, ...]
    inflow_m3s: tuple[float, ...]
    outflow_m3s: tuple[float, ...]
    spill_m3s: tuple[float, ...]
    outlet_m3s: tuple[float, ...]
    overtop_m3s: tuple[float, ...]
    level_m: tuple[float, ...]

    @classmethod
    def of(cls, r: rsv.RoutingResult) -> ReservoirSeries:
        return cls(**{k: tuple(v) for k, v in r.to_dict()["series"].items()})


@dataclass(frozen=True)
class ReservoirLevels(Plain):
    """Reference levels for a chart (m): all assumed except where the inputs say otherwise."""

    dam_crest_m: float
    spillway_crest_m: float = rsv.ASSUMED_SPILLWAY_CREST_M
    normal_retention_level_m: float = rsv.ASSUMED_NRL_M
    outlet_invert_m: float = rsv.ASSUMED_OUTLET_INVERT_M


@dataclass(frozen=True)
class Stated(Plain):
    what: str
    source: str


#: What the seeds say about the real reservoir.
STATED = (
    Stated("Iriklinsk reservoir overflowed in spring 2024", "seed-d:003_fdba4c7b7a2b31c7.txt:615"),
)
WARNING = (
    "all numbers except the 260 km² area are assumptions: this illustrates the method and "
    "the value of an early release, not the real 2024 event"
)


@dataclass(frozen=True)
class ReservoirReport(Plain):
    """The scenario under each policy (``GET /api/water/reservoir``; ``shekara hydro
    reservoir --format json`` leaves out the levels, and the daily series unless asked)."""

    reservoir: str
    runs: tuple[ReservoirRunSummary, ...]
    series: Annotated[dict[str, ReservoirSeries], Field(description="Per policy.")]
    levels: ReservoirLevels
    assumptions: tuple[ReservoirInput, ...]
    stated: tuple[Stated, ...]
    warning: str

    def to_dict(self, include_series: bool = False) -> dict[str, Any]:
        """The CLI's JSON: no levels, the series last and only with *include_series*, and
        ``source`` only on the rows that have one."""
        plain = super().to_dict()
        plain.pop("levels")
        series = plain.pop("series")
        for row in plain["assumptions"]:
            if row["source"] is None:
                del row["source"]
        return {**plain, "series": series} if include_series else plain


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
    runs: list[tuple[str, rsv.RoutingResult]] = []
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
        runs.append((policy, r))
    return ReservoirReport(
        reservoir="Iriklinsk-like (illustrative)",
        runs=tuple(ReservoirRunSummary.of(p, r) for p, r in runs),
        series={p: ReservoirSeries.of(r) for p, r in runs},
        levels=ReservoirLevels(o.dam_crest_m),
        assumptions=o.assumptions(),
        stated=STATED,
        warning=WARNING,
    )


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

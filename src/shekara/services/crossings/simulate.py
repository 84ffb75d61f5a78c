"""Simulating a crossing and planning its lanes: the use cases behind ``shekara crossings``.

Inputs are in the planners' units (arrivals per hour, minutes); results are in
minutes, each simulated figure with its 95 % confidence interval and, where the
case is an M/M/c queue (constant arrivals and lanes, exponential service), the
Erlang-C value beside it.

Example:
    >>> r = simulate_crossing(SimulationInput((40.0,), 6.0, (5,), hours=200, seed=1))
    >>> r.erlang_c is not None and r.erlang_c.mean_wait > 0 and r.simulated.customers > 7000
    True
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from typing import Annotated

from pydantic import Field

from shekara.methods.queues.erlang import erlang_c_summary
from shekara.methods.queues.model import EQueue, GroupResult, LaneGroup, Service, simulate_group
from shekara.methods.queues.plan import lanes_per_hour
from shekara.methods.queues.stats import Estimate
from shekara.plain import Plain, absent

__all__ = [
    "CheckedHourLanes",
    "CrossingError",
    "CrossingSimulation",
    "ErlangC",
    "HourLanes",
    "HourWaits",
    "LanePlan",
    "SimulatedWaits",
    "SimulationInput",
    "WaitEstimate",
    "plan_lanes",
    "simulate_crossing",
]

MINUTES = 60.0
MIN_SERVICE_MINUTES = 0.01
MAX_SERVICE_MINUTES = 1440.0


class CrossingError(ValueError):
    """The request cannot be simulated or planned: a stable code and a message for the user.

    Codes: CRS100 bad simulation or plan input, CRS101 unknown crossing,
    CRS102 missing programme target, CRS103 bad lane-group configuration file.
    """

    def __init__(self, message: str, code: str = "CRS100") -> None:
        super().__init__(message)
        self.code = code

    def __str__(self) -> str:
        return f"{self.code}: {self.args[0]}"


@dataclass(frozen=True)
class SimulationInput:
    """One lane group of a crossing (rates per hour; 1 or 24 values for profiles)."""

    arrivals_per_hour: tuple[float, ...]
    service_minutes: float
    lanes: tuple[int, ...]
    hours: float = 1000.0
    seed: int = 1
    distribution: str = "exponential"
    cv: float = 1.0
    t_minutes: float = 15.0
    balk_at: int = 0
    kind: str = "car"
    equeue: EQueue | None = None

    def group(self) -> LaneGroup:
        return LaneGroup(
            self.kind,
            self.arrivals_per_hour,
            Service(self.distribution, self.service_minutes / MINUTES, self.cv),  # type: ignore[arg-type]
            self.lanes,
            self.balk_at,
            self.equeue,
        )


def _finite(v: float) -> float | None:
    return v if math.isfinite(v) else None


@dataclass(frozen=True)
class WaitEstimate(Plain):
    """A simulated figure with its 95 % interval (null where the queue is unstable)."""

    value: float | None
    low: float | None
    high: float | None

    @classmethod
    def of(cls, e: Estimate, scale: float = 1.0) -> WaitEstimate:
        return cls(_finite(e.value * scale), _finite(e.low * scale), _finite(e.high * scale))


@dataclass(frozen=True)
class SimulatedWaits(Plain):
    """The simulated customers and their waits (minutes; the share of waits over t)."""

    customers: int
    served: int
    balked: int
    balk_share: float
    mean_wait: WaitEstimate
    p90_wait: WaitEstimate
    p_wait_exceeds_t: WaitEstimate


@dataclass(frozen=True)
class ErlangC(Plain):
    """The closed-form M/M/c figures beside the simulation (waits in minutes)."""

    utilisation: float | None
    p_wait: float | None
    mean_wait: float | None
    p90_wait: float | None
    p_wait_exceeds_t: float | None


@dataclass(frozen=True)
class HourWaits(Plain):
    """Customers a day and the waits (minutes) of those arriving in an hour of the day."""

    hour: int
    customers_per_day: float | None
    mean_wait: float | None
    p90_wait: float | None


@dataclass(frozen=True)
class CrossingSimulation(Plain):
    """``shekara crossings simulate``, ``GET /api/crossings/simulate``: one lane group."""

    inputs: SimulationInput
    unit: str
    t_minutes: float
    warmup_hours: float
    method: str
    simulated: SimulatedWaits
    erlang_c: ErlangC | None
    class_counts: dict[str, int]
    hourly: list[HourWaits]
    without_equeue: Annotated[
        SimulatedWaits | None,
        Field(exclude_if=absent, description="The same run without the e-queue, when it is on."),
    ] = None


def _is_mmc(inp: SimulationInput) -> bool:
    return (
        len(set(inp.arrivals_per_hour)) == 1
        and len(set(inp.lanes)) == 1
        and inp.distribution == "exponential"
        and inp.balk_at <= 0
        and inp.equeue is None
        and inp.lanes[0] >= 1
    )


def _check_service(minutes: float) -> None:
    if not MIN_SERVICE_MINUTES <= minutes <= MAX_SERVICE_MINUTES:
        raise CrossingError(
            f"service time must be between {MIN_SERVICE_MINUTES} and {MAX_SERVICE_MINUTES} minutes"
        )


def _simulated(inp: SimulationInput) -> tuple[GroupResult, SimulatedWaits]:
    _check_service(inp.service_minutes)
    try:
        result = simulate_group(
            inp.group(), hours=inp.hours, seed=inp.seed, t=inp.t_minutes / MINUTES
        )
    except ValueError as exc:
        raise CrossingError(str(exc)) from None
    s = result.summary
    return result, SimulatedWaits(
        s.customers, s.served, s.balked, s.balked / s.customers if s.customers else 0.0,
        WaitEstimate.of(s.mean_wait, MINUTES), WaitEstimate.of(s.p90_wait, MINUTES),
        WaitEstimate.of(s.p_wait_exceeds_t),
    )  # fmt: skip


def simulate_crossing(inp: SimulationInput) -> CrossingSimulation:
    """Simulated waits with 95 % intervals, the hourly profile and Erlang C where it applies."""
    result, simulated = _simulated(inp)
    erlang: ErlangC | None = None
    if _is_mmc(inp):
        e = erlang_c_summary(
            inp.arrivals_per_hour[0],
            MINUTES / inp.service_minutes,
            inp.lanes[0],
            inp.t_minutes / MINUTES,
        )
        erlang = ErlangC(
            _finite(e["utilisation"]), _finite(e["p_wait"]), _finite(e["mean_wait"] * MINUTES),
            _finite(e["p90_wait"] * MINUTES), _finite(e["p_wait_exceeds_t"]),
        )  # fmt: skip
    hourly = [
        HourWaits(
            h["hour"],
            _finite(h["customers_per_day"]),
            _finite(h["mean_wait"] * MINUTES),
            _finite(h["p90_wait"] * MINUTES),
        )
        for h in result.hourly()
    ]
    return CrossingSimulation(
        inp,
        "minutes",
        inp.t_minutes,
        result.warmup,
        "discrete-event simulation (numba kernel), 20 batch means, 95 % Student-t",
        simulated,
        erlang,
        result.class_counts,
        hourly,
        None if inp.equeue is None else _simulated(replace(inp, equeue=None))[1],
    )


@dataclass(frozen=True)
class HourLanes(Plain):
    """The lanes an hour of the day needs for its arrivals."""

    hour: Annotated[int, Field(description="Hour of the day, 0-23.")]
    arrivals_per_hour: float
    lanes: int


@dataclass(frozen=True)
class CheckedHourLanes(HourLanes):
    """An hour of a plan checked by simulation: its simulated P90 wait (minutes)."""

    simulated_p90_wait: float | None
    meets_target: bool


@dataclass(frozen=True)
class LanePlan(Plain):
    """``shekara crossings plan``, ``GET /api/crossings/plan``: minimum lanes per hour."""

    target_minutes: float
    quantile: float
    service_minutes: float
    method: str
    lanes_per_hour: list[CheckedHourLanes | HourLanes]
    lane_hours_per_day: int
    check_days: Annotated[
        int | None, Field(exclude_if=absent, description="Days simulated to check the plan.")
    ] = None


def plan_lanes(
    arrivals_per_hour: tuple[float, ...],
    service_minutes: float,
    target_minutes: float,
    *,
    quantile: float = 0.9,
    min_lanes: int = 0,
    check_days: int = 0,
    seed: int = 1,
) -> LanePlan:
    """Minimum lanes per hour (Erlang-C, hour by hour) and, optionally, a simulation check."""
    _check_service(service_minutes)
    rates = (
        list(arrivals_per_hour) if len(arrivals_per_hour) == 24 else list(arrivals_per_hour) * 24
    )
    if len(rates) != 24:
        raise CrossingError("the arrival profile needs 1 or 24 hourly values")
    try:
        lanes = lanes_per_hour(
            rates,
            service_minutes / MINUTES,
            target_hours=target_minutes / MINUTES,
            quantile=quantile,
            min_lanes=min_lanes,
        )
    except ValueError as exc:
        raise CrossingError(str(exc)) from None
    rows: list[CheckedHourLanes | HourLanes] = [HourLanes(h, rates[h], lanes[h]) for h in range(24)]
    if check_days > 0:
        sim = simulate_crossing(
            SimulationInput(tuple(rates), service_minutes, tuple(lanes), 24.0 * check_days, seed)
        )
        rows = [
            CheckedHourLanes(
                h, rates[h], lanes[h], p90, p90 is not None and p90 <= target_minutes + 1e-9
            )
            for h, p90 in enumerate(w.p90_wait for w in sim.hourly)
        ]
    return LanePlan(
        target_minutes,
        quantile,
        service_minutes,
        "Erlang C hour by hour (SIPP); stricter targets never give fewer lanes",
        rows,
        sum(lanes),
        check_days if check_days > 0 else None,
    )

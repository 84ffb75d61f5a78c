"""Simulating a crossing and planning its lanes: the use cases behind ``shekara crossings``.

Inputs are in the planners' units (arrivals per hour, minutes); results are in
minutes, each simulated figure with its 95 % confidence interval and, where the
case is an M/M/c queue (constant arrivals and lanes, exponential service), the
Erlang-C value beside it.

Example:
    >>> r = simulate_crossing(SimulationInput((40.0,), 6.0, (5,), hours=200, seed=1))
    >>> r["erlang_c"]["mean_wait"] > 0 and r["simulated"]["customers"] > 7000
    True
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, replace
from typing import Any

from shekara.methods.queues.erlang import erlang_c_summary
from shekara.methods.queues.model import EQueue, LaneGroup, Service, simulate_group
from shekara.methods.queues.plan import lanes_per_hour

__all__ = ["CrossingError", "SimulationInput", "plan_lanes", "simulate_crossing"]

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


def finite_or_none(obj: Any) -> Any:
    """The result with every non-finite float (unstable queue, nobody served) as ``None``.

    >>> finite_or_none({"a": [1.0, float("inf")], "b": float("nan")})
    {'a': [1.0, None], 'b': None}
    """
    if isinstance(obj, float):
        return obj if math.isfinite(obj) else None
    if isinstance(obj, dict):
        return {k: finite_or_none(v) for k, v in obj.items()}
    if isinstance(obj, list | tuple):
        return [finite_or_none(v) for v in obj]
    return obj


def _minutes(d: dict[str, float]) -> dict[str, float]:
    return {k: v * MINUTES for k, v in d.items()}


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


def simulate_crossing(inp: SimulationInput) -> dict[str, Any]:
    """Simulated waits with 95 % intervals, the hourly profile and Erlang C where it applies."""
    _check_service(inp.service_minutes)
    try:
        result = simulate_group(
            inp.group(), hours=inp.hours, seed=inp.seed, t=inp.t_minutes / MINUTES
        )
    except ValueError as exc:
        raise CrossingError(str(exc)) from None
    s = result.summary.to_dict()
    simulated = {
        "customers": s["customers"],
        "served": s["served"],
        "balked": s["balked"],
        "balk_share": s["balk_share"],
        "mean_wait": _minutes(s["mean_wait"]),  # type: ignore[arg-type]
        "p90_wait": _minutes(s["p90_wait"]),  # type: ignore[arg-type]
        "p_wait_exceeds_t": s["p_wait_exceeds_t"],
    }
    erlang: dict[str, float] | None = None
    if _is_mmc(inp):
        e = erlang_c_summary(
            inp.arrivals_per_hour[0],
            MINUTES / inp.service_minutes,
            inp.lanes[0],
            inp.t_minutes / MINUTES,
        )
        erlang = {
            "utilisation": e["utilisation"],
            "p_wait": e["p_wait"],
            "mean_wait": e["mean_wait"] * MINUTES,
            "p90_wait": e["p90_wait"] * MINUTES,
            "p_wait_exceeds_t": e["p_wait_exceeds_t"],
        }
    inputs = asdict(inp)
    out: dict[str, Any] = {
        "inputs": inputs,
        "unit": "minutes",
        "t_minutes": inp.t_minutes,
        "warmup_hours": result.warmup,
        "method": "discrete-event simulation (numba kernel), 20 batch means, 95 % Student-t",
        "simulated": simulated,
        "erlang_c": erlang,
        "class_counts": result.class_counts,
        "hourly": [
            {**h, "mean_wait": h["mean_wait"] * MINUTES, "p90_wait": h["p90_wait"] * MINUTES}
            for h in result.hourly()
        ],
    }
    if inp.equeue is not None:
        base = simulate_crossing(replace(inp, equeue=None))
        out["without_equeue"] = base["simulated"]
    result_out: dict[str, Any] = finite_or_none(out)
    return result_out


def plan_lanes(
    arrivals_per_hour: tuple[float, ...],
    service_minutes: float,
    target_minutes: float,
    *,
    quantile: float = 0.9,
    min_lanes: int = 0,
    check_days: int = 0,
    seed: int = 1,
) -> dict[str, Any]:
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
    rows: list[dict[str, Any]] = [
        {"hour": h, "arrivals_per_hour": rates[h], "lanes": lanes[h]} for h in range(24)
    ]
    out: dict[str, Any] = {
        "target_minutes": target_minutes,
        "quantile": quantile,
        "service_minutes": service_minutes,
        "method": "Erlang C hour by hour (SIPP); stricter targets never give fewer lanes",
        "lanes_per_hour": rows,
        "lane_hours_per_day": sum(lanes),
    }
    if check_days > 0:
        sim = simulate_crossing(
            SimulationInput(tuple(rates), service_minutes, tuple(lanes), 24.0 * check_days, seed)
        )
        for row, h in zip(rows, sim["hourly"], strict=True):
            row["simulated_p90_wait"] = h["p90_wait"]
            row["meets_target"] = h["p90_wait"] <= target_minutes + 1e-9
        out["check_days"] = check_days
    checked: dict[str, Any] = finite_or_none(out)
    return checked

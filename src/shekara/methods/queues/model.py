"""A crossing as lane groups: arrivals by hour, service-time distributions, the electronic queue.

Each lane group (cars, trucks, buses, pedestrians) has its own lanes, arrival
profile and service times, and customers never change group, so the groups are
simulated independently with :func:`~shekara.methods.queues.kernel.simulate_lane_group`.

Arrivals are a Poisson process whose rate is constant within each hour and
follows a 24-hour profile (one value = the same rate all day).

The electronic queue (:class:`EQueue`) changes three things:

* a *booked* share of the customers gets a time slot; slots are handed out in
  proportion to the lanes open in each hour of the day, so booked arrivals are
  spread over the capacity instead of bunching; a booked customer who does not
  come (*no-show*) is removed and the slot is lost;
* a *priority* class may use at most ``priority_cap`` (5 %) and a paid
  *expedited* class at most ``expedited_cap`` (1 %) of the day's capacity
  (capacity = Σ_h lanes_h / mean service time); requests beyond the caps are
  served as ordinary customers;
* service order: expedited, priority, booked, then walk-in (non-preemptive).

>>> g = LaneGroup("truck", arrivals_per_hour=(4.0,), service=Service("exponential", 0.2), lanes=(1,))
>>> r = simulate_group(g, hours=200, seed=1, warmup=20)
>>> r.summary.customers > 600
True
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from typing import Any, Literal, get_args

import numpy as np
from numpy.typing import NDArray

from shekara.methods.arrays import Array
from shekara.methods.queues.kernel import simulate_lane_group
from shekara.methods.queues.stats import WaitSummary, summarise_waits

__all__ = [
    "EQueue",
    "GroupResult",
    "LaneGroup",
    "Service",
    "simulate_group",
]

Distribution = Literal["exponential", "deterministic", "lognormal", "gamma"]
CLASSES: tuple[str, ...] = ("expedited", "priority", "booked", "walk_in")


@dataclass(frozen=True)
class Service:
    """Service-time distribution: mean in hours and coefficient of variation.

    ``exponential`` has cv 1; ``deterministic`` cv 0; ``lognormal`` and ``gamma`` take ``cv``.
    """

    distribution: Distribution
    mean_hours: float
    cv: float = 1.0

    def draw(self, rng: np.random.Generator, n: int) -> Array:
        if self.distribution not in get_args(Distribution):
            raise ValueError(f"service distribution must be one of {get_args(Distribution)}")
        if not self.mean_hours > 0 or self.cv < 0:
            raise ValueError("service mean must be > 0 and cv >= 0")
        m, cv = self.mean_hours, self.cv
        if self.distribution == "exponential":
            return rng.exponential(m, n)
        if self.distribution == "deterministic" or cv == 0:
            return np.full(n, m)
        if self.distribution == "lognormal":
            s2 = np.log1p(cv * cv)
            return rng.lognormal(np.log(m) - s2 / 2, np.sqrt(s2), n)
        shape = 1.0 / (cv * cv)
        return rng.gamma(shape, m / shape, n)


@dataclass(frozen=True)
class EQueue:
    """Electronic-queue rules (shares of customers; caps as shares of daily capacity)."""

    booked_share: float = 0.0
    no_show_share: float = 0.0
    priority_demand: float = 0.0
    expedited_demand: float = 0.0
    priority_cap: float = 0.05
    expedited_cap: float = 0.01

    def check(self) -> None:
        for f in fields(self):  # every rule is a share
            v = getattr(self, f.name)
            if not 0.0 <= v <= 1.0:
                raise ValueError(f"{f.name} must be between 0 and 1; got {v}")


@dataclass(frozen=True)
class LaneGroup:
    """One kind of lane: its arrival profile, service time, open lanes by hour and balking."""

    kind: str
    arrivals_per_hour: tuple[float, ...]
    service: Service
    lanes: tuple[int, ...]
    balk_at: int = 0
    equeue: EQueue | None = None

    def lanes_by_hour(self) -> NDArray[np.int64]:
        return _profile("lanes", self.lanes).astype(np.int64)

    def rates_by_hour(self) -> Array:
        return _profile("arrivals_per_hour", self.arrivals_per_hour)

    def daily_capacity(self) -> float:
        """Customers a day the open lanes can serve (Σ lanes_h / mean service hours)."""
        return float(self.lanes_by_hour().sum()) / self.service.mean_hours


def _profile(name: str, values: tuple[float, ...] | tuple[int, ...]) -> Array:
    arr = np.asarray(values, dtype=np.float64)
    if arr.size == 1:
        arr = np.full(24, arr[0])
    if arr.shape != (24,) or not np.all(np.isfinite(arr)) or np.any(arr < 0):
        raise ValueError(f"{name} needs 1 or 24 finite values >= 0; got {len(values)}")
    return arr


@dataclass(frozen=True)
class GroupResult:
    """Simulated customers of one lane group and their summary."""

    kind: str
    arrival: Array
    wait: Array
    klass: NDArray[np.int64]
    summary: WaitSummary
    hours: float
    warmup: float
    class_counts: dict[str, int] = field(default_factory=dict)

    def hourly(self, quantile: float = 0.9) -> list[dict[str, Any]]:
        """Mean and quantile wait by hour of day of arrival (after the warm-up)."""
        keep = (self.arrival >= self.warmup) & ~np.isnan(self.wait)  # balked: no wait
        hour = np.floor(self.arrival[keep]).astype(np.int64) % 24
        w = self.wait[keep]
        out = []
        for h in range(24):
            wh = w[hour == h]
            out.append(
                {
                    "hour": h,
                    "customers_per_day": wh.size / max((self.hours - self.warmup) / 24, 1e-9),
                    "mean_wait": float(wh.mean()) if wh.size else 0.0,
                    "p90_wait": _quantile(wh, quantile),
                }
            )
        return out


def _quantile(values: Array, q: float) -> float:
    """Quantile that tolerates ``inf`` (never served) without a warning; 0 when empty."""
    if not values.size:
        return 0.0
    with np.errstate(invalid="ignore"):
        return float(np.quantile(values, q))


def poisson_arrivals(rates: Array, hours: float, rng: np.random.Generator) -> Array:
    """Sorted arrival times of a Poisson process with an hourly (24-periodic) rate."""
    n_hours = int(np.ceil(hours))
    lam = rates[np.arange(n_hours) % 24]
    counts = rng.poisson(lam)
    starts = np.repeat(np.arange(n_hours, dtype=np.float64), counts)
    times = starts + rng.random(starts.size)
    times.sort()
    return times[times < hours]


def _slot_times(lanes: NDArray[np.int64], day: int, m: int) -> Array:
    """``m`` slots of one day spread in proportion to the open lanes of each hour."""
    cap = lanes.astype(np.float64)
    if m == 0 or cap.sum() == 0:
        return np.empty(0)
    cum = np.concatenate([[0.0], np.cumsum(cap)]) / cap.sum()
    q = (np.arange(m) + 0.5) / m
    times: Array = day * 24.0 + np.interp(q, cum, np.arange(25.0))
    return times


def _apply_equeue(
    g: LaneGroup, eq: EQueue, arrival: Array, rng: np.random.Generator
) -> tuple[Array, NDArray[np.int64]]:
    eq.check()
    n = arrival.size
    klass = np.full(n, 3, np.int64)
    u = rng.random(n)
    want_exp = u < eq.expedited_demand
    want_pri = (~want_exp) & (u < eq.expedited_demand + eq.priority_demand)
    day = np.floor(arrival / 24.0).astype(np.int64)
    cap = g.daily_capacity()
    for mask, k, share in ((want_exp, 0, eq.expedited_cap), (want_pri, 1, eq.priority_cap)):
        limit = int(np.floor(share * cap))
        for d in np.unique(day[mask]):
            idx = np.flatnonzero(mask & (day == d))[:limit]
            klass[idx] = k
    ordinary = klass == 3
    booked = ordinary & (rng.random(n) < eq.booked_share)
    no_show = booked & (rng.random(n) < eq.no_show_share)
    klass[booked] = 2
    new_arrival = arrival.copy()
    lanes = g.lanes_by_hour()
    for d in np.unique(day[booked]):
        idx = np.flatnonzero(booked & (day == d))
        new_arrival[rng.permutation(idx)] = _slot_times(lanes, int(d), idx.size)
    keep = ~no_show
    new_arrival, klass = new_arrival[keep], klass[keep]
    order = np.argsort(new_arrival, kind="stable")
    return new_arrival[order], klass[order]


def simulate_group(
    group: LaneGroup,
    *,
    hours: float,
    seed: int,
    warmup: float | None = None,
    t: float = 0.25,
    batches: int = 20,
) -> GroupResult:
    """Simulate one lane group for ``hours`` and summarise after ``warmup`` (default 5 %)."""
    if not hours > 0:
        raise ValueError("hours must be > 0")
    warm = hours * 0.05 if warmup is None else warmup
    rng = np.random.default_rng(seed)
    arrival = poisson_arrivals(group.rates_by_hour(), hours, rng)
    if group.equeue is not None:
        arrival, klass = _apply_equeue(group, group.equeue, arrival, rng)
        keep = arrival < hours
        arrival, klass = arrival[keep], klass[keep]
    else:
        klass = np.zeros(arrival.size, np.int64)
    service = group.service.draw(rng, arrival.size)
    wait = simulate_lane_group(arrival, service, klass, group.lanes_by_hour(), group.balk_at)
    summary = summarise_waits(arrival, wait, hours, warmup=warm, t=t, batches=batches)
    if group.equeue is None:
        counts = {"walk_in": int(arrival.size)}
    else:
        counts = {name: int(np.sum(klass == k)) for k, name in enumerate(CLASSES)}
    return GroupResult(group.kind, arrival, wait, klass, summary, hours, warm, counts)

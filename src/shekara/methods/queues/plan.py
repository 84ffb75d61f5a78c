"""Minimum lanes per hour that keep a waiting-time percentile under a target.

Each hour is treated as a stationary M/M/c queue with that hour's arrival rate
("stationary independent period-by-period", SIPP, Green, Kolesar & Soares 2001,
Operations Research 49(4)): the lanes of hour ``h`` are the smallest ``c`` with
``rho < 1`` and the Erlang-C ``p``-quantile of the wait at most the target.
The quantile falls as ``c`` grows, so a stricter (smaller) target never gives
fewer lanes.  SIPP ignores the queue carried over from a busy hour; the service
layer therefore checks the plan by simulation and reports the simulated
percentile next to it.

>>> lanes_for_target(40.0, 0.1, target_hours=0.25)
5
>>> lanes_per_hour([0.0, 10.0, 40.0], 0.1, target_hours=0.25)
[0, 2, 5]
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from shekara.methods.queues.erlang import wait_quantile

__all__ = ["lanes_for_target", "lanes_per_hour"]

MAX_LANES = 1000


def lanes_for_target(
    arrivals_per_hour: float,
    service_hours: float,
    *,
    target_hours: float,
    quantile: float = 0.9,
    min_lanes: int = 0,
) -> int:
    """Smallest number of lanes (>= ``min_lanes``) meeting the target; 0 when nobody comes."""
    if not (math.isfinite(arrivals_per_hour) and arrivals_per_hour >= 0):
        raise ValueError("arrivals per hour must be finite and >= 0")
    if not service_hours > 0:
        raise ValueError("service time must be > 0")
    if not target_hours >= 0:
        raise ValueError("the target must be >= 0")
    if arrivals_per_hour == 0:
        return min_lanes
    mu = 1.0 / service_hours
    c = max(min_lanes, math.floor(arrivals_per_hour / mu) + 1, 1)
    while c <= MAX_LANES:
        if wait_quantile(quantile, arrivals_per_hour, mu, c) <= target_hours:
            return c
        c += 1
    raise ValueError(f"more than {MAX_LANES} lanes would be needed")


def lanes_per_hour(
    arrivals_per_hour: Sequence[float],
    service_hours: float,
    *,
    target_hours: float,
    quantile: float = 0.9,
    min_lanes: int = 0,
) -> list[int]:
    """:func:`lanes_for_target` for every hour of a profile."""
    return [
        lanes_for_target(
            r, service_hours, target_hours=target_hours, quantile=quantile, min_lanes=min_lanes
        )
        for r in arrivals_per_hour
    ]

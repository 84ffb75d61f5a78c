"""The discrete-event kernel: one group of identical lanes, non-preemptive priorities, balking.

Customers arrive at known times (hours, sorted), each with a service time and a
priority class (0 is served first; FIFO within a class).  Lane ``s`` is open in
hour ``h`` of the day when ``s < lanes_by_hour[h % 24]``: a closing lane
finishes the vehicle it is serving and then takes no one until it reopens.  An
arrival that finds ``balk_at`` or more customers waiting leaves (balks).

The loop advances from event to event (next arrival, or the earliest moment a
lane can start a service while someone waits), so its cost is
``O(customers × lanes)``.  It is compiled with numba; validated against the
Erlang-C formulas and against the Ciw library on the same cases
(``tests/methods/queues``).

The result per customer is the waiting time before service (hours), ``nan`` for a
customer who balked and ``inf`` for one still waiting when the lanes never reopen.

>>> import numpy as np
>>> arr = np.array([0.0, 0.1, 0.2]); svc = np.array([0.5, 0.5, 0.5])
>>> w = simulate_lane_group(arr, svc, np.zeros(3, np.int64), np.full(24, 1, np.int64))
>>> [round(float(x), 2) for x in w]     # one lane: 0, 0.5-0.1, 1.0-0.2
[0.0, 0.4, 0.8]
"""

from __future__ import annotations

import math

import numpy as np
from numba import njit
from numpy.typing import NDArray

from shekara.methods.arrays import Array

__all__ = ["simulate_lane_group"]

_INF = math.inf


@njit(cache=True)
def _next_open(lane: int, t: float, lanes_by_hour: NDArray[np.int64]) -> float:  # pragma: no cover
    """Earliest time >= t at which ``lane`` is open (the schedule repeats every 24 h)."""
    h0 = math.floor(t)
    for k in range(25):
        if lanes_by_hour[int(h0 + k) % 24] > lane:
            return t if k == 0 else float(h0 + k)
    return _INF


@njit(cache=True)
def _kernel(  # pragma: no cover - compiled; exercised through simulate_lane_group
    arrival: Array,
    service: Array,
    klass: NDArray[np.int64],
    lanes_by_hour: NDArray[np.int64],
    balk_at: int,
) -> Array:
    n = arrival.size
    n_lanes = 0
    for h in range(24):
        n_lanes = max(n_lanes, lanes_by_hour[h])
    constant = True
    for h in range(24):
        if lanes_by_hour[h] != n_lanes:
            constant = False
    n_classes = 1
    for i in range(n):
        n_classes = max(n_classes, klass[i] + 1)
    # one FIFO buffer per class, laid end to end
    offset = np.zeros(n_classes + 1, np.int64)
    for i in range(n):
        offset[klass[i] + 1] += 1
    for k in range(n_classes):
        offset[k + 1] += offset[k]
    head = offset[:-1].copy()
    tail = offset[:-1].copy()
    buf = np.empty(max(n, 1), np.int64)
    wait = np.full(n, _INF)
    free = np.zeros(max(n_lanes, 1))
    for s in range(n_lanes):
        free[s] = 0.0 if constant else _next_open(s, 0.0, lanes_by_hour)
    i = 0
    qlen = 0
    t_now = 0.0
    while i < n or qlen > 0:
        ta = arrival[i] if i < n else _INF
        ts = _INF
        best_lane = -1
        if qlen > 0:
            for s in range(n_lanes):
                v = max(free[s], t_now)
                if not constant:
                    v = _next_open(s, v, lanes_by_hour)
                if v < ts:
                    ts = v
                    best_lane = s
            if ts == _INF and i >= n:
                break  # the lanes never reopen: the rest stay waiting (inf)
        if qlen > 0 and ts <= ta:
            t_now = ts
            for k in range(n_classes):
                if head[k] < tail[k]:
                    j = buf[head[k]]
                    head[k] += 1
                    break
            qlen -= 1
            wait[j] = ts - arrival[j]
            free[best_lane] = ts + service[j]
            continue
        t_now = ta
        if qlen == 0:
            chosen = -1
            for s in range(n_lanes):
                if free[s] <= ta and (constant or _next_open(s, ta, lanes_by_hour) == ta):
                    chosen = s
                    break
            if chosen >= 0:
                wait[i] = 0.0
                free[chosen] = ta + service[i]
                i += 1
                continue
        if balk_at > 0 and qlen >= balk_at:
            wait[i] = math.nan
            i += 1
            continue
        k = klass[i]
        buf[tail[k]] = i
        tail[k] += 1
        qlen += 1
        i += 1
    return wait


def simulate_lane_group(
    arrival: Array,
    service: Array,
    klass: NDArray[np.int64],
    lanes_by_hour: NDArray[np.int64],
    balk_at: int = 0,
) -> Array:
    """Waiting time of every customer (hours; ``nan`` balked, ``inf`` never served).

    ``arrival`` must be sorted; ``service`` >= 0; ``klass`` >= 0; ``lanes_by_hour``
    has 24 entries >= 0; ``balk_at`` <= 0 means nobody balks.
    """
    arrival = np.ascontiguousarray(arrival, dtype=np.float64)
    service = np.ascontiguousarray(service, dtype=np.float64)
    klass = np.ascontiguousarray(klass, dtype=np.int64)
    lanes = np.ascontiguousarray(lanes_by_hour, dtype=np.int64)
    if not (arrival.shape == service.shape == klass.shape) or arrival.ndim != 1:
        raise ValueError("arrival, service and klass must be 1-D arrays of the same length")
    if lanes.shape != (24,) or np.any(lanes < 0):
        raise ValueError("lanes_by_hour must have 24 entries >= 0")
    if arrival.size and (np.any(np.diff(arrival) < 0) or arrival[0] < 0):
        raise ValueError("arrival times must be sorted and >= 0")
    if np.any(service < 0) or not np.all(np.isfinite(service)):
        raise ValueError("service times must be finite and >= 0")
    if np.any(klass < 0):
        raise ValueError("priority classes must be >= 0")
    result: Array = _kernel(arrival, service, klass, lanes, int(balk_at))
    return result

"""The discrete-event kernel against the Erlang-C formulas (M/M/c, FIFO, constant lanes).

For each case the simulated mean wait and P(W > t) must contain the exact value
in their 95 % batch-means confidence intervals.  The cases cover utilisation 0.5
to 0.95 and 1 to 20 lanes; one seed (2) for all cases, so the test is deterministic.

Ten 95 % intervals miss the truth about once in two runs by chance alone (seed 1
misses the M/M/3 mean: 1.015 h simulated, 1.079 h exact, an unbiased miss), so
:func:`test_interval_coverage` checks the interval procedure itself: over 40
independent runs the intervals must cover the exact mean about 95 % of the time.
"""

from __future__ import annotations

import numpy as np
import pytest

from shekara.methods.queues.erlang import mean_wait, prob_wait_exceeds
from shekara.methods.queues.kernel import simulate_lane_group
from shekara.methods.queues.model import LaneGroup, Service, simulate_group

CASES = [
    # (lanes, utilisation, customers)
    (1, 0.5, 200_000),
    (3, 0.8, 300_000),
    (5, 0.8, 300_000),
    (10, 0.9, 600_000),
    (20, 0.95, 1_000_000),
]


@pytest.mark.parametrize(("lanes", "rho", "customers"), CASES)
def test_mmc_mean_and_tail_within_ci(lanes: int, rho: float, customers: int) -> None:
    mu = 1.0  # service rate per lane and hour
    lam = rho * lanes * mu
    hours = customers / lam
    t = 0.5 * mean_wait(lam, mu, lanes) + 0.1
    group = LaneGroup("car", (lam,), Service("exponential", 1.0 / mu), (lanes,))
    result = simulate_group(group, hours=hours, seed=2, warmup=hours * 0.02, t=t, batches=30)
    s = result.summary
    exact_mean = mean_wait(lam, mu, lanes)
    exact_tail = prob_wait_exceeds(t, lam, mu, lanes)
    assert s.mean_wait.contains(exact_mean), (s.mean_wait, exact_mean)
    assert s.p_wait_exceeds_t.contains(exact_tail), (s.p_wait_exceeds_t, exact_tail)
    # the intervals are informative, not vacuous
    assert s.mean_wait.high - s.mean_wait.low < 0.3 * exact_mean


def test_priority_class_waits_less() -> None:
    rng = np.random.default_rng(3)
    n = 100_000
    arr = np.cumsum(rng.exponential(1 / 1.8, n))
    svc = rng.exponential(1.0, n)
    klass = (rng.random(n) > 0.2).astype(np.int64)  # 20 % in class 0
    w = simulate_lane_group(arr, svc, klass, np.full(24, 2, np.int64))
    assert w[klass == 0].mean() < 0.5 * w[klass == 1].mean()
    # work conservation: the overall mean equals FIFO's (same arrivals and services, c = 2
    # identical servers is not exactly work-conserving in order, but it is in total work)
    fifo = simulate_lane_group(arr, svc, np.zeros(n, np.int64), np.full(24, 2, np.int64))
    assert w.mean() == pytest.approx(fifo.mean(), rel=0.1)


def test_closed_lanes_and_balking() -> None:
    arr = np.array([0.5, 1.5, 2.5])
    svc = np.array([0.1, 0.1, 0.1])
    lanes = np.zeros(24, np.int64)
    lanes[2:] = 1  # closed in hours 0 and 1
    w = simulate_lane_group(arr, svc, np.zeros(3, np.int64), lanes)
    assert list(np.round(w, 6)) == [1.5, 0.6, 0.0]
    w = simulate_lane_group(arr, svc, np.zeros(3, np.int64), lanes, balk_at=1)
    assert w[0] == pytest.approx(1.5) and np.isnan(w[1]) and w[2] == 0.0
    never = simulate_lane_group(arr, svc, np.zeros(3, np.int64), np.zeros(24, np.int64))
    assert np.all(np.isinf(never))


def test_bad_input() -> None:
    with pytest.raises(ValueError, match="sorted"):
        simulate_lane_group(
            np.array([1.0, 0.5]), np.ones(2), np.zeros(2, np.int64), np.ones(24, np.int64)
        )
    with pytest.raises(ValueError, match="24"):
        simulate_lane_group(np.ones(1), np.ones(1), np.zeros(1, np.int64), np.ones(3, np.int64))


def test_interval_coverage() -> None:
    lam, mu, lanes = 2.4, 1.0, 3
    exact = mean_wait(lam, mu, lanes)
    group = LaneGroup("car", (lam,), Service("exponential", 1.0 / mu), (lanes,))
    hours = 40_000 / lam
    covered = [
        simulate_group(
            group, hours=hours, seed=s, warmup=hours * 0.02, batches=20
        ).summary.mean_wait.contains(exact)
        for s in range(40)
    ]
    # binomial(40, 0.95): 34..40 covers > 99 % of outcomes
    assert sum(covered) >= 34

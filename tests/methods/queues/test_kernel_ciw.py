"""The kernel against the Ciw library on the same cases (M/M/3; two non-preemptive priority classes).

Ciw (Palmer et al., Journal of Simulation 2019) is run for a few independent
replications; the kernel once with many customers.  The two mean waits must agree
within the combined 95 % interval of the difference.  There is no closed form for
the per-class waits of the priority case with c > 1, so the library is the reference.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy import stats as st

from shekara.methods.queues.kernel import simulate_lane_group

ciw = pytest.importorskip("ciw")


def _ciw_class_means(
    rates: dict[str, float], mu: float, lanes: int, hours: float, warmup: float, seed: int
) -> dict[str, float]:
    network = ciw.create_network(
        arrival_distributions={k: [ciw.dists.Exponential(rate=r)] for k, r in rates.items()},
        service_distributions={k: [ciw.dists.Exponential(rate=mu)] for k in rates},
        number_of_servers=[lanes],
        priority_classes={k: n for n, k in enumerate(rates)},
    )
    ciw.seed(seed)
    sim = ciw.Simulation(network)
    sim.simulate_until_max_time(hours)
    out = {}
    for k in rates:
        waits = [
            r.waiting_time
            for r in sim.get_all_records()
            if r.customer_class == k and r.arrival_date > warmup
        ]
        out[k] = float(np.mean(waits))
    return out


def _kernel_class_means(
    rates: dict[str, float], mu: float, lanes: int, n: int, seed: int
) -> tuple[dict[str, float], dict[str, float]]:
    """Per-class mean waits and their standard errors (20 batches)."""
    rng = np.random.default_rng(seed)
    lam = sum(rates.values())
    arr = np.cumsum(rng.exponential(1 / lam, n))
    probs = np.array(list(rates.values())) / lam
    klass = rng.choice(len(rates), size=n, p=probs).astype(np.int64)
    svc = rng.exponential(1 / mu, n)
    w = simulate_lane_group(arr, svc, klass, np.full(24, lanes, np.int64))
    means, ses = {}, {}
    for k, name in enumerate(rates):
        batches = np.array_split(w[n // 50 :][klass[n // 50 :] == k], 20)
        bm = np.array([b.mean() for b in batches])
        means[name], ses[name] = float(bm.mean()), float(bm.std(ddof=1) / math.sqrt(20))
    return means, ses


@pytest.mark.parametrize(
    ("rates", "lanes"),
    [
        ({"walk_in": 2.4}, 3),  # M/M/3 at utilisation 0.8
        ({"priority": 0.45, "walk_in": 1.35}, 2),  # two classes, utilisation 0.9
    ],
)
def test_kernel_agrees_with_ciw(rates: dict[str, float], lanes: int) -> None:
    mu, hours, warmup, reps = 1.0, 4_000.0, 200.0, 6
    ciw_runs = [_ciw_class_means(rates, mu, lanes, hours, warmup, seed) for seed in range(reps)]
    kernel, kernel_se = _kernel_class_means(rates, mu, lanes, 400_000, seed=1)
    for k in rates:
        runs = np.array([r[k] for r in ciw_runs])
        ciw_se = runs.std(ddof=1) / math.sqrt(reps)
        half = st.t.ppf(0.975, reps - 1) * math.hypot(ciw_se, kernel_se[k])
        assert abs(kernel[k] - runs.mean()) <= half, (k, kernel[k], runs.mean(), half)
    if len(rates) == 2:
        assert kernel["priority"] < kernel["walk_in"]

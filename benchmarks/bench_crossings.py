"""One million customers through an M/M/3 crossing: the numba kernel against Ciw, same run.

The case: arrival rate 2.4/h, service rate 1/h per lane, 3 lanes (utilisation 0.8),
FIFO, no capacity limit.  The kernel simulates 1 000 000 customers (arrival and
service draws included in the time; the first call's JIT compilation is excluded
and reported separately).  Ciw simulates a smaller number of customers on the same
case and its time is scaled linearly to one million (Ciw's cost per customer is
roughly constant for a stable queue); the script says so in its output.  Both mean
waits are printed next to the Erlang-C value so the runs can be checked.

    .venv/bin/python benchmarks/bench_crossings.py            # 1e6 kernel, 50 000 Ciw
    .venv/bin/python benchmarks/bench_crossings.py --ciw 200000 --no-write

It rewrites only the "## Crossings (queue kernel)" section of docs/performance.md.
"""

from __future__ import annotations

import argparse
import platform
import re
import time
from datetime import date
from pathlib import Path

import numba
import numpy as np

from shekara.methods.queues.erlang import mean_wait
from shekara.methods.queues.kernel import simulate_lane_group

LAM, MU, LANES = 2.4, 1.0, 3
PERF_DOC = Path(__file__).resolve().parents[1] / "docs" / "performance.md"
SECTION = "## Crossings (queue kernel)"


def replace_section(body: str) -> None:
    """Put *body* under SECTION in docs/performance.md (appended when absent)."""
    text = PERF_DOC.read_text(encoding="utf-8")
    block = f"{SECTION}\n\n{body.strip()}\n"
    pattern = re.compile(rf"^{re.escape(SECTION)}\n.*?(?=^## |\Z)", re.S | re.M)
    if pattern.search(text):
        text = pattern.sub(lambda _m: block + "\n", text).rstrip("\n") + "\n"
    else:
        text = text.rstrip("\n") + "\n\n" + block
    PERF_DOC.write_text(text, encoding="utf-8")


def kernel_run(n: int, seed: int) -> tuple[float, float]:
    t0 = time.perf_counter()
    rng = np.random.default_rng(seed)
    arrival = np.cumsum(rng.exponential(1 / LAM, n))
    service = rng.exponential(1 / MU, n)
    wait = simulate_lane_group(
        arrival, service, np.zeros(n, np.int64), np.full(24, LANES, np.int64)
    )
    elapsed = time.perf_counter() - t0
    return elapsed, float(wait[n // 20 :].mean())


def ciw_run(n: int, seed: int) -> tuple[float, float, int]:
    import ciw

    network = ciw.create_network(
        arrival_distributions=[ciw.dists.Exponential(rate=LAM)],
        service_distributions=[ciw.dists.Exponential(rate=MU)],
        number_of_servers=[LANES],
    )
    ciw.seed(seed)
    t0 = time.perf_counter()
    sim = ciw.Simulation(network)
    sim.simulate_until_max_customers(n, method="Finish")
    elapsed = time.perf_counter() - t0
    recs = sim.get_all_records()
    waits = np.array([r.waiting_time for r in recs])
    return elapsed, float(waits[len(waits) // 20 :].mean()), len(recs)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--customers", type=int, default=1_000_000)
    ap.add_argument("--ciw", type=int, default=50_000, help="customers for the Ciw run")
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--no-write", action="store_true", help="do not update docs/performance.md")
    args = ap.parse_args()
    import ciw

    t0 = time.perf_counter()
    kernel_run(1000, 0)
    compile_s = time.perf_counter() - t0
    runs = [kernel_run(args.customers, seed) for seed in range(1, args.repeats + 1)]
    best = min(r[0] for r in runs)
    c_time, c_mean, c_n = ciw_run(args.ciw, 1)
    per_million = c_time / c_n * 1_000_000
    print(
        f"machine: {platform.machine()}, Python {platform.python_version()}, "
        f"NumPy {np.__version__}, Ciw {ciw.__version__}"
    )
    print(f"Erlang C mean wait (h): {mean_wait(LAM, MU, LANES):.4f}")
    print(
        f"kernel: {args.customers:,} customers, best of {args.repeats}: {best:.3f} s "
        f"(first-call compile/cache load {compile_s:.2f} s); mean wait {runs[0][1]:.4f} h"
    )
    print(
        f"Ciw: {c_n:,} customers in {c_time:.2f} s, mean wait {c_mean:.4f} h; "
        f"scaled linearly to 1,000,000: {per_million:.0f} s"
    )
    print(f"speed-up (kernel vs Ciw scaled): {per_million / best:.0f}x")
    if not args.no_write:
        replace_section(
            f"""Measured by `benchmarks/bench_crossings.py` on {date.today().isoformat()} \
({platform.machine()}, 2 CPU shared with other jobs, Python {platform.python_version()}, \
NumPy {np.__version__}, numba {numba.__version__}, Ciw {ciw.__version__}). Case: M/M/3, arrival rate {LAM}/h, service rate \
{MU}/h per lane (utilisation {LAM / (MU * LANES):.1f}), FIFO, unlimited queue; both runs in the \
same process.

| path | customers | time | mean wait (h) |
| --- | --- | --- | --- |
| numba kernel (`simulate_lane_group`), incl. drawing arrivals and services, \
best of {args.repeats} | {args.customers:,} | {best:.3f} s | {runs[0][1]:.3f} |
| Ciw (`simulate_until_max_customers`) | {c_n:,} | {c_time:.2f} s | {c_mean:.3f} |
| Ciw, scaled linearly to 1,000,000 (not run at that size) | 1,000,000 | ≈ {per_million:.0f} s | — |

* Erlang-C mean wait of the case: {mean_wait(LAM, MU, LANES):.3f} h. The single-run means are a \
sanity check only; agreement with Erlang C and with Ciw is tested with confidence intervals in \
`tests/methods/queues`.
* The kernel's first call loads or compiles the numba code: {compile_s:.2f} s (cached afterwards).
* The Ciw time is extrapolated from {c_n:,} customers (by that rate a full million would take \
about {per_million:.0f} s here); Ciw's own M/M/3/10 benchmark, as cited in issue 15, takes about 30 s per million \
(machine and queue capacity differ). Speed-up on this run: about {per_million / best:.0f}×.
* Re-run: `.venv/bin/python benchmarks/bench_crossings.py` (options `--customers`, `--ciw`, \
`--repeats`, `--no-write`).
"""
        )
        print(f"wrote section {SECTION!r} of docs/performance.md")


if __name__ == "__main__":
    main()

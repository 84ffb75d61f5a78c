"""Benchmark of the stochastic Hamilton–Perry projection (shekara.methods.demography).

Run from the repository root::

    .venv/bin/python benchmarks/bench_population.py             # print, update docs/performance.md
    .venv/bin/python benchmarks/bench_population.py --no-write  # print only

Measures 10 000 seeded stochastic paths for one country (Kazakhstan, WPP 2022, base
2020, five-year steps to 2100, ratio windows 1996-2020) — goal under 2 s — plus the
5/50/95 % bands, and the whole ``project_country`` service call (store read included)
for comparison. The WPP rows are read straight from the shipped CSV, so no store is needed
for the kernel figure. Only the "## Population" section of docs/performance.md is written.
"""

from __future__ import annotations

import argparse
import csv
import os
import platform
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

import numpy as np

from bench_report import write_section
from shekara.methods.demography.ages import AGE_LABELS, indicator_for_age
from shekara.methods.demography.stochastic import RatioVariability, quantile_bands, simulate

ROOT = Path(__file__).resolve().parents[1]
SECTION = "## Population"
GOAL_S = 2.0


def wpp_history(country: str, first: int, last: int) -> np.ndarray:
    """Age distributions *first*..*last* of *country* from data/indicators/wpp2022.csv."""
    idx = {indicator_for_age(a): i for i, a in enumerate(AGE_LABELS)}
    out = np.zeros((last - first + 1, len(AGE_LABELS)))
    with (ROOT / "data" / "indicators" / "wpp2022.csv").open(encoding="utf-8") as f:
        for r in csv.DictReader(f):
            y = int(r["period"])
            if r["entity_id"] == country and r["indicator"] in idx and first <= y <= last:
                out[y - first, idx[r["indicator"]]] = float(r["value"])
    return out


def best_of(fn: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return min(times)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--no-write", action="store_true", help="do not update docs/performance.md")
    ap.add_argument("--paths", type=int, default=10_000)
    args = ap.parse_args(argv)

    hist = wpp_history("KZ", 1996, 2020)
    steps = (2100 - 2020) // 5

    def kernel() -> np.ndarray:
        model = RatioVariability.from_history(hist, 5)
        paths = simulate(hist[-1], model, steps, args.paths, seed=2022)
        quantile_bands(paths)
        return paths

    paths = kernel()  # warm-up
    kernel_s = best_of(kernel, 5)
    mem_mb = paths.nbytes / 1e6

    # The service call as the CLI and API make it (reads the store first).
    from shekara.kb.store import build, make_engine
    from shekara.services.population.national import project_country

    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{tmp}/kb.sqlite"
        build(url)
        eng = make_engine(url)
        service_s = best_of(lambda: project_country(eng, "KAZ", n_paths=args.paths), 3)
        eng.dispose()

    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    body = (
        f"Measured by `benchmarks/bench_population.py` on {date.today().isoformat()} "
        f"({platform.machine()}, {cpus} CPU available; Python {platform.python_version()}, "
        f"NumPy {np.__version__}).\n\n"
        "| what | time |\n| --- | --- |\n"
        f"| {args.paths:,} stochastic Hamilton–Perry paths, Kazakhstan, 2020 → 2100 "
        f"({steps} five-year steps, 21 age groups), ratio model from 25 years + 5/50/95 % bands "
        f"| {kernel_s:.3f} s (best of 5) |\n"
        f"| `project_country` (store read of the 4 530 WPP values of one country, constant + trended scenarios, "
        f"the same {args.paths:,} paths) | {service_s:.3f} s (best of 3) |\n\n"
        f"* Goal < {GOAL_S:.0f} s for 10 000 paths to 2100: "
        f"{'met' if kernel_s < GOAL_S else 'not met'} ({kernel_s:.3f} s). The paths array holds "
        f"{mem_mb:.0f} MB (float64); every step is one vectorised NumPy operation per age block "
        "over all paths.\n"
    )
    print(body)
    if not args.no_write:
        write_section(body, SECTION)
        print(f"wrote section '{SECTION}' of docs/performance.md")
    return 0


if __name__ == "__main__":
    sys.exit(main())

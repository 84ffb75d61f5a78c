"""Benchmarks of the hydrological modelling core (shekara.methods.hydrology).

Run from the repository root::

    .venv/bin/python benchmarks/bench_hydro.py             # print, update docs/performance.md
    .venv/bin/python benchmarks/bench_hydro.py --no-write  # print only
    .venv/bin/python benchmarks/bench_hydro.py --hydrobricks-budget 600   # quicker comparison

Measurements, all pinned to one CPU core (``os.sched_setaffinity``):

1. model runs per second on the 10-year Fulda series (3,653 days): the lean
   discharge-only path, the full-diagnostics path, the compiled batch path,
   and the pure-NumPy fallback used when numba is absent;
2. wall time of the documented 10,000-run calibration (spin-up 1979,
   calibration 1980–1984, validation 1985–1988, seed 1) and its skill;
3. a side-by-side with hydrobricks' HBV-96 (C++ core) on the same forcing,
   the same PET, the same periods, the same optimiser, seed and budget:
   time per run and calibration/validation skill of both models;
4. a 100-member, 90-day ensemble forecast and the reservoir scenario.

Only the "## Hydrology" section of docs/performance.md is written; other
sections are left untouched.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import numpy as np
import scipy
from scipy.optimize import differential_evolution

from shekara.methods.hydrology import _kernels as K
from shekara.methods.hydrology import skill
from shekara.methods.hydrology.calibration import (
    DEFAULT_POPSIZE,
    SplitSample,
    _batch_objective,
    calibrate,
    calibrate_fulda,
)
from shekara.methods.hydrology.datasets import CatchmentSeries, PetMethod, load_fulda
from shekara.methods.hydrology.forcing import Forcing
from shekara.methods.hydrology.forecast import ForcingScenario, RiverSection, ensemble_forecast
from shekara.methods.hydrology.model import (
    HAVE_NUMBA,
    HBVParameters,
    ModelState,
    simulate,
    simulate_batch,
    simulate_discharge,
)
from shekara.methods.hydrology.reservoir import iriklinsk_spring_2024_scenario

T = TypeVar("T")
ROOT = Path(__file__).resolve().parents[1]
PERF_DOC = ROOT / "docs" / "performance.md"
SECTION = "## Hydrology"
PERIODS = SplitSample((1979, 1979), (1980, 1984), (1985, 1988))
PET_METHOD: PetMethod = "hargreaves"
SEED = 1


def pin_one_core() -> str:
    try:
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
        return "pinned to 1 core"
    except (AttributeError, OSError):  # pragma: no cover - non-Linux
        return "not pinned (no sched_setaffinity)"


def rate(fn: Callable[[], Any], n: int, repeat: int = 3) -> float:
    """Best-of-``repeat`` calls per second of ``fn`` over ``n`` calls."""
    fn()  # warm-up (and JIT compile on a cold cache)
    best = float("inf")
    for _ in range(repeat):
        t0 = time.perf_counter()
        for _ in range(n):
            fn()
        best = min(best, time.perf_counter() - t0)
    return n / best


def cold_compile_seconds() -> float:
    """First simulation in a fresh process with an empty numba cache."""
    code = (
        "import time; t0 = time.perf_counter();"
        "from shekara.methods.hydrology.model import simulate, simulate_batch, HBVParameters;"
        "from shekara.methods.hydrology.forcing import Forcing;"
        "import numpy as np; x = np.ones(10);"
        "simulate(HBVParameters(), Forcing(x, x, x)); simulate_batch([HBVParameters()], x, x, x);"
        "print(time.perf_counter() - t0)"
    )
    with tempfile.TemporaryDirectory() as cache:
        env = {**os.environ, "NUMBA_CACHE_DIR": cache}
        out = subprocess.run(
            [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
        )
    return float(out.stdout.strip())


def model_speed(s: CatchmentSeries) -> dict[str, float]:
    p, t = s.precip, s.temp
    e = s.pet(PET_METHOD)
    par = HBVParameters()
    vec = par.to_array()
    w = K.maxbas_weights(par.maxbas)
    out = np.empty((1, p.size))
    st0 = np.array([0.0, 0.0, par.lp * par.fc, 0.0, 20.0])

    def kernel_only() -> None:
        K.hbv_kernel(vec, p, t, e, st0.copy(), np.zeros(w.size), w, out, False)

    res = {
        "kernel": rate(kernel_only, 3000),
        # the forcing is built (and checked) inside each call, as before it was a value
        "simulate_discharge": rate(lambda: simulate_discharge(vec, Forcing(p, t, e)), 3000),
        "simulate_full": rate(lambda: simulate(par, Forcing(p, t, e)), 1000),
    }
    pars = np.tile(vec, (500, 1))
    t_batch = min(timeit(lambda: simulate_batch(pars, p, t, e), 3))
    res["batch_numba"] = 500 / t_batch
    pars_np = np.tile(vec, (200, 1))
    t_np = min(timeit(lambda: simulate_batch(pars_np, p, t, e, use_numba=False), 2))
    res["batch_numpy_fallback"] = 200 / t_np
    t_py = min(
        timeit(
            lambda: K._hbv_kernel_py(vec, p, t, e, st0.copy(), np.zeros(w.size), w, out, False), 2
        )
    )
    res["interpreted_python"] = 1.0 / t_py
    return res


def timeit(fn: Callable[[], Any], repeat: int) -> list[float]:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return times


def hydrobricks_compare(s: CatchmentSeries, budget: int) -> dict[str, Any]:
    """Calibrate hydrobricks' HBV-96 exactly as our model; report time and skill."""
    try:
        import hydrobricks as hb  # type: ignore[import-untyped]
        from hydrobricks.models.hbv_96 import HBV96  # type: ignore[import-untyped]
    except Exception as exc:  # report any import failure verbatim, do not abort the bench
        return {"error": f"hydrobricks import failed: {exc!r}"}
    try:
        return _hydrobricks_run(hb, HBV96, s, budget)
    except Exception as exc:  # a failing third-party run is a finding, not a crash
        return {"error": f"hydrobricks run failed: {exc!r}"}


def _hydrobricks_run(hb: Any, HBV96: Any, s: CatchmentSeries, budget: int) -> dict[str, Any]:

    tmp = tempfile.mkdtemp(prefix="shekara-hb-")
    pet = s.pet(PET_METHOD)
    with open(f"{tmp}/forcing.csv", "w", encoding="utf-8") as fh:
        fh.write("date,precip,temp,pet\n")
        for d, pp, tt, ee in zip(s.dates, s.precip, s.temp, pet, strict=True):
            fh.write(f"{d},{float(pp)!r},{float(tt)!r},{float(ee)!r}\n")
    with open(f"{tmp}/units.csv", "w", encoding="utf-8") as fh:
        # One lumped unit; the elevation is irrelevant without gradients.
        fh.write(f"id,area,elevation\n-,km2,m\n1,{s.area_km2},400\n")
    units = hb.HydroUnits()
    units.load_from_csv(f"{tmp}/units.csv", column_area="area", column_elevation="elevation")
    forcing = hb.Forcing(units)
    forcing.load_station_data_from_csv(
        f"{tmp}/forcing.csv",
        column_time="date",
        time_format="%Y-%m-%d",
        content={"precipitation": "precip", "temperature": "temp", "pet": "pet"},
    )
    for var in ("precipitation", "temperature", "pet"):
        forcing.spatialize_from_station_data(var, method="constant")
    model = HBV96()
    params = model.generate_parameters()
    end = f"{PERIODS.last_year}-12-31"
    model.setup(spatial_structure=units, output_path=tmp, start_date="1979-01-01", end_date=end)

    # Free parameters of HBV-96 within hydrobricks' own documented ranges;
    # capillary flux off and rain correction 1 so the structure matches ours.
    free = {
        "cfmax": (2.0, 10.0),
        "tt": (0.0, 3.0),
        "cwh": (0.0, 0.2),
        "cfr": (0.0, 0.1),
        "sfcf": (0.8, 1.5),
        "beta": (1.0, 6.0),
        "perc": (0.0, 6.0),
        "k_uz": (0.0001, 1.0),
        "alpha": (0.0, 2.0),
        "k_lz": (0.0005, 0.2),
        "fc": (50.0, 700.0),
        "lp": (0.3, 1.0),
        "cevpf": (0.5, 1.5),
        "maxbas": (1.0, 7.0),
    }
    names = list(free)
    fixed = {"cflux": 0.0, "rfcf": 1.0}
    years = s.years
    q_obs = s.q_obs_mm
    assert q_obs is not None
    cal = (years >= PERIODS.calibration[0]) & (years <= PERIODS.calibration[1])
    val = (years >= 1985) & (years <= 1988)

    def run(x: np.ndarray) -> np.ndarray:
        params.set_values({**fixed, **dict(zip(names, map(float, x), strict=True))})
        model.run(params, forcing)
        return np.asarray(model.get_outlet_discharge(), dtype=np.float64)

    mid = np.array([(lo + hi) / 2 for lo, hi in free.values()])
    per_run = min(timeit(lambda: run(mid), 20))
    n_evals = 0

    def cost(x: np.ndarray) -> float:
        nonlocal n_evals
        n_evals += 1
        q = run(x)
        return -float(_batch_objective(q_obs[cal], q[None, cal], "nse_kge")[0])

    popsize = DEFAULT_POPSIZE  # the same optimiser settings as ours
    maxiter = max(1, budget // (popsize * len(names)) - 1)
    t0 = time.perf_counter()
    res = differential_evolution(
        cost,
        list(free.values()),
        rng=np.random.default_rng(SEED),
        maxiter=maxiter,
        popsize=popsize,
        tol=0.0,
        atol=0.0,
        polish=False,
        init="latinhypercube",
        updating="deferred",
    )
    wall = time.perf_counter() - t0
    q = run(res.x)
    return {
        "version": getattr(hb, "__version__", "?"),
        "per_run_s": per_run,
        "calibration_wall_s": wall,
        "n_evaluations": n_evals,
        "cal": skill.score(q_obs[cal], q[cal]),
        "val": skill.score(q_obs[val], q[val]),
        "parameters": dict(zip(names, map(float, res.x), strict=True)),
    }


def forecast_and_reservoir() -> dict[str, float]:
    horizon = 90
    sc = ForcingScenario.create(
        np.full(horizon, 1.5),
        np.linspace(-8.0, 14.0, horizon),
        start_date="2024-03-15",
        latitude_deg=51.2,
    )
    sec = RiverSection(
        "bench", 10_000.0, HBVParameters(), ModelState(snow=150.0, sm=150.0), {"alert": 1000.0}
    )
    ensemble_forecast(sec, sc, seed=1, n_members=10)  # warm-up
    t_fc = min(timeit(lambda: ensemble_forecast(sec, sc, seed=1, n_members=100), 3))
    t_res = min(timeit(lambda: iriklinsk_spring_2024_scenario("hold_then_release"), 3))
    return {"forecast_100x90_s": t_fc, "reservoir_90d_24sub_s": t_res}


def fmt_scores(sc: skill.SkillScores) -> str:
    return f"{sc.nse:.3f} / {sc.kge:.3f} / {sc.pbias:+.2f} % / {sc.rsr:.3f}"


def write_section(body: str) -> None:
    PERF_DOC.parent.mkdir(parents=True, exist_ok=True)
    text = PERF_DOC.read_text(encoding="utf-8") if PERF_DOC.exists() else "# Performance\n"
    lines = text.splitlines()
    start = next((k for k, ln in enumerate(lines) if ln.strip() == SECTION), None)
    new = [SECTION, "", *body.rstrip("\n").splitlines()]
    if start is None:
        out = [*lines, "", *new] if lines else new
    else:
        end = next(
            (k for k in range(start + 1, len(lines)) if lines[k].startswith("## ")), len(lines)
        )
        tail = lines[end:]
        out = [*lines[:start], *new, *(["", *tail] if tail else [])]
    PERF_DOC.write_text("\n".join(out).rstrip("\n") + "\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    ap.add_argument("--no-write", action="store_true", help="do not update docs/performance.md")
    ap.add_argument(
        "--hydrobricks-budget",
        type=int,
        default=10_000,
        help="model runs per calibration in the side-by-side (both models)",
    )
    ap.add_argument("--skip-hydrobricks", action="store_true")
    args = ap.parse_args(argv)

    pinned = pin_one_core()
    s = load_fulda()
    print(f"Fulda: {s.dates.size} days, numba available: {HAVE_NUMBA}, {pinned}")

    t_cold = cold_compile_seconds()
    print(f"cold start incl. numba compile (empty cache): {t_cold:.2f} s")

    speed = model_speed(s)
    for k, v in speed.items():
        print(f"runs/s {k:24s} {v:10.0f}")

    cal_runs = []
    for _ in range(3):
        r = calibrate_fulda(seed=SEED)
        cal_runs.append(r.wall_time_s)
    assert r.validation is not None
    t_cal = statistics.median(cal_runs)
    print(f"10,000-run calibration: {t_cal:.2f} s (median of 3), {r.n_evaluations} runs")
    print("  calibration NSE/KGE/PBIAS/RSR:", fmt_scores(r.calibration))
    print("  validation  NSE/KGE/PBIAS/RSR:", fmt_scores(r.validation))

    seeds = {}
    for sd in (2, 3, 4, 5):
        rr = calibrate_fulda(seed=sd)
        assert rr.validation is not None
        seeds[sd] = rr.validation
        print(f"  seed {sd}: validation {fmt_scores(rr.validation)}")

    hb: dict[str, Any] = {}
    ours_small = None
    if not args.skip_hydrobricks:
        ours_small = calibrate(
            s, periods=PERIODS, seed=SEED, max_evaluations=args.hydrobricks_budget
        )
        hb = hydrobricks_compare(s, args.hydrobricks_budget)
        if "error" in hb:
            print("hydrobricks:", hb["error"])
        else:
            print(
                f"hydrobricks {hb['version']} HBV-96: {hb['per_run_s'] * 1e3:.2f} ms/run, "
                f"calibration {hb['calibration_wall_s']:.1f} s for {hb['n_evaluations']} runs"
            )
            print("  calibration:", fmt_scores(hb["cal"]))
            print("  validation: ", fmt_scores(hb["val"]))
            assert ours_small.validation is not None
            print(
                f"ours at the same budget ({ours_small.n_evaluations} runs): "
                f"{ours_small.wall_time_s:.2f} s; validation {fmt_scores(ours_small.validation)}"
            )

    extra = forecast_and_reservoir()
    print(
        f"ensemble forecast 100 members x 90 days: {extra['forecast_100x90_s'] * 1e3:.1f} ms; "
        f"reservoir scenario (90 days x 24 sub-steps): {extra['reservoir_90d_24sub_s'] * 1e3:.1f} ms"
    )

    per_run_ours = 1.0 / speed["simulate_discharge"]
    lines = [
        f"Measured by `benchmarks/bench_hydro.py` on {time.strftime('%Y-%m-%d')} "
        f"({platform.machine()}, {os.cpu_count()} CPU, {pinned}; Python {platform.python_version()}, "
        f"NumPy {np.__version__}, SciPy {scipy.__version__}, numba available: {HAVE_NUMBA}). "
        "Series: Fulda 1979–1988, 3,653 days. Rates are best of 3 repeats.",
        "",
        "| path | runs / s (10-year daily series) |",
        "| --- | --- |",
        f"| compiled kernel alone | {speed['kernel']:,.0f} |",
        f"| `simulate_discharge` (public, discharge only) | {speed['simulate_discharge']:,.0f} |",
        f"| `simulate` (all fluxes and states) | {speed['simulate_full']:,.0f} |",
        f"| `simulate_batch`, 500 members, numba | {speed['batch_numba']:,.0f} |",
        f"| `simulate_batch`, 200 members, NumPy fallback (no numba) | "
        f"{speed['batch_numpy_fallback']:,.0f} |",
        f"| same kernel interpreted by CPython (no numba, single run) | "
        f"{speed['interpreted_python']:,.1f} |",
        "",
        f"* Target ≥ 5,000 runs/s on one core: "
        f"{'met' if speed['simulate_discharge'] >= 5000 else 'NOT met'} "
        f"({speed['simulate_discharge']:,.0f} through the public API).",
        f"* Cold start with an empty numba cache (import + compile + first runs): {t_cold:.1f} s; "
        "later processes load the compiled code from `__pycache__`.",
        f"* 10,000-run calibration (differential evolution, {r.n_evaluations:,} runs, seed {SEED}, "
        f"objective mean(NSE, KGE), Hargreaves PET): {t_cal:.2f} s wall (median of 3).",
        "  NSE / KGE (2009) / PBIAS / RSR — calibration 1980–84: "
        f"{fmt_scores(r.calibration)}; validation 1985–88: {fmt_scores(r.validation)}.",
        "  Other seeds, validation NSE: "
        + ", ".join(f"{k}: {v.nse:.3f}" for k, v in seeds.items())
        + "; KGE: "
        + ", ".join(f"{k}: {v.kge:.3f}" for k, v in seeds.items())
        + ".",
        f"* Ensemble forecast, 100 members × 90 days: {extra['forecast_100x90_s'] * 1e3:.0f} ms; "
        f"reservoir routing, 90 days × 24 implicit sub-steps: "
        f"{extra['reservoir_90d_24sub_s'] * 1e3:.0f} ms.",
    ]
    if hb and "error" not in hb and ours_small is not None and ours_small.validation is not None:
        lines += [
            "",
            f"Side-by-side with hydrobricks {hb['version']} (C++ core, HBV-96 structure: "
            "degree-day snow with refreezing and holding capacity, beta soil routine, "
            "non-linear upper zone, MAXBAS) on the same forcing, Hargreaves PET, periods, "
            f"objective, optimiser, seed and budget ({args.hydrobricks_budget:,} runs):",
            "",
            "| model | time per 10-year run | calibration wall | validation NSE / KGE / PBIAS / RSR |",
            "| --- | --- | --- | --- |",
            f"| Shekara HBV (numba) | {per_run_ours * 1e3:.3f} ms | "
            f"{ours_small.wall_time_s:.1f} s | {fmt_scores(ours_small.validation)} |",
            f"| hydrobricks HBV-96 | {hb['per_run_s'] * 1e3:.3f} ms | "
            f"{hb['calibration_wall_s']:.1f} s | {fmt_scores(hb['val'])} |",
            "",
            f"* Speed ratio per run: {hb['per_run_s'] / per_run_ours:.0f}× in favour of Shekara. "
            "hydrobricks integrates its bricks with an ODE solver and re-attaches the forcing "
            "on every `run()`; both are part of its per-run cost.",
        ]
    elif hb.get("error"):
        lines += ["", f"* hydrobricks comparison not run: {hb['error']}"]
    body = "\n".join(lines) + "\n"
    if not args.no_write:
        write_section(body)
        print(f"\nwrote section '{SECTION}' of {PERF_DOC.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

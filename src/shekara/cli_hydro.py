"""CLI of the water issue: ``shekara hydro calibrate|validate|forecast|reservoir`` and ``shekara water balance``.

Thin commands over :mod:`shekara.services.hydro` and :mod:`shekara.services.water`.
Exit codes: 0 success; 1 bad data or a failed hydrology check (the message carries the
stable code ``HYD001``…); 2 wrong usage (unknown option value, malformed number).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any, get_args

import numpy as np
import typer
from rich.console import Console
from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

from shekara.cli_common import FormatOpt, LangOpt, check_format, engine, fail, lang_of
from shekara.methods.hydrology.calibration import DEFAULT_MAX_EVALUATIONS, Objective
from shekara.methods.hydrology.datasets import PetMethod
from shekara.methods.hydrology.errors import HydrologyError, PeriodError
from shekara.methods.hydrology.forecast import Perturbation
from shekara.methods.hydrology.model import PARAMETER_SPECS
from shekara.output import render, to_json
from shekara.services import hydro
from shekara.services.water import (
    Figure,
    ScenarioOptions,
    WaterBalanceError,
    WaterBalanceReport,
    water_balance,
)

hydro_app = typer.Typer(
    help="Snow-and-runoff model: calibrate, validate, ensemble flood forecast, reservoir scenario.\n\n"
    "Series come from a shipped dataset (--dataset fulda) or from the store (--entity RIVER_ID: "
    "daily precipitation_mm, air_temperature_degc, discharge_m3s). Bad input stops with a "
    "stable code: HYD001 gap, HYD002 negative precipitation, HYD003 temperature, HYD004 too "
    "short, HYD007 periods, HYD010 malformed data (see docs/hydrology.md).",
    no_args_is_help=True,
)
water_app = typer.Typer(
    help="Water balance of Kazakhstan's basins bordering Russia, with scenarios.",
    no_args_is_help=True,
)

HydroFormat = Annotated[str, typer.Option("--format", "-f", help="Output format: table or json.")]
DatasetOpt = Annotated[
    str, typer.Option("--dataset", help="Shipped series to use when no --entity: fulda.")
]
EntityOpt = Annotated[
    str | None,
    typer.Option(
        "--entity",
        help="River id whose daily series are read from the store (instead of --dataset).",
    ),
]
SourceOpt = Annotated[
    str | None,
    typer.Option("--source", help="With --entity: use only values of this source_id."),
]
AreaOpt = Annotated[
    float | None,
    typer.Option(
        "--area-km2",
        help="With --entity: catchment area (default: catchment_area_km2 in the store).",
    ),
]
LatitudeOpt = Annotated[
    float | None,
    typer.Option("--latitude", help="With --entity: catchment latitude in degrees (for PET)."),
]
PetOpt = Annotated[
    str | None,
    typer.Option(
        "--pet",
        help="PET method: oudin, hamon or hargreaves (default hargreaves when daily min/max "
        "temperature exist, else oudin).",
    ),
]
BudgetOpt = Annotated[
    int,
    typer.Option(
        "--budget",
        "--max-evaluations",
        min=100,
        help="Model runs the calibration may spend (differential evolution).",
    ),
]
SeedOpt = Annotated[int, typer.Option("--seed", help="Random seed: same seed, same result.")]
_PERT = Perturbation()
_RES = hydro.ReservoirOptions()


def _fail_hydro(exc: HydrologyError) -> typer.Exit:
    return fail(str(exc))


@contextmanager
def _progress(label: str) -> Iterator[None]:
    """A transient progress bar on stderr, so JSON on stdout stays clean."""
    cols = (SpinnerColumn(), TextColumn(label), BarColumn(), TimeElapsedColumn())
    with Progress(*cols, console=Console(stderr=True), transient=True) as progress:
        task = progress.add_task(label, total=None)
        yield
        progress.update(task, total=1, completed=1)


def _years(text: str | None, what: str) -> tuple[int, int] | None:
    if text is None:
        return None
    try:
        return hydro.parse_years(text, what)
    except PeriodError as exc:
        if "reversed" in exc.message:
            raise _fail_hydro(exc) from None
        raise typer.BadParameter(str(exc), param_hint=f"--{what.replace('_', '-')}") from None


def _pet(pet: str | None) -> PetMethod | None:
    if pet is not None and pet not in get_args(PetMethod):
        raise typer.BadParameter("must be oudin, hamon or hargreaves", param_hint="--pet")
    return pet  # type: ignore[return-value]


def _load(
    dataset: str,
    entity: str | None,
    source: str | None,
    area: float | None,
    latitude: float | None,
    years: tuple[int, int] | None = None,
    require_discharge: bool = True,
) -> hydro.LoadedSeries:
    if entity is None:
        if dataset not in hydro.DATASETS:
            raise typer.BadParameter(
                f"must be one of {', '.join(hydro.DATASETS)}", param_hint="--dataset"
            )
        return hydro.load_dataset(dataset)
    if latitude is None:
        raise typer.BadParameter(
            "--entity needs --latitude (degrees) for PET", param_hint="--latitude"
        )
    return hydro.load_store_series(
        engine(),
        entity,
        latitude_deg=latitude,
        area_km2=area,
        source_id=source,
        years=years,
        require_discharge=require_discharge,
    )


def _read_json(path: Path) -> dict[str, Any]:
    try:
        obj = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise fail(f"cannot read parameters from {path}: {exc}") from None
    if not isinstance(obj, dict):
        raise fail(f"{path}: expected a JSON object")
    return obj


def _echo_json(obj: Any) -> None:
    typer.echo(to_json(obj))


# --------------------------------------------------------------------------- calibrate
@hydro_app.command("calibrate")
def calibrate_cmd(
    dataset: DatasetOpt = "fulda",
    entity: EntityOpt = None,
    source: SourceOpt = None,
    area: AreaOpt = None,
    latitude: LatitudeOpt = None,
    spin_up: Annotated[
        str | None,
        typer.Option("--spin-up", help="Spin-up year(s), e.g. 1979 (default: first year)."),
    ] = None,
    calibration: Annotated[
        str | None,
        typer.Option(
            "--calibration", help="Calibration years, e.g. 1980-1984 (default: first half)."
        ),
    ] = None,
    validation: Annotated[
        str | None,
        typer.Option("--validation", help="Validation years, e.g. 1985-1988 (default: the rest)."),
    ] = None,
    seed: SeedOpt = 1,
    budget: BudgetOpt = DEFAULT_MAX_EVALUATIONS,
    objective: Annotated[
        str, typer.Option("--objective", help="nse_kge ((NSE+KGE)/2), nse or kge.")
    ] = "nse_kge",
    pet: PetOpt = None,
    out: Annotated[
        Path | None,
        typer.Option("--out", help="Also write the JSON result here (for validate/forecast)."),
    ] = None,
    fmt: HydroFormat = "table",
) -> None:
    """Split-sample calibration: fit on the calibration years, score unchanged on the validation years.

    Prints the 16 parameters and, under calibration and validation, NSE, KGE (2009),
    PBIAS (positive = overestimation) and RSR. Defaults on Fulda: spin-up 1979, calibration
    1980-1984, validation 1985-1988, seed 1, 10,000 model runs (docs/hydrology.md § 5).
    """
    check_format(fmt, ("table", "json"))
    if objective not in get_args(Objective):
        raise typer.BadParameter("must be nse_kge, nse or kge", param_hint="--objective")
    spans = [
        _years(spin_up, "spin_up"),
        _years(calibration, "calibration"),
        _years(validation, "validation"),
    ]
    given = [s for s in spans if s is not None]
    years = (min(s[0] for s in given), max(s[1] for s in given)) if len(given) == 3 else None
    try:
        loaded = _load(dataset, entity, source, area, latitude, years)
        with _progress(f"calibrating ({budget:,} runs)"):
            report = hydro.run_calibration(
                loaded,
                spin_up=spans[0],
                calibration=spans[1],
                validation=spans[2],
                seed=seed,
                max_evaluations=budget,
                objective=objective,  # type: ignore[arg-type]  # checked above
                pet_method=_pet(pet),
            )
    except HydrologyError as exc:
        raise _fail_hydro(exc) from None
    d = report.to_dict()
    if out is not None:
        out.write_text(to_json(d) + "\n", encoding="utf-8")
    if fmt == "json":
        _echo_json(d)
        return
    run = d["run"]
    rows = [
        {
            "parameter": k,
            "value": v,
            "unit": PARAMETER_SPECS[k].unit,
            "bounds": f"{PARAMETER_SPECS[k].low}..{PARAMETER_SPECS[k].high}",
        }
        for k, v in d["parameters"].items()
    ]
    typer.echo(render(rows, "table", title=f"Calibrated parameters — {run['dataset']}"))
    scores = [
        {
            "period": "calibration",
            "years": "-".join(map(str, run["calibration_years"])),
            **d["calibration"],
        }
    ]
    if d["validation"] is not None:
        vy = "-".join(map(str, run["validation_years"]))
        scores.append({"period": "validation", "years": vy, **d["validation"]})
    typer.echo(render(scores, "table", title="Skill (PBIAS > 0: the model overestimates)"))
    typer.echo(
        f"Spin-up {run['spin_up'][0]}-{run['spin_up'][1]}; objective {run['objective']}; seed "
        f"{run['seed']}; {run['n_evaluations']:,} runs; PET {run['pet_method']}."
    )


# --------------------------------------------------------------------------- validate
@hydro_app.command("validate")
def validate_cmd(
    parameters: Annotated[
        Path,
        typer.Option(
            "--parameters", help="JSON from 'hydro calibrate' (or a flat name: value object)."
        ),
    ],
    period: Annotated[str, typer.Option("--period", help="Years to score, e.g. 1985-1988.")],
    spin_up: Annotated[
        str | None,
        typer.Option(
            "--spin-up", help="Years run before the period, not scored (default: all before it)."
        ),
    ] = None,
    dataset: DatasetOpt = "fulda",
    entity: EntityOpt = None,
    source: SourceOpt = None,
    area: AreaOpt = None,
    latitude: LatitudeOpt = None,
    pet: PetOpt = None,
    fmt: HydroFormat = "table",
) -> None:
    """Run given parameters on a period and print its skill (NSE, KGE, PBIAS, RSR).

    The model runs continuously from the spin-up through the period; only the period is
    scored. Use it to test calibrated parameters on years they were not fitted on.
    """
    check_format(fmt, ("table", "json"))
    per = _years(period, "period")
    spin = _years(spin_up, "spin_up")
    assert per is not None
    try:
        params = hydro.parameters_from_json(_read_json(parameters))
        loaded = _load(dataset, entity, source, area, latitude)
        rep = hydro.run_validation(loaded, params, period=per, spin_up=spin, pet_method=_pet(pet))
    except HydrologyError as exc:
        raise _fail_hydro(exc) from None
    d = rep.to_dict()
    if fmt == "json":
        _echo_json(d)
        return
    row = {
        "period": f"{per[0]}-{per[1]}",
        **d["skill"],
        "kge_2012": d["kge_2012"],
        "n_days": d["n_days"],
    }
    typer.echo(
        render([row], "table", title=f"Skill of the given parameters — {d['series']['name']}")
    )
    typer.echo(f"Spin-up {rep.spin_up[0]}-{rep.spin_up[1]}; PET {rep.pet_method}.")


# --------------------------------------------------------------------------- forecast
def _thresholds(values: list[str] | None) -> dict[str, float]:
    out: dict[str, float] = {}
    for item in values or []:
        label, sep, num = item.partition("=")
        if not sep:
            label, num = f"{item.strip()} m3/s", item
        try:
            out[label.strip()] = float(num)
        except ValueError:
            raise typer.BadParameter(
                f"{item!r} is not Q or LABEL=Q", param_hint="--threshold"
            ) from None
    return out


@hydro_app.command("forecast")
def forecast_cmd(
    dataset: DatasetOpt = "fulda",
    entity: EntityOpt = None,
    source: SourceOpt = None,
    area: AreaOpt = None,
    latitude: LatitudeOpt = None,
    parameters: Annotated[
        Path | None,
        typer.Option(
            "--parameters",
            help="JSON from 'hydro calibrate' (default: calibrate now on the years before --start).",
        ),
    ] = None,
    start: Annotated[
        str | None,
        typer.Option(
            "--start",
            help="First forecast day YYYY-MM-DD (default: 1 March of the last spring in the data).",
        ),
    ] = None,
    horizon: Annotated[int, typer.Option("--horizon", min=1, help="Days to forecast.")] = 60,
    members: Annotated[int, typer.Option("--members", min=1, help="Ensemble members.")] = 50,
    seed: SeedOpt = 1,
    threshold: Annotated[
        list[str] | None,
        typer.Option(
            "--threshold", help="Alert level in m3/s, as Q or LABEL=Q; repeat for several."
        ),
    ] = None,
    temp_sd: Annotated[
        float, typer.Option("--temp-sd", help="Member temperature offset SD, °C.")
    ] = _PERT.temp_sd,
    precip_cv: Annotated[
        float, typer.Option("--precip-cv", help="CV of the member precipitation factor.")
    ] = _PERT.precip_cv,
    swe_cv: Annotated[
        float, typer.Option("--swe-cv", help="CV of the member factor on the initial snowpack.")
    ] = _PERT.swe_cv,
    forcing: Annotated[
        Path | None,
        typer.Option(
            "--forcing",
            help="CSV date,precipitation_mm,air_temperature_degc for a real forecast (default: hindcast on observed forcing).",
        ),
    ] = None,
    budget: BudgetOpt = DEFAULT_MAX_EVALUATIONS,
    pet: PetOpt = None,
    fmt: HydroFormat = "table",
) -> None:
    """Ensemble spring-flood forecast: probability of exceeding each alert level.

    Members perturb temperature, precipitation and the initial snowpack (seeded: same
    --seed, same numbers). Without --forcing this is a hindcast on the observed weather
    and prints the observed peak beside the forecast. Default spreads are illustrative.
    """
    check_format(fmt, ("table", "json"))
    levels = _thresholds(threshold)
    if start is not None:
        try:
            np.datetime64(start, "D")
        except ValueError:
            raise typer.BadParameter("must be a date YYYY-MM-DD", param_hint="--start") from None
    try:
        params = None if parameters is None else hydro.parameters_from_json(_read_json(parameters))
        loaded = _load(
            dataset, entity, source, area, latitude, require_discharge=parameters is None
        )
        scen = None
        if forcing is not None:
            scen = hydro.read_forcing_csv(
                forcing, area_km2=loaded.series.area_km2, latitude_deg=loaded.series.latitude_deg
            )
        pert = Perturbation(temp_sd=temp_sd, precip_cv=precip_cv, swe_cv=swe_cv)
        with _progress(f"{members} members"):
            rep = hydro.run_forecast(
                loaded,
                parameters=params,
                start=start,
                horizon_days=horizon,
                n_members=members,
                seed=seed,
                thresholds=levels,
                perturbation=pert,
                pet_method=_pet(pet),
                max_evaluations=budget,
                forcing=scen,
            )
    except HydrologyError as exc:
        raise _fail_hydro(exc) from None
    d = rep.to_dict()
    if fmt == "json":
        _echo_json(d)
        return
    obs = d["observed"] or {}
    rows = [
        {
            "alert": label,
            "threshold_m3s": a["threshold_m3s"],
            "probability": a["probability"],
            "first_day_p_ge_0_5": a["first_day_probability_ge_0_5"],
            "observed_exceeded": obs.get("exceeded", {}).get(label),
        }
        for label, a in d["alerts"].items()
    ]
    title = f"{d['section']}: {d['n_members']} members from {d['start']}, {d['horizon_days']} days, seed {d['seed']}"
    if rows:
        typer.echo(render(rows, "table", title=title))
    else:
        typer.echo(title + " (no --threshold given)")
    peak = ", ".join(f"{k} {v:.1f}" for k, v in d["peak_m3s"].items())
    typer.echo(f"Peak discharge quantiles (m3/s): {peak}")
    if obs:
        typer.echo(f"Observed peak {obs['peak_m3s']} m3/s on {obs['peak_day']}.")
    typer.echo(
        f"Parameters: {d['parameters_from']}; initial snowpack: {d['initial_state']['swe_from']}."
    )


# --------------------------------------------------------------------------- reservoir
@hydro_app.command("reservoir")
def reservoir_cmd(
    policy: Annotated[
        str,
        typer.Option(
            "--policy",
            help="hold_then_release (keep full, then open), pre_release (open from day one) or both.",
        ),
    ] = "both",
    peak_inflow: Annotated[
        float,
        typer.Option("--peak-inflow", help="ASSUMED peak of the flood wave above base flow, m3/s."),
    ] = _RES.peak_inflow_m3s,
    base_inflow: Annotated[
        float, typer.Option("--base-inflow", help="ASSUMED base inflow, m3/s.")
    ] = _RES.base_inflow_m3s,
    time_to_peak: Annotated[
        float, typer.Option("--time-to-peak", help="ASSUMED days from start to the peak.")
    ] = _RES.time_to_peak_days,
    duration: Annotated[
        int, typer.Option("--duration", help="ASSUMED length of the wave, days.")
    ] = _RES.duration_days,
    initial_level: Annotated[
        float, typer.Option("--initial-level", help="ASSUMED pool level at the start, m.")
    ] = _RES.initial_level_m,
    outlet_capacity: Annotated[
        float, typer.Option("--outlet-capacity", help="ASSUMED gates + turbines capacity, m3/s.")
    ] = _RES.outlet_capacity_m3s,
    min_release: Annotated[
        float, typer.Option("--min-release", help="ASSUMED minimum release while filling, m3/s.")
    ] = _RES.min_release_m3s,
    dam_crest: Annotated[
        float, typer.Option("--dam-crest", help="ASSUMED dam crest level, m.")
    ] = _RES.dam_crest_m,
    spillway_length: Annotated[
        float, typer.Option("--spillway-length", help="ASSUMED free spillway length, m.")
    ] = _RES.spillway_length_m,
    inflow: Annotated[
        Path | None,
        typer.Option("--inflow", help="CSV date,inflow_m3s to route instead of the assumed wave."),
    ] = None,
    series: Annotated[
        bool, typer.Option("--series", help="JSON: include the daily series.")
    ] = False,
    fmt: HydroFormat = "table",
) -> None:
    """Spring-2024-style Iriklinsk scenario: does the dam overtop, when, peak outflow and release.

    Only the 260 km² water-surface area is sourced (dissertation D:594); every other
    number is an assumption and is listed as such in the output. The real reservoir
    overflowed in spring 2024 (D:615); this run illustrates the method, not that event.
    """
    check_format(fmt, ("table", "json"))
    if policy not in (*hydro.POLICIES, "both"):
        raise typer.BadParameter(
            "must be hold_then_release, pre_release or both", param_hint="--policy"
        )
    policies = hydro.POLICIES if policy == "both" else (policy,)
    try:
        kw: dict[str, Any] = {}
        if inflow is not None:
            day0, values = hydro.read_inflow_csv(inflow)
            kw = {"inflow_m3s": values, "inflow_source": str(inflow), "start_date": day0}
        opts = hydro.ReservoirOptions(
            peak_inflow_m3s=peak_inflow,
            base_inflow_m3s=base_inflow,
            time_to_peak_days=time_to_peak,
            duration_days=duration,
            initial_level_m=initial_level,
            outlet_capacity_m3s=outlet_capacity,
            min_release_m3s=min_release,
            dam_crest_m=dam_crest,
            spillway_length_m=spillway_length,
            **kw,
        )
        with _progress("routing"):
            rep = hydro.reservoir_scenario(opts, policies)
    except HydrologyError as exc:
        raise _fail_hydro(exc) from None
    d = rep.to_dict(include_series=series)
    if fmt == "json":
        _echo_json(d)
        return
    cols = (
        "policy",
        "overtopped",
        "first_overtop_time",
        "overtop_duration_hours",
        "peak_level_m",
        "min_freeboard_m",
        "peak_outflow_m3s",
        "peak_outflow_day",
        "released_volume_km3",
    )
    typer.echo(render([{c: r[c] for c in cols} for r in d["runs"]], "table", title=d["reservoir"]))
    rows = [
        {"assumption": a["name"], "value": a["value"], "status": a["status"]}
        for a in d["assumptions"]
    ]
    typer.echo(render(rows, "table", title="Inputs (ASSUMED unless marked sourced)"))
    typer.echo(f"Warning: {d['warning']}.")


# --------------------------------------------------------------------------- water balance
def _short(source: str) -> str:
    """``seed-d:003_….txt:608`` → ``seed-d:608`` for the terminal; JSON keeps the full locator."""
    return re.sub(r"^(seed-[a-z0-9]+):[^:;]+\.txt:", r"\1:", source)


def _figure_row(entity: str, part: str, f: Figure) -> dict[str, Any]:
    return {
        "entity": entity,
        "part": part,
        "figure": f.name,
        "scope": f.scope or "",
        "value": f.text(),
        "unit": f.unit,
        "status": f.status,
        "period": f.period or "",
        "method": f.method or "",
        "sources": "; ".join(_short(x) for x in f.sources),
    }


def _balance_rows(rep: WaterBalanceReport) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    for b in rep.basins:
        rows += [_figure_row(b.basin_id, "base", f) for f in b.figures]
        for part, stress in (("base", b.stress), ("scenario", b.scenario_stress)):
            if stress is not None:
                rows.append(
                    {
                        "entity": b.basin_id,
                        "part": part,
                        "figure": "water_stress_class",
                        "scope": "",
                        "value": stress.label,
                        "unit": "class",
                        "status": "computed",
                        "period": "",
                        "method": f"SDG 6.4.2 bands of the {stress.basis}",
                        "sources": "FAO & UN-Water 2021",
                    }
                )
        rows += [_figure_row(b.basin_id, "scenario", f) for f in b.scenario]
    if rep.country is not None:
        c = rep.country
        rows += [_figure_row(c.country, "base", f) for f in c.figures]
        rows += [_figure_row(c.country, "scenario", f) for f in c.scenario]
    return rows


@water_app.command("balance")
def balance_cmd(
    basin: Annotated[
        str | None,
        typer.Option(
            "--basin", help="zhaiyk-caspian, tobol-torgai, yesil or ertis (default: all four)."
        ),
    ] = None,
    year: Annotated[
        int | None,
        typer.Option("--year", help="Use the figures in force in this year (default: latest)."),
    ] = None,
    consumption_growth: Annotated[
        float | None,
        typer.Option(
            "--consumption-growth",
            help="Growth of water use, % (default: the stated +56 % by 2040, D:589).",
        ),
    ] = None,
    upstream_withdrawal: Annotated[
        float | None,
        typer.Option(
            "--upstream-withdrawal",
            help="China's Irtysh withdrawal, km3 (default: the stated 4.0, from 1.0, D:599).",
        ),
    ] = None,
    lang: LangOpt = "en",
    fmt: FormatOpt = "table",
) -> None:
    """Resources, inflow, withdrawal, deficit, economic load and water-stress class per basin.

    Each figure is stated (with its source), computed (with its formula) or missing —
    never invented. Stress classes are the SDG 6.4.2 bands (FAO & UN-Water 2021): < 25 %
    no stress, 25-50 low, 50-75 medium, 75-100 high, > 100 critical. The scenario grows
    withdrawals by --consumption-growth and raises the upstream withdrawal on the Irtysh.
    """
    check_format(fmt)
    try:
        opts = ScenarioOptions(consumption_growth, upstream_withdrawal).checked()
    except WaterBalanceError as exc:
        raise typer.BadParameter(str(exc)) from None
    try:
        rep = water_balance(engine(), basin_id=basin, year=year, scenario=opts, lang=lang_of(lang))
    except WaterBalanceError as exc:
        raise fail(str(exc)) from None
    d = rep.to_dict()
    if fmt == "json":
        _echo_json(d)
        return
    rows = _balance_rows(rep)
    if fmt == "csv":
        typer.echo(render(rows, "csv"))
        return
    title = (
        "Water balance"
        + (f" as of {year}" if year else "")
        + " (stated / computed / scenario / missing)"
    )
    short = [{k: v for k, v in r.items() if k not in ("method",)} for r in rows]
    typer.echo(render(short, "table", title=title))
    for b in d["basins"]:
        for n in b["notes"]:
            typer.echo(f"Note ({b['basin_id']}): {n}")
    for n in d["notes"]:
        typer.echo(f"Note: {n}")
    typer.echo(f"Stress classes: {d['stress_bands']['source']}; {d['stress_bands']['applied_to']}.")

"""``shekara hydro forecast`` and ``shekara hydro reservoir``: the ensemble flood forecast and the reservoir scenario."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from shekara.cli import hydro_options as ho
from shekara.cli.common import LangOpt, format_and_lang, printed_json
from shekara.cli.hydro_words import (
    alert_label,
    assumption_row,
    parameters_from,
    policy_words,
    quantiles,
    sig,
    snowpack_from,
    told_row,
)
from shekara.cli.option_help import opt
from shekara.cli.telling import moment, term
from shekara.dates import DateInputError, parse_day
from shekara.methods.hydrology.calibration import DEFAULT_MAX_EVALUATIONS
from shekara.methods.hydrology.errors import HydrologyError
from shekara.methods.hydrology.forecast import Perturbation
from shekara.output import render, table_message, table_text
from shekara.services import hydro
from shekara.services.hydro.reservoir import WARNING


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


def forecast_cmd(
    dataset: ho.DatasetOpt = "fulda",
    entity: ho.EntityOpt = None,
    source: ho.SourceOpt = None,
    area: ho.AreaOpt = None,
    latitude: ho.LatitudeOpt = None,
    parameters: Annotated[
        Path | None, opt("--parameters", key="hydro forecast --parameters")
    ] = None,
    start: Annotated[str | None, opt("--start")] = None,
    horizon: Annotated[int, opt("--horizon", key="hydro forecast --horizon", min=1)] = 60,
    members: Annotated[int, opt("--members", key="hydro forecast --members", min=1)] = 50,
    seed: ho.SeedOpt = 1,
    threshold: Annotated[
        list[str] | None, opt("--threshold", key="hydro forecast --threshold")
    ] = None,
    temp_sd: Annotated[float, opt("--temp-sd")] = ho._PERT.temp_sd,
    precip_cv: Annotated[float, opt("--precip-cv")] = ho._PERT.precip_cv,
    swe_cv: Annotated[float, opt("--swe-cv")] = ho._PERT.swe_cv,
    forcing: Annotated[Path | None, opt("--forcing")] = None,
    budget: ho.BudgetOpt = DEFAULT_MAX_EVALUATIONS,
    pet: ho.PetOpt = None,
    lang: LangOpt = "en",
    fmt: ho.HydroFormat = "table",
) -> None:
    """Ensemble spring-flood forecast: probability of exceeding each alert level.

    Members perturb temperature, precipitation and the initial snowpack (seeded: same
    --seed, same numbers). Without --forcing this is a hindcast on the observed weather
    and prints the observed peak beside the forecast. Default spreads are illustrative.
    """
    format_and_lang(fmt, lang, ("table", "json"))
    levels = _thresholds(threshold)
    if start is not None:  # the one parser (shekara.dates); a year alone is its 1 January
        try:
            start = parse_day(start, year_end=False).isoformat()
        except DateInputError as exc:
            raise typer.BadParameter(str(exc), param_hint="--start") from None
    try:
        params = (
            None if parameters is None else hydro.parameters_from_json(ho._read_json(parameters))
        )
        loaded = ho._load(
            dataset, entity, source, area, latitude, require_discharge=parameters is None
        )
        scen = None
        if forcing is not None:
            scen = hydro.read_forcing_csv(forcing, loaded.series)
        pert = Perturbation(temp_sd=temp_sd, precip_cv=precip_cv, swe_cv=swe_cv)
        with ho._progress(f"{members} members"):
            rep = hydro.run_forecast(
                loaded,
                parameters=params,
                start=start,
                horizon_days=horizon,
                n_members=members,
                seed=seed,
                thresholds=levels,
                perturbation=pert,
                pet_method=ho._pet(pet),
                max_evaluations=budget,
                forcing=scen,
            )
    except HydrologyError as exc:
        raise ho._fail_hydro(exc) from None
    d = rep.to_dict()
    if printed_json(fmt, d):
        return
    obs = d["observed"] or {}
    rows = [
        told_row(
            {
                "alert": alert_label(label),
                "threshold_m3s": a["threshold_m3s"],
                "probability": a["probability"],
                "first_day_p_ge_0_5": a["first_day_probability_ge_0_5"],
                "observed_exceeded": obs.get("exceeded", {}).get(label),
            }
        )
        for label, a in d["alerts"].items()
    ]
    title = table_text(
        "{section}: {members} members from {start}, {days} days, seed {seed}",
        section=term(d["section"]),
        members=d["n_members"],
        start=moment(d["start"]),
        days=d["horizon_days"],
        seed=d["seed"],
    )
    if rows:
        typer.echo(render(rows, "table", title=title))
    else:
        typer.echo(table_text("{title} (no --threshold given)", title=title))
    typer.echo(
        table_text("Peak discharge quantiles (m3/s): {peaks}", peaks=quantiles(d["peak_m3s"]))
    )
    if obs:
        typer.echo(
            table_text(
                "Observed peak {peak} m3/s on {day}.",
                peak=sig(obs["peak_m3s"]),
                day=moment(obs["peak_day"]),
            )
        )
    typer.echo(
        table_text(
            "Parameters: {parameters}; initial snowpack: {snowpack}.",
            parameters=parameters_from(d["parameters_from"]),
            snowpack=snowpack_from(d["initial_state"]["swe_from"]),
        )
    )


# --------------------------------------------------------------------------- reservoir
def reservoir_cmd(
    policy: Annotated[str, opt("--policy")] = "both",
    peak_inflow: ho.PeakOpt = ho._RES.peak_inflow_m3s,
    base_inflow: ho.BaseOpt = ho._RES.base_inflow_m3s,
    time_to_peak: ho.RiseOpt = ho._RES.time_to_peak_days,
    duration: ho.DurationOpt = ho._RES.duration_days,
    initial_level: ho.LevelOpt = ho._RES.initial_level_m,
    outlet_capacity: ho.OutletOpt = ho._RES.outlet_capacity_m3s,
    min_release: ho.MinReleaseOpt = ho._RES.min_release_m3s,
    dam_crest: ho.CrestOpt = ho._RES.dam_crest_m,
    spillway_length: ho.SpillwayOpt = ho._RES.spillway_length_m,
    inflow: Annotated[Path | None, opt("--inflow")] = None,
    series: Annotated[bool, opt("--series")] = False,
    lang: LangOpt = "en",
    fmt: ho.HydroFormat = "table",
) -> None:
    """Spring-2024-style Iriklinsk scenario: does the dam overtop, when, peak outflow and release.

    Only the 260 km² water-surface area is sourced (dissertation D:594); every other
    number is an assumption and is listed as such in the output. The real reservoir
    overflowed in spring 2024 (D:615); this run illustrates the method, not that event.
    """
    format_and_lang(fmt, lang, ("table", "json"))
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
        with ho._progress("routing"):
            rep = hydro.reservoir_scenario(opts, policies)
    except HydrologyError as exc:
        raise ho._fail_hydro(exc) from None
    d = rep.to_dict(include_series=series)
    if printed_json(fmt, d):
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
    runs = [
        told_row({c: policy_words(r[c]) if c == "policy" else r[c] for c in cols})
        for r in d["runs"]
    ]
    typer.echo(render(runs, "table", title=term(d["reservoir"])))
    rows = [assumption_row(a) for a in d["assumptions"]]
    typer.echo(render(rows, "table", title=table_text("Inputs (ASSUMED unless marked sourced)")))
    warning = table_message(d["warning"], [WARNING])
    typer.echo(table_text("Warning: {warning}.", warning=warning))

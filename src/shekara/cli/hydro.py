"""CLI of the water issue: ``shekara hydro calibrate|validate|forecast|reservoir`` and ``shekara water balance``.

Thin commands over :mod:`shekara.services.hydro` and :mod:`shekara.services.water`.
Exit codes: 0 success; 1 bad data or a failed hydrology check (the message carries the
stable code ``HYD001``…); 2 wrong usage (unknown option value, malformed number).
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, get_args

import typer

from shekara.cli.common import LangOpt, command_group, format_and_lang, printed_json
from shekara.cli.hydro_forecast import forecast_cmd, reservoir_cmd
from shekara.cli.hydro_options import (
    AreaOpt,
    BudgetOpt,
    DatasetOpt,
    EntityOpt,
    HydroFormat,
    LatitudeOpt,
    PetOpt,
    SeedOpt,
    SourceOpt,
    _fail_hydro,
    _load,
    _pet,
    _progress,
    _read_json,
    _years,
)
from shekara.cli.hydro_words import bounds, parameter_name, runs, sig, span, told_row
from shekara.cli.option_help import opt
from shekara.cli.telling import term
from shekara.methods.hydrology.calibration import DEFAULT_MAX_EVALUATIONS, Objective
from shekara.methods.hydrology.errors import HydrologyError
from shekara.methods.hydrology.model import PARAMETER_SPECS
from shekara.output import render, table_text, to_json
from shekara.services import hydro

hydro_app = command_group(
    "Snow-and-runoff model: calibrate, validate, ensemble flood forecast, reservoir scenario.\n\n"
    "Series come from a shipped dataset (--dataset fulda) or from the store (--entity RIVER_ID: "
    "daily precipitation_mm, air_temperature_degc, discharge_m3s). Bad input stops with a "
    "stable code: HYD001 gap, HYD002 negative precipitation, HYD003 temperature, HYD004 too "
    "short, HYD007 periods, HYD010 malformed data (see docs/hydrology.md)."
)


# --------------------------------------------------------------------------- calibrate
@hydro_app.command("calibrate")
def calibrate_cmd(
    dataset: DatasetOpt = "fulda",
    entity: EntityOpt = None,
    source: SourceOpt = None,
    area: AreaOpt = None,
    latitude: LatitudeOpt = None,
    spin_up: Annotated[str | None, opt("--spin-up")] = None,
    calibration: Annotated[str | None, opt("--calibration")] = None,
    validation: Annotated[str | None, opt("--validation")] = None,
    seed: SeedOpt = 1,
    budget: BudgetOpt = DEFAULT_MAX_EVALUATIONS,
    objective: Annotated[str, opt("--objective")] = "nse_kge",
    pet: PetOpt = None,
    out: Annotated[Path | None, opt("--out", key="hydro calibrate --out")] = None,
    lang: LangOpt = "en",
    fmt: HydroFormat = "table",
) -> None:
    """Split-sample calibration: fit on the calibration years, score unchanged on the validation years.

    Prints the 16 parameters and, under calibration and validation, NSE, KGE (2009),
    PBIAS (positive = overestimation) and RSR. Defaults on Fulda: spin-up 1979, calibration
    1980-1984, validation 1985-1988, seed 1, 10,000 model runs (docs/hydrology.md § 5).
    """
    format_and_lang(fmt, lang, ("table", "json"))
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
    if printed_json(fmt, d):
        return
    run = d["run"]
    rows = [
        {
            "parameter": parameter_name(k),
            "value": sig(v),
            "unit": term(PARAMETER_SPECS[k].unit),
            "bounds": bounds(PARAMETER_SPECS[k].low, PARAMETER_SPECS[k].high),
        }
        for k, v in d["parameters"].items()
    ]
    title = table_text("Calibrated parameters — {series}", series=term(run["dataset"]))
    typer.echo(render(rows, "table", title=title))
    scores = [
        {
            "period": term("calibration"),
            "years": span(*run["calibration_years"]),
            **told_row(d["calibration"]),
        }
    ]
    if d["validation"] is not None:
        vy = span(*run["validation_years"])
        scores.append({"period": term("validation"), "years": vy, **told_row(d["validation"])})
    typer.echo(
        render(scores, "table", title=table_text("Skill (PBIAS > 0: the model overestimates)"))
    )
    typer.echo(
        table_text(
            "Spin-up {spin}; objective {objective}; seed {seed}; {runs} runs; PET {pet}.",
            spin=span(*run["spin_up"]),
            objective=term(run["objective"]),
            seed=run["seed"],
            runs=runs(run["n_evaluations"]),
            pet=term(run["pet_method"]),
        )
    )


# --------------------------------------------------------------------------- validate
@hydro_app.command("validate")
def validate_cmd(
    parameters: Annotated[Path, opt("--parameters")],
    period: Annotated[str, opt("--period")],
    spin_up: Annotated[str | None, opt("--spin-up", key="hydro validate --spin-up")] = None,
    dataset: DatasetOpt = "fulda",
    entity: EntityOpt = None,
    source: SourceOpt = None,
    area: AreaOpt = None,
    latitude: LatitudeOpt = None,
    pet: PetOpt = None,
    lang: LangOpt = "en",
    fmt: HydroFormat = "table",
) -> None:
    """Run given parameters on a period and print its skill (NSE, KGE, PBIAS, RSR).

    The model runs continuously from the spin-up through the period; only the period is
    scored. Use it to test calibrated parameters on years they were not fitted on.
    """
    format_and_lang(fmt, lang, ("table", "json"))
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
    if printed_json(fmt, d):
        return
    row = {
        "period": span(*per),
        **told_row(d["skill"]),
        "kge_2012": sig(d["kge_2012"]),
        "n_days": d["n_days"],
    }
    title = table_text("Skill of the given parameters — {series}", series=term(d["series"]["name"]))
    typer.echo(render([row], "table", title=title))
    typer.echo(
        table_text(
            "Spin-up {spin}; PET {pet}.",
            spin=span(*rep.spin_up),
            pet=term(rep.pet_method),
        )
    )


# --------------------------------------------------------------------------- forecast


# The forecast and the reservoir scenario live in hydro_forecast (one module, one concern).
hydro_app.command("forecast")(forecast_cmd)
hydro_app.command("reservoir")(reservoir_cmd)

"""``shekara flood swe-outlook``: spring volume from late-winter snow water equivalent.

A thin face over :mod:`shekara.methods.hydrology.swe_regression`, registered on the flood
group in :mod:`shekara.cli.flood`. No shipped basin has SWE observations: the user gives a
CSV (``year, swe_mm, volume_hm3``); a file marked as generated exercise data says so in
every output (a table row, stderr and ``exercise``/``mark`` in JSON).
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from shekara.cli.common import FormatOpt, LangOpt, fail, format_and_lang, printed_json
from shekara.cli.option_help import opt
from shekara.i18n import fmt_number, translator
from shekara.output import render

#: Said by every output of a file marked as generated exercise data (domain ``outlook``).
EXERCISE_NOTE = "GENERATED EXERCISE DATA, not observations: the numbers only illustrate the method"
NO_SWE_NOTE = "No basin shipped with Shekara has snow water equivalent observations"


def swe_outlook_cmd(
    file: Annotated[Path, opt("--file")],
    swe: Annotated[float, opt("--swe")],
    threshold: Annotated[float | None, opt("--threshold", key="flood swe-outlook --threshold")] = None,
    fmt: FormatOpt = "table",
    lang: LangOpt = "en",
) -> None:  # fmt: skip
    """Spring volume regressed on late-winter SWE: fit, R², LOYO skill, 50/90 % intervals."""
    from shekara.methods.hydrology.swe_regression import SweRegressionError, read_swe_csv

    lg = format_and_lang(fmt, lang, ("table", "json"))
    if not swe >= 0:
        raise typer.BadParameter("must be a number ≥ 0 (mm)", param_hint="--swe")
    if threshold is not None and not threshold >= 0:
        raise typer.BadParameter("must be a number ≥ 0 (hm³)", param_hint="--threshold")
    try:
        data = read_swe_csv(file)
        fit = data.fit()
        pred = fit.predict(swe)
    except SweRegressionError as exc:
        raise fail(str(exc)) from None
    out: dict[str, Any] = {
        **fit.to_dict(),
        "swe_mm": swe,
        "volume_hm3": pred.volume_hm3,
        "sigma_hm3": pred.sigma_hm3,
        "interval_50_hm3": list(pred.interval(0.5)),
        "interval_90_hm3": list(pred.interval(0.9)),
        "threshold_hm3": threshold,
        "p_exceed": None if threshold is None else pred.exceedance(threshold),
        "exercise": data.exercise,
        "notes": [NO_SWE_NOTE],
    }
    if data.exercise:
        out["mark"] = EXERCISE_NOTE
    _ = translator(lg, "outlook")
    if printed_json(fmt, out):
        return
    if data.exercise:
        typer.echo(_(EXERCISE_NOTE), err=True)
    typer.echo(render(_rows(out, lg), fmt))


def _rows(out: dict[str, Any], lang: str) -> list[dict[str, Any]]:
    """(quantity, value) rows in *lang*, numbers written by Babel."""
    _ = translator(lang, "outlook")

    def num(v: float, d: int = 1) -> str:
        return fmt_number(v, lang, d)

    def band(key: str) -> str:
        lo, hi = out[key]
        return f"{num(lo)} – {num(hi)}"

    years = out["years"]
    source = EXERCISE_NOTE if out["exercise"] else "user's file"
    pairs: list[tuple[str, str]] = [
        (_("Data"), _(source)),
        (_("Years in the fit"), f"{len(years)} ({years[0]}–{years[-1]})"),
        (_("Intercept, hm³"), num(out["intercept_hm3"])),
        (_("Slope, hm³ per mm of snow water equivalent"), num(out["slope_hm3_per_mm"], 3)),
        (_("Coefficient of determination"), num(out["r2"], 3)),
        (_("Leave-one-year-out skill against climatology"), num(out["cv_skill"], 3)),
        (_("Snow water equivalent given, mm"), num(out["swe_mm"])),
        (_("Expected spring volume, hm³"), num(out["volume_hm3"])),
        (_("50 % interval, hm³"), band("interval_50_hm3")),
        (_("90 % interval, hm³"), band("interval_90_hm3")),
    ]
    if out["p_exceed"] is not None:
        label = _("Probability of exceeding {t} hm³").format(t=num(out["threshold_hm3"]))
        pairs.append((label, num(out["p_exceed"], 2)))
    pairs.append((_("Note"), _(NO_SWE_NOTE)))
    return [{_("quantity"): k, _("value"): v} for k, v in pairs]

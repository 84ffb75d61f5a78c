"""``shekara data validate|import|export`` and ``shekara db build|info``: the data package and the store."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated, Any, cast

import typer

from shekara.cli.common import (
    DataOpt,
    FormatOpt,
    LangOpt,
    command_group,
    engine,
    fail,
    format_and_lang,
    lang_of,
    print_findings,
    printed_json,
)
from shekara.cli.option_help import arg, opt
from shekara.cli.telling import count, moment, table_words, term, validation_rows
from shekara.kb.errors import DataError, Finding
from shekara.output import render, table_text, to_json
from shekara.paths import default_data_dir, default_database_url

data_app = command_group("Validate, import and export the data package.")
db_app = command_group("Build and inspect the store.")


# ----------------------------------------------------------------------------- data
@data_app.command("validate")
def data_validate(
    fmt: FormatOpt = "table",
    data: DataOpt = None,
    store: Annotated[bool, opt("--store/--no-store")] = True,
    lang: LangOpt = "en",
) -> None:
    """Check the data package (and the store): schemas, units, ranges, keys, sources, rules.

    Every finding has a stable code (see docs/data-dictionary.md), a location
    (file, row, field), a severity and a message. Exit code 0 only when there is
    no error; warnings (e.g. a published table that breaks its own stated scale)
    do not fail validation.
    """
    from shekara.services.validation import validate_all

    format_and_lang(fmt, lang)
    report = validate_all(data or default_data_dir(), check_store=store)
    if fmt == "json":
        typer.echo(to_json(report.to_dict()))
    else:
        rows = validation_rows(report.findings)
        if rows:
            typer.echo(render(rows, fmt, title=table_text("Validation findings")))
        s = report.to_dict()["summary"]
        if fmt == "table":
            typer.echo(
                table_text(
                    "{records} records checked; {errors} error(s), {warnings} warning(s), {notes} note(s).",
                    records=count(sum(report.counts.values())),
                    errors=s["errors"],
                    warnings=s["warnings"],
                    notes=s["info"],
                )
            )
    raise typer.Exit(0 if report.ok else 1)


@data_app.command("import")
def data_import(
    file: Annotated[Path, arg("file")],
    dry_run: Annotated[bool, opt("--dry-run")] = False,
    fmt: FormatOpt = "table",
    lang: LangOpt = "en",
) -> None:
    """Add or update indicator values from FILE, all or nothing.

    Columns: entity_type, entity_id, indicator, period, value, unit, source_id,
    and optionally locator, quote, note. Every row is checked (entity, indicator,
    unit, number, period, source, locator and quote, duplicates) before anything
    is written; any error refuses the whole file and names file, row and field.
    """
    from shekara.kb.importer import import_file

    format_and_lang(fmt, lang)
    eng = engine()
    try:
        result = import_file(eng, file, dry_run=dry_run)
    except DataError as exc:
        n = len([f for f in exc.findings if f.severity == "error"])
        if fmt == "json":  # the problems for a script: stdout, one list
            typer.echo(to_json([_problem(f) for f in exc.findings]))
        else:
            print_findings(exc.findings)
        raise fail(f"{file} refused: {n} error(s); nothing was written") from None
    if printed_json(fmt, result.to_dict()):
        return
    print_findings(result.warnings)
    if dry_run and result.changes:
        rows = [
            {
                "action": table_text(c.action),
                "key": "/".join(c.key),
                "value": c.value,
                "old_value": c.old_value,
                "row": c.row,
            }
            for c in result.changes[:200]
        ]
        typer.echo(render(rows, fmt))
    summary = (
        "{file}: would add {added}, would update {updated}, unchanged {unchanged}."
        if dry_run
        else "{file}: added {added}, updated {updated}, unchanged {unchanged}."
    )
    counts = {"added": result.added, "updated": result.updated, "unchanged": result.unchanged}
    typer.echo(table_text(summary, file=file, **{k: count(v) for k, v in counts.items()}))


def _problem(f: Finding) -> dict[str, object]:
    """One refused row's problem as ``data import --format json`` prints it."""
    keys = ("code", "severity", "file", "row", "field", "value", "message", "suggestion")
    return {k: getattr(f, k) for k in keys}


def _text_opt(help_text: str) -> Any:
    return typer.Option(help=help_text)


@data_app.command("add-source")
def data_add_source(
    source_id: Annotated[str, arg("source_id")],
    title: Annotated[str, typer.Option(help="Title as published (original language).")],
    kind: Annotated[
        str, typer.Option(help="publication, dataset, seed or software.")
    ] = "publication",
    locator_kind: Annotated[
        str,
        typer.Option(help="How values point into it: table, line, record, article or none."),
    ] = "table",
    author: Annotated[str, _text_opt("Author(s).")] = "",
    publisher: Annotated[str, _text_opt("Publisher, e.g. the statistics office.")] = "",
    year: Annotated[str, _text_opt("Year of publication.")] = "",
    version: Annotated[str, _text_opt("Version or edition (data sets).")] = "",
    licence: Annotated[str, _text_opt("Licence of the data.")] = "",
    file_name: Annotated[str, _text_opt("File name (a seed, or a file inside a data set).")] = "",
    sha256: Annotated[str, _text_opt("SHA-256 of the file (64 hex digits).")] = "",
    url: Annotated[str, _text_opt("Where it is published (cited, never fetched).")] = "",
    note: Annotated[str, _text_opt("What it holds, its caveats.")] = "",
    data: DataOpt = None,
    store: Annotated[
        bool, opt("--store/--no-store", key="data add-source --store/--no-store")
    ] = True,
    lang: LangOpt = "en",
) -> None:
    """Add a source (e.g. a statistics office's table) to data/sources.csv and the store.

    The row is checked against the sources schema and the ids already there; on any
    problem nothing is written. Then 'shekara data import' can cite SOURCE_ID.
    Step by step: docs/cli.md#adding-a-source.
    """
    from shekara.kb.sources_add import add_source

    lang_of(lang)
    values = {
        "source_id": source_id, "kind": kind, "title": title, "author": author,
        "publisher": publisher, "year": year, "version": version, "licence": licence,
        "locator_kind": locator_kind, "file_name": file_name, "sha256": sha256, "url": url,
        "note": note,
    }  # fmt: skip
    data_dir = data or default_data_dir()
    try:
        add_source(values, data_dir, engine() if store else None)
    except DataError as exc:
        print_findings(exc.findings)
        raise fail(f"source {source_id!r} refused; nothing was written") from None
    added = (
        "Added source {source} to {path} and the store; values may now cite it."
        if store
        else "Added source {source} to {path}; values may now cite it."
    )
    typer.echo(table_text(added, source=repr(source_id), path=data_dir / "sources.csv"))


@data_app.command("export")
def data_export(
    out: Annotated[Path, opt("--out", "-o", key="data export --out")] = Path("out/export"),
    fmt: Annotated[str, opt("--format", "-f", key="data export --format")] = "csv",
    lang: LangOpt = "en",
) -> None:
    """Write the store to CSV files, an Excel workbook or a complete data package."""
    from shekara.kb.exporter import EXPORT_FORMATS, ExportFormat, export_store

    format_and_lang(fmt, lang, EXPORT_FORMATS)
    files = export_store(engine(), out, cast(ExportFormat, fmt))
    typer.echo(table_text("Wrote {n} file(s) to {out}", n=count(len(files)), out=out))


# ----------------------------------------------------------------------------- db
@db_app.command("build")
def db_build(
    data: DataOpt = None,
    force: Annotated[bool, opt("--force")] = False,
    lang: LangOpt = "en",
) -> None:
    """Validate the data package and (re)build the store from it, all or nothing."""
    from shekara.kb.store import build, redact

    lang_of(lang)
    url = default_database_url()
    try:
        info = build(url, data, force=force)
    except DataError as exc:
        errors = [f for f in exc.findings if f.severity == "error"]
        print_findings(errors)
        if [f.code for f in errors] == ["KB703"]:
            raise fail("the store was not changed") from None
        raise fail("the data package has errors; the store was not changed") from None
    total = sum(info.counts.values())
    built = table_text(
        "Built {url}: {total} records, data checksum {checksum}, {warnings} warning(s) "
        "(see 'shekara data validate').",
        url=redact(url),
        total=count(total),
        checksum=info.checksum[:12],
        warnings=info.warnings,
    )
    where = (
        "Store (SHEKARA_DATABASE_URL): {url}"
        if os.environ.get("SHEKARA_DATABASE_URL")
        else "Store (default): {url} — SHEKARA_DATABASE_URL chooses another"
    )
    typer.echo(built + "\n" + table_text(where, url=redact(url)))


@db_app.command("info")
def db_info(lang: LangOpt = "en", fmt: FormatOpt = "table") -> None:
    """Show where the store is, what it was built from and its row counts."""
    from shekara.services.summary import store_summary

    format_and_lang(fmt, lang)
    summary = store_summary(engine())
    if printed_json(fmt, summary):
        return
    meta = [{"key": term(k), "value": moment(v)} for k, v in summary["meta"].items()]
    typer.echo(render(meta, fmt))
    counts = [{"table": table_words(k), "rows": v} for k, v in summary["counts"].items()]
    typer.echo(render(counts, fmt))


# ----------------------------------------------------------------------------- reading

"""Options and helpers shared by the CLI modules."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Annotated, Any

import sqlalchemy as sa
import typer
from sqlalchemy.engine import Engine

from shekara.cli.option_help import opt
from shekara.dates import DateInputError, normalise_day
from shekara.kb import query
from shekara.kb.errors import Finding
from shekara.output import render, set_table_lang, to_json
from shekara.paths import default_database_url
from shekara.suggest import did_you_mean, nearest

__all__ = [
    "AsOfOpt",
    "DataOpt",
    "FormatOpt",
    "LangOpt",
    "NormOpt",
    "PairOpt",
    "RegionOpt",
    "SeedOpt",
    "WeightsOpt",
    "check_format",
    "command_group",
    "day_text",
    "emit_rows",
    "engine",
    "fail",
    "format_and_lang",
    "lang_of",
    "print_findings",
    "printed_json",
    "refuse_unknown",
]

FormatOpt = Annotated[str, opt("--format", "-f")]
LangOpt = Annotated[str, opt("--lang")]


def day_text(value: str | None) -> str | None:
    """Option callback of every date option: checked by the one parser, normalised.

    A year stays a year (the services read it as 31 December); a day becomes YYYY-MM-DD.
    """
    if value is None:
        return None
    try:
        return normalise_day(value)
    except DateInputError as exc:
        raise typer.BadParameter(str(exc)) from None


AsOfOpt = Annotated[str | None, opt("--as-of", callback=day_text)]


def data_folder(value: Path | None) -> Path | None:
    """Option callback of ``--data``: a folder with a ``datapackage.yaml``, or a clear refusal."""
    if value is not None and not (value / "datapackage.yaml").is_file():
        raise typer.BadParameter(
            f"{str(value)!r} is not a data package folder (no datapackage.yaml)"
        )
    return value


DataOpt = Annotated[Path | None, opt("--data", callback=data_folder)]


def command_group(help: str) -> typer.Typer:
    """A group of commands (``shekara water …``); called alone it prints its help."""
    return typer.Typer(help=help, no_args_is_help=True)


def fail(message: str, code: int = 1) -> typer.Exit:
    """Print an error (in the command's ``--lang``) and return the exit to raise."""
    from shekara.cli.refusals import error_line
    from shekara.output import table_lang

    typer.echo(error_line(message, table_lang()), err=True)
    return typer.Exit(code)


def check_format(fmt: str, allowed: tuple[str, ...] = ("table", "json", "csv")) -> str:
    if fmt not in allowed:
        raise typer.BadParameter(f"must be one of {', '.join(allowed)}", param_hint="--format")
    return fmt


def lang_of(lang: str) -> query.Lang:
    try:
        checked = query.check_lang(lang)
    except ValueError as exc:
        raise typer.BadParameter(str(exc), param_hint="--lang") from None
    set_table_lang(checked)  # table headers and titles follow --lang (domain 'cli')
    return checked


def refuse_unknown(value: str | None, known: Iterable[str], option: str, see: str = "") -> None:
    """Refuse a filter value nobody knows (exit 2, like every usage error): the nearest known
    ones and the accepted values, or the command that lists them (*see*) when they are many.

    >>> refuse_unknown("yesil", ["ertis", "yesil"], "--basin")
    >>> try:
    ...     refuse_unknown("yesill", ["ertis", "yesil"], "--basin")
    ... except typer.BadParameter as exc:
    ...     print(exc.message)
    'yesill' is not known; did you mean 'yesil'? accepted: ertis, yesil
    """
    names = sorted(set(known))
    if value is None or value in names:
        return
    parts = [f"{value!r} is not known"]
    tip = did_you_mean(nearest(value, names))
    if tip:
        parts[0] += f"; {tip}"
    if len(names) <= 12 or not see:
        parts.append(f"accepted: {', '.join(names)}" if len(names) <= 12 else see)
    else:
        parts.append(see)
    raise typer.BadParameter(" ".join(parts) if tip else "; ".join(parts), param_hint=option)


def format_and_lang(
    fmt: str, lang: str, allowed: tuple[str, ...] = ("table", "json", "csv")
) -> query.Lang:
    """The prologue of a table command: check ``--format``, set the table language, return it."""
    check_format(fmt, allowed)
    return lang_of(lang)


SeedOpt = Annotated[int, opt("--seed")]
#: The assessment's weighting and normalisation (``assess``, ``sensitivity``, ``report``).
WeightsOpt = Annotated[str | None, opt("--weights")]
NormOpt = Annotated[str, opt("--normalise")]


def emit_rows(
    rows: list[dict[str, Any]], fmt: str, *, empty: str, stamps: tuple[str, ...] = ()
) -> None:
    """Print listed records as JSON, a table or CSV; *empty* when there are none. The
    datetime fields *stamps* are shown to the second (``2026-12-01T17:15:11+00:00``)."""
    for r in rows:
        for k in stamps:
            r[k] = r[k].isoformat(timespec="seconds") if r.get(k) else None
    typer.echo(to_json(rows) if fmt == "json" else render(rows, fmt) if rows else empty)


def printed_json(fmt: str, obj: Any) -> bool:
    """With ``--format json``, print *obj* as the command's one JSON document and say so
    (the command then returns); with any other format print nothing::

        if printed_json(fmt, report.to_dict()):
            return
    """
    if fmt != "json":
        return False
    typer.echo(to_json(obj))
    return True


RegionOpt = Annotated[str | None, opt("--region")]
PairOpt = Annotated[str | None, opt("--pair")]


def engine() -> Engine:
    """The store's engine; a clear message if the store has not been built."""
    from shekara.kb.store import make_engine, redact

    url = default_database_url()
    eng = make_engine(url)
    if not sa.inspect(eng).has_table("meta"):
        raise fail(f"no store at {redact(url)}: run 'shekara db build' first")
    return eng


def print_findings(findings: list[Finding]) -> None:
    """The findings on stderr, one a line, in the command's ``--lang``."""
    from shekara.cli.telling import finding_line

    for f in findings:
        typer.echo(finding_line(f), err=True)

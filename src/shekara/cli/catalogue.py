"""``shekara regions|pairs|indicators`` and ``shekara summary``: reading the knowledge base as of a date."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from shekara.cli import common
from shekara.cli.common import (
    AsOfOpt,
    FormatOpt,
    LangOpt,
    check_format,
    command_group,
    engine,
    format_and_lang,
    lang_of,
)
from shekara.cli.option_help import opt
from shekara.kb import query
from shekara.output import render, table_text

regions_app = command_group("Border regions of both countries.")
pairs_app = command_group("Pairs of bordering regions.")
indicators_app = command_group("Indicator values and their catalogue.")


def _country(value: str | None) -> str | None:
    """``--country``: KZ or RU (any case); anything else is refused with the accepted values."""
    if value is None:
        return None
    code = value.strip().upper()
    if code not in ("KZ", "RU"):
        raise typer.BadParameter(f"{value!r} is not accepted: use KZ (Kazakhstan) or RU (Russia)")
    return code


def _known(
    value: str | None, known: set[str], hint: str, see: str = "see 'shekara indicators list'"
) -> None:
    """Refuse an id nobody knows, suggesting the nearest known one ("KZ-3O" → "KZ-39?")."""
    common.refuse_unknown(value, known, hint, see=see)


@regions_app.command("list")
def regions_list(
    as_of: AsOfOpt = None,
    lang: LangOpt = "en",
    fmt: FormatOpt = "table",
    country: Annotated[str | None, opt("--country", callback=_country)] = None,
    all_regions: Annotated[bool, opt("--all")] = False,
) -> None:
    """Border regions in force on the as-of date, with their sources."""
    language = format_and_lang(fmt, lang)
    eng = engine()
    # A table in kk/ru names the centre; JSON and CSV keep its stable id.
    centres = (
        {p.place_id: p.name for p in query.places(eng, lang=language)}
        if fmt == "table" and language != "en"
        else {}
    )
    rows = [
        {
            "region_id": r.region_id,
            "country": r.country,
            "name": r.name,
            "admin_centre": centres.get(r.admin_centre or "", r.admin_centre),
            "valid_from": r.valid_from,
            "valid_to": r.valid_to,
            "split_from": r.split_from,
            "source": str(r.source),
        }
        for r in query.regions(
            eng,
            as_of=as_of,
            lang=language,
            country=country,
            border=None if all_regions else True,
        )
    ]
    typer.echo(
        render(rows, fmt, title=table_text("Regions as of {day}", day=as_of or table_text("today")))
    )


@pairs_app.command("list")
def pairs_list(as_of: AsOfOpt = None, lang: LangOpt = "en", fmt: FormatOpt = "table") -> None:
    """Pairs of bordering regions in force on the as-of date."""
    check_format(fmt)
    rows = [
        {
            "pair_id": p.pair_id,
            "kz_region": p.kz_name,
            "ru_region": p.ru_name,
            "article_no": p.article_no,
            "source": str(p.source),
        }
        for p in query.pairs(engine(), as_of=as_of, lang=lang_of(lang))
    ]
    typer.echo(
        render(rows, fmt, title=table_text("Pairs as of {day}", day=as_of or table_text("today")))
    )


@indicators_app.command("show")
def indicators_show(
    indicator: Annotated[str | None, opt("--indicator", "-i")] = None,
    entity: Annotated[str | None, opt("--entity", "-e")] = None,
    entity_type: Annotated[str | None, opt("--entity-type")] = None,
    period_from: Annotated[int | None, opt("--from", key="indicators show --from")] = None,
    period_to: Annotated[int | None, opt("--to", key="indicators show --to")] = None,
    as_of: AsOfOpt = None,
    lang: LangOpt = "en",
    fmt: FormatOpt = "table",
) -> None:
    """Indicator values with their sources (filter by indicator, entity and years).

    With --as-of, only values whose period ends by that date are shown.
    """
    from shekara.kb.periods import as_of_date

    language = format_and_lang(fmt, lang)
    if as_of is not None:
        period_to = (
            as_of_date(as_of).year if period_to is None else min(period_to, as_of_date(as_of).year)
        )
    eng = engine()
    defs = query.table_rows(eng, "indicator_defs")
    _known(indicator, {str(d["indicator"]) for d in defs}, "--indicator")
    _known(entity_type, {str(d["entity_type"]) for d in defs}, "--entity-type")
    values = query.indicator_values(
        eng,
        query.ValueFilter(
            indicator=indicator,
            entity_type=entity_type,
            entity_id=entity,
            period_from=period_from,
            period_to=period_to,
        ),
    )
    if not values and entity is not None:
        ids = {v.entity_id for v in query.indicator_values(eng)}
        _known(entity, ids, "--entity", "see 'shekara regions list --all'")
    if not values and fmt == "table":
        typer.echo(table_text("No values match."), err=True)
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
    typer.echo(render(_in_words(rows, fmt, language, eng, defs), fmt))


def _in_words(
    rows: list[dict[str, Any]], fmt: str, lang: query.Lang, eng: Any, defs: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    """A kk/ru table says indicators, units and entity types in words (JSON/CSV keep ids)."""
    if fmt != "table" or lang == "en":
        return rows
    names = {str(d["indicator"]): str(d[f"name_{lang}"]) for d in defs}
    units = query.unit_labels(eng, lang)
    out = []
    for r in rows:
        r = dict(r)
        if "indicator" in r:
            r["indicator"] = names.get(str(r["indicator"]), r["indicator"])
        if "unit" in r:
            r["unit"] = units.get(str(r["unit"]), r["unit"])
        if "entity_type" in r:
            r["entity_type"] = table_text(str(r["entity_type"]))
        out.append(r)
    return out


@indicators_app.command("list")
def indicators_list(lang: LangOpt = "en", fmt: FormatOpt = "table") -> None:
    """The indicator catalogue: code, entity type, unit, name."""
    language = format_and_lang(fmt, lang)
    eng = engine()
    defs = query.table_rows(eng, "indicator_defs")
    rows = [
        {
            "indicator": d["indicator"],
            "entity_type": d["entity_type"],
            "unit": d["unit"],
            "name": d[f"name_{language}"],
        }
        for d in defs
    ]
    if fmt == "table" and language != "en":  # the name says it; the code is for scripts
        rows = [{k: v for k, v in r.items() if k != "indicator"} for r in rows]
    typer.echo(render(_in_words(rows, fmt, language, eng, defs), fmt))


# ----------------------------------------------------------------------------- main job
def summary(
    out: Annotated[Path, opt("--out", "-o")] = Path("out"),
    lang: LangOpt = "en",
) -> None:
    """Summarise the knowledge base (counts, as-of layouts, validation) into OUT/summary.json."""
    from shekara.services.summary import write_summary

    path = write_summary(engine(), out, lang_of(lang))
    typer.echo(table_text("Summary written to {path}", path=path.resolve()))

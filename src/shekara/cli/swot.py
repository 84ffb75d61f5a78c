"""CLI command ``shekara swot``: the SWOT of a pair, a region or the whole border.

The lead registers it in :mod:`shekara.cli` with ``app.command("swot")(swot_cmd)``.
"""

from __future__ import annotations

from typing import Annotated

import typer
from sqlalchemy.engine import Engine

from shekara.cli import common
from shekara.cli.common import (
    AsOfOpt,
    LangOpt,
    PairOpt,
    RegionOpt,
    check_format,
    engine,
    fail,
    lang_of,
)
from shekara.cli.option_help import opt
from shekara.kb import query
from shekara.output import to_json
from shekara.services.assessment import AssessmentError
from shekara.services.swot import swot

SWOT_FORMATS: tuple[str, ...] = ("md", "json")


def swot_cmd(
    pair: PairOpt = None,
    region: RegionOpt = None,
    border: Annotated[bool, opt("--border")] = False,
    as_of: AsOfOpt = None,
    lang: LangOpt = "en",
    fmt: Annotated[str, opt("--format", "-f", key="swot --format")] = "md",
) -> None:
    """SWOT of a pair, a region or the whole border, each item with its evidence and sources.

    Items come from rules over indicators (transport links, economic zones, gravity
    index, population decrease, migration; see docs/methods.md, "SWOT") and from the
    curated statements of data/swot_statements.csv (the article's Table 5 and the
    dissertation). Published scores that break their own scale or rule are listed
    as evidence gaps. Give exactly one of --pair, --region, --border.
    """
    check_format(fmt, SWOT_FORMATS)
    chosen = [s for s in (pair, region, "border" if border else None) if s]
    if len(chosen) != 1:
        raise typer.BadParameter("give exactly one of --pair ID, --region CODE or --border")
    eng = engine()
    if pair is not None:
        common.refuse_unknown(
            pair, _ids(eng, "pairs", "pair_id"), "--pair", "see 'shekara pairs list'"
        )
    if region is not None:
        regions = _ids(eng, "regions", "region_id")
        common.refuse_unknown(region, regions, "--region", "see 'shekara regions list --all'")
    try:
        result = swot(eng, chosen[0], lang_of(lang), as_of)
    except (AssessmentError, ValueError) as exc:
        raise fail(str(exc)) from None
    if fmt == "json":
        typer.echo(to_json(result.to_dict()))
    else:
        typer.echo(result.to_markdown(), nl=False)


def _ids(eng: Engine, table: str, key: str) -> set[str]:
    return {str(r[key]) for r in query.table_rows(eng, table)}

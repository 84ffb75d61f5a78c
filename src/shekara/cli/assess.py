"""CLI commands of the assessment: ``assess``, ``assess audit``, ``sensitivity``, ``reproduce article``, ``swot``."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer
from rich.progress import Progress

from shekara.cli.common import (
    AsOfOpt,
    FormatOpt,
    LangOpt,
    NormOpt,
    SeedOpt,
    WeightsOpt,
    check_format,
    command_group,
    engine,
    fail,
    lang_of,
    printed_json,
)
from shekara.cli.option_help import opt
from shekara.cli.telling import disagreements, finding_text, seed_ref, severity
from shekara.output import render, table_message, table_num, table_text
from shekara.services.assessment import (
    AssessmentError,
    AssessmentOptions,
    SensitivityReport,
    SensitivitySettings,
    assess,
    sensitivity,
)
from shekara.services.assessment.ranking import NOTE_TEMPLATES

assess_app = typer.Typer(
    help="Rank the bordering pairs by cooperation potential (gravity, transport, economic zones).",
    invoke_without_command=True,
)
reproduce_app = command_group("Reproduce published tables from the knowledge base.")


def _options(**given: Any) -> AssessmentOptions:
    """The options of the flags given, by :meth:`AssessmentOptions.from_text`'s names; a
    value it refuses is a usage error (exit 2)."""
    try:
        return AssessmentOptions.from_text(**given)
    except AssessmentError as exc:
        raise typer.BadParameter(str(exc)) from None


@assess_app.callback()
def assess_cmd(
    ctx: typer.Context,
    as_of: AsOfOpt = None,
    weights: WeightsOpt = None,
    normalise: NormOpt = "minmax",
    population: Annotated[str, opt("--population")] = "city",
    distance_matrix: Annotated[Path | None, opt("--distance-matrix")] = None,
    exponent: Annotated[float, opt("--distance-exponent")] = 1.0,
    wait_hours: Annotated[float | None, opt("--wait-hours")] = None,
    speed: Annotated[float, opt("--speed")] = 60.0,
    crossing_waits: Annotated[bool, opt("--crossing-waits")] = False,
    lang: LangOpt = "en",
    fmt: FormatOpt = "table",
) -> None:
    """Per pair: gravity, transport_score, sez_score, potential, rank and the sources of the inputs.

    The gravity index is P_kz·P_ru/d^γ with P the admin-centre populations in
    thousands and d the great-circle distance in thousands of km (the
    reconstruction of the article's formula (1); see docs/methods.md). Transport =
    mean of the railway and international-motorway scores (0/100 each) from the
    link registry; SEZ = 50·[KZ zone] + 50·[RU zone] from the zone registry.
    """
    if ctx.invoked_subcommand is not None:
        return
    check_format(fmt)
    opts = _options(as_of=as_of, weights=weights, normalise=normalise, population=population,
                    distance_matrix=distance_matrix, distance_exponent=exponent,
                    wait_hours=wait_hours, speed_kmh=speed)  # fmt: skip
    store = engine()
    if crossing_waits:
        from shekara.services.crossings.waits import with_crossing_waits

        opts, _waits = with_crossing_waits(store, opts)
    try:
        result = assess(store, opts, lang_of(lang))
    except AssessmentError as exc:
        raise fail(str(exc)) from None
    if printed_json(fmt, result.to_dict()):
        return
    rows = [
        {
            "pair_id": p.pair_id,
            "kz_region": p.kz_region,
            "ru_region": p.ru_region,
            "gravity": round(p.gravity),
            "transport_score": p.transport_score,
            "sez_score": p.sez_score,
            "potential": round(p.potential, 4),
            "rank": p.rank,
            "sources": "; ".join(p.inputs.sources),
        }
        for p in result.pairs
    ]
    typer.echo(
        render(rows, fmt, title=table_text("Cooperation potential as of {day}", day=result.as_of))
    )
    if fmt == "table":
        for note in result.notes:
            typer.echo(table_text("Note: {note}", note=table_message(note, NOTE_TEMPLATES)))


@assess_app.command("audit")
def assess_audit(lang: LangOpt = "en", fmt: FormatOpt = "table") -> None:
    """Check the article's published tables and stated conclusions against its own methods.

    Each finding has a code (AUD001 off-scale value, AUD002 rule not followed,
    AUD003 top-k conclusion contradicted, AUD004 conclusion names the bottom-k,
    AUD005 'maximum on all' conclusion contradicted, AUD006 unknown pair), the
    pairs involved and the seed line. With --lang kk or ru the severities and
    messages are told as the report tells them (JSON keeps the English).
    """
    from shekara.services.article import audit_article

    check_format(fmt)
    lang_of(lang)
    store = engine()
    findings = audit_article(store)
    if printed_json(fmt, [f.to_dict() for f in findings]):
        return
    rows = [
        {
            "code": f.code,
            "severity": severity(f.severity),
            "pair_ids": ", ".join(f.pair_ids),
            "source": seed_ref(f.source),
            "message": finding_text(store, f.code, f.message, audit=True),
        }
        for f in findings
    ]
    title = table_text("Audit of the article's Tables 2-4 and conclusions")
    typer.echo(render(rows, fmt, title=title))


def sensitivity_cmd(
    draws: Annotated[int, opt("--draws", min=1)] = 10_000,
    seed: SeedOpt = 1,
    alpha: Annotated[float, opt("--alpha")] = 1.0,
    population_sd: Annotated[float, opt("--population-sd")] = 0.05,
    top_k: Annotated[int, opt("--top-k", min=1)] = 3,
    as_of: AsOfOpt = None,
    weights: WeightsOpt = None,
    normalise: NormOpt = "minmax",
    lang: LangOpt = "en",
    fmt: FormatOpt = "table",
) -> None:
    """Rank uncertainty: weights drawn from a Dirichlet around the base weights, populations with error.

    Reports each pair's rank distribution (mean, median, 5–95 % band) and its
    probability of being in the top k. Reproducible by --seed.
    """
    check_format(fmt)
    opts = _options(as_of=as_of, weights=weights, normalise=normalise)
    with Progress(transient=True) as progress:
        task = progress.add_task(f"{draws:,} draws", total=None)
        try:
            settings = SensitivitySettings(draws, seed, top_k, alpha, population_sd)
            report = sensitivity(engine(), opts, lang=lang_of(lang), settings=settings)
        except (AssessmentError, ValueError) as exc:
            raise fail(str(exc)) from None
        progress.update(task, completed=1, total=1)
    if printed_json(fmt, report.to_dict()):
        return
    rows = [{k: v for k, v in p.items() if k != "rank_counts"} for p in report.pairs]
    typer.echo(
        render(
            rows,
            fmt,
            title=table_text(
                "Rank sensitivity ({draws} draws, seed {seed})", draws=f"{draws:,}", seed=seed
            ),
        )
    )
    if fmt == "table":
        typer.echo(assumption_lines(report))


def assumption_lines(report: SensitivityReport) -> str:
    """The flagged assumptions and the leader's dependence on them, under the table."""
    lines = [
        table_text(
            "ASSUMPTION (no source): {name} = {value}{unused} — {note}",
            name=table_text(str(a["name"])),
            value=table_num(float(a["value"])),
            unused="" if a["applies"] else table_text(" (not used in this run)"),
            note=table_text(str(a["note"])),
        )
        for a in report.assumptions
    ]
    if report.dependence:
        probes = ", ".join(
            table_text(
                "{prob} at {sd} %",
                prob=table_num(d["prob_top_k"]),
                sd=table_num(d["population_rel_sd"] * 100, 0),
            )
            for d in report.dependence
        )
        lines.append(
            table_text(
                "{pair}: probability of the top {k} by assumed population error: {probes}",
                pair=report.dependence[0]["pair_id"],
                k=report.top_k,
                probes=probes,
            )
        )
    return "\n".join(lines)


@reproduce_app.command("article")
def reproduce_article_cmd(
    lang: LangOpt = "en",
    fmt: Annotated[str, opt("--format", "-f", key="reproduce article --format")] = "table",
) -> None:
    """Recompute the article's Tables 2–4 from the knowledge base and compare with the published values.

    JSON: table2, table3, table4 (rows with pair_id, published, computed),
    table2_rank_correlation (Spearman), the calibration of formula (1) variants
    and per-city factors that locate the disagreement.
    """
    from shekara.services.article import POPULATION_NOTE, reproduce_article

    check_format(fmt, ("table", "json"))
    lang_of(lang)
    store = engine()
    rep = reproduce_article(store)
    if printed_json(fmt, rep.to_dict()):
        return
    rows = [
        {
            "pair_id": r["pair_id"],
            "published": r["published"],
            "computed": round(r["computed"]),
            "ratio": round(r["ratio"], 3),
        }
        for r in rep.table2
    ]
    title = table_text("Table 2: gravity index, published vs computed")
    typer.echo(render(rows, "table", title=title))
    typer.echo(
        table_text(
            "Spearman rank correlation {rho}; {n}/{total} pairs within ±35 %.",
            rho=table_num(rep.table2_rank_correlation, 3),
            n=rep.table2_within_35pct,
            total=len(rep.table2),
        )
    )
    for line in disagreements(store, rep.table3, rep.table4):
        typer.echo(line)
    for note in rep.notes:
        note = table_message(note, [*NOTE_TEMPLATES, POPULATION_NOTE])
        typer.echo(table_text("Note: {note}", note=note))

"""CLI command ``shekara report``: the assessment report as self-contained HTML and PDF.

Registered by the main application as ``app.command("report")(report_cmd)``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

from shekara.cli.common import (
    AsOfOpt,
    LangOpt,
    NormOpt,
    SeedOpt,
    WeightsOpt,
    engine,
    fail,
    lang_of,
)
from shekara.cli.option_help import opt
from shekara.services.assessment import AssessmentError, AssessmentOptions

# What the progress bar says during each stage of shekara.report.builder.STEPS.
STAGE_LABELS = {
    "assessment": "Assessing the pairs",
    "sensitivity": "Monte-Carlo sensitivity",
    "article": "Reproducing and auditing the article",
    "validation": "Validating the data package",
    "modules": "Further modules (SWOT …)",
    "figures": "Drawing the map and the chart",
    "html": "Writing the HTML",
    "pdf": "Printing the PDF",
}


def report_cmd(
    lang: LangOpt = "en",
    out: Annotated[Path, opt("--out", key="report --out")] = Path("out"),
    as_of: AsOfOpt = None,
    weights: WeightsOpt = None,
    normalise: NormOpt = "minmax",
    draws: Annotated[int, opt("--draws", key="report --draws", min=1)] = 10_000,
    seed: SeedOpt = 1,
    pdf: Annotated[bool, opt("--pdf/--no-pdf")] = True,
    crossing_waits: Annotated[bool, opt("--crossing-waits", key="report --crossing-waits")] = False,
    wait_hours: Annotated[float | None, opt("--wait-hours", key="report --wait-hours")] = None,
) -> None:
    """Write the assessment report (HTML with everything embedded, and PDF) in kk, ru or en.

    Contents: summary of findings, map of the border, gravity / transport / SEZ
    scores with sources, composite potential and rank, rank sensitivity, the
    reproduction and audit of the 2018 article, SWOT (when available), data
    quality, methods and the sources cited. Works offline; the same inputs give
    the same HTML apart from the timestamp line.
    """
    from shekara.report import STEPS, SensitivitySettings, build_report

    checked_lang = lang_of(lang)
    try:
        options = AssessmentOptions.from_text(
            as_of=as_of, weights=weights, normalise=normalise, wait_hours=wait_hours
        )
    except AssessmentError as exc:
        raise typer.BadParameter(str(exc)) from None
    store = engine()
    if crossing_waits:
        from shekara.services.crossings.waits import with_crossing_waits

        options, _waits = with_crossing_waits(store, options)
    steps = [s for s in STEPS if pdf or s != "pdf"]
    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        TextColumn("{task.completed}/{task.total}"),
        TimeElapsedColumn(),
        transient=True,
    ) as progress:
        task = progress.add_task("Starting", total=len(steps))
        seen: list[str] = []

        def advance(stage: str) -> None:
            if seen:
                progress.advance(task)
            seen.append(stage)
            progress.update(task, description=STAGE_LABELS.get(stage, stage))

        try:
            paths = build_report(
                store,
                out,
                checked_lang,
                options,
                sensitivity=SensitivitySettings(draws=draws, seed=seed),
                pdf=pdf,
                progress=advance,
            )
        except (AssessmentError, OSError) as exc:
            raise fail(str(exc)) from None
        progress.update(task, completed=len(steps))
    typer.echo(f"HTML: {paths.html}")
    if paths.pdf is not None:
        typer.echo(f"PDF:  {paths.pdf}")

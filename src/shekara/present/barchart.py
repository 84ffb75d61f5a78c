"""Horizontal bar charts (one bar per labelled value), part of the chart layer
(:mod:`shekara.present.charts`).

Two drawings of the same bars: ``bars-wide`` with a label column as wide as the longest
label (wrapped onto two lines past 45 % of the chart, never clipped) and ``bars-narrow``
for phones, each label above its bar in 13 px type on a 360-unit-wide drawing; the
stylesheet shows one of them. Ticks use one format per axis
(:func:`shekara.present.charts.axis_labels`).

Example:
    >>> by_value([("b", 1.0), ("a", 1.0), ("c", 3.0)])
    [('c', 3.0), ('a', 1.0), ('b', 1.0)]
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from markupsafe import Markup, escape

from shekara.present.charts import (
    FONT_PX,
    RIGHT,
    TOP,
    Num,
    W,
    _default_fmt,
    _open,
    _plain_num,
    axis_labels,
    nice_ticks,
)
from shekara.present.metrics import text_width, wrap

NARROW_W, NARROW_PX = 360.0, 13.0


def by_value(bars: Sequence[tuple[str, float]]) -> list[tuple[str, float]]:
    """Bars sorted by value, largest first; ties by name (a stable, readable order)."""
    return sorted(bars, key=lambda b: (-b[1], b[0]))


def bar_chart(
    bars: Sequence[tuple[str, float]],
    label: str,
    fmt: Callable[[float], str] = _default_fmt,
    highlight: str | None = None,
    num: Num = _plain_num,
) -> str:
    """Horizontal bars, one per (label, value), in the given order (:func:`by_value` sorts
    them). The label column is as wide as the longest label, at most 45 % of the chart;
    a longer label wraps onto a second line. A second drawing for phones (class
    ``bars-narrow``, shown by the stylesheet below 600 px) puts each label above its bar
    in larger type. Returns SVG markup.

    >>> svg = bar_chart([("Северо-Казахстанская область – Омская область", 0.8)], "p")
    >>> "…" in svg, "Омская область" in svg
    (False, True)
    """
    if not bars:
        return ""
    ticks = nice_ticks(min(0.0, *(v for _, v in bars)), max(0.0, *(v for _, v in bars)))
    tick_text = axis_labels(ticks, num)
    values = [fmt(v) for _, v in bars]
    max_label = W * 0.45
    lines = [wrap(name, FONT_PX, max_label) for name, _ in bars]
    left = 8.0 + max(text_width(line, FONT_PX) for ls in lines for line in ls) + 8.0
    value_room = max(text_width(v, FONT_PX) for v in values) + 10.0
    # Half of the first and last tick label may stand out of the plot area.
    pw = W - left - RIGHT - max(value_room, text_width(tick_text[-1], FONT_PX) / 2)
    lo, hi = ticks[0], ticks[-1]
    left = max(left, 8.0 + text_width(tick_text[0], FONT_PX) / 2)

    def sx(v: float) -> float:
        return round(left + (v - lo) / (hi - lo) * pw, 1)

    rows = [22.0 + 13.0 * (len(ls) - 1) for ls in lines]
    height = TOP + sum(rows) + 28.0
    out = [_open(label, height, css="chart bars-wide")]
    zero = sx(0.0)
    y = TOP
    for (name, value), text, ls, row in zip(bars, values, lines, rows, strict=True):
        x0, x1 = sorted((zero, sx(value)))
        css = "bar hl" if highlight and name == highlight else "bar"
        tip = escape(f"{name}: {text}")
        first = y + row / 2 + 4 - 6.5 * (len(ls) - 1)
        spans = "".join(
            f'<tspan x="{left - 6:g}" y="{first + 13 * i:g}">{escape(line)}</tspan>'
            for i, line in enumerate(ls)
        )
        out.append(f'<text class="bl">{spans}<title>{escape(name)}</title></text>')
        out.append(
            f'<rect class="{css}" x="{x0}" y="{y + 3}" width="{max(round(x1 - x0, 1), 0.5)}" '
            f'height="{row - 6}"><title>{tip}</title></rect>'
        )
        out.append(
            f'<text class="bv" x="{max(x1, zero) + 4}" y="{y + row / 2 + 4:g}">{escape(text)}</text>'
        )
        y += row
    out.append(f'<line class="axis" x1="{zero}" y1="{TOP}" x2="{zero}" y2="{y}"/>')
    for t, text in zip(ticks, tick_text, strict=True):
        out.append(f'<text class="xl" x="{sx(t)}" y="{y + 16}">{escape(text)}</text>')
    out.append("</svg>")
    return Markup("".join(out)) + _narrow_bars(bars, label, values, ticks, tick_text, highlight)


def _narrow_bars(
    bars: Sequence[tuple[str, float]],
    label: str,
    values: Sequence[str],
    ticks: Sequence[float],
    tick_text: Sequence[str],
    highlight: str | None,
) -> Markup:
    """The phone drawing: label line(s), then the bar and its value, one block per bar."""
    value_room = max(text_width(v, NARROW_PX) for v in values) + 8.0
    left, pw = 8.0, NARROW_W - 16.0 - value_room
    lo, hi = ticks[0], ticks[-1]

    def sx(v: float) -> float:
        return round(left + (v - lo) / (hi - lo) * pw, 1)

    zero, y = sx(0.0), TOP
    out: list[str] = []
    for (name, value), text in zip(bars, values, strict=True):
        lines = wrap(name, NARROW_PX, NARROW_W - 16.0)
        for i, line in enumerate(lines):
            out.append(
                f'<text class="bn" x="{left:g}" y="{y + 13 + 16 * i:g}">{escape(line)}</text>'
            )
        y += 16 * len(lines) + 2
        x0, x1 = sorted((zero, sx(value)))
        css = "bar hl" if highlight and name == highlight else "bar"
        out.append(
            f'<rect class="{css}" x="{x0}" y="{y:g}" width="{max(round(x1 - x0, 1), 0.5)}" '
            f'height="12"><title>{escape(f"{name}: {text}")}</title></rect>'
            f'<text class="bv" x="{max(x1, zero) + 4}" y="{y + 11:g}">{escape(text)}</text>'
        )
        y += 20
    out.append(f'<line class="axis" x1="{zero}" y1="{TOP}" x2="{zero}" y2="{y:g}"/>')
    for t, text in zip(ticks, tick_text, strict=True):
        out.append(f'<text class="xl" x="{sx(t)}" y="{y + 16:g}">{escape(text)}</text>')
    head = _open(label, y + 26, css="chart bars-narrow", width=NARROW_W)
    return Markup(head + "".join(out) + "</svg>")

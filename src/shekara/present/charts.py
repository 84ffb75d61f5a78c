"""The chart layer: small inline-SVG charts (time series, horizontal bars, daily lines
with bands and reference levels) drawn on the server, no chart library. The report's
rank-distribution heat map is :mod:`shekara.present.rankchart`, horizontal bars are
:mod:`shekara.present.barchart`.

Axes have "nice" ticks written with one format per axis (the decimals follow the tick
step: ``-10,0 … -5,0``, never ``-10,0`` beside ``-5,00``; *num* is the face's Babel
formatter). Labels are measured with the font's advance widths
(:mod:`shekara.present.metrics`): the left margin of a bar chart is as wide as its
longest label (long ones wrap onto two lines), so nothing is clipped. One colour per
series from the stylesheet (``s0``–``s5``), a ``<title>`` on every mark for the tooltip,
``role="img"`` with a label. The numbers are also in a table next to each chart, so
nothing is only visible in a picture.

Example:
    >>> nice_ticks(0.0, 97.0)
    [0.0, 20.0, 40.0, 60.0, 80.0, 100.0]
    >>> svg = line_chart([Series("Omsk", ((1920.5, 1.0, "1920"), (2026.5, 2.0, "2026")))], "t")
    >>> svg.startswith("<svg") and "Omsk" in svg
    True
    >>> axis_labels([-10.0, -7.5, -5.0])
    ['-10.0', '-7.5', '-5.0']
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from markupsafe import Markup, escape

from shekara.present.metrics import text_width

W, H = 640.0, 260.0
LEFT, RIGHT, TOP, BOTTOM = 64.0, 16.0, 16.0, 48.0
SERIES_CLASSES = 6
FONT_PX = 11.0  # svg.chart text in the stylesheet
#: A number with a fixed count of decimals (the faces pass their Babel formatter).
Num = Callable[[float, int], str]


def _plain_num(value: float, decimals: int) -> str:
    return f"{value:,.{decimals}f}"


def tick_decimals(ticks: Sequence[float]) -> int:
    """Decimals that show every tick of an axis exactly (from the tick step).

    >>> tick_decimals([0.0, 20.0, 40.0]), tick_decimals([0.0, 0.25, 0.5]), tick_decimals([1.0])
    (0, 2, 0)
    """
    for decimals in range(0, 7):
        if all(abs(t * 10**decimals - round(t * 10**decimals)) < 1e-6 for t in ticks):
            return decimals
    return 6


def axis_labels(ticks: Sequence[float], num: Num = _plain_num) -> list[str]:
    """The tick labels of one axis, all with the same number of decimals."""
    decimals = tick_decimals(ticks)
    return [num(t, decimals) for t in ticks]


@dataclass(frozen=True)
class Series:
    """Points (x in fractional years, y, label of the period) of one entity."""

    label: str
    points: tuple[tuple[float, float, str], ...]


def nice_ticks(lo: float, hi: float, count: int = 5) -> list[float]:
    """Round tick values covering [lo, hi] (1/2/5 × 10^k steps)."""
    if not (math.isfinite(lo) and math.isfinite(hi)):
        return [0.0, 1.0]
    if hi == lo:
        lo, hi = (lo - 1.0, hi + 1.0) if lo == 0 else (lo - abs(lo) * 0.1, hi + abs(hi) * 0.1)
    raw = (hi - lo) / count
    power = 10.0 ** math.floor(math.log10(raw))
    step = next(s * power for s in (1.0, 2.0, 2.5, 5.0, 10.0) if s * power >= raw)
    start = math.floor(lo / step) * step
    ticks = []
    v = start
    while v < hi + step * 0.5:
        ticks.append(round(v, 10))
        v += step
    return ticks


def _default_fmt(v: float) -> str:
    return f"{v:,.4g}"


def line_chart(
    series: Sequence[Series],
    label: str,
    fmt: Callable[[float], str] = _default_fmt,
    unit: str = "",
    num: Num = _plain_num,
) -> str:
    """Time-series chart (years on x). Returns SVG markup."""
    pts = [p for s in series for p in s.points]
    if not pts:
        return ""
    xs = [p[0] for p in pts]
    ys = [p[1] for p in pts]
    xlo, xhi = min(xs), max(xs)
    if xhi == xlo:
        xlo, xhi = xlo - 1, xhi + 1
    yticks = nice_ticks(min(0.0, min(ys)), max(0.0, max(ys)))
    ylo, yhi = yticks[0], yticks[-1]
    legend, legend_rows = _series_legend([s.label for s in series])
    height = H + 18.0 * (legend_rows - 1)
    pw, ph = W - LEFT - RIGHT, H - TOP - BOTTOM

    def sx(x: float) -> float:
        return round(LEFT + (x - xlo) / (xhi - xlo) * pw, 1)

    def sy(y: float) -> float:
        return round(TOP + ph - (y - ylo) / (yhi - ylo) * ph, 1)

    out = [_open(label, height)]
    out += _y_axis(yticks, sy, num, unit)
    for year in _year_ticks(xlo, xhi):
        x = sx(year)
        out.append(f'<line class="tick" x1="{x}" y1="{TOP + ph}" x2="{x}" y2="{TOP + ph + 4}"/>')
        out.append(f'<text class="xl" x="{x}" y="{TOP + ph + 18}">{int(year)}</text>')
    for i, s in enumerate(series):
        css = f"s{i % SERIES_CLASSES}"
        ordered = sorted(s.points)
        if len(ordered) > 1:
            d = "M" + "L".join(f"{sx(x)},{sy(y)}" for x, y, _ in ordered)
            out.append(f'<path class="series {css}" d="{d}"/>')
        for x, y, period in ordered:
            tip = escape(f"{s.label} · {period}: {fmt(y)}")
            out.append(
                f'<circle class="dot {css}" cx="{sx(x)}" cy="{sy(y)}" r="4"><title>{tip}</title></circle>'
            )
    out += legend
    out.append("</svg>")
    return Markup("".join(out))


def _open(
    label: str,
    height: float = H,
    chart_id: str | None = None,
    css: str = "chart",
    width: float = W,
) -> str:
    ident = f'id="{escape(chart_id)}" ' if chart_id else ""
    return (
        f'<svg {ident}class="{css}" viewBox="0 0 {width:g} {height:g}" role="img" '
        f'aria-label="{escape(label)}" xmlns="http://www.w3.org/2000/svg">'
        f"<title>{escape(label)}</title>"
    )


def _y_axis(ticks: Sequence[float], sy: Callable[[float], float], num: Num, unit: str) -> list[str]:
    out = []
    for t, text in zip(ticks, axis_labels(ticks, num), strict=True):
        y = sy(t)
        out.append(f'<line class="grid" x1="{LEFT}" y1="{y}" x2="{W - RIGHT}" y2="{y}"/>')
        out.append(f'<text class="yl" x="{LEFT - 6}" y="{y + 4}">{escape(text)}</text>')
    if unit:
        out.append(f'<text class="unit" x="{LEFT}" y="{TOP - 4}">{escape(unit)}</text>')
    return out


def _year_ticks(lo: float, hi: float) -> list[float]:
    return [t for t in nice_ticks(math.floor(lo), math.ceil(hi), 6) if lo - 0.5 <= t <= hi + 0.5]


def _series_legend(labels: Sequence[str]) -> tuple[list[str], int]:
    """Legend entries under the plot, wrapped into rows; (markup, number of rows)."""
    out = []
    x, row = LEFT, 0
    for i, name in enumerate(labels):
        css = f"s{i % SERIES_CLASSES}"
        text = _clip(name, 40)
        width = 14 + text_width(text, FONT_PX) + 18
        if x > LEFT and x + width > W - RIGHT:
            x, row = LEFT, row + 1
        y = H - 10 + 18 * row
        out.append(f'<circle class="dot {css}" cx="{x + 5:g}" cy="{y:g}" r="5"/>')
        out.append(f'<text class="lg" x="{x + 14:g}" y="{y + 4:g}">{escape(text)}</text>')
        x += width
    return out, row + 1


def _clip(text: str, n: int) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"


# ----------------------------------------------------------------------------- daily charts
@dataclass(frozen=True)
class DayLine:
    """A daily series drawn as a line; ``css`` names its style (``median``, ``observed``, ``s0``…)."""

    label: str
    values: tuple[float, ...]
    css: str


@dataclass(frozen=True)
class DayBand:
    """A shaded range between two daily series (e.g. the 5–95 % ensemble band)."""

    label: str
    low: tuple[float, ...]
    high: tuple[float, ...]
    css: str


@dataclass(frozen=True)
class Level:
    """A horizontal reference line (alert level, dam crest) with its label."""

    label: str
    value: float
    css: str


DAY_H = 300.0


def daily_chart(
    days: Sequence[str],
    label: str,
    *,
    lines: Sequence[DayLine] = (),
    bands: Sequence[DayBand] = (),
    levels: Sequence[Level] = (),
    fmt: Callable[[float], str] = _default_fmt,
    day_fmt: Callable[[str], str] = lambda d: d[5:10],
    unit: str = "",
    zero_based: bool = True,
    chart_id: str | None = None,
    num: Num = _plain_num,
) -> str:
    """Daily values over *days* (ISO dates): bands under lines, dashed reference levels on top.

    A level more than twice the largest value is left out of the drawing (it would flatten
    the series); it stays in the tables next to the chart.

    >>> svg = daily_chart(["1988-03-01", "1988-03-02"], "Q", lines=[DayLine("m", (1.0, 3.0), "median")],
    ...                   levels=[Level("watch", 2.0, "lv0"), Level("far", 99.0, "lv1")])
    >>> 'class="series median"' in svg, 'data-level="watch"' in svg, "far" in svg
    (True, True, False)
    """
    n = len(days)
    values = [v for s in lines for v in s.values] + [v for b in bands for v in (*b.low, *b.high)]
    if n == 0 or not values:
        return ""
    top = max(values)
    shown = [lv for lv in levels if lv.value <= 2.0 * max(top, 1e-9) or not zero_based]
    lo = min(values + [lv.value for lv in shown])
    hi = max(values + [lv.value for lv in shown])
    if zero_based:
        lo = min(0.0, lo)
    else:
        pad = max((hi - lo) * 0.05, 0.1)
        lo, hi = lo - pad, hi + pad
    yticks = nice_ticks(lo, hi)
    ylo, yhi = yticks[0], yticks[-1]
    entries = [(b.label, "band " + b.css) for b in bands]
    entries += [(s.label, "series " + s.css) for s in lines]
    entries += [(lv.label, "level " + lv.css) for lv in shown]
    legend, rows = _day_legend(entries)
    height = DAY_H + 18.0 * (rows - 1)
    pw, ph = W - LEFT - RIGHT, DAY_H - TOP - BOTTOM
    span = max(n - 1, 1)

    def sx(i: float) -> float:
        return round(LEFT + i / span * pw, 1)

    def sy(y: float) -> float:
        return round(TOP + ph - (y - ylo) / (yhi - ylo) * ph, 1)

    out = [_open(label, height, chart_id)]
    out += _y_axis(yticks, sy, num, unit)
    for i in _day_ticks(n):
        x = sx(i)
        out.append(f'<line class="tick" x1="{x}" y1="{TOP + ph}" x2="{x}" y2="{TOP + ph + 4}"/>')
        out.append(
            f'<text class="xl" x="{x}" y="{TOP + ph + 18}">{escape(day_fmt(days[i]))}</text>'
        )
    for b in bands:
        upper = [f"{sx(i)},{sy(v)}" for i, v in enumerate(b.high)]
        lower = [f"{sx(i)},{sy(v)}" for i, v in reversed(list(enumerate(b.low)))]
        out.append(
            f'<path class="band {escape(b.css)}" d="M{"L".join(upper + lower)}Z">'
            f"<title>{escape(b.label)}</title></path>"
        )
    for s in lines:
        d = "M" + "L".join(f"{sx(i)},{sy(v)}" for i, v in enumerate(s.values))
        out.append(
            f'<path class="series {escape(s.css)}" d="{d}"><title>{escape(s.label)}</title></path>'
        )
    for lv in shown:
        y = sy(lv.value)
        tip = escape(f"{lv.label}: {fmt(lv.value)} {unit}".strip())
        out.append(
            f'<g class="level {escape(lv.css)}" data-level="{escape(lv.label)}">'
            f'<line x1="{LEFT}" y1="{y}" x2="{W - RIGHT}" y2="{y}"><title>{tip}</title></line>'
            f'<text x="{W - RIGHT - 4}" y="{y - 4}">{escape(lv.label)}</text></g>'
        )
    out.append(f'<line class="axis" x1="{LEFT}" y1="{TOP + ph}" x2="{W - RIGHT}" y2="{TOP + ph}"/>')
    out += legend
    out.append("</svg>")
    return Markup("".join(out))


def _day_ticks(n: int, count: int = 6) -> list[int]:
    """Indices of the day ticks: a round step (1, 2, 5, 7, 10, 14, 15, 30, 60 … days).

    >>> _day_ticks(60), _day_ticks(1)
    ([0, 10, 20, 30, 40, 50], [0])
    """
    raw = max(n / count, 1.0)
    step = next((s for s in (1, 2, 5, 7, 10, 14, 15, 30, 60) if s >= raw), 90)
    return list(range(0, n, step))


def _day_legend(entries: Sequence[tuple[str, str]]) -> tuple[list[str], int]:
    """Legend under a daily chart: a swatch in the entry's style (class ``key``, so it is not
    taken for the mark itself) and its label, wrapped."""
    out = []
    x, row = LEFT, 0
    for text_full, css in entries:
        text = _clip(text_full, 44)
        width = 26 + text_width(text, FONT_PX) + 16
        if x > LEFT and x + width > W - RIGHT:
            x, row = LEFT, row + 1
        y = DAY_H - 10 + 18 * row
        kind, _, style = css.partition(" ")
        if kind == "band":
            swatch = (
                f'<rect class="band {style} key" x="{x:g}" y="{y - 5:g}" width="20" height="10"/>'
            )
        elif kind == "level":
            swatch = (
                f'<g class="level {style} key">'
                f'<line x1="{x:g}" y1="{y:g}" x2="{x + 20:g}" y2="{y:g}"/></g>'
            )
        else:
            swatch = f'<path class="series {style} key" d="M{x:g},{y:g}L{x + 20:g},{y:g}"/>'
        out.append(swatch)
        out.append(f'<text class="lg" x="{x + 26:g}" y="{y + 4:g}">{escape(text)}</text>')
        x += width
    return out, row + 1

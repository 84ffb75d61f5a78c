"""Small inline-SVG charts for the dashboard: time series and horizontal bars.

Charts are drawn on the server (no chart library): axes with "nice" ticks, one
colour per series from the stylesheet (``s0``–``s5``), a ``<title>`` on every mark
for the tooltip, ``role="img"`` with a label. The numbers are also in a table next
to each chart, so nothing is only visible in a picture.

Example:
    >>> nice_ticks(0.0, 97.0)
    [0.0, 20.0, 40.0, 60.0, 80.0, 100.0]
    >>> svg = line_chart([Series("Omsk", ((1920.5, 1.0, "1920"), (2026.5, 2.0, "2026")))], "t")
    >>> svg.startswith("<svg") and "Omsk" in svg
    True
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from markupsafe import Markup, escape

W, H = 640.0, 260.0
LEFT, RIGHT, TOP, BOTTOM = 64.0, 16.0, 16.0, 48.0
SERIES_CLASSES = 6


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
    out += _y_axis(yticks, sy, fmt, unit)
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


def bar_chart(
    bars: Sequence[tuple[str, float]],
    label: str,
    fmt: Callable[[float], str] = _default_fmt,
    highlight: str | None = None,
) -> str:
    """Horizontal bars, one per (label, value), in the given order. Returns SVG markup."""
    if not bars:
        return ""
    row = 22.0
    left = 230.0
    height = TOP + row * len(bars) + 28.0
    ticks = nice_ticks(min(0.0, *(v for _, v in bars)), max(0.0, *(v for _, v in bars)))
    lo, hi = ticks[0], ticks[-1]
    pw = W - left - RIGHT - 60.0

    def sx(v: float) -> float:
        return round(left + (v - lo) / (hi - lo) * pw, 1)

    out = [_open(label, height)]
    zero = sx(0.0)
    for i, (name, value) in enumerate(bars):
        y = TOP + i * row
        x0, x1 = sorted((zero, sx(value)))
        css = "bar hl" if highlight and name == highlight else "bar"
        tip = escape(f"{name}: {fmt(value)}")
        out.append(f'<text class="bl" x="{left - 6}" y="{y + 15}">{escape(_clip(name, 34))}</text>')
        out.append(
            f'<rect class="{css}" x="{x0}" y="{y + 3}" width="{max(round(x1 - x0, 1), 0.5)}" '
            f'height="{row - 6}"><title>{tip}</title></rect>'
        )
        out.append(
            f'<text class="bv" x="{max(x1, zero) + 4}" y="{y + 15}">{escape(fmt(value))}</text>'
        )
    base = TOP + row * len(bars)
    out.append(f'<line class="axis" x1="{zero}" y1="{TOP}" x2="{zero}" y2="{base}"/>')
    for t in ticks:
        out.append(f'<text class="xl" x="{sx(t)}" y="{base + 16}">{escape(fmt(t))}</text>')
    out.append("</svg>")
    return Markup("".join(out))


def _open(label: str, height: float = H) -> str:
    return (
        f'<svg class="chart" viewBox="0 0 {W:g} {height:g}" role="img" '
        f'aria-label="{escape(label)}" xmlns="http://www.w3.org/2000/svg">'
        f"<title>{escape(label)}</title>"
    )


def _y_axis(
    ticks: Sequence[float], sy: Callable[[float], float], fmt: Callable[[float], str], unit: str
) -> list[str]:
    out = []
    for t in ticks:
        y = sy(t)
        out.append(f'<line class="grid" x1="{LEFT}" y1="{y}" x2="{W - RIGHT}" y2="{y}"/>')
        out.append(f'<text class="yl" x="{LEFT - 6}" y="{y + 4}">{escape(fmt(t))}</text>')
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
        text = _clip(name, 28)
        width = 14 + 6.6 * len(text) + 18
        if x > LEFT and x + width > W - RIGHT:
            x, row = LEFT, row + 1
        y = H - 10 + 18 * row
        out.append(f'<circle class="dot {css}" cx="{x + 5:g}" cy="{y:g}" r="5"/>')
        out.append(f'<text class="lg" x="{x + 14:g}" y="{y + 4:g}">{escape(text)}</text>')
        x += width
    return out, row + 1


def _clip(text: str, n: int) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"

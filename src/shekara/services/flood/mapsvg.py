"""SVG map of the four basins: country outlines, river reaches, posts by alert class, reservoir fill.

Projection: equirectangular with the x scale shrunk by cos(52°) (the map's mid-latitude),
enough at this scale. Country outlines come from ``data/geo/boundaries.geojson`` (Natural
Earth 4.1.0); river lines from GSHHG 2.3.7 WDBII (``data/geo/flood_rivers.geojson``, made by
``scripts/build_flood_rivers.py``). The network's reaches are drawn over them as thin dashed
links between their nodes — a schematic of the routing, not the river's course.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from functools import lru_cache
from html import escape
from typing import Any

from shekara.paths import default_data_dir
from shekara.services.flood.network import Network

BBOX = (48.0, 45.0, 88.0, 62.0)  # lon_min, lat_min, lon_max, lat_max
WIDTH = 760
ALERT_COLOURS = {
    "normal": "#2e7d32",
    "watch": "#f9a825",
    "warning": "#ef6c00",
    "danger": "#c62828",
    "none": "#757575",
}
_KX = math.cos(math.radians(52.0))


def _scale() -> tuple[float, float]:
    w = (BBOX[2] - BBOX[0]) * _KX
    h = BBOX[3] - BBOX[1]
    return WIDTH / w, WIDTH * h / w


def project(lon: float, lat: float) -> tuple[float, float]:
    s, _h = _scale()
    return round((lon - BBOX[0]) * _KX * s, 1), round((BBOX[3] - lat) * s, 1)


@lru_cache(maxsize=1)
def _outlines() -> list[tuple[str, str]]:
    gj = json.loads((default_data_dir() / "geo" / "boundaries.geojson").read_text(encoding="utf-8"))
    out = []
    for f in gj["features"]:
        if f["properties"].get("layer") != "country":
            continue
        geom = f["geometry"]
        polys = geom["coordinates"] if geom["type"] == "MultiPolygon" else [geom["coordinates"]]
        d = []
        for poly in polys:
            for ring in poly:
                pts = [project(x, y) for x, y in ring]
                d.append("M" + " L".join(f"{x},{y}" for x, y in pts) + " Z")
        out.append((f["properties"]["country"], " ".join(d)))
    return out


@lru_cache(maxsize=1)
def _rivers() -> str:
    path = default_data_dir() / "geo" / "flood_rivers.geojson"
    if not path.exists():
        return ""
    gj = json.loads(path.read_text(encoding="utf-8"))
    d = []
    for f in gj["features"]:
        pts = [project(x, y) for x, y in f["geometry"]["coordinates"]]
        d.append("M" + " L".join(f"{x},{y}" for x, y in pts))
    return (
        f'<path class="rivers" d="{" ".join(d)}" fill="none" stroke="#64b5f6" stroke-width="1.3"/>'
    )


def network_svg(
    net: Network,
    *,
    alerts: Mapping[str, str],
    fills: Mapping[str, float],
    labels: Mapping[str, str],
    title: str,
    lang: str = "en",
) -> str:
    """The map as an inline ``<svg>`` string; *labels* holds the translated legend words."""
    _s, height = _scale()
    parts: list[str] = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {round(height)}" '
        f'role="img" aria-label="{escape(title)}" class="flood-map">',
        f"<title>{escape(title)}</title>",
        f'<clipPath id="fm-clip"><rect width="{WIDTH}" height="{round(height)}"/></clipPath>',
        '<g clip-path="url(#fm-clip)">',
    ]
    for country, d in _outlines():
        fill = "#f3efe4" if country == "KZ" else "#e8edf3"
        parts.append(f'<path d="{d}" fill="{fill}" stroke="#8d8d8d" stroke-width="0.8"/>')
    parts.append(_rivers())
    for b in net.basins:
        for r in b.reaches:
            a, c = net.node(r.from_node), net.node(r.to_node)
            (x1, y1), (x2, y2) = project(a.lon, a.lat), project(c.lon, c.lat)
            parts.append(
                f'<line x1="{x1}" y1="{y1}" x2="{x2}" y2="{y2}" stroke="#1e88e5" stroke-width="2"/>'
            )
    for nid, n in net.nodes.items():
        x, y = project(n.lon, n.lat)
        name = escape(n.name(lang))
        if n.kind == "post":
            colour = ALERT_COLOURS.get(alerts.get(nid, "none"), ALERT_COLOURS["none"])
            alert_word = escape(labels.get(alerts.get(nid, "none"), ""))
            parts.append(f'<circle cx="{x}" cy="{y}" r="5" fill="{colour}" stroke="#fff" stroke-width="1.2" '
                         f'data-node="{nid}"><title>{name}: {alert_word}</title></circle>')  # fmt: skip
            parts.append(f'<text x="{x + 7}" y="{y + 4}" font-size="10">{name}</text>')
        elif n.kind == "reservoir":
            f = max(0.0, min(fills.get(nid, 0.0), 1.2))
            h = 14 * min(f, 1.0)
            parts.append(f'<g data-node="{nid}"><title>{name}: {round(f * 100)} %</title>'
                         f'<rect x="{x - 5}" y="{y - 7}" width="10" height="14" fill="#fff" stroke="#0d47a1"/>'
                         f'<rect x="{x - 5}" y="{y + 7 - h:.1f}" width="10" height="{h:.1f}" fill="#42a5f5"/></g>')  # fmt: skip
        elif n.kind == "border":
            parts.append(f'<path d="M{x - 5},{y} L{x},{y - 5} L{x + 5},{y} L{x},{y + 5} Z" fill="#6a1b9a">'
                         f"<title>{name}</title></path>")  # fmt: skip
    parts.append("</g>")
    # legend in the south-east corner (China and Mongolia: no node there)
    lx, ly = WIDTH - 340, round(height) - 16 * (len(ALERT_COLOURS) + 2)
    parts.append(f'<rect x="{lx - 8}" y="{ly - 12}" width="340" height="{16 * (len(ALERT_COLOURS) + 1) + 10}" '
                 'fill="#fff" fill-opacity="0.85"/>')  # fmt: skip
    for i, (k, col) in enumerate(ALERT_COLOURS.items()):
        parts.append(f'<circle cx="{lx + 6}" cy="{ly + 16 * i}" r="5" fill="{col}"/>'
                     f'<text x="{lx + 16}" y="{ly + 16 * i + 4}" font-size="11">{escape(labels.get(k, k))}</text>')  # fmt: skip
    parts.append(f'<text x="{lx}" y="{ly + 16 * len(ALERT_COLOURS) + 4}" font-size="10" fill="#555">'
                 f"{escape(labels.get('schematic', ''))}</text>")  # fmt: skip
    parts.append("</svg>")
    return "".join(parts)


def svg_context(
    net: Network, forecast: Any, latest: Mapping[str, Mapping[str, Any]]
) -> tuple[dict[str, str], dict[str, float]]:
    """Alert class per post and fill (volume / NRL volume) per reservoir."""
    alerts = {k: p.alert for k, p in forecast.posts.items()} if forecast else {}
    fills = {nid: float(latest[nid]["volume"]) / spec.volume_mcm
             for nid, spec in net.reservoirs.items() if nid in latest and "volume" in latest[nid]}  # fmt: skip
    return alerts, fills

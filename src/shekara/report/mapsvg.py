"""The border map: an SVG drawn from ``boundaries.geojson`` in the Albers equal-area projection.

What is drawn, bottom to top: the two countries (Russia clipped to the map frame),
Kazakhstan's regions (border regions darker), Russia's border regions, the state
border, one line per assessed pair between the admin centres (colour and width
grow with the composite potential), the admin centres, a diamond for the economic
zones of a region (at a point inside the region's polygon) and a triangle for each
crossing point that has coordinates. Below the map: the legend. A scale bar uses
the projection's kilometres (true along the standard parallels 45° and 55° N; off
by at most 2.5 % inside the map, see :func:`shekara.present.projection.albers_parallel_scale`).

Regions formed after Natural Earth's layout (Abai in 2022) are drawn with their
parent's outline and labelled with both names; no split line is invented.

All text comes in already translated (:class:`MapText`); the SVG uses the report's
embedded font family, so Kazakh letters render in the HTML and the PDF.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from html import escape

from shapely.geometry import box  # type: ignore[import-untyped]

from shekara.kb.geo import BBox, BoundarySet
from shekara.present.labels import LabelPlacer, PlacedLabel
from shekara.present.maplayers import (
    anchor_point,
    from_shapely,
    inner_points,
    state_border,
    to_shapely,
)
from shekara.present.mapmodel import EqualIntervals, drawn_outlines, outline_label
from shekara.present.projection import (
    Viewport,
    project_equal_area,
    project_polygons,
    svg_line_d,
    svg_path_d,
)
from shekara.report.fonts import FAMILY

WIDTH_PX = 900.0
PAD_PX = 8.0
# Sequential classes for the links, light (low potential) to dark red (high).
LINK_COLOURS: tuple[str, ...] = ("#fdd49e", "#fdae6b", "#f16913", "#d94801", "#7f2704")
KZ_BORDER_FILL, KZ_OTHER_FILL, RU_FILL = "#eadfc3", "#f6f1e4", "#dde6ef"
ZONE_COLOUR, CROSSING_COLOUR, BORDER_COLOUR = "#1b7f6b", "#5b2a86", "#8c2d19"
BORDER_DASH = ' stroke-dasharray="10 3 2 3"'


@dataclass(frozen=True)
class MapRegion:
    """A region in force: id, country, name and whether it is a border region."""

    region_id: str
    country: str
    name: str
    border: bool


@dataclass(frozen=True)
class MapLink:
    """An assessed pair drawn between its admin centres (lon, lat)."""

    pair_id: str
    kz_centre: tuple[float, float]
    ru_centre: tuple[float, float]
    potential: float
    rank: int


@dataclass(frozen=True)
class MapPoint:
    """A labelled point (admin centre or crossing) at lon/lat."""

    label: str
    lon: float
    lat: float


@dataclass(frozen=True)
class MapText:
    """Translated strings of the map."""

    title: str
    description: str
    ru: str
    border_region: str
    other_region: str
    link: str
    centre: str
    zone: str
    crossing: str
    km: str
    classes: tuple[str, ...]
    outline_note: str
    border: str = ""  # legend text of the state border line (no entry when empty)


@dataclass(frozen=True)
class MapInput:
    year: int
    regions: tuple[MapRegion, ...]
    links: tuple[MapLink, ...]
    centres: tuple[MapPoint, ...]
    zone_counts: dict[str, int]
    crossings: tuple[MapPoint, ...]
    text: MapText


def _f(v: float) -> str:
    """Coordinates with one decimal and no '-0': the SVG text is part of the deterministic HTML."""
    s = f"{v + 0.0:.1f}"
    return "0.0" if s == "-0.0" else s


def link_class(potential: float, lo: float, hi: float, n: int = len(LINK_COLOURS)) -> int:
    """Equal-interval class 0..n-1 of *potential* between the lowest and highest pair
    (:class:`shekara.present.mapmodel.EqualIntervals`).

    >>> link_class(0.0, 0.0, 1.0), link_class(0.5, 0.0, 1.0), link_class(1.0, 0.0, 1.0)
    (0, 2, 4)
    """
    return EqualIntervals(lo, hi, n).index(potential)


def class_bounds(lo: float, hi: float, n: int = len(LINK_COLOURS)) -> list[tuple[float, float]]:
    return EqualIntervals(lo, hi, n).bounds()


def draw_map(boundaries: BoundarySet, data: MapInput) -> str:
    """The map as an inline ``<svg>`` element (role ``img`` with title and description)."""
    year = data.year
    in_force = {r.region_id: r for r in data.regions}
    drawn = {  # drawn feature → (country, region ids)
        fid: (in_force[ids[0]].country, ids)
        for fid, ids in drawn_outlines(boundaries, in_force, year).items()
    }
    shapes = {
        fid: project_polygons(boundaries[fid].polygons)
        for fid in sorted(drawn)
        if fid in boundaries
    }
    border_ids = [fid for fid in shapes if boundaries[fid].border]
    extent = BBox.of(project_polygons(boundaries["KZ"].polygons))
    for fid in border_ids:
        extent = extent.union(BBox.of(shapes[fid]))
    frame = box(extent.min_x, extent.min_y, extent.max_x, extent.max_y)
    vp = Viewport.fit(extent, width_px=WIDTH_PX, padding_px=PAD_PX)
    t = data.text
    legend, legend_px = _legend(vp.height_px, t)
    height = vp.height_px + legend_px

    out: list[str] = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="map" role="img" '
        f'aria-labelledby="map-title map-desc" viewBox="0 0 {_f(WIDTH_PX)} {_f(height)}" '
        f'font-family="{FAMILY}">',
        f'<title id="map-title">{escape(t.title)}</title>',
        f'<desc id="map-desc">{escape(t.description)}</desc>',
        f'<rect x="0" y="0" width="{_f(WIDTH_PX)}" height="{_f(vp.height_px)}" fill="#f7fbff"/>',
    ]
    for cid, fill in (("RU", "#eef0f2"), ("KZ", KZ_OTHER_FILL)):
        clipped = from_shapely(
            to_shapely(project_polygons(boundaries[cid].polygons)).intersection(frame)
        )
        out.append(
            f'<path d="{svg_path_d(clipped, vp, decimals=0)}" fill="{fill}" stroke="none" fill-rule="evenodd"/>'
        )
    for fid, polys in shapes.items():
        country, _ids = drawn[fid]
        border = boundaries[fid].border
        fill = RU_FILL if country == "RU" else (KZ_BORDER_FILL if border else KZ_OTHER_FILL)
        out.append(
            f'<path d="{svg_path_d(polys, vp, decimals=0)}" fill="{fill}" stroke="#ffffff" '
            f'stroke-width="0.8" fill-rule="evenodd"/>'
        )
    kz_outline = svg_path_d(project_polygons(boundaries["KZ"].polygons), vp, decimals=0)
    out.append(f'<path d="{kz_outline}" fill="none" stroke="#6b5a3a" stroke-width="1.1"/>')
    border_line = [
        [project_equal_area(lon, lat) for lon, lat in ln] for ln in state_border(boundaries)
    ]
    out.append(
        f'<path d="{svg_line_d(border_line, vp, decimals=0)}" fill="none" stroke="{BORDER_COLOUR}" '
        f'stroke-width="2.4"{BORDER_DASH} stroke-linejoin="round"/>'
    )

    pots = [lk.potential for lk in data.links]
    lo, hi = (min(pots), max(pots)) if pots else (0.0, 1.0)
    for lk in sorted(data.links, key=lambda lk: (lk.potential, lk.pair_id)):
        k = link_class(lk.potential, lo, hi)
        x1, y1 = vp.to_px(*project_equal_area(*lk.kz_centre))
        x2, y2 = vp.to_px(*project_equal_area(*lk.ru_centre))
        ends = f'x1="{_f(x1)}" y1="{_f(y1)}" x2="{_f(x2)}" y2="{_f(y2)}"'
        width = 1.8 + 1.4 * k
        # A white casing under each line keeps light classes visible on the fills.
        out.append(
            f'<line {ends} stroke="#ffffff" stroke-width="{_f(width + 2)}" stroke-linecap="round"/>'
        )
        out.append(
            f'<line {ends} stroke="{LINK_COLOURS[k]}" stroke-width="{_f(width)}" '
            f'stroke-linecap="round"><title>{escape(lk.pair_id)}</title></line>'
        )

    placer = LabelPlacer(WIDTH_PX, vp.height_px)
    anchors = {fid: vp.to_px(*anchor_point(shapes[fid])) for fid in border_ids}
    centre_px = [(c, *vp.to_px(*project_equal_area(c.lon, c.lat))) for c in data.centres]
    for _c, x, y in centre_px:
        placer.block(x - 4, y - 4, x + 4, y + 4)
    for fid in border_ids:
        count = sum(data.zone_counts.get(i, 0) for i in drawn[fid][1])
        if not count:
            continue
        x, y = anchors[fid]
        out.append(_diamond(x, y, 6.5, ZONE_COLOUR))
        placer.block(x - 7, y - 7, x + 7, y + 7)
        if count > 1:
            out.append(_label(x + 8, y + 4, f"×{count}", 11, ZONE_COLOUR))
            placer.block(x + 8, y - 6, x + 30, y + 6)
    crossing_px = [(c, *vp.to_px(*project_equal_area(c.lon, c.lat))) for c in data.crossings]
    for _c, x, y in crossing_px:
        out.append(_triangle(x, y, 6.5, CROSSING_COLOUR))
        placer.block(x - 7, y - 7, x + 7, y + 7)
    for _c, x, y in centre_px:
        out.append(f'<circle cx="{_f(x)}" cy="{_f(y)}" r="3.6" fill="#222222"/>')
    # Names: centres first (pushed out with a leader line when crowded), then crossings,
    # then regions from the largest; a region name that fits nowhere is left out, except
    # the name of a shared (pre-split) outline.
    for c, x, y in centre_px:
        out.append(_placed(placer.place_around(c.label, x, y, size=13, force=True), "#111111"))
    for c, x, y in crossing_px:
        spot = placer.place_around(c.label, x, y, size=11, gap=8)
        out.append(_placed(spot, CROSSING_COLOUR))
    area = {fid: BBox.of(shapes[fid]).width * BBox.of(shapes[fid]).height for fid in border_ids}
    for fid in sorted(border_ids, key=lambda f: (-area[f], f)):
        ids = drawn[fid][1]
        names = outline_label([in_force[i].name for i in sorted(ids)])
        x, y = anchors[fid]
        tries = [
            (x + dx, y + dy, "middle") for dx in (0, -45, 45) for dy in (20, 34, -14, 48, -28, 4)
        ] + [(*vp.to_px(px, py), "middle") for px, py in inner_points(shapes[fid])]
        spot = placer.place(names, 10.5, tries) or placer.place_around(
            names, x, y, size=10.5, gap=14, rings=5, force=len(ids) > 1
        )  # last: beside the outline with a leader line
        out.append(_placed(spot, "#6b6b6b", italic=True))

    out.append(_scale_bar(vp, t.km))
    out.append(legend)
    out.append("</svg>")
    return "\n".join(out)


def _label(
    x: float,
    y: float,
    text: str,
    size: float,
    colour: str,
    anchor: str = "start",
    italic: bool = False,
) -> str:
    # A white copy underneath keeps labels readable over lines (no reliance on paint-order).
    common = f'x="{_f(x)}" y="{_f(y)}" font-size="{size:g}"'
    if anchor != "start":
        common += f' text-anchor="{anchor}"'
    if italic:
        common += ' font-style="italic"'
    return (
        f'<text {common} fill="none" stroke="#ffffff" stroke-width="2.8" '
        f'stroke-linejoin="round">{escape(text)}</text>'
        f'<text {common} fill="{colour}">{escape(text)}</text>'
    )


def _placed(spot: PlacedLabel | None, colour: str, italic: bool = False) -> str:
    """A placed label (with its leader line), or nothing when it was dropped."""
    if spot is None:
        return ""
    leader = ""
    if spot.leader is not None:
        x1, y1, x2, y2 = spot.leader
        leader = (
            f'<line x1="{_f(x1)}" y1="{_f(y1)}" x2="{_f(x2)}" y2="{_f(y2)}" '
            f'stroke="#555555" stroke-width="0.7"/>'
        )
    text = _label(spot.x, spot.y, spot.text, spot.size, colour, anchor=spot.anchor, italic=italic)
    return leader + text


def _diamond(x: float, y: float, r: float, colour: str) -> str:
    pts = f"{_f(x)},{_f(y - r)} {_f(x + r)},{_f(y)} {_f(x)},{_f(y + r)} {_f(x - r)},{_f(y)}"
    return f'<polygon points="{pts}" fill="{colour}" stroke="#ffffff" stroke-width="1"/>'


def _triangle(x: float, y: float, r: float, colour: str) -> str:
    pts = f"{_f(x)},{_f(y - r)} {_f(x + r)},{_f(y + r * 0.8)} {_f(x - r)},{_f(y + r * 0.8)}"
    return f'<polygon points="{pts}" fill="{colour}" stroke="#ffffff" stroke-width="1"/>'


def _scale_bar(vp: Viewport, km_label: str) -> str:
    km = vp.scale_bar_km(160.0)
    length = km * vp.px_per_km
    x0, y0 = PAD_PX + 14, vp.height_px - 22
    half = length / 2
    return "".join(
        [
            f'<rect x="{_f(x0)}" y="{_f(y0)}" width="{_f(half)}" height="5" fill="#333333"/>',
            f'<rect x="{_f(x0 + half)}" y="{_f(y0)}" width="{_f(half)}" height="5" '
            f'fill="#ffffff" stroke="#333333" stroke-width="0.8"/>',
            _label(x0, y0 - 5, "0", 12, "#333333"),
            _label(x0 + length, y0 - 5, f"{km:g} {km_label}", 12, "#333333", anchor="middle"),
        ]
    )


Symbol = Callable[[float, float], str]


def _line_symbol(colour: str, width: float, extra: str = ' stroke-linecap="round"') -> Symbol:
    """A short line in the legend: a link class, or the state border (dashed)."""
    return lambda x, y: (
        f'<line x1="{_f(x)}" y1="{_f(y - 4)}" x2="{_f(x + 22)}" y2="{_f(y - 4)}" '
        f'stroke="{colour}" stroke-width="{_f(width)}"{extra}/>'
    )


def _rect_symbol(fill: str, stroke: str) -> Symbol:
    """A filled box in the legend: a kind of region."""
    return lambda x, y: (
        f'<rect x="{_f(x)}" y="{_f(y - 11)}" width="20" height="13" fill="{fill}" '
        f'stroke="{stroke}" stroke-width="0.7"/>'
    )


def _centre_symbol(x: float, y: float) -> str:
    return f'<circle cx="{_f(x + 10)}" cy="{_f(y - 4)}" r="3.6" fill="#222222"/>'


def _legend(top: float, t: MapText) -> tuple[str, float]:
    """Legend rows under the map (wrapped to the map's width); returns the SVG and its height."""
    size, row_h = 11.5, 22.0
    rows: list[list[tuple[Symbol, str]]] = [
        [(_line_symbol(LINK_COLOURS[k], 1.8 + 1.4 * k), cls) for k, cls in enumerate(t.classes)],
        [
            (_rect_symbol(KZ_BORDER_FILL, "#6b5a3a"), t.border_region),
            (_rect_symbol(KZ_OTHER_FILL, "#6b5a3a"), t.other_region),
            (_rect_symbol(RU_FILL, "#8899aa"), t.ru),
        ],
        [
            (_centre_symbol, t.centre),
            (lambda x, y: _diamond(x + 10, y - 4, 6.5, ZONE_COLOUR), t.zone),
            (lambda x, y: _triangle(x + 10, y - 4, 6.5, CROSSING_COLOUR), t.crossing),
            *([(_line_symbol(BORDER_COLOUR, 2.4, BORDER_DASH), t.border)] if t.border else []),
        ],
    ]
    parts = [_label(PAD_PX, top + 20, t.link, size + 0.5, "#111111")]
    y = top + 20 + row_h
    for row in rows:
        x = PAD_PX + 4
        for symbol, text in row:
            advance = 30 + 0.6 * size * len(text) + 24
            if x + advance > WIDTH_PX and x > PAD_PX + 4:
                x, y = PAD_PX + 4, y + row_h
            parts.append(symbol(x, y))
            parts.append(_label(x + 30, y, text, size, "#111111"))
            x += advance
        y += row_h
    parts.append(_label(PAD_PX, y, t.outline_note, size - 1, "#555555"))
    height = y - top + 12
    background = (
        f'<rect x="0" y="{_f(top)}" width="{_f(WIDTH_PX)}" height="{_f(height)}" fill="#ffffff"/>'
    )
    return background + "".join(parts), height

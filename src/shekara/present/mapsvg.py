"""The map model: the knowledge base's own polygons, Albers equal-area, laid out for SVG.

No tiles and no web map library: :mod:`shekara.present.projection` projects the Natural Earth
outlines shipped in ``data/geo`` and this module lays out what to draw — region
polygons (regions split off after the boundary data share their parent's outline,
labelled so), the state border line, pair lines between the admin centres, points for
crossings, economic zones and water objects that have coordinates, names of centres and
regions placed without collisions (two sets: ``wide`` for large screens, ``narrow`` with
larger type and fewer names for phones; the stylesheet shows one) — as plain data.
:func:`shekara.present.mapdraw.map_svg` draws it: for the dashboard (the ``map_svg`` macro of
``web/pages/templates/_macros.html``, styled by its stylesheet) and for the report's
Figure 1 (:mod:`shekara.report.mapfigure`: printed, with its own palette and legend).

Values (a pair's potential, an indicator) are binned into five classes ``q0``–``q4``
whose colours the stylesheet defines; the legend gives each class its range.

**Adding a count layer** (e.g. the platform's projects per region and pair): draw it over the
model as an SVG ``<g>`` and pass it to the ``map_svg`` macro as ``overlay``, as
:func:`shekara.web.pages.platform_map.project_layer` does.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path

from markupsafe import Markup
from shapely.geometry import box as shapely_box  # type: ignore[import-untyped]

from shekara.kb import query
from shekara.kb.geo import BBox, BoundarySet, MultiPolygon, load_boundaries
from shekara.paths import default_data_dir
from shekara.present.maplayers import (
    MapLabel,
    Named,
    anchor_point,
    from_shapely,
    inner_points,
    name_labels,
    state_border,
    to_shapely,
)
from shekara.present.mapmodel import (
    CLASSES,
    EqualIntervals,
    drawn_outlines,
    outline_label,
    range_labels,
)
from shekara.present.projection import (
    Viewport,
    project_equal_area,
    project_polygons,
    svg_line_d,
    svg_path_d,
)

Fmt = Callable[[float], str]
WIDTH_PX = 960.0
PADDING_PX = 12.0
#: Label sizes (map px): wide fits a 1000 px map, narrow reads ~10 px on a 390 px phone.
LABEL_PX = {"wide": 13.0, "narrow": 27.0}


@dataclass(frozen=True)
class Shape:
    """A polygon to draw: one region outline (maybe standing for several regions)."""

    key: str
    d: str
    css: str
    title: str
    regions: tuple[str, ...] = ()
    value: float | None = None
    anchor: tuple[float, float] = (0.0, 0.0)  # a point surely inside the outline (px)


@dataclass(frozen=True)
class Line:
    """A pair drawn as the line between its admin centres."""

    pair_id: str
    x1: float
    y1: float
    x2: float
    y2: float
    css: str
    title: str
    href: str
    value: float | None


@dataclass(frozen=True)
class Point:
    """A mark: an admin centre, a crossing, a region's economic zones or a water object."""

    kind: str
    x: float
    y: float
    css: str
    title: str
    href: str = ""  # a crossing links to its page
    count: int = 1  # economic zones of the outline (drawn as "×N" beside the mark when > 1)


@dataclass(frozen=True)
class LegendEntry:
    """A legend line: the class of its mark (``q0`` … ``q4``, ``region kz`` …) and its text."""

    css: str
    label: str


@dataclass(frozen=True)
class MapModel:
    """The laid-out map in px: shapes, pair lines, marks, names, scale bar and value classes."""

    width: float
    height: float
    context: tuple[Shape, ...]
    regions: tuple[Shape, ...]
    lines: tuple[Line, ...]
    points: tuple[Point, ...]
    legend: tuple[LegendEntry, ...]
    scale_km: float
    scale_px: float
    notes: tuple[str, ...] = field(default_factory=tuple)
    border: str = ""  # SVG path of the state border line
    labels: tuple[MapLabel, ...] = ()

    def svg(self, label: str, id: str = "map", km: str = "km", overlay: str = "") -> Markup:
        """The map drawn for the dashboard (:func:`shekara.present.mapdraw.map_svg`)."""
        from shekara.present.mapdraw import map_svg  # the drawing imports this model

        return map_svg(self, label, id=id, km=km, overlay=overlay)


def boundaries_path() -> Path:
    return default_data_dir() / "geo" / "boundaries.geojson"


@lru_cache(maxsize=2)
def projected_boundaries(path: str) -> tuple[BoundarySet, dict[str, MultiPolygon]]:
    """The boundary set and every feature projected to Albers km (computed once)."""
    b = load_boundaries(path)
    return b, {f.region_id: project_polygons(f.polygons) for f in b}


def classify(values: Iterable[float]) -> list[float]:
    """Class limits: ``CLASSES`` equal intervals between the smallest and largest value
    (:class:`shekara.present.mapmodel.EqualIntervals`).

    >>> classify([0.0, 10.0])
    [0.0, 2.0, 4.0, 6.0, 8.0, 10.0]
    """
    k = EqualIntervals.of(values, CLASSES)
    return k.limits() if k is not None else []


def class_of(value: float | None, limits: Sequence[float]) -> str:
    """``q0`` … ``q4`` for *value* within *limits*, ``nodata`` without a value."""
    if value is None or not limits:
        return "nodata"
    return f"q{EqualIntervals(limits[0], limits[-1], CLASSES).index(value)}"


@dataclass(frozen=True)
class MapInput:
    """What a map shows: the state as of a year and optional values to colour by."""

    year: int
    regions: Sequence[query.Region]
    pairs: Sequence[query.Pair]
    places: Mapping[str, query.Place]
    crossings: Sequence[Mapping[str, object]] = ()
    zones: Sequence[Mapping[str, object]] = ()
    water: Sequence[Mapping[str, object]] = ()
    pair_values: Mapping[str, float] | None = None
    region_values: Mapping[str, float] | None = None
    place_values: Mapping[str, float] | None = None


def _fmt(value: float) -> str:
    return f"{value:,.4g}" if abs(value) < 1e4 else f"{value:,.0f}"


def build_map(
    m: MapInput,
    *,
    shared_note: str,
    value_label: str = "",
    fmt: Callable[[float], str] | None = None,
    legend_sep: str = " – ",
    name_crossings: bool = False,
    boundaries: Path | None = None,
) -> MapModel:
    """Lay out the map of *m*. ``shared_note`` is the (translated) label of a shared outline;
    *legend_sep* joins a class's limits; *name_crossings* names the crossings on the map (the
    printed map: the dashboard shows them in tooltips); *boundaries* replaces the shipped
    ``boundaries.geojson``."""
    fmt_value = fmt or _fmt
    path = str(boundaries or boundaries_path())
    bset, projected = projected_boundaries(path)
    names = {r.region_id: r.name for r in m.regions}
    drawn = drawn_outlines(bset, (r.region_id for r in m.regions), m.year)
    if not drawn:
        raise ValueError(f"no region of the knowledge base has a boundary in {m.year}")
    extent = _extent(BBox.of(projected[k]) for k in drawn)
    vp = Viewport.fit(extent, WIDTH_PX, PADDING_PX)
    anchors = {key: vp.to_px(*anchor_point(projected[key])) for key in drawn}
    region_limits = classify((m.region_values or {}).values())
    regions = tuple(
        _region_shape(key, ids, names, projected[key], vp, m, region_limits, shared_note, fmt_value)
        for key, ids in drawn.items()
    )
    context = tuple(
        Shape(
            key=f.region_id,
            d=svg_path_d(_clipped(path, f.region_id, extent), vp),
            css=f"ctx {f.layer} {f.country.lower()}",
            title=f.name_en,
        )
        for f in bset
        if f.region_id not in drawn and (f.layer == "country" or f.country == "KZ")
    )
    pair_limits = classify((m.pair_values or {}).values())
    lines = tuple(_pair_lines(m, vp, pair_limits, fmt_value))
    points = tuple(_points(m, vp, fmt_value, drawn, anchors))
    legend = _legend(
        pair_limits or region_limits or classify((m.place_values or {}).values()),
        fmt_value,
        legend_sep,
    )
    km = vp.scale_bar_km(150.0)
    border = tuple(
        tuple(project_equal_area(lon, lat) for lon, lat in line) for line in state_border(bset)
    )
    return MapModel(
        width=vp.width_px,
        height=round(vp.height_px, 1),
        context=context,
        regions=tuple(replace(r, anchor=_round(anchors[r.key])) for r in regions),
        lines=lines,
        points=points,
        legend=legend,
        scale_km=km,
        scale_px=round(km * vp.px_per_km, 1),
        notes=(value_label,) if value_label else (),
        border=svg_line_d(border, vp),
        labels=_labels(m, vp, drawn, names, projected, anchors, points, name_crossings),
    )


def _round(xy: tuple[float, float]) -> tuple[float, float]:
    return round(xy[0], 1), round(xy[1], 1)


@lru_cache(maxsize=16)
def _clipped(path: str, key: str, extent: BBox) -> MultiPolygon:
    """A context outline (Russia is huge) cut to the map's box and a margin around it."""
    pad_x, pad_y = extent.width * 0.1, extent.height * 0.1
    frame = shapely_box(
        extent.min_x - pad_x, extent.min_y - pad_y, extent.max_x + pad_x, extent.max_y + pad_y
    )
    return from_shapely(to_shapely(projected_boundaries(path)[1][key]).intersection(frame))


def _labels(
    m: MapInput,
    vp: Viewport,
    drawn: Mapping[str, list[str]],
    names: Mapping[str, str],
    projected: Mapping[str, MultiPolygon],
    anchors: Mapping[str, tuple[float, float]],
    points: Sequence[Point],
    name_crossings: bool,
) -> tuple[MapLabel, ...]:
    """Names of the admin centres, of the drawn regions and (when asked) of the crossings,
    in both label sets."""
    marks = [(p.x - 7, p.y - 7, p.x + 7, p.y + 7) for p in points]
    marks += [(p.x + 8, p.y - 6, p.x + 30, p.y + 6) for p in points if p.count > 1]  # "×N"
    centres = []
    for r in m.regions:
        place = m.places.get(r.admin_centre) if r.admin_centre else None
        if place is not None and place.lat is not None and place.lon is not None:
            x, y = _xy(vp, place.lon, place.lat)
            centres.append(Named(place.name, x, y, "centre"))
    unique = sorted({(c.text, c.x, c.y): c for c in centres}.values(), key=lambda c: c.text)
    crossings = [Named(p.title, p.x, p.y, "crossing") for p in points if p.kind == "crossing"]
    regions = [
        Named(
            " + ".join(names[i] for i in ids),
            *anchors[key],
            css=f"region {ids[0].split('-')[0].lower()}",
            area=BBox.of(projected[key]).width * BBox.of(projected[key]).height,
            elsewhere=tuple(vp.to_px(x, y) for x, y in inner_points(projected[key])),
        )
        for key, ids in drawn.items()
    ]
    frame = (vp.width_px, vp.height_px)
    others = crossings if name_crossings else []
    return tuple(
        label
        for label_set, size in LABEL_PX.items()
        for label in name_labels(
            frame, marks, unique, regions, size=size, label_set=label_set, others=others
        )
    )


def _extent(boxes: Iterable[BBox]) -> BBox:
    it = iter(boxes)
    total = next(it)
    for b in it:
        total = total.union(b)
    pad_x, pad_y = total.width * 0.02, total.height * 0.02
    return BBox(total.min_x - pad_x, total.min_y - pad_y, total.max_x + pad_x, total.max_y + pad_y)


def _region_shape(
    key: str,
    ids: list[str],
    names: Mapping[str, str],
    polys: MultiPolygon,
    vp: Viewport,
    m: MapInput,
    limits: Sequence[float],
    shared_note: str,
    fmt_value: Fmt,
) -> Shape:
    label = outline_label([names[i] for i in ids], shared_note)
    values = m.region_values or {}
    value = next((values[i] for i in ids if i in values), None)
    country = ids[0].split("-")[0]
    css = (
        f"region {country.lower()} {class_of(value, limits) if m.region_values is not None else ''}"
    )
    title = label if value is None else f"{label}: {fmt_value(value)}"
    return Shape(
        key=key,
        d=svg_path_d(polys, vp),
        css=css.strip(),
        title=title,
        regions=tuple(ids),
        value=value,
    )


def _xy(vp: Viewport, lon: float, lat: float) -> tuple[float, float]:
    x, y = vp.to_px(*project_equal_area(lon, lat))
    return round(x, 1), round(y, 1)


def _pair_lines(
    m: MapInput, vp: Viewport, limits: Sequence[float], fmt_value: Fmt
) -> Iterable[Line]:
    regions = {r.region_id: r for r in m.regions}
    values = m.pair_values
    for p in m.pairs:
        a, b = regions.get(p.kz_region), regions.get(p.ru_region)
        if a is None or b is None or a.admin_centre is None or b.admin_centre is None:
            continue
        ca, cb = m.places.get(a.admin_centre), m.places.get(b.admin_centre)
        if ca is None or cb is None or None in (ca.lat, ca.lon, cb.lat, cb.lon):
            continue
        x1, y1 = _xy(vp, ca.lon, ca.lat)  # type: ignore[arg-type]
        x2, y2 = _xy(vp, cb.lon, cb.lat)  # type: ignore[arg-type]
        value = None if values is None else values.get(p.pair_id)
        label = f"{p.kz_name} – {p.ru_name}"
        title = label if value is None else f"{label}: {fmt_value(value)}"
        css = "pair " + (class_of(value, limits) if values is not None else "plain")
        yield Line(p.pair_id, x1, y1, x2, y2, css, title, f"/pairs/{p.pair_id}", value)


def _points(
    m: MapInput,
    vp: Viewport,
    fmt_value: Fmt,
    drawn: Mapping[str, list[str]],
    anchors: Mapping[str, tuple[float, float]],
) -> Iterable[Point]:
    centres = {r.admin_centre for r in m.regions if r.admin_centre}
    place_limits = classify((m.place_values or {}).values())
    for pid in sorted(centres):
        place = m.places.get(pid)
        if place is None or place.lat is None or place.lon is None:
            continue
        x, y = _xy(vp, place.lon, place.lat)
        value = (m.place_values or {}).get(place.place_id)
        css = "centre " + (class_of(value, place_limits) if m.place_values is not None else "")
        title = place.name if value is None else f"{place.name}: {fmt_value(value)}"
        yield Point("centre", x, y, css.strip(), title)
    for c in m.crossings:
        lat, lon = c.get("lat"), c.get("lon")
        if isinstance(lat, float) and isinstance(lon, float):
            x, y = _xy(vp, lon, lat)
            name = str(c.get("name") or c.get("crossing_id"))
            yield Point("crossing", x, y, "crossing", name, f"/crossings/{c.get('crossing_id')}")
    # One mark per drawn outline with zones, inside it (regions sharing an outline share it).
    outline_of = {rid: key for key, ids in drawn.items() for rid in ids}
    by_outline: dict[str, list[str]] = {}
    for z in m.zones:
        key = outline_of.get(str(z.get("region_id")))
        if key is not None:
            by_outline.setdefault(key, []).append(str(z.get("name")))
    for key, zone_names in sorted(by_outline.items()):
        x, y = _round(anchors[key])
        yield Point("zone", x, y, "zone", "; ".join(zone_names), count=len(zone_names))
    for w in m.water:
        lat, lon = w.get("lat"), w.get("lon")
        if isinstance(lat, float) and isinstance(lon, float):
            x, y = _xy(vp, lon, lat)
            yield Point("water", x, y, "water", str(w.get("name")))


def _legend(limits: Sequence[float], fmt_value: Fmt, sep: str) -> tuple[LegendEntry, ...]:
    if not limits:
        return ()
    k = EqualIntervals(limits[0], limits[-1], CLASSES)
    first = CLASSES - 1 if k.single else 0
    return tuple(
        LegendEntry(f"q{first + i}", text) for i, text in enumerate(range_labels(k, fmt_value, sep))
    )

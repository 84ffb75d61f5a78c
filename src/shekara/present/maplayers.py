"""Layers over the map's outlines, shared by the report and the dashboard: the state border
line and names of regions and centres placed without collisions.

* :func:`state_border` — the Kazakhstan–Russia border as the stretch of Kazakhstan's outline
  that touches Russia's (both from ``data/geo/boundaries.geojson``; within 0.01° the two
  Natural Earth outlines coincide, so the line is their shared edge and nothing is drawn
  where no source has one).
* :func:`name_labels` — names of admin centres and regions placed greedily
  (:class:`shekara.present.labels.LabelPlacer`): centres first, then regions from the
  largest; names that fit nowhere are dropped (they stay in the tooltips and tables).

Counts over the map (the platform's projects per region and pair) are a separate overlay,
:mod:`shekara.web.pages.platform_map`, passed to the ``map_svg`` macro as ``overlay``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from shapely.geometry import LineString, MultiPolygon, Polygon  # type: ignore[import-untyped]
from shapely.geometry.base import BaseGeometry  # type: ignore[import-untyped]

from shekara.kb.geo import BoundarySet
from shekara.kb.geo import MultiPolygon as Polys
from shekara.present.labels import LabelPlacer, PlacedLabel

Lines = tuple[tuple[tuple[float, float], ...], ...]


def to_shapely(polys: Polys) -> BaseGeometry:
    """Polygons (outer ring, holes…) as one valid shapely geometry."""
    parts = [Polygon(p[0], p[1:]) for p in polys if len(p[0]) >= 4]
    return MultiPolygon(parts).buffer(0)


def from_shapely(geom: BaseGeometry) -> Polys:
    """A shapely (multi)polygon back to the tuples the projection draws."""
    polys = [geom] if isinstance(geom, Polygon) else list(getattr(geom, "geoms", []))
    return tuple(
        (
            tuple((float(x), float(y)) for x, y in p.exterior.coords),
            *(tuple((float(x), float(y)) for x, y in r.coords) for r in p.interiors),
        )
        for p in polys
        if isinstance(p, Polygon) and not p.is_empty
    )


@lru_cache(maxsize=2)
def _border_lonlat(kz: Polys, ru: Polys) -> Lines:
    line = to_shapely(kz).boundary.intersection(to_shapely(ru).buffer(0.01))
    parts = [line] if isinstance(line, LineString) else list(getattr(line, "geoms", []))
    return tuple(
        tuple((float(x), float(y)) for x, y in p.coords)
        for p in parts
        if isinstance(p, LineString) and p.length > 0.05
    )


def state_border(boundaries: BoundarySet) -> Lines:
    """The Kazakhstan–Russia border as lon/lat polylines (empty if either outline is missing)."""
    if "KZ" not in boundaries or "RU" not in boundaries:
        return ()
    return _border_lonlat(boundaries["KZ"].polygons, boundaries["RU"].polygons)


def anchor_point(polys: Polys) -> tuple[float, float]:
    """A point surely inside an outline (for its name or a zone mark)."""
    pt = to_shapely(polys).representative_point()
    return float(pt.x), float(pt.y)


def inner_points(polys: Polys, n: int = 8) -> list[tuple[float, float]]:
    """Points of an n × n grid over an outline's box that lie inside it, nearest to its
    anchor point first: where else its name may go when the anchor is crowded."""
    from shapely.geometry import Point as ShapelyPoint

    geom = to_shapely(polys)
    x0, y0, x1, y1 = geom.bounds
    ax, ay = anchor_point(polys)
    grid = [
        (x0 + (x1 - x0) * (i + 0.5) / n, y0 + (y1 - y0) * (j + 0.5) / n)
        for i in range(n)
        for j in range(n)
    ]
    inside = [p for p in grid if geom.contains(ShapelyPoint(p))]
    return sorted(inside, key=lambda p: ((p[0] - ax) ** 2 + (p[1] - ay) ** 2, p))


@dataclass(frozen=True)
class MapLabel:
    """A name on the map; *css* says what it names (``centre``, ``region kz``…) and in which
    label set it is (``wide`` for large screens and print, ``narrow`` for phones)."""

    text: str
    x: float
    y: float
    anchor: str
    size: float
    css: str
    leader: tuple[float, float, float, float] | None = None

    @classmethod
    def of(cls, placed: PlacedLabel, css: str) -> MapLabel:
        return cls(
            placed.text,
            round(placed.x, 1),
            round(placed.y, 1),
            placed.anchor,
            placed.size,
            css,
            placed.leader,
        )


@dataclass(frozen=True)
class Named:
    """Something to name: text, anchor point (px), css and, for regions, the outline's area."""

    text: str
    x: float
    y: float
    css: str
    area: float = 0.0
    elsewhere: tuple[tuple[float, float], ...] = ()  # other points inside a region (px)


def name_labels(
    frame: tuple[float, float],
    marks: Iterable[tuple[float, float, float, float]],
    centres: Sequence[Named],
    regions: Sequence[Named],
    *,
    size: float,
    label_set: str,
    others: Sequence[Named] = (),
) -> tuple[MapLabel, ...]:
    """Place the names of *centres* (around their point, with leader lines when pushed out),
    then of *others* (smaller, beside their mark, dropped when crowded) and of *regions*
    (centred on their anchor, nudged up or down), avoiding *marks*."""
    placer = LabelPlacer(*frame)
    for box in marks:
        placer.block(*box)
    out: list[MapLabel] = []
    for c in centres:
        placed = placer.place_around(c.text, c.x, c.y, size=size)
        if placed is not None:
            out.append(MapLabel.of(placed, f"{label_set} {c.css}"))
    for o in others:
        placed = placer.place_around(o.text, o.x, o.y, size=size * 0.85, gap=size * 0.6)
        if placed is not None:
            out.append(MapLabel.of(placed, f"{label_set} {o.css}"))
    for r in sorted(regions, key=lambda r: (-r.area, r.text)):
        # Near the anchor first, then sideways and further up or down; smaller type last.
        for region_size in (size * 0.92, size * 0.8):
            tries = [
                (r.x + dx * region_size, r.y + dy * region_size, "middle")
                for dy in (0.0, 1.2, -1.2, 2.4, -2.4)
                for dx in (0.0, -4.0, 4.0)
            ] + [(x, y, "middle") for x, y in r.elsewhere]
            placed = placer.place(r.text, region_size, tries)
            if placed is not None:
                out.append(MapLabel.of(placed, f"{label_set} {r.css}"))
                break
    return tuple(out)

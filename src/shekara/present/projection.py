"""Map projection and SVG geometry shared by the report and the dashboard.

* :func:`project_equal_area` is a hand-written Albers equal-area conic for Kazakhstan
  (WGS 84 ellipsoid, standard parallels 45° and 55° N, central meridian 68° E, latitude
  of origin 50° N), following Snyder, J. P. (1987) *Map Projections — A Working Manual*,
  USGS Professional Paper 1395, pp. 98–103 (eqs. 3-12, 14-3 – 14-6, 14-15; inverse 14-8 –
  14-11 with 3-16), checked against his numerical examples on pp. 291–294.
* :func:`to_svg_paths` / :func:`svg_path_d` turn projected polygons into SVG path ``d``
  strings; :class:`Viewport` maps kilometres to pixels so a scale bar drawn with
  :attr:`Viewport.px_per_km` is true along the standard parallels (scale error along
  other parallels: see :func:`albers_parallel_scale`: +1.0 % at 40° N, -0.4 % at
  50° N, +0.7 % at 58° N, +2.5 % at 62° N; the meridian scale is the reciprocal).

Only the standard library: no shapely, no pyproj. (This was the second half of
``shekara.kb.geo``; the knowledge base keeps the boundary model and loader.)
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from shekara.kb.geo import BBox, MultiPolygon, Point

__all__ = [
    "KAZAKHSTAN_ALBERS",
    "AlbersEqualArea",
    "Viewport",
    "albers_parallel_scale",
    "project_equal_area",
    "project_polygons",
    "svg_path_d",
    "to_svg_paths",
]


# ------------------------------------------------------------------------ projection
@dataclass(frozen=True)
class AlbersEqualArea:
    """Albers equal-area conic on an ellipsoid (or sphere when ``e2 == 0``).

    Snyder (1987), USGS PP 1395, ch. 14: ``q`` eq. (3-12), ``m`` (14-15),
    ``n`` (14-14), ``C`` (14-13), ``rho`` (14-12), ``theta`` (14-4), x/y (14-1, 14-2);
    inverse (14-8 – 14-11) with the latitude iteration (3-16).  Angles in degrees,
    ``a`` in the unit wanted for x/y (km below).
    """

    lat1: float
    lat2: float
    lat0: float
    lon0: float
    a: float
    e2: float
    n: float = field(init=False, repr=False)
    c: float = field(init=False, repr=False)
    rho0: float = field(init=False, repr=False)

    def __post_init__(self) -> None:
        m1, m2 = self._m(self.lat1), self._m(self.lat2)
        q1, q2, q0 = self._q(self.lat1), self._q(self.lat2), self._q(self.lat0)
        n = (
            (m1 * m1 - m2 * m2) / (q2 - q1)
            if self.lat1 != self.lat2
            else math.sin(math.radians(self.lat1))
        )
        c = m1 * m1 + n * q1
        object.__setattr__(self, "n", n)
        object.__setattr__(self, "c", c)
        object.__setattr__(self, "rho0", self.a * math.sqrt(c - n * q0) / n)

    def _m(self, lat: float) -> float:
        s = math.sin(math.radians(lat))
        return math.cos(math.radians(lat)) / math.sqrt(1.0 - self.e2 * s * s)

    def _q(self, lat: float) -> float:
        s = math.sin(math.radians(lat))
        if self.e2 == 0.0:
            return 2.0 * s
        e = math.sqrt(self.e2)
        return (1.0 - self.e2) * (
            s / (1.0 - self.e2 * s * s)
            - (1.0 / (2.0 * e)) * math.log((1.0 - e * s) / (1.0 + e * s))
        )

    def rho(self, lat: float) -> float:
        return self.a * math.sqrt(self.c - self.n * self._q(lat)) / self.n

    def forward(self, lon: float, lat: float) -> Point:
        dlon = (lon - self.lon0 + 180.0) % 360.0 - 180.0
        theta = math.radians(self.n * dlon)
        rho = self.rho(lat)
        return rho * math.sin(theta), self.rho0 - rho * math.cos(theta)

    def inverse(self, x: float, y: float) -> Point:
        dy = self.rho0 - y
        sign = 1.0 if self.n > 0 else -1.0
        rho = sign * math.hypot(x, dy)
        theta = math.atan2(sign * x, sign * dy)
        q = (self.c - (rho * self.n / self.a) ** 2) / self.n
        lon = self.lon0 + math.degrees(theta / self.n)
        if self.e2 == 0.0:
            return lon, math.degrees(math.asin(max(-1.0, min(1.0, q / 2.0))))
        e = math.sqrt(self.e2)
        phi = math.asin(max(-1.0, min(1.0, q / 2.0)))
        for _ in range(30):
            s, cphi = math.sin(phi), math.cos(phi)
            one = 1.0 - self.e2 * s * s
            dphi = (one * one / (2.0 * cphi)) * (
                q / (1.0 - self.e2)
                - s / one
                + (1.0 / (2.0 * e)) * math.log((1.0 - e * s) / (1.0 + e * s))
            )
            phi += dphi
            if abs(dphi) < 1e-13:
                break
        return lon, math.degrees(phi)

    def parallel_scale(self, lat: float) -> float:
        """Scale factor k along the parallel (Snyder eq. 14-16: k = rho n / (a m))."""
        return self.rho(lat) * self.n / (self.a * self._m(lat))


WGS84_A_KM = 6378.137
WGS84_F = 1.0 / 298.257223563

#: Albers equal-area conic for Kazakhstan maps, x/y in km.
KAZAKHSTAN_ALBERS = AlbersEqualArea(
    lat1=45.0,
    lat2=55.0,
    lat0=50.0,
    lon0=68.0,
    a=WGS84_A_KM,
    e2=WGS84_F * (2.0 - WGS84_F),
)


def project_equal_area(lon: float, lat: float) -> Point:
    """Project lon/lat (degrees, WGS 84) to x/y in km on :data:`KAZAKHSTAN_ALBERS`.

    Origin (0, 0) is at 68° E, 50° N; x grows east, y north.

    >>> project_equal_area(68.0, 50.0)
    (0.0, 0.0)
    >>> x, y = project_equal_area(71.45, 51.17)     # Astana
    >>> round(x), round(y)
    (240, 136)
    """
    return KAZAKHSTAN_ALBERS.forward(lon, lat)


def albers_parallel_scale(lat: float) -> float:
    """Scale factor along the parallel at ``lat`` for :data:`KAZAKHSTAN_ALBERS`.

    >>> round(albers_parallel_scale(45.0), 9), round(albers_parallel_scale(55.0), 9)
    (1.0, 1.0)
    """
    return KAZAKHSTAN_ALBERS.parallel_scale(lat)


def project_polygons(
    polygons: MultiPolygon, project: Callable[[float, float], Point] = project_equal_area
) -> MultiPolygon:
    """Apply ``project`` to every vertex (default: lon/lat -> Albers km)."""
    return tuple(tuple(tuple(project(x, y) for x, y in ring) for ring in poly) for poly in polygons)


# ------------------------------------------------------------------------------- SVG
@dataclass(frozen=True)
class Viewport:
    """Maps projected km to SVG pixels (y down).  Build it with :meth:`fit`.

    >>> v = Viewport.fit(BBox(0.0, 0.0, 100.0, 50.0), width_px=220, padding_px=10)
    >>> v.height_px, v.px_per_km, v.to_px(100.0, 50.0)
    (120.0, 2.0, (210.0, 10.0))
    """

    extent: BBox
    width_px: float
    height_px: float
    padding_px: float
    px_per_km: float

    @classmethod
    def fit(cls, extent: BBox, width_px: float, padding_px: float = 0.0) -> Viewport:
        if extent.width <= 0 or extent.height <= 0:
            raise ValueError("extent must have a positive width and height")
        scale = (width_px - 2 * padding_px) / extent.width
        return cls(
            extent,
            float(width_px),
            extent.height * scale + 2 * padding_px,
            float(padding_px),
            scale,
        )

    def to_px(self, x: float, y: float) -> Point:
        return (
            self.padding_px + (x - self.extent.min_x) * self.px_per_km,
            self.padding_px + (self.extent.max_y - y) * self.px_per_km,
        )

    def scale_bar_km(self, max_px: float = 150.0) -> float:
        """Largest 1/2/5 x 10^k km length that fits in ``max_px`` pixels.

        >>> Viewport.fit(BBox(0.0, 0.0, 1000.0, 500.0), width_px=500).scale_bar_km(150)
        200.0
        """
        limit = max_px / self.px_per_km
        power = 10.0 ** math.floor(math.log10(limit))
        for step in (5.0, 2.0, 1.0):
            if step * power <= limit:
                return step * power
        return power  # pragma: no cover - unreachable, 1 * power <= limit


def _fmt(v: float, decimals: int) -> str:
    text = f"{v + 0.0:.{decimals}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def svg_path_d(polygons: MultiPolygon, viewport: Viewport, decimals: int = 1) -> str:
    """SVG path ``d`` for projected polygons (one ``M…Z`` subpath per ring).

    Use ``fill-rule="evenodd"`` (holes are separate subpaths).  Repeated points after
    rounding are dropped; rings reduced to fewer than three points are skipped.

    >>> v = Viewport.fit(BBox(0.0, 0.0, 10.0, 10.0), width_px=100)
    >>> svg_path_d(((((0.0, 0.0), (10.0, 0.0), (10.0, 10.0), (0.0, 0.0)),),), v)
    'M0,100L100,100L100,0Z'
    """
    parts: list[str] = []
    for poly in polygons:
        for ring in poly:
            pts = _px_points(ring, viewport, decimals)
            if len(pts) > 1 and pts[0] == pts[-1]:
                pts.pop()
            if len(pts) >= 3:
                parts.append("M" + "L".join(pts) + "Z")
    return "".join(parts)


def _px_points(line: Iterable[tuple[float, float]], viewport: Viewport, decimals: int) -> list[str]:
    """The line's points as "x,y" in px, a point repeated after rounding dropped."""
    pts: list[str] = []
    for x, y in line:
        px, py = viewport.to_px(x, y)
        pt = f"{_fmt(px, decimals)},{_fmt(py, decimals)}"
        if not pts or pts[-1] != pt:
            pts.append(pt)
    return pts


def svg_line_d(
    lines: Iterable[Sequence[tuple[float, float]]], viewport: Viewport, decimals: int = 1
) -> str:
    """SVG path ``d`` for projected open polylines (one ``M…`` subpath each, no ``Z``).

    >>> v = Viewport.fit(BBox(0.0, 0.0, 10.0, 10.0), width_px=100)
    >>> svg_line_d([((0.0, 0.0), (10.0, 10.0))], v)
    'M0,100L100,0'
    """
    paths = (_px_points(line, viewport, decimals) for line in lines)
    return "".join("M" + "L".join(pts) for pts in paths if len(pts) >= 2)


def to_svg_paths(
    projected: Mapping[str, MultiPolygon] | Iterable[tuple[str, MultiPolygon]],
    viewport: Viewport,
    decimals: int = 1,
) -> dict[str, str]:
    """``{key: d}`` for already projected polygons, in the input order.

    Typical use::

        b = load_boundaries()
        shapes = {r: project_polygons(b.polygon_for(r, 2024).polygons) for r in ids}
        extent = ...  # union of BBox.of(p) for p in shapes.values()
        vp = Viewport.fit(extent, width_px=900, padding_px=10)
        paths = to_svg_paths(shapes, vp)
    """
    items = projected.items() if isinstance(projected, Mapping) else projected
    return {key: svg_path_d(polys, viewport, decimals) for key, polys in items}

"""Boundaries of the Kazakhstan–Russia border regions: loader, equal-area projection, SVG.

The data file is ``data/geo/boundaries.geojson`` (built offline from Natural Earth 1:10m
v4.1.0 as shipped in Debian's ``qgis-common``; see ``data/geo/boundaries.yaml`` and
``scripts/build_boundaries.py``).  This module needs only the standard library: no
shapely, no pyproj.

* :func:`load_boundaries` reads the file into frozen dataclasses (:class:`BoundarySet`).
* :meth:`BoundarySet.polygon_for` answers "which polygon do I draw for region R in year
  Y": Natural Earth has Kazakhstan's pre-2018 layout, so regions split off later
  (Abai KZ-10 and Zhetysu KZ-33 and Ulytau KZ-62 in 2022, Shymkent KZ-79 in 2018) get
  their parent's outline with ``shared_outline=True``.  No split line is ever invented.
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
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any

__all__ = [
    "KAZAKHSTAN_ALBERS",
    "SPLIT_REGIONS",
    "AlbersEqualArea",
    "BBox",
    "BoundaryFeature",
    "BoundarySet",
    "RegionPolygon",
    "SplitRegion",
    "Viewport",
    "albers_parallel_scale",
    "load_boundaries",
    "project_equal_area",
    "project_polygons",
    "svg_path_d",
    "to_svg_paths",
]

Point = tuple[float, float]
Ring = tuple[Point, ...]
Polygon = tuple[Ring, ...]  # exterior ring first, then holes
MultiPolygon = tuple[Polygon, ...]

DEFAULT_PATH = Path(__file__).resolve().parents[3] / "data" / "geo" / "boundaries.geojson"


# ----------------------------------------------------------------------------- model
@dataclass(frozen=True)
class BBox:
    """Bounding box ``(min_x, min_y, max_x, max_y)``; lon/lat degrees or projected km."""

    min_x: float
    min_y: float
    max_x: float
    max_y: float

    @property
    def width(self) -> float:
        return self.max_x - self.min_x

    @property
    def height(self) -> float:
        return self.max_y - self.min_y

    def union(self, other: BBox) -> BBox:
        return BBox(
            min(self.min_x, other.min_x),
            min(self.min_y, other.min_y),
            max(self.max_x, other.max_x),
            max(self.max_y, other.max_y),
        )

    def contains(self, x: float, y: float) -> bool:
        return self.min_x <= x <= self.max_x and self.min_y <= y <= self.max_y

    @staticmethod
    def of(polygons: MultiPolygon) -> BBox:
        """Bounding box of all exterior rings.

        >>> BBox.of(((((0.0, 0.0), (2.0, 0.0), (2.0, 1.0), (0.0, 0.0)),),))
        BBox(min_x=0.0, min_y=0.0, max_x=2.0, max_y=1.0)
        """
        xs = [p[0] for poly in polygons for p in poly[0]]
        ys = [p[1] for poly in polygons for p in poly[0]]
        if not xs:
            raise ValueError("empty geometry has no bounding box")
        return BBox(min(xs), min(ys), max(xs), max(ys))


@dataclass(frozen=True)
class BoundaryFeature:
    """One feature of ``boundaries.geojson`` (an admin-1 unit or a country outline)."""

    region_id: str
    country: str
    name_en: str
    border: bool
    layer: str  # "admin1" | "country"
    covers: tuple[str, ...]
    ne_name: str
    ne_gn_name: str | None
    ne_iso_3166_2: str | None
    legacy_iso_3166_2: str | None
    ne_fips: str | None
    ne_fid: int | None
    clip_bbox: BBox | None
    note: str | None
    polygons: MultiPolygon = field(repr=False)
    bbox: BBox


@dataclass(frozen=True)
class SplitRegion:
    """A region created after Natural Earth's layout, drawn with its parent's outline."""

    region_id: str
    host_id: str
    since_year: int
    short_name: str


#: Regions without their own polygon: (region, polygon that contains it, first year).
SPLIT_REGIONS: Mapping[str, SplitRegion] = MappingProxyType(
    {
        "KZ-10": SplitRegion("KZ-10", "KZ-63", 2022, "Abai"),
        "KZ-33": SplitRegion("KZ-33", "KZ-19", 2022, "Zhetysu"),
        "KZ-62": SplitRegion("KZ-62", "KZ-35", 2022, "Ulytau"),
        "KZ-79": SplitRegion("KZ-79", "KZ-61", 2018, "Shymkent"),
    }
)

_HOST_SHORT_NAMES: Mapping[str, str] = MappingProxyType(
    {
        "KZ-63": "East Kazakhstan",
        "KZ-19": "Almaty Region",
        "KZ-35": "Karaganda",
        "KZ-61": "Turkistan",
    }
)

#: Names a polygon had before a given year (name, valid before year).
_FORMER_NAMES: Mapping[str, tuple[str, int]] = MappingProxyType(
    {
        "KZ-61": ("South Kazakhstan Region", 2018),
    }
)


@dataclass(frozen=True)
class RegionPolygon:
    """Answer of :meth:`BoundarySet.polygon_for`.

    ``drawn_region_id`` is the feature whose geometry is returned (``KZ-63`` for
    ``KZ-10``); ``shared_outline`` is true when that polygon stands for more than one
    region in ``as_of_year`` -- ``regions`` lists them all, and ``label`` is the label
    to draw (e.g. ``"East Kazakhstan + Abai (pre-2022 outline)"``).
    """

    region_id: str
    as_of_year: int
    drawn_region_id: str
    shared_outline: bool
    regions: tuple[str, ...]
    label: str
    polygons: MultiPolygon = field(repr=False)


@dataclass(frozen=True)
class BoundarySet:
    """All features of ``boundaries.geojson``, by ``region_id`` (read-only mapping)."""

    features: Mapping[str, BoundaryFeature]
    bbox: BBox
    source: str

    def __getitem__(self, region_id: str) -> BoundaryFeature:
        return self.features[region_id]

    def __contains__(self, region_id: object) -> bool:
        return region_id in self.features

    def __iter__(self) -> Iterator[BoundaryFeature]:
        return iter(self.features.values())

    def __len__(self) -> int:
        return len(self.features)

    def admin1(self) -> tuple[BoundaryFeature, ...]:
        return tuple(f for f in self if f.layer == "admin1")

    def border_regions(self) -> tuple[BoundaryFeature, ...]:
        return tuple(f for f in self if f.layer == "admin1" and f.border)

    def countries(self) -> tuple[BoundaryFeature, ...]:
        return tuple(f for f in self if f.layer == "country")

    def polygon_for(self, region_id: str, as_of_year: int) -> RegionPolygon:
        """Polygon to draw for ``region_id`` on a map as of ``as_of_year``.

        * A region with its own feature gets it; if the feature also contains a region
          split off by ``as_of_year`` (KZ-63 contains Abai from 2022), the result has
          ``shared_outline=True`` and a combined label.
        * A split-off region (KZ-10 Abai, KZ-33, KZ-62 from 2022; KZ-79 from 2018) gets
          its parent's polygon with ``shared_outline=True``.  Before it existed,
          :class:`LookupError` is raised.
        * Unknown ids raise :class:`KeyError`.
        """
        split = SPLIT_REGIONS.get(region_id)
        if split is not None:
            if as_of_year < split.since_year:
                raise LookupError(
                    f"{region_id} ({split.short_name}) did not exist in "
                    f"{as_of_year}; it was formed in {split.since_year}"
                )
            host_id = split.host_id
        elif region_id in self.features:
            host_id = region_id
        else:
            raise KeyError(f"no boundary for {region_id!r}")
        host = self.features[host_id]
        guests = tuple(
            s for s in SPLIT_REGIONS.values() if s.host_id == host_id and as_of_year >= s.since_year
        )
        if guests:
            host_name = _HOST_SHORT_NAMES.get(host_id, host.name_en)
            first_year = min(s.since_year for s in guests)
            label = (
                " + ".join([host_name, *(s.short_name for s in guests)])
                + f" (pre-{first_year} outline)"
            )
        else:
            former = _FORMER_NAMES.get(host_id)
            label = former[0] if former and as_of_year < former[1] else host.name_en
        return RegionPolygon(
            region_id=region_id,
            as_of_year=as_of_year,
            drawn_region_id=host_id,
            shared_outline=bool(guests),
            regions=tuple(sorted([host_id, *(s.region_id for s in guests)])),
            label=label,
            polygons=host.polygons,
        )


# ---------------------------------------------------------------------------- loader
def _coords(geometry: Mapping[str, Any]) -> MultiPolygon:
    kind = geometry.get("type")
    raw = geometry.get("coordinates")
    if kind == "Polygon":
        raw = [raw]
    elif kind != "MultiPolygon":
        raise ValueError(f"expected (Multi)Polygon geometry, got {kind!r}")
    if not isinstance(raw, list):
        raise ValueError("geometry without coordinates")
    return tuple(
        tuple(tuple((float(pt[0]), float(pt[1])) for pt in ring) for ring in poly) for poly in raw
    )


def _opt_str(value: Any) -> str | None:
    return None if value is None else str(value)


def load_boundaries(path: str | Path = DEFAULT_PATH) -> BoundarySet:
    """Read ``boundaries.geojson`` into a :class:`BoundarySet`.

    >>> b = load_boundaries()         # the repository's data/geo/boundaries.geojson
    >>> b["KZ-15"].name_en, b["KZ-15"].border, len(b.border_regions())
    ('Aktobe Region', True, 19)
    """
    path = Path(path)
    with path.open(encoding="utf-8") as fh:
        doc = json.load(fh)
    if doc.get("type") != "FeatureCollection":
        raise ValueError(f"{path}: not a GeoJSON FeatureCollection")
    features: dict[str, BoundaryFeature] = {}
    for raw in doc["features"]:
        props = raw["properties"]
        polygons = _coords(raw["geometry"])
        clip = props.get("clip_bbox")
        region_id = str(props["region_id"])
        if region_id in features:
            raise ValueError(f"{path}: duplicate region_id {region_id}")
        fid = props.get("ne_fid")
        features[region_id] = BoundaryFeature(
            region_id=region_id,
            country=str(props["country"]),
            name_en=str(props["name_en"]),
            border=bool(props["border"]),
            layer=str(props["layer"]),
            covers=tuple(str(c) for c in props.get("covers") or (region_id,)),
            ne_name=str(props.get("ne_name") or ""),
            ne_gn_name=_opt_str(props.get("ne_gn_name")),
            ne_iso_3166_2=_opt_str(props.get("ne_iso_3166_2")),
            legacy_iso_3166_2=_opt_str(props.get("legacy_iso_3166_2")),
            ne_fips=_opt_str(props.get("ne_fips")),
            ne_fid=None if fid is None else int(fid),
            clip_bbox=None if clip is None else BBox(*(float(v) for v in clip)),
            note=_opt_str(props.get("note")),
            polygons=polygons,
            bbox=BBox.of(polygons),
        )
    if not features:
        raise ValueError(f"{path}: no features")
    boxes = [f.bbox for f in features.values()]
    total = boxes[0]
    for b in boxes[1:]:
        total = total.union(b)
    return BoundarySet(features=MappingProxyType(features), bbox=total, source=str(path))


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
            pts: list[str] = []
            for x, y in ring:
                px, py = viewport.to_px(x, y)
                pt = f"{_fmt(px, decimals)},{_fmt(py, decimals)}"
                if not pts or pts[-1] != pt:
                    pts.append(pt)
            if len(pts) > 1 and pts[0] == pts[-1]:
                pts.pop()
            if len(pts) >= 3:
                parts.append("M" + "L".join(pts) + "Z")
    return "".join(parts)


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

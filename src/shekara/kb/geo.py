"""Boundaries of the Kazakhstan–Russia border regions: the model and its loader.

The data file is ``data/geo/boundaries.geojson`` (built offline from Natural Earth 1:10m
v4.1.0 as shipped in Debian's ``qgis-common``; see ``data/geo/boundaries.yaml`` and
``scripts/build_boundaries.py``).  This module needs only the standard library: no
shapely, no pyproj.

* :func:`load_boundaries` reads the file into frozen dataclasses (:class:`BoundarySet`).
* :meth:`BoundarySet.polygon_for` answers "which polygon do I draw for region R in year
  Y": Natural Earth has Kazakhstan's pre-2018 layout, so regions split off later
  (Abai KZ-10 and Zhetysu KZ-33 and Ulytau KZ-62 in 2022, Shymkent KZ-79 in 2018) get
  their parent's outline with ``shared_outline=True``.  No split line is ever invented.
* Projection and SVG geometry are presentation: :mod:`shekara.present.projection`.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any

__all__ = [
    "SPLIT_REGIONS",
    "BBox",
    "BoundaryFeature",
    "BoundarySet",
    "RegionPolygon",
    "SplitRegion",
    "load_boundaries",
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

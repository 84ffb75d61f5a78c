"""Figure 1, the border map: the dashboard's map model and drawing, printed.

The map is laid out by :func:`shekara.present.mapsvg.build_map` (outlines in force, shared
pre-split outlines, pair lines classed by composite potential, centres, zones, crossings,
names without collisions, the state border) and drawn by
:func:`shekara.present.mapdraw.map_svg`; this module only gives the report's inputs, its
words and its print palette (a style sheet inside the SVG, for WeasyPrint).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from shekara.kb.geo import DEFAULT_PATH
from shekara.present.mapdraw import Printed, map_svg
from shekara.present.mapsvg import LegendEntry, MapInput, MapModel, build_map
from shekara.report.collect import ReportData
from shekara.report.fonts import FAMILY
from shekara.report.names import Names
from shekara.report.text import Localiser

#: Sequential classes q0–q4 of the pairs, light (low potential) to dark red (high).
LINK_COLOURS: tuple[str, ...] = ("#fdd49e", "#fdae6b", "#f16913", "#d94801", "#7f2704")
#: The print palette of the map's classes (:mod:`shekara.present.mapdraw` names them): Kazakh
#: border regions sand, other Kazakh regions pale sand, Russian regions grey-blue, zones teal,
#: crossings violet; each pair line over a white casing (its "hit" line) 2 px wider.
STYLE = (
    ".sea{fill:#f7fbff}path.ctx,rect.ctx{fill:#f6f1e4;stroke:none}"
    "path.ctx.country.ru{fill:#eef0f2}"
    "path.ctx.country.kz{stroke:#6b5a3a;stroke-width:1.1}"
    "path.region{stroke:#fff;stroke-width:0.8;fill-rule:evenodd}"
    "path.region.kz,rect.region.kz{fill:#eadfc3}path.region.ru,rect.region.ru{fill:#dde6ef}"
    ".legend rect{stroke:#6b5a3a;stroke-width:0.7}"
    "path.state-border,line.state-border{fill:none;stroke:#8c2d19;stroke-width:2.4;"
    "stroke-dasharray:10 3 2 3;stroke-linejoin:round}"
    + "".join(
        f"line.pair.q{k}{{stroke:{c};stroke-width:{1.8 + 1.4 * k:g};stroke-linecap:round}}"
        f"line.hit.q{k}{{stroke:#fff;stroke-width:{3.8 + 1.4 * k:g};stroke-linecap:round}}"
        for k, c in enumerate(LINK_COLOURS)
    )
    + "circle.centre{fill:#222}path.zone{fill:#1b7f6b;stroke:#fff;stroke-width:1}"
    "path.crossing{fill:#5b2a86;stroke:#fff;stroke-width:1}"
    "text.lbl{fill:#111}text.lbl.region{fill:#6b6b6b;font-style:italic}"
    "text.lbl.crossing{fill:#5b2a86}text.lbl.count{fill:#1b7f6b;font-size:11px}"
    "text.halo{fill:none;stroke:#fff;stroke-width:2.8;stroke-linejoin:round}"
    "text.halo.region{font-style:italic}line.leader{stroke:#555;stroke-width:0.7}"
    ".scalebar line{stroke:#333;stroke-width:2}"
    ".scalebar text{font-size:12px;text-anchor:middle;fill:#333}"
    "rect.legend-box{fill:#fff;stroke:none}text.legend-title,text.legend-text{fill:#111}"
    "text.legend-note{fill:#555}"
)


@dataclass(frozen=True)
class MapFigure:
    """The drawn map, and each pair's class label (the table beside the map repeats them)."""

    svg: str
    pair_classes: dict[str, str]
    class_labels: tuple[str, ...]


def map_figure(data: ReportData, loc: Localiser, names: Names) -> MapFigure:
    """Figure 1 of *data* in the reader's language."""
    a = data.assessment
    border = [r for r in data.regions.values() if r.border]
    zones = {z["zone_id"]: z for z in data.zones}
    counted = sorted(  # (region, zone) counted in the assessment
        {(i.kz_region, z) for i in (p.inputs for p in a.pairs) for z in i.kz_zones}
        | {(i.ru_region, z) for i in (p.inputs for p in a.pairs) for z in i.ru_zones}
    )
    model = build_map(
        MapInput(
            data.as_of.year,
            border,
            [data.pairs[p.pair_id] for p in a.pairs],
            # map labels are short: "Oskemen (Ust-Kamenogorsk)" → "Oskemen"
            {k: replace(p, name=p.name.split(" (")[0]) for k, p in data.places.items()},
            crossings=[
                {**c, "name": c.get(f"name_{loc.lang}") or c["name_en"]} for c in data.crossings
            ],
            zones=[
                {"region_id": reg, "name": _zone_name(zones.get(z), z, loc)} for reg, z in counted
            ],
            pair_values={p.pair_id: p.potential for p in a.pairs},
        ),
        shared_note="",
        fmt=lambda v: loc.num(v, 2),
        legend_sep="–",
        name_crossings=True,
        boundaries=_boundaries_path(data),
    )
    labels = {e.css: e.label for e in model.legend}
    printed = Printed(
        title=loc.t("Border regions and cooperation potential, {date}", date=loc.date(data.as_of)),
        description=loc.t(
            "Map of the Kazakhstan–Russia border regions in an equal-area projection. Each of the {n} assessed pairs is a line between the two admin centres; darker and wider lines mean higher composite potential. Diamonds mark regions with economic zones. The table below lists the same information.",
            n=len(a.pairs),
        ),
        style=STYLE,
        font_family=FAMILY,
        legend_title=loc._("Composite potential of the pair (line between admin centres)"),
        legend=_legend_rows(model, loc),
        note=_outline_note(data, loc, names),
    )
    return MapFigure(
        map_svg(model, printed.title, km=loc._("km"), printed=printed),
        {ln.pair_id: labels[ln.css.split()[-1]] for ln in model.lines},
        tuple(labels.values()),
    )


def _zone_name(zone: dict[str, object] | None, zone_id: str, loc: Localiser) -> str:
    if zone is None:
        return zone_id
    return str(zone.get(f"name_{loc.lang}") or zone.get("name_en") or zone_id)


def _legend_rows(model: MapModel, loc: Localiser) -> tuple[tuple[LegendEntry, ...], ...]:
    return (
        model.legend,
        (
            LegendEntry("region kz", loc._("Kazakh border region")),
            LegendEntry("ctx admin1 kz", loc._("other region of Kazakhstan")),
            LegendEntry("region ru", loc._("Russian border region")),
        ),
        (
            LegendEntry("centre", loc._("admin centre")),
            LegendEntry("zone", loc._("economic zone(s) in the region")),
            LegendEntry("crossing", loc._("crossing point")),
            LegendEntry("state-border", loc._("Kazakhstan–Russia state border")),
        ),
    )


def _outline_note(data: ReportData, loc: Localiser, names: Names) -> str:
    """Which regions are drawn with their parent's outline (or where the boundaries are from)."""
    shared = [
        r
        for r in data.regions.values()
        if r.split_from and r.border and r.valid_from and r.valid_from.year <= data.as_of.year
    ]
    if not shared:
        return loc._("Boundaries: Natural Earth admin-1, simplified.")
    return loc.t(
        "{regions}: drawn with the outline of {parent} before {year} (the boundary data predate the split).",
        regions=loc.join([r.name for r in shared]),
        parent=loc.join([names.region(str(r.split_from)) for r in shared]),
        year=min(r.valid_from.year for r in shared if r.valid_from),
    )


def _boundaries_path(data: ReportData) -> Path:
    candidate = data.data_dir / "geo" / "boundaries.geojson"
    return candidate if candidate.exists() else DEFAULT_PATH

"""OGC WaterML 2.0 (Part 1: time series, OGC 10-126r4) for the daily exchange.

One ``om:OM_Observation`` per node and quantity, inside a ``wml2:Collection``:
``om:featureOfInterest`` names the node (``xlink:href="urn:shekara:node:<id>"``),
``om:observedProperty`` the quantity, ``om:parameter`` the reporting side, and the result is
a ``wml2:MeasurementTimeseries`` (numbers, unit in ``wml2:uom/@code``) or, for the ice state,
a ``wml2:CategoricalTimeseries``. Exercise data say so in ``gml:description`` of the
collection and of each observation.

No XSD is fetched (nothing may reach the network); :func:`structure_problems` checks the
structure the reader relies on: root element, namespaces, required children, one unit per
series, ISO dates, a value in every point.

>>> import tempfile, pathlib, datetime
>>> from shekara.services.flood.exchange import Row
>>> p = pathlib.Path(tempfile.mkdtemp()) / "b.xml"
>>> _ = write_waterml([Row("KZ", "oral", datetime.date(2024, 4, 1), "level", 612.0, True, 1)], p)
>>> rows, problems = read_waterml(p)
>>> rows[0]["value"], rows[0]["unit"], problems
('612.0', 'cm', [])
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections import defaultdict
from pathlib import Path
from typing import TYPE_CHECKING

from shekara.syntax import where_invalid

if TYPE_CHECKING:
    from shekara.services.flood.exchange import Problem, Row

NS = {
    "wml2": "http://www.opengis.net/waterml/2.0",
    "om": "http://www.opengis.net/om/2.0",
    "gml": "http://www.opengis.net/gml/3.2",
    "xlink": "http://www.w3.org/1999/xlink",
    "swe": "http://www.opengis.net/swe/2.0",
}
for _p, _u in NS.items():
    ET.register_namespace(_p, _u)
NODE_URN = "urn:shekara:node:"
PROP_URN = "urn:shekara:quantity:"
EXERCISE = "exercise — not observed"


def _q(tag: str) -> str:
    p, local = tag.split(":")
    return f"{{{NS[p]}}}{local}"


def _sub(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    el = ET.SubElement(parent, _q(tag), {(_q(k) if ":" in k else k): v for k, v in attrs.items()})
    if text is not None:
        el.text = text
    return el


def write_waterml(rows: list[Row], path: Path) -> Path:
    """Write long bulletin rows as a WaterML 2.0 collection."""
    from shekara.services.flood.exchange import QUANTITIES

    exercise = any(r.exercise for r in rows)
    root = ET.Element(_q("wml2:Collection"), {_q("gml:id"): "shekara-flood-bulletin"})
    if exercise:
        _sub(root, "gml:description", EXERCISE)
    meta = _sub(_sub(root, "wml2:metadata"), "wml2:DocumentMetadata", **{"gml:id": "doc-meta"})
    _sub(meta, "wml2:generationSystem", "Shekara flood exchange")
    series: dict[tuple[str, str, str, bool], list[Row]] = defaultdict(list)
    for r in rows:
        series[(r.node_id, r.quantity, r.side, r.exercise)].append(r)
    for n, ((nid, q, side, ex), rs) in enumerate(sorted(series.items()), start=1):
        rs.sort(key=lambda r: r.day)
        obs = _sub(
            _sub(root, "wml2:observationMember"), "om:OM_Observation", **{"gml:id": f"obs-{n}"}
        )
        if ex:
            _sub(obs, "gml:description", EXERCISE)
        period = _sub(_sub(obs, "om:phenomenonTime"), "gml:TimePeriod", **{"gml:id": f"tp-{n}"})
        _sub(period, "gml:beginPosition", rs[0].day.isoformat())
        _sub(period, "gml:endPosition", rs[-1].day.isoformat())
        _sub(_sub(obs, "om:resultTime"), "gml:TimeInstant", **{"gml:id": f"rt-{n}"}).append(
            _el("gml:timePosition", rs[-1].day.isoformat())
        )
        _sub(obs, "om:procedure", **{"xlink:href": "urn:shekara:procedure:daily-bulletin"})
        nv = _sub(_sub(obs, "om:parameter"), "om:NamedValue")
        _sub(nv, "om:name", **{"xlink:href": "urn:shekara:parameter:side"})
        _sub(nv, "om:value", side)
        _sub(obs, "om:observedProperty", **{"xlink:href": PROP_URN + q, "xlink:title": q})
        _sub(obs, "om:featureOfInterest", **{"xlink:href": NODE_URN + nid, "xlink:title": nid})
        result = _sub(obs, "om:result")
        categorical = q == "ice"
        ts = _sub(result, "wml2:CategoricalTimeseries" if categorical else "wml2:MeasurementTimeseries",
                  **{"gml:id": f"ts-{n}"})  # fmt: skip
        if not categorical:
            dm = _sub(_sub(ts, "wml2:defaultPointMetadata"), "wml2:DefaultTVPMeasurementMetadata")
            _sub(dm, "wml2:uom", code=QUANTITIES[q][1])
            _sub(
                dm,
                "wml2:interpolationType",
                **{
                    "xlink:href": "http://www.opengis.net/def/waterml/2.0/interpolationType/AveragePrec",
                    "xlink:title": "Average in preceding interval",
                },
            )
        for r in rs:
            tvp = _sub(
                _sub(ts, "wml2:point"),
                "wml2:CategoricalTVP" if categorical else "wml2:MeasurementTVP",
            )
            _sub(tvp, "wml2:time", r.day.isoformat())
            if categorical:
                _sub(_sub(_sub(tvp, "wml2:value"), "swe:Category"), "swe:value", str(r.value))
            else:
                _sub(tvp, "wml2:value", repr(float(r.value)))
    ET.indent(root)
    ET.ElementTree(root).write(path, encoding="utf-8", xml_declaration=True)
    return path


def _el(tag: str, text: str) -> ET.Element:
    e = ET.Element(_q(tag))
    e.text = text
    return e


def structure_problems(root: ET.Element, label: str) -> list[Problem]:
    """Structural checks of a WaterML 2.0 collection (code FLX004 with the element path)."""
    from shekara.services.flood.exchange import Problem

    bad: list[Problem] = []
    if root.tag != _q("wml2:Collection"):
        return [
            Problem(
                "FLX004", label, field="/", value=root.tag, detail="root must be wml2:Collection"
            )
        ]
    for i, obs in enumerate(root.iter(_q("om:OM_Observation")), start=1):
        for need in (
            "om:phenomenonTime",
            "om:observedProperty",
            "om:featureOfInterest",
            "om:result",
        ):
            if obs.find(need, NS) is None:
                bad.append(
                    Problem("FLX004", label, field=f"observation {i}", value=need, detail="missing")
                )
        ts = obs.find("om:result/wml2:MeasurementTimeseries", NS)
        if (
            ts is not None
            and ts.find("wml2:defaultPointMetadata/wml2:DefaultTVPMeasurementMetadata/wml2:uom", NS)
            is None
        ):
            bad.append(
                Problem(
                    "FLX004", label, field=f"observation {i}", value="wml2:uom", detail="missing"
                )
            )
        for tvp in obs.iterfind(".//wml2:point/*", NS):
            if tvp.find("wml2:time", NS) is None or tvp.find("wml2:value", NS) is None:
                bad.append(
                    Problem(
                        "FLX004",
                        label,
                        field=f"observation {i}",
                        value="wml2:point",
                        detail="time or value missing",
                    )
                )
    return bad


def read_waterml(path: Path) -> tuple[list[dict[str, str]], list[Problem]]:
    """Rows (as the CSV reader gives them) from a WaterML 2.0 collection."""
    from shekara.services.flood.exchange import Problem

    try:
        root = ET.parse(path).getroot()
    except ET.ParseError as exc:
        return [], [Problem("FLX001", path.name, detail=where_invalid(exc))]
    except OSError as exc:
        return [], [Problem("FLX001", path.name, detail=str(exc))]
    bad = structure_problems(root, path.name)
    if bad:
        return [], bad
    rows: list[dict[str, str]] = []
    for obs in root.iter(_q("om:OM_Observation")):
        foi = obs.find("om:featureOfInterest", NS)
        prop = obs.find("om:observedProperty", NS)
        href = _q("xlink:href")
        nid = (foi.get(href) or "") if foi is not None else ""
        q = (prop.get(href) or "") if prop is not None else ""
        side = obs.findtext("om:parameter/om:NamedValue/om:value", "", NS)
        exercise = obs.find("gml:description", NS) is not None
        uom = obs.find(".//wml2:uom", NS)
        unit = (uom.get("code") or "") if uom is not None else ""
        for tvp in obs.iterfind(".//wml2:point/*", NS):
            v = tvp.find("wml2:value", NS)
            cat = v.findtext("swe:Category/swe:value", None, NS) if v is not None else None
            value = cat if cat is not None else ((v.text or "") if v is not None else "")
            rows.append({"side": side, "node_id": nid.removeprefix(NODE_URN), "day": tvp.findtext("wml2:time", "", NS),
                         "quantity": q.removeprefix(PROP_URN), "value": value.strip(), "unit": unit,
                         "exercise": "true" if exercise else "false"})  # fmt: skip
    return rows, []

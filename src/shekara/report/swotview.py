"""The report's SWOT section: scopes, quadrants and items, each distinct piece of evidence
listed once for the whole section and referred to by number from the items (the same
fact backs many items: listing it under each took twelve pages of the PDF).
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any

from shekara.i18n.words import period_span, unit_after
from shekara.report.citations import Citations
from shekara.report.collect import ReportData
from shekara.report.text import Localiser
from shekara.report.views import (
    MODULE_WORDS,
    QUADRANT_TITLES,
    REGISTRY_WORDS,
    EvidenceView,
    ReportView,
    Row,
    SwotItemView,
)


def swot_views(d: ReportData, loc: Localiser, cites: Citations, view: ReportView) -> None:
    """The SWOT scopes; every distinct piece of evidence is listed once for the section
    (``view.swot_evidence``) and items refer to it by number."""
    numbered: dict[EvidenceView, int] = {}

    def item(raw: dict[str, Any], units: dict[str, str]) -> SwotItemView:
        it = _swot_item(loc, cites, raw, units)
        ids = tuple(numbered.setdefault(e, len(numbered) + 1) for e in it.evidence)
        return replace(it, evidence_ids=tuple(dict.fromkeys(ids)))

    for scope in d.swot:
        quadrants = []
        for key, title in QUADRANT_TITLES.items():
            items = tuple(
                item(i, scope.unit_labels) for i in scope.data.get("quadrants", {}).get(key, [])
            )
            if items:
                quadrants.append(Row(key=key, title=loc._(title), items=items))
        notes = tuple(item(n, scope.unit_labels) for n in scope.data.get("notes", []))
        view.swot.append(
            Row(scope=scope.scope, name=scope.name, quadrants=tuple(quadrants), notes=notes)
        )
    view.swot_evidence = list(numbered)


def _evidence_sources(loc: Localiser, cites: Citations, source: str) -> tuple[list[str], list[str]]:
    """Split a SWOT evidence source into citable references and other inputs.

    Parts are joined by "; "; a part without a known source id continues the
    previous source ("seed-d:…:621; 003_….txt:627"). ``data:<table>@<checksum>``
    (a registry of the store) and ``shekara.<module> (…)`` (a computation) are
    told in the report's language.
    """
    refs: list[str] = []
    other: list[str] = []
    previous = ""
    for part in (p.strip() for p in source.split(";")):
        if not part:
            continue
        sid = part.partition(":")[0]
        registry = re.fullmatch(r"data:(\w+)@(\w+)", part)
        if sid in cites.known_sources:
            refs.append(part)
            previous = sid
        elif registry:
            other.append(
                loc.t(
                    "knowledge-base table “{table}” (data {checksum})",
                    table=loc._(REGISTRY_WORDS.get(registry.group(1), registry.group(1))),
                    checksum=registry.group(2),
                )
            )
        elif part.startswith("shekara."):
            module = loc._(MODULE_WORDS.get(m := part.split()[0].rpartition(".")[2], m))
            other.append(loc.t("computed by Shekara ({module})", module=module))
        elif previous:
            refs.append(f"{previous}:{part}")
        else:
            other.append(part)
    return refs, other


def _swot_item(
    loc: Localiser, cites: Citations, item: dict[str, Any], units: dict[str, str]
) -> SwotItemView:
    evidence = []
    for e in item.get("evidence", []):
        text = str(e.get("label") or "")
        value = e.get("value")
        if isinstance(value, float | int) and not isinstance(value, bool):
            unit = units.get(str(e.get("unit")), "") if e.get("unit") else ""
            unit = unit_after(unit, float(value), loc.lang)  # "0 баллов"
            text += f": {loc.num(float(value))}" + (f" {unit}" if unit else "")
        elif value:
            text += f": {value}"
        if e.get("period"):
            text += f" ({period_span(str(e['period']))})"
        refs, other = _evidence_sources(loc, cites, str(e.get("source") or ""))
        evidence.append(EvidenceView(text, cites.add_all(refs), "; ".join(other)))
    origin = item.get("origin")
    origin_text = (
        loc._("rule")
        if origin == "rule"
        else loc._("curated statement")
        if origin == "curated"
        else ""
    )
    return SwotItemView(str(item.get("text") or ""), origin_text, tuple(evidence))

"""Everything the report shows, gathered from the services and the knowledge base in one pass.

The report computes nothing itself: the numbers come from
:mod:`shekara.services.assessment`, :mod:`shekara.services.article`,
:mod:`shekara.services.validation` and, when those modules exist, from the
services written for further sections (SWOT …). This module only calls them and
keeps their results together with the names, places and object tables the
report needs to label and cite them.
"""

from __future__ import annotations

import importlib
import importlib.util
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy.engine import Engine

from shekara.kb import query
from shekara.kb.validate import ValidationReport
from shekara.services.article import ARTICLE_YEAR, Finding, Reproduction
from shekara.services.assessment import (
    Assessment,
    AssessmentOptions,
    SensitivityReport,
    SensitivitySettings,
)
from shekara.services.snapshot import Snapshot, snapshot_for


@dataclass(frozen=True)
class SwotScope:
    """The SWOT of one scope (``border`` or a region id) as returned by the SWOT service."""

    scope: str
    name: str
    data: dict[str, Any]
    unit_labels: dict[str, str]


@dataclass(frozen=True)
class ReportData:
    """The results and knowledge-base rows one report is made of."""

    lang: query.Lang
    as_of: date
    data_dir: Path
    assessment: Assessment
    sensitivity: SensitivityReport
    sensitivity_settings: SensitivitySettings
    reproduction: Reproduction
    audit: list[Finding]
    validation: ValidationReport
    regions: dict[str, query.Region]
    article_regions: dict[str, query.Region]
    pairs: dict[str, query.Pair]
    places: dict[str, query.Place]
    sources: list[dict[str, Any]]
    zones: list[dict[str, Any]]
    links: list[dict[str, Any]]
    crossings: list[dict[str, Any]]
    events: list[dict[str, Any]]
    claims: list[dict[str, Any]]
    indicator_names: dict[str, str]
    place_ids_by_english_name: dict[str, str]
    swot: list[SwotScope] = field(default_factory=list)
    #: Unit labels in the report's language, from the store's ``units`` table
    #: (the same labels as the dashboard's: :class:`shekara.present.fmt.Formatter`).
    unit_labels: dict[str, str] = field(default_factory=dict)
    # shekara.services.water.WaterBalanceReport when that service exists (duck-typed:
    # the report must import without it).
    water: Any | None = None
    population: Any | None = None  # shekara.report.population.PopulationResults
    #: The crossings chapter (shekara.report.crossings), when the crossings service exists.
    crossings_chapter: dict[str, Any] | None = None


def optional_module(name: str) -> Any | None:
    """The module *name* if it is installed, else None (its report section is then left out)."""
    try:
        if importlib.util.find_spec(name) is None:
            return None
        return importlib.import_module(name)
    except ImportError:
        return None


def collect_swot(
    engine: Engine, lang: query.Lang, as_of: date, snapshot: Snapshot | None = None
) -> list[SwotScope]:
    """SWOT of the whole border and of each Kazakh border region, if the SWOT service exists.

    Every scope reads the same *snapshot* and the same default-options assessment of
    the day (computed once). A scope whose SWOT has no item is left out (nothing to
    show, no placeholder).
    """
    module = optional_module("shekara.services.swot")
    if module is None or not hasattr(module, "swot"):
        return []
    from shekara.services.assessment import assess

    snap = snapshot_for(engine, as_of.year, lang, snapshot)
    base = assess(engine, AssessmentOptions(as_of=snap.day.isoformat()), lang, snapshot=snap)
    kz = [r.region_id for r in snap.regions.values() if r.country == "KZ" and r.border]
    out = []
    for scope in ["border", *kz]:
        result = module.swot(
            engine, scope, lang=lang, as_of=as_of.year, snapshot=snap, assessment=base
        )
        data = result.to_dict()
        if not any(data.get("quadrants", {}).values()):
            continue
        labels = dict(getattr(result, "unit_labels", {}) or {})
        out.append(SwotScope(scope, str(data.get("scope_name") or scope), data, labels))
    return out


def collect_crossings(engine: Engine, lang: query.Lang, assessment: Any) -> Any | None:
    """The crossings chapter, if the crossings service exists."""
    if optional_module("shekara.services.crossings") is None:
        return None
    from shekara.report.crossings import crossings_chapter

    return crossings_chapter(engine, lang, assessment)


def collect_water(engine: Engine, lang: query.Lang, as_of: date) -> Any | None:
    """Water balance of the basins bordering Russia, if the water service exists."""
    module = optional_module("shekara.services.water")
    if module is None or not hasattr(module, "water_balance"):
        return None
    report = module.water_balance(engine, year=as_of.year, lang=lang)
    return report if getattr(report, "basins", None) else None


def collect(
    engine: Engine,
    lang: query.Lang,
    options: AssessmentOptions,
    settings: SensitivitySettings,
    data_dir: Path,
    database_url: str,
    step: Callable[[str], None],
) -> ReportData:
    """Call every service once; *step* is told before each stage (for a progress bar)."""
    from shekara.report.population import collect_population
    from shekara.services.article import audit_article, reproduce_article
    from shekara.services.assessment import assess, sensitivity
    from shekara.services.validation import validate_all

    day = options.day
    snap = Snapshot.load(engine, day, lang)
    step("assessment")
    assessment = assess(engine, options, lang, snapshot=snap)
    step("sensitivity")
    sens = sensitivity(engine, options, lang=lang, snapshot=snap, settings=settings)
    step("article")
    reproduction = reproduce_article(engine, snap)
    audit = audit_article(engine)
    step("validation")
    validation = validate_all(data_dir, url=database_url)
    step("modules")
    swot = collect_swot(engine, lang, day, snap)
    water = collect_water(engine, lang, day)
    population = collect_population(engine)
    pairs = {p.pair_id: p for p in query.pairs(engine, as_of=day, lang=lang)}
    for p in query.pairs(engine, as_of=ARTICLE_YEAR, lang=lang):
        pairs.setdefault(p.pair_id, p)
    defs = query.table_rows(engine, "indicator_defs")
    return ReportData(
        lang=lang,
        as_of=day,
        data_dir=data_dir,
        assessment=assessment,
        sensitivity=sens,
        sensitivity_settings=settings,
        reproduction=reproduction,
        audit=audit,
        validation=validation,
        regions={r.region_id: r for r in query.regions(engine, as_of=day, lang=lang)},
        article_regions={
            r.region_id: r for r in query.regions(engine, as_of=ARTICLE_YEAR, lang=lang)
        },
        pairs=pairs,
        places={p.place_id: p for p in query.places(engine, lang=lang)},
        sources=query.table_rows(engine, "sources"),
        zones=query.table_rows(engine, "zones"),
        links=query.table_rows(engine, "transport_links"),
        crossings=query.table_rows(engine, "crossings"),
        events=query.table_rows(engine, "events"),
        claims=query.table_rows(engine, "claims"),
        indicator_names={str(d["indicator"]): str(d.get(f"name_{lang}") or "") for d in defs},
        place_ids_by_english_name={p.name: p.place_id for p in query.places(engine, lang="en")},
        swot=swot,
        water=water,
        population=population,
        unit_labels=dict(snap.unit_labels),
        crossings_chapter=collect_crossings(engine, lang, assessment),
    )

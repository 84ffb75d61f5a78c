"""Reproduction and audit of the 2018 article's Tables 2–4 against the knowledge base.

``reproduce_article`` recomputes each published table from the registries and
compares; ``audit_article`` runs the generic audit rules of
:mod:`shekara.methods.audit_rules` over the published tables, the article's
stated conclusions (the ``claims`` table) and our computed results. Nothing here
names a particular pair: the pairs come from the knowledge base and the claims
from the data package.

Example:
    >>> from shekara.kb.store import example_engine
    >>> rep = reproduce_article(example_engine())
    >>> len(rep.table2), rep.table2_rank_correlation > 0.9
    (18, True)
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Annotated, Any

import numpy as np
from scipy.stats import spearmanr
from sqlalchemy.engine import Engine
from typing_extensions import TypedDict

from shekara.kb import query
from shekara.methods import audit_rules
from shekara.methods.calibration_gravity import compare_gravity_variants
from shekara.methods.gravity import gravity_index
from shekara.plain import Plain, rows_of
from shekara.services.assessment import AssessmentOptions, PairInputs, gather_inputs
from shekara.services.snapshot import Snapshot

ARTICLE_YEAR = 2018
TABLES = {
    "table2": ("gravity_index_published",),
    "table3": ("transport_rail_score_published", "transport_road_score_published"),
    "table4": ("sez_score_published",),
}
TABLE_TITLES = {"table2": "Table 2", "table3": "Table 3", "table4": "Table 4"}
#: The reproduction's note, a template so that the CLI can retell it in kk and ru.
POPULATION_NOTE = (
    "Populations: GeoNames city figures (period {period}); the article's 2017 inputs "
    "are not published, so every ratio mixes vintages."
)


class Table2Row(TypedDict):
    """A row of Table 2: the published gravity index beside ours and their inputs."""

    pair_id: str
    kz_region: str
    ru_region: str
    published: float
    computed: float
    ratio: float
    population_kz: float
    population_ru: float
    population_period: str
    distance_km: float
    source: str
    inputs: list[str]


class Table3Row(TypedDict):
    """A row of Table 3: the published rail and road scores beside the link registry's."""

    pair_id: str
    kz_region: str
    ru_region: str
    published: dict[str, float]
    computed: dict[str, float]
    agree: bool
    explanation: str
    source: str


class Table4Row(TypedDict):
    """A row of Table 4: the published SEZ score beside the zone registry's."""

    pair_id: str
    kz_region: str
    ru_region: str
    published: float
    computed: float
    agree: bool
    kz_zones: list[str]
    ru_zones: list[str]
    explanation: str
    source: str


class CalibrationRow(TypedDict):
    """How one variant of formula (1) fits Table 2."""

    variant: str
    geometric_mean_ratio: float
    log_ratio_std: float
    max_abs_log_ratio: float
    spearman: float
    within_35pct: int
    pairs: int


class CityFactor(TypedDict):
    """Geometric-mean ratio computed/published over the pairs of one admin centre."""

    city: str
    pairs: int
    pair_ids: list[str]
    geometric_mean_ratio: float
    log_ratio_spread: float


@dataclass(frozen=True)
class Reproduction(Plain):
    """Published vs computed rows of Tables 2–4, with the gravity calibration."""

    # The rows are typed for the JSON and the OpenAPI schema; readers index them as dicts.
    table2: Annotated[list[dict[str, Any]], rows_of(Table2Row)]
    table3: Annotated[list[dict[str, Any]], rows_of(Table3Row)]
    table4: Annotated[list[dict[str, Any]], rows_of(Table4Row)]
    table2_rank_correlation: float
    table2_within_35pct: int
    calibration: list[CalibrationRow]
    best_variant: str
    city_factors: list[CityFactor] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def _published(engine: Engine, indicator: str) -> dict[str, query.IndicatorValue]:
    return {
        v.entity_id: v
        for v in query.indicator_values(
            engine, query.ValueFilter(indicator=indicator, entity_type="pair")
        )
    }


def _article_inputs(engine: Engine, snapshot: Snapshot | None = None) -> list[PairInputs]:
    opts = AssessmentOptions(as_of=ARTICLE_YEAR)
    snap = snapshot.at(ARTICLE_YEAR) if snapshot is not None and snapshot.lang == "en" else None
    inputs = gather_inputs(engine, opts, snapshot=snap)
    published = _published(engine, TABLES["table2"][0])
    return [i for i in inputs if i.pair_id in published]


def _gravity_variants(
    inputs: Sequence[PairInputs],
) -> dict[str, np.ndarray[Any, np.dtype[np.float64]]]:
    """Formula (1) variants a reader might have meant; the issue's reconstruction is γ = 1."""
    p_i = [i.pop_kz for i in inputs]
    p_j = [i.pop_ru for i in inputs]
    d = [i.distance for i in inputs]
    return {
        f"city, great-circle, gamma={g:g}": gravity_index(p_i, p_j, d, distance_exponent=g)
        for g in (1.0, 0.5, 1.5, 2.0)
    }


def reproduce_article(engine: Engine, snapshot: Snapshot | None = None) -> Reproduction:
    """Recompute the article's Tables 2–4 from the knowledge base and compare.

    With a *snapshot* (English names), the 2018 inputs are read through its family.
    """
    inputs = _article_inputs(engine, snapshot)
    ids = [i.pair_id for i in inputs]
    variants = _gravity_variants(inputs)
    base_name = next(iter(variants))
    computed = variants[base_name]
    pub2 = _published(engine, TABLES["table2"][0])
    published = np.array([pub2[p].value for p in ids])
    report = compare_gravity_variants(published, variants)
    fit = report.fit(base_name)
    rho = float(spearmanr(published, computed).statistic)
    table2: list[dict[str, Any]] = [
        {
            "pair_id": i.pair_id,
            "kz_region": i.kz_name,
            "ru_region": i.ru_name,
            "published": pub2[i.pair_id].value,
            "computed": float(c),
            "ratio": float(c) / pub2[i.pair_id].value,
            "population_kz": i.pop_kz,
            "population_ru": i.pop_ru,
            "population_period": i.pop_period,
            "distance_km": i.distance,
            "source": str(pub2[i.pair_id].source),
            "inputs": list(i.sources),
        }
        for i, c in zip(inputs, computed, strict=True)
    ]
    calibration: list[CalibrationRow] = [
        {
            "variant": v.name,
            "geometric_mean_ratio": v.geometric_mean_ratio,
            "log_ratio_std": v.log_ratio_std,
            "max_abs_log_ratio": v.max_abs_log_ratio,
            "spearman": v.spearman_rho,
            "within_35pct": v.n_within(0.35),
            "pairs": len(v.ratios),
        }
        for v in report.variants
    ]
    table3, table4 = _table3(engine, inputs), _table4(engine, inputs)
    notes = [POPULATION_NOTE.format(period=inputs[0].pop_period)]
    return Reproduction(
        table2=table2,
        table3=table3,
        table4=table4,
        table2_rank_correlation=rho,
        table2_within_35pct=fit.n_within(0.35),
        calibration=calibration,
        best_variant=report.best,
        city_factors=city_factors(table2, inputs),
        notes=notes,
    )


def city_factors(
    table2: Sequence[dict[str, Any]], inputs: Sequence[PairInputs]
) -> list[CityFactor]:
    """Geometric-mean ratio computed/published over the pairs of each admin centre.

    A factor far from 1 shared by all pairs of one city points at that city's
    population figure (a vintage difference), not at the formula: the formula
    would bias every pair alike.
    """
    logs: dict[str, list[float]] = {}
    members: dict[str, list[str]] = {}
    for row, i in zip(table2, inputs, strict=True):
        for city in (i.kz_centre, i.ru_centre):
            logs.setdefault(city, []).append(float(np.log(row["ratio"])))
            members.setdefault(city, []).append(str(row["pair_id"]))
    return sorted(
        (
            {
                "city": c,
                "pairs": len(v),
                "pair_ids": members[c],
                "geometric_mean_ratio": float(np.exp(np.mean(v))),
                "log_ratio_spread": float(np.std(v)),
            }
            for c, v in logs.items()
        ),
        key=lambda d: -abs(np.log(d["geometric_mean_ratio"])),
    )


def _table3(engine: Engine, inputs: Sequence[PairInputs]) -> list[dict[str, Any]]:
    rail, road = (_published(engine, ind) for ind in TABLES["table3"])
    rows: list[dict[str, Any]] = []
    for i in inputs:
        if i.pair_id not in rail:
            continue
        pub = {"rail": rail[i.pair_id].value, "road": road[i.pair_id].value}
        comp = {"rail": i.rail_score, "road": i.road_score}
        rows.append(
            {
                "pair_id": i.pair_id,
                "kz_region": i.kz_name,
                "ru_region": i.ru_name,
                "published": pub,
                "computed": comp,
                "agree": pub == comp,
                "explanation": _explain_transport(pub, comp),
                "source": str(rail[i.pair_id].source),
            }
        )
    return rows


def _explain_transport(pub: dict[str, float], comp: dict[str, float]) -> str:
    parts = []
    for mode in ("rail", "road"):
        if pub[mode] == comp[mode]:
            continue
        if pub[mode] not in (0.0, 100.0):
            parts.append(
                f"{mode}: published {pub[mode]:g} is off the stated 0/100 scale; the link "
                f"registry has {'an operating' if comp[mode] else 'no operating'} link"
            )
        else:
            parts.append(f"{mode}: published {pub[mode]:g}, registry gives {comp[mode]:g}")
    return "; ".join(parts)


def _table4(engine: Engine, inputs: Sequence[PairInputs]) -> list[dict[str, Any]]:
    sez = _published(engine, TABLES["table4"][0])
    rows: list[dict[str, Any]] = []
    for i in inputs:
        if i.pair_id not in sez:
            continue
        computed = 50.0 * bool(i.kz_zones) + 50.0 * bool(i.ru_zones)
        published = sez[i.pair_id].value
        explanation = ""
        if computed != published:
            explanation = (
                f"zone registry: KZ side {', '.join(i.kz_zones) or 'none'}, RU side {', '.join(i.ru_zones) or 'none'} "
                f"→ rule 50·[KZ]+50·[RU] = {computed:g}; the article gives {published:g}"
            )
        rows.append(
            {
                "pair_id": i.pair_id,
                "kz_region": i.kz_name,
                "ru_region": i.ru_name,
                "published": published,
                "computed": computed,
                "agree": computed == published,
                "kz_zones": list(i.kz_zones),
                "ru_zones": list(i.ru_zones),
                "explanation": explanation,
                "source": str(sez[i.pair_id].source),
            }
        )
    return rows


# --------------------------------------------------------------------------- audit
@dataclass(frozen=True)
class Finding(Plain):
    """One audit finding, as printed by ``shekara assess audit``."""

    code: str
    severity: str
    message: str
    pair_ids: tuple[str, ...]
    source: str
    subject: str


def _wrap(findings: Sequence[audit_rules.AuditFinding], subject: str) -> list[Finding]:
    return [
        Finding(f.code, f.severity, f.message, f.pair_ids, f.locator, subject) for f in findings
    ]


def audit_article(engine: Engine) -> list[Finding]:
    """Check the published tables and the stated conclusions against the methods and our results."""
    inputs = _article_inputs(engine)
    ids = [i.pair_id for i in inputs]
    published = {ind: _published(engine, ind) for inds in TABLES.values() for ind in inds}
    title = {ind: TABLE_TITLES[t] for t, inds in TABLES.items() for ind in inds}
    computed = {
        "gravity_index_published": _gravity_variants(inputs)["city, great-circle, gamma=1"],
        "transport_rail_score_published": np.array([i.rail_score for i in inputs]),
        "transport_road_score_published": np.array([i.road_score for i in inputs]),
        "sez_score_published": np.array(
            [50.0 * bool(i.kz_zones) + 50.0 * bool(i.ru_zones) for i in inputs]
        ),
    }

    def column(ind: str) -> np.ndarray[Any, np.dtype[np.float64]]:
        return np.array([published[ind][p].value for p in ids], dtype=np.float64)

    def locators(ind: str) -> list[str]:
        return [str(published[ind][p].source) for p in ids]

    out: list[Finding] = []
    scales: dict[str, list[tuple[list[float], str]]] = {}
    claims = query.table_rows(engine, "claims")
    for c in claims:
        inds = str(c["indicators"]).split("|")
        named = [x for x in str(c["pair_ids"] or "").split("|") if x]
        loc = f"{c['source_id']}:{c['locator']}"
        values = [float(v) for v in str(c["values"] or "").split("|") if v]
        if c["kind"] == "scale":  # all scales stated for a table are checked together below
            short = f"{str(c['source_id']).removeprefix('seed-').upper()}:{str(c['locator']).rsplit(':', 1)[-1]}"
            for ind in inds:
                scales.setdefault(ind, []).append((values, short))
        elif c["kind"] == "top_k":
            for ind in inds:
                out += _wrap(
                    audit_rules.check_top_k_claim(
                        column(ind),
                        named,
                        pair_ids=ids,
                        claim_locator=loc,
                        table=title[ind],
                        column=ind,
                    ),
                    "stated conclusion vs published table",
                )
                out += _wrap(
                    audit_rules.check_top_k_claim(
                        computed[ind],
                        named,
                        pair_ids=ids,
                        claim_locator=loc,
                        table=f"computed {ind.removesuffix('_published')}",
                        column=ind,
                    ),
                    "stated conclusion vs computed result",
                )
        elif c["kind"] == "max_on_all":
            top = values[0] if values else 100.0
            out += _wrap(
                audit_rules.check_max_on_all_claim(
                    {ind: column(ind) for ind in inds},
                    named,
                    pair_ids=ids,
                    claim_locator=loc,
                    table=" & ".join(sorted({title[i] for i in inds})),
                    max_value=top,
                ),
                "stated conclusion vs published table",
            )
            out += _wrap(
                audit_rules.check_max_on_all_claim(
                    {ind: computed[ind] for ind in inds},
                    named,
                    pair_ids=ids,
                    claim_locator=loc,
                    table="computed " + " & ".join(i.removesuffix("_published") for i in inds),
                    max_value=top,
                ),
                "stated conclusion vs computed result",
            )
    for ind, stated in scales.items():
        out += _wrap(
            audit_rules.check_stated_scales(
                column(ind),
                stated,
                pair_ids=ids,
                locators=locators(ind),
                table=title[ind],
                column=ind,
            ),
            "published table",
        )
    # Stated rules applied to the registries (inputs known): the SEZ rule and the link registry.
    out += _wrap(
        audit_rules.check_sez_rule(
            column("sez_score_published"),
            [bool(i.kz_zones) for i in inputs],
            [bool(i.ru_zones) for i in inputs],
            pair_ids=ids,
            locators=locators("sez_score_published"),
            table="Table 4",
        ),
        "published table vs registry",
    )
    for ind in TABLES["table3"]:
        out += _wrap(
            audit_rules.check_rule(
                column(ind),
                computed[ind],
                rule="the link registry (0 = no operating link, 100 = one)",
                pair_ids=ids,
                locators=locators(ind),
                table="Table 3",
                column=ind,
            ),
            "published table vs registry",
        )
    return out

"""The report's view model: the rows and tables the template prints, and the labels of their codes."""

from __future__ import annotations

from dataclasses import dataclass, field
from types import SimpleNamespace
from typing import NamedTuple

from shekara.report.citations import BibEntry, Ref
from shekara.report.text import N_

WITHIN = 0.35  # the project's target band for Table 2 ratios (docs/methods.md)
MODES = {"rail": N_("railway"), "road": N_("international motorway")}
REGIMES = {"sez": N_("special economic zone"), "fez": N_("free economic zone")}
QUADRANT_TITLES = {
    "strength": N_("Strengths"),
    "weakness": N_("Weaknesses"),
    "opportunity": N_("Opportunities"),
    "threat": N_("Threats"),
}
COMPONENT_NAMES = {
    "gravity": N_("gravity index"),
    "transport": N_("transport links"),
    "sez": N_("economic zones"),
}
# Figures of the water service (shekara.services.water), by their stable names.
WATER_FIGURES = {
    "resources_km3_per_year": N_("Water resources"),
    "inflow_km3_per_year": N_("Transboundary inflow"),
    "inflow_from_russia_km3_per_year": N_("Inflow from Russia"),
    "withdrawal_km3_per_year": N_("Water withdrawal"),
    "deficit_km3_per_year": N_("Water deficit"),
    "economic_load_percent": N_("Economic load on water resources"),
    "resources_km3": N_("Surface-water resources"),
    "formed_domestic_km3": N_("Formed in Kazakhstan"),
    "inflow_transboundary_km3": N_("Inflow by transboundary rivers"),
    "inflow_transboundary_share_percent": N_("Share of the inflow in the resources"),
    "inflow_from_russia_km3": N_("Inflow from Russia"),
    "consumption_growth_percent": N_("Growth of water consumption"),
    "deficit_projected_km3_per_year": N_("Projected water deficit"),
    "upstream_withdrawal_increase_km3": N_("Increase of the upstream withdrawal"),
    "kz_canal_withdrawal_km3": N_("Withdrawal by the Irtysh–Karaganda canal"),
    "upstream_withdrawal_from_km3": N_("China's withdrawal, start of the stated growth"),
    "upstream_withdrawal_to_km3": N_("China's withdrawal, end of the stated growth"),
    "upstream_canal_planned_km3_per_year": N_("Planned withdrawal of China's Karamay canal"),
    "downstream_deficit_km3": N_("Deficit on the Russian section (RF border to the Ob)"),
    "downstream_deficit_low_water_km3": N_("Deficit in low-water years"),
    "upstream_withdrawal_growth_km3": N_("Growth of China's withdrawal"),
    "identified_upstream_withdrawals_km3": N_(
        "Withdrawals named upstream of the Russian border (China and the Kazakh canal)"
    ),
    "inflow_change_km3": N_("Change of the inflow from upstream (China)"),
    "resources_check_km3": N_("Formed in Kazakhstan plus inflow"),
    "inflow_share_computed_percent": N_("Share of the inflow in the resources (computed)"),
    "russia_share_of_inflow_percent": N_("Share of Russia in the transboundary inflow"),
    "russia_share_of_resources_percent": N_("Share of the inflow from Russia in the resources"),
    "deficit_share_of_resources_percent": N_("Deficit as a share of the resources"),
}
# Registries and computations named in evidence, in the reader's words (no table or module ids).
REGISTRY_WORDS: dict[str, str] = {
    "transport_links": N_("transport links"),
    "zones": N_("economic zones"),
    "crossings": N_("crossing points"),
    "agreements": N_("agreements"),
    "swot_statements": N_("curated SWOT statements"),
    "claims": N_("stated conclusions of the article"),
}
MODULE_WORDS: dict[str, str] = {
    "assessment": N_("cooperation-potential assessment"),
    "swot": N_("SWOT rules"),
    "article": N_("reproduction of the article"),
    "water": N_("water balance"),
}
STRESS_SCOPED = N_("{stress} (southern part of the basin only)")
STRESS_CLASSES = {
    "no_stress": N_("no stress"),
    "low": N_("low"),
    "medium": N_("medium"),
    "high": N_("high"),
    "critical": N_("critical"),
}
FIGURE_STATUS = {
    "stated": N_("stated"),
    "computed": N_("computed"),
    "scenario": N_("scenario"),
    "missing": N_("not in the knowledge base"),
}
BOUND_PREFIX = {"more_than": "> ", "at_least": "≥ ", "up_to": "≤ ", "about": "≈ "}
NORMALISATION = {
    "minmax": N_("min–max"),
    "zscore": N_("z-score"),
    "rank": N_("rank"),
}


class Row(SimpleNamespace):
    """One row of a report table (or a group of cells in it): named cells, already formatted
    in the reader's language, that the template reads as ``row.name``.

    Each kind of row is built in one place (:mod:`shekara.report.context`,
    :mod:`shekara.report.swotview`) and only printed, so one generic type serves every
    table instead of a dataclass per table repeating the columns of the service's results.

    >>> r = Row(rank=1, pair=Row(short="Oral – Samara"))
    >>> r.rank, r.pair.short
    (1, 'Oral – Samara')
    """


class EvidenceView(NamedTuple):
    """One piece of SWOT evidence as printed (hashable: the section lists each one once)."""

    text: str
    refs: tuple[Ref, ...]
    other: str


@dataclass(frozen=True)
class SwotItemView:
    """A SWOT item; its evidence is listed once for the section (numbers into
    ``ReportView.swot_evidence``, 1-based), so a fact shared by items is printed once."""

    text: str
    origin: str
    evidence: tuple[EvidenceView, ...]
    evidence_ids: tuple[int, ...] = ()


@dataclass
class WaterView:
    columns: list[str] = field(default_factory=list)
    basins: list[Row] = field(default_factory=list)
    country: list[Row] = field(default_factory=list)
    growth: str = ""
    missing: int = 0
    total: int = 0


#: The report's tables, each a list of :class:`Row` (``v.gravity`` in the template).
TABLES = (
    "gravity",
    "transport",
    "sez",
    "composite",
    "sensitivity",
    "table2",
    "table3",
    "table4",
    "calibration",
    "cities",
    "audit",
    "validation",
    "zones",
    "crossings",
    "swot",
)


class ReportView(Row):
    """What the template prints (mutable only while it is being built): a list of rows per
    table of :data:`TABLES`, the SWOT evidence, the water section and the bibliography."""

    swot_evidence: list[EvidenceView]
    water: WaterView | None
    bibliography: list[BibEntry]
    other_inputs: list[str]
    facts: dict[str, str]

    def __init__(self) -> None:
        super().__init__(**{name: [] for name in TABLES})
        self.swot_evidence, self.water, self.facts = [], None, {}
        self.bibliography, self.other_inputs = [], []

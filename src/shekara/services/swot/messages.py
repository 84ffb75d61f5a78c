"""The texts of the ``swot`` gettext domain and the published scores checked for gaps."""

from __future__ import annotations

from typing import Literal

DOMAIN = "swot"
ScopeKind = Literal["border", "region", "pair"]
Origin = Literal["rule", "curated"]

# Every message of the ``swot`` domain (msgid = the English text). A test checks that the
# kk, ru and en catalogs translate each of them and nothing else.
MESSAGES: dict[str, str] = {
    # headings and labels
    "title": "SWOT analysis: {scope}",
    "as_of": "As of {date}",
    "border": "Kazakhstan–Russia border",
    "strength": "Strengths",
    "weakness": "Weaknesses",
    "opportunity": "Opportunities",
    "threat": "Threats",
    "notes": "Notes: evidence gaps",
    "evidence": "Evidence",
    "origin_rule": "rule",
    "origin_curated": "curated statement",
    "no_items": "No items.",
    "quote": "quote",
    "statement": "statement",
    "operating": "operating",
    "closed": "closed",
    "proposed": "proposed",
    "ev_links": "{pair}: operating railway links in the link registry",
    "ev_zones": "{pair}: economic zones of the two regions in the zone registry",
    "ev_zone": "{region}: economic zone",
    "ev_gravity": "{pair}: gravity index",
    "ev_rank": "{pair}: rank by gravity index among {total} pairs",
    "ev_rule_score": "{pair}: score by the stated rule from the registry",
    "table3": "the article's Table 3",
    "table4": "the article's Table 4",
    # rule texts: one pair / one region, and aggregated over several
    "pair-rail-and-road": "{pair}: the regions are connected both by a railway link and by an international motorway.",
    "pair-rail-and-road+": "Pairs connected both by rail and by an international motorway: {n} of {total} — {items}.",
    "pair-sez-both": "{pair}: both regions host a special or free economic zone ({zones}).",
    "pair-sez-both+": "Pairs with economic zones on both sides: {n} of {total} — {items}.",
    "pair-gravity-top-third": "{pair}: the gravity index ({value}) is in the top third of all {all} pairs (rank {rank}).",
    "pair-gravity-top-third+": "Pairs in the top third of all {all} pairs by gravity index: {n} of {total} — {items}.",
    "pair-rail-missing": "{pair}: no operating railway link connects the two regions.",
    "pair-rail-missing+": "Pairs without an operating railway link: {n} of {total} — {items}.",
    "pair-sez-neither": "{pair}: neither region has a special or free economic zone that would stimulate two-way investment.",
    "pair-sez-neither+": "Pairs with no economic zone on either side: {n} of {total} — {items}.",
    "pair-gravity-bottom-third": "{pair}: the gravity index ({value}) is in the bottom third of all {all} pairs (rank {rank} from the bottom).",
    "pair-gravity-bottom-third+": "Pairs in the bottom third of all {all} pairs by gravity index: {n} of {total} — {items}.",
    "region-border-without-rail": "{region}: {value} % of the region's section of the state border has no railway link ({period}).",
    "region-border-without-rail+": "Regions where at least half of the border section has no railway link: {n} of {total} with data — {items}.",
    "region-population-decrease": "{region}: the population decreased by {value} persons in {period}.",
    "region-population-decrease+": "Regions whose population decreased: {n} of {total} with data — {items}.",
    "region-net-out-migration": "{region}: the external migration balance was {value} persons in {period} (more people left than arrived).",
    "region-net-out-migration+": "Regions with a negative external migration balance: {n} of {total} with data — {items}.",
    "region-natural-decrease": "{region}: natural increase was {value} ‰ in {period} (deaths exceeded births).",
    "region-natural-decrease+": "Regions with a natural decrease of the population: {n} of {total} with data — {items}.",
    "region-projected-population-decline": "{region}: the population is projected to decline by {value} % over {period}.",
    "region-projected-population-decline+": "Regions with a projected population decline: {n} of {total} with data — {items}.",
    # evidence gaps
    "gap-off_scale": "Evidence gap — {pair}: {table} gives “{indicator}” = {published}, which is not on its stated scale ({scale}); the registry gives {computed}.",
    "gap-off_rule": "Evidence gap — {pair}: {table} gives “{indicator}” = {published}, but its own rule applied to the registry gives {computed}.",
}

# Published scores checked for evidence gaps: indicator → (table message key, registry table).
_PUBLISHED_SCORES: dict[str, tuple[str, str]] = {
    "transport_rail_score_published": ("table3", "transport_links"),
    "transport_road_score_published": ("table3", "transport_links"),
    "sez_score_published": ("table4", "zones"),
}

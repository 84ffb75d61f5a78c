"""Collects the inputs of one as-of day once and turns fired rules into items with evidence."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from shekara.i18n.words import period_span, period_words, unit_after
from shekara.kb import query
from shekara.kb.periods import parse_period
from shekara.methods.scores import sez_pair_score
from shekara.methods.swot_rules import (
    PAIR_RULES,
    REGION_RULES,
    PairFacts,
    RegionFact,
    SwotRule,
    pair_facts,
    pair_rule_fires,
    region_rule_fires,
    score_gap,
)
from shekara.services.assessment import (
    Assessment,
    AssessmentOptions,
    PairAssessment,
    PairInputs,
    assess,
    gather_inputs,
)
from shekara.services.snapshot import Snapshot
from shekara.services.swot.messages import _PUBLISHED_SCORES, MESSAGES
from shekara.services.swot.results import Evidence, SwotItem, SwotNote
from shekara.services.swot.scope import _fmt_value, _natural_key, _Scope, _translate


class _Builder:
    """Collects the inputs once and turns fired rules into items with evidence."""

    def __init__(self, snap: Snapshot, assessment: Assessment | None = None) -> None:
        self.snap = snap
        self.engine, self.lang, self.day = snap.engine, snap.lang, snap.day
        self.tr = _translate(self.lang)
        self.pairs = {p.pair_id: p for p in snap.pairs}
        self.regions = snap.regions
        self.defs = snap.indicator_defs
        self.units = snap.unit_labels
        self.links = snap.links
        self.zones = snap.zone_catalogue
        checksum = snap.data_checksum
        self.version = f"@{checksum[:12]}" if checksum else ""
        self._assessment: dict[str, PairAssessment] | None = (
            {p.pair_id: p for p in assessment.pairs} if assessment is not None else None
        )
        self._facts: dict[str, PairFacts] | None = None

    # ---- names and sources
    def pair_name(self, pair_id: str) -> str:
        p = self.pairs[pair_id]
        return f"{p.kz_name} – {p.ru_name}"

    def region_name(self, region_id: str) -> str:
        reg = self.regions.get(region_id)
        return reg.name if reg else region_id

    def indicator_name(self, indicator: str) -> str:
        d = self.defs.get(indicator)
        return str(d[f"name_{self.lang}"]) if d else indicator

    def num(self, value: float, unit: str | None = None) -> str:
        return _fmt_value(value, unit, self.lang)

    def registry(self, table: str) -> str:
        return f"data:{table}{self.version}"

    # ---- pair inputs
    def assessment(self) -> dict[str, PairAssessment]:
        """The assessment of every pair in force (computed once, on first use)."""
        if self._assessment is None:
            opts = AssessmentOptions(as_of=self.day.isoformat())
            result = assess(self.engine, opts, self.lang, snapshot=self.snap)
            self._assessment = {p.pair_id: p for p in result.pairs}
        return self._assessment

    def pair_facts(self) -> dict[str, PairFacts]:
        """What the pair rules read, from the assessment; gravity ranks over all pairs in force."""
        if self._facts is None:
            a = list(self.assessment().values())
            facts = pair_facts(
                [p.pair_id for p in a],
                [p.rail_score for p in a],
                [p.road_score for p in a],
                [p.sez_score for p in a],
                [p.gravity for p in a],
            )
            self._facts = {f.pair_id: f for f in facts}
        return self._facts

    def pair_links(self, pair_id: str, mode: str, *, operating: bool) -> list[dict[str, Any]]:
        """Links of the pair as the assessment counts them (the snapshot's links: known by the year)."""
        out = []
        for link in self.links:
            if link["pair_id"] != pair_id or link["mode"] != mode:
                continue
            if (link["status"] == "operating") == operating:
                out.append(link)
        return out

    def published(self, indicator: str) -> dict[str, query.IndicatorValue]:
        return query.latest_values(self.engine, indicator, as_of=self.day)

    # ---- evidence
    def link_evidence(self, pair_id: str, link: Mapping[str, Any]) -> Evidence:
        status = str(link["status"])
        return Evidence(
            label=f"{self.pair_name(pair_id)}: {link[f'name_{self.lang}']}",
            value=self.tr(status) if status in MESSAGES else status,
            unit=None,
            period=str(link["observed"]) if link["observed"] is not None else None,
            source=f"{link['source_id']}:{link['locator']}",
        )

    def zone_evidence(self, region_id: str, zone_id: str) -> Evidence:
        z = self.zones[zone_id]
        return Evidence(
            label=self.tr("ev_zone").format(region=self.region_name(region_id)),
            value=str(z[f"name_{self.lang}"]),
            unit=None,
            period=str(z["observed"]) if z["observed"] is not None else None,
            source=f"{z['source_id']}:{z['locator']}",
        )

    def value_evidence(self, label: str, v: query.IndicatorValue) -> Evidence:
        return Evidence(label, float(v.value), v.unit, v.period, str(v.source))

    def absence_evidence(
        self, pair_id: str, key: str, registry: str, published: str
    ) -> list[Evidence]:
        """Nothing in a registry: the registry (with its data version) and the published score."""
        name = self.pair_name(pair_id)
        ev = [
            Evidence(
                self.tr(key).format(pair=name),
                0.0,
                "count",
                str(self.day.year),
                self.registry(registry),
            )
        ]
        pub = self.published(published).get(pair_id)
        if pub is not None:
            ev.append(self.value_evidence(f"{name}: {self.indicator_name(pub.indicator)}", pub))
        return ev

    def gravity_evidence(self, rule: SwotRule, pair_id: str) -> list[Evidence]:
        """The pair's gravity index with the sources of its inputs, and its rank."""
        a, f, name = self.assessment()[pair_id], self.pair_facts()[pair_id], self.pair_name(pair_id)
        not_inputs = {str(self.pairs[pair_id].source)} | {
            f"{x['source_id']}:{x['locator']}"
            for mode in ("rail", "intl_road")
            for x in self.pair_links(pair_id, mode, operating=True)
        }
        inputs = "; ".join(s for s in a.inputs.sources if s not in not_inputs)
        rank = f.gravity_rank_desc if rule.direction == "top_share" else f.gravity_rank_asc
        return [
            Evidence(
                self.tr("ev_gravity").format(pair=name),
                f.gravity,
                "index",
                a.inputs.pop_period,
                inputs,
            ),
            Evidence(
                self.tr("ev_rank").format(pair=name, total=f.n_pairs),
                float(rank),
                None,
                str(self.day.year),
                "shekara.services.assessment (gravity index of every pair in force)",
            ),
        ]

    def pair_evidence(self, rule: SwotRule, pair_id: str) -> list[Evidence]:
        """The values and sources behind one pair rule that fired for *pair_id*."""
        a = self.assessment()[pair_id]
        if rule.id == "pair-rail-and-road":
            links = self.pair_links(pair_id, "rail", operating=True)
            links += self.pair_links(pair_id, "intl_road", operating=True)
            return [self.link_evidence(pair_id, x) for x in links]
        if rule.id == "pair-rail-missing":
            ev = self.absence_evidence(
                pair_id, "ev_links", "transport_links", "transport_rail_score_published"
            )
            others = self.pair_links(pair_id, "rail", operating=False)  # closed or proposed
            return ev + [self.link_evidence(pair_id, x) for x in others]
        if rule.id == "pair-sez-both":
            return [self.zone_evidence(a.inputs.kz_region, z) for z in a.inputs.kz_zones] + [
                self.zone_evidence(a.inputs.ru_region, z) for z in a.inputs.ru_zones
            ]
        if rule.id == "pair-sez-neither":
            return self.absence_evidence(pair_id, "ev_zones", "zones", "sez_score_published")
        if rule.direction in ("top_share", "bottom_share"):
            return self.gravity_evidence(rule, pair_id)
        # a rule without a dedicated builder still shows where the pair's inputs came from
        name = self.pair_name(pair_id)
        return [Evidence(name, None, None, a.inputs.pop_period, s) for s in a.inputs.sources]

    # ---- items
    def pair_items(self, scope: _Scope) -> list[SwotItem]:
        facts = self.pair_facts()
        out: list[SwotItem] = []
        for rule in PAIR_RULES:
            fired = [p for p in scope.pair_ids if pair_rule_fires(rule, facts[p])]
            if not fired:
                continue
            evidence = tuple(e for p in fired for e in self.pair_evidence(rule, p))
            if scope.kind == "pair":
                text = self._pair_text(rule, fired[0])
            else:
                text = self.tr(f"{rule.id}+").format(
                    n=len(fired),
                    total=len(scope.pair_ids),
                    all=len(facts),
                    items="; ".join(self._pair_list_entry(rule, p) for p in fired),
                )
            out.append(SwotItem(rule.id, rule.quadrant, text, "rule", rule, evidence))
        return out

    def _pair_text(self, rule: SwotRule, pair_id: str) -> str:
        f = self.pair_facts()[pair_id]
        a = self.assessment()[pair_id]
        zones = [
            str(self.zones[z][f"name_{self.lang}"]) for z in a.inputs.kz_zones + a.inputs.ru_zones
        ]
        return self.tr(rule.id).format(
            pair=self.pair_name(pair_id),
            zones=", ".join(zones),
            value=self.num(f.gravity, "index"),
            rank=f.gravity_rank_desc if rule.direction != "bottom_share" else f.gravity_rank_asc,
            all=f.n_pairs,
        )

    def _pair_list_entry(self, rule: SwotRule, pair_id: str) -> str:
        if rule.direction in ("top_share", "bottom_share"):
            return f"{self.pair_name(pair_id)} ({self.num(self.pair_facts()[pair_id].gravity, 'index')})"
        return self.pair_name(pair_id)

    def region_values(
        self, rule: SwotRule, region_ids: Sequence[str]
    ) -> dict[str, query.IndicatorValue]:
        """The value each region's rule reads as of the day (see ``Selection``), in scope order."""
        indicator = rule.reads[0]
        if rule.selection == "latest":
            latest = query.latest_values(self.engine, indicator, as_of=self.day)
            return {r: latest[r] for r in region_ids if r in latest}
        chosen: dict[str, tuple[tuple[date, int], query.IndicatorValue]] = {}
        for v in query.indicator_values(
            self.engine, query.ValueFilter(indicator=indicator, entity_type="region")
        ):
            start, end = parse_period(v.period)
            if v.entity_id not in region_ids or start > self.day or end <= self.day:
                continue  # another region, not made yet, or its horizon has passed
            key = (end, -start.toordinal())  # the nearest horizon, then the latest base year
            if v.entity_id not in chosen or key < chosen[v.entity_id][0]:
                chosen[v.entity_id] = (key, v)
        return {r: chosen[r][1] for r in region_ids if r in chosen}

    def region_items(self, scope: _Scope) -> list[SwotItem]:
        """Region rules: one item per region, or one aggregated item for the border."""
        out: list[SwotItem] = []
        for rule in REGION_RULES:
            values = self.region_values(rule, scope.region_ids)
            fired = [
                v
                for r, v in values.items()
                if region_rule_fires(rule, RegionFact(r, v.indicator, v.value, v.period))
            ]
            if not fired:
                continue
            evidence = [
                self.value_evidence(
                    f"{self.region_name(v.entity_id)}: {self.indicator_name(v.indicator)}", v
                )
                for v in fired
            ]
            if scope.kind == "border":
                items = "; ".join(
                    f"{self.region_name(v.entity_id)} ({self.num(v.value, v.unit)}"
                    f" {unit_after(self.units.get(v.unit, v.unit), v.value, self.lang)};"
                    f" {period_span(v.period)})"
                    for v in fired
                )
                text = self.tr(f"{rule.id}+").format(n=len(fired), total=len(values), items=items)
                out.append(SwotItem(rule.id, rule.quadrant, text, "rule", rule, tuple(evidence)))
                continue
            for v, e in zip(fired, evidence, strict=True):
                # The text says "declines by 14,5 %", so the number is the size of the decline;
                # the period is worded for the language ("2024 жылы", "в 2018–2030 гг.").
                shown = abs(v.value) if rule.id.endswith("-decline") else v.value
                text = self.tr(rule.id).format(
                    region=self.region_name(v.entity_id),
                    value=self.num(shown, v.unit),
                    period=period_words(v.period, self.lang),
                )
                out.append(
                    SwotItem(f"{rule.id}:{v.entity_id}", rule.quadrant, text, "rule", rule, (e,))
                )
        return out

    def curated_items(self, scope: str) -> list[SwotItem]:
        rows = [r for r in query.table_rows(self.engine, "swot_statements") if r["scope"] == scope]
        out: list[SwotItem] = []
        for r in sorted(rows, key=lambda r: _natural_key(str(r["statement_id"]))):
            quote = r["quote"]
            ev = Evidence(
                label=self.tr("quote") if quote else self.tr("statement"),
                value=str(quote) if quote else None,
                unit=None,
                period=None,
                source=f"{r['source_id']}:{r['locator']}",
            )
            out.append(
                SwotItem(
                    str(r["statement_id"]),
                    r["quadrant"],
                    str(r[f"text_{self.lang}"]),
                    "curated",
                    None,
                    (ev,),
                )
            )
        return out

    # ---- evidence gaps
    def gap_notes(self, scope: _Scope) -> list[SwotNote]:
        """Published scores off their stated scale or rule, checked against the registries as of
        the published value's own period (so later changes of a registry are not gaps)."""
        notes: list[SwotNote] = []
        for indicator in _PUBLISHED_SCORES:
            published = self.published(indicator)
            for pair_id in scope.pair_ids:
                pub = published.get(pair_id)
                note = self.gap_note(indicator, pub) if pub is not None else None
                if note is not None:
                    notes.append(note)
        return notes

    def gap_note(self, indicator: str, pub: query.IndicatorValue) -> SwotNote | None:
        table, registry = _PUBLISHED_SCORES[indicator]
        inputs = self._registry_inputs(parse_period(pub.period)[1]).get(pub.entity_id)
        if inputs is None:
            return None
        if registry == "zones":
            computed = float(sez_pair_score(bool(inputs.kz_zones), bool(inputs.ru_zones)))
        elif indicator == "transport_rail_score_published":
            computed = inputs.rail_score
        else:
            computed = inputs.road_score
        scale = str(self.defs.get(indicator, {}).get("allowed_values") or "")
        allowed = [float(x) for x in scale.split("|") if x]
        gap = score_gap(pub.value, computed, allowed)
        if gap is None:
            return None
        name, ind_name = self.pair_name(pub.entity_id), self.indicator_name(indicator)
        text = self.tr(f"gap-{gap}").format(
            pair=name,
            table=self.tr(table),
            indicator=ind_name,
            published=self.num(pub.value),
            computed=self.num(computed),
            scale="/".join(self.num(a) for a in allowed),
        )
        ev = [
            self.value_evidence(f"{name}: {ind_name}", pub),
            Evidence(
                self.tr("ev_rule_score").format(pair=name),
                computed,
                "score",
                pub.period,
                self.registry(registry),
            ),
        ]
        if registry == "zones":
            ev += [self.zone_evidence(inputs.kz_region, z) for z in inputs.kz_zones]
            ev += [self.zone_evidence(inputs.ru_region, z) for z in inputs.ru_zones]
        return SwotNote(f"gap:{indicator}:{pub.entity_id}", text, tuple(ev))

    def _registry_inputs(self, day: date) -> dict[str, PairInputs]:
        snap = self.snap.at(day)
        opts = AssessmentOptions(as_of=day.isoformat())
        return {i.pair_id: i for i in gather_inputs(self.engine, opts, self.lang, snapshot=snap)}

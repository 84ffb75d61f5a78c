"""The report's tables, in the reader's language: rows of formatted text with their citations.

:func:`build_view` turns :class:`~shekara.report.collect.ReportData` into a
:class:`~shekara.report.views.ReportView` that the template prints as it is: numbers are formatted for
the locale here, names come from the knowledge base, and every row keeps the
source references (:class:`~shekara.report.citations.Ref`) of its values; the
citation labels are made when the template is rendered, after all references are
known (they are numbered in the ``sources`` table's order).
"""

from __future__ import annotations

from functools import partial
from typing import Any

from shekara.present.fmt import Formatter
from shekara.report.article_words import explain_sez, explain_transport, zone_rule_words
from shekara.report.citations import Citations, Ref
from shekara.report.collect import ReportData
from shekara.report.names import AUDIT_TITLES, SCALE_REF, SEVERITIES, SUBJECTS, Names
from shekara.report.swotview import swot_views
from shekara.report.text import Localiser
from shekara.report.views import (
    BOUND_PREFIX,
    FIGURE_STATUS,
    REGIMES,
    STRESS_CLASSES,
    STRESS_SCOPED,
    WATER_FIGURES,
    WITHIN,
    ReportView,
    Row,
    WaterView,
)


class ViewBuilder:
    """Builds the :class:`ReportView` of one report."""

    def __init__(self, data: ReportData, loc: Localiser, cites: Citations) -> None:
        self.d = data
        self.loc = loc
        self.cites = cites
        regions = dict(data.article_regions)
        regions.update(data.regions)
        self.names = Names(loc, data.pairs, regions, data.places, data.indicator_names)
        self.zone_rows = {str(z["zone_id"]): z for z in data.zones}

    def cells(self, pair_id: str) -> Row:
        return Row(
            pair_id=pair_id, name=self.names.pair(pair_id), short=self.names.pair_short(pair_id)
        )

    def zone_name(self, zone_id: str) -> str:
        z = self.zone_rows.get(zone_id)
        return str(z[f"name_{self.loc.lang}"] or z["name_en"]) if z else zone_id

    def zone_ref(self, zone_id: str) -> Ref | None:
        z = self.zone_rows.get(zone_id)
        return self.cites.add(f"{z['source_id']}:{z['locator'] or ''}") if z else None

    # ---------------------------------------------------------------- assessment
    def assessment_tables(self, view: ReportView, map_classes: dict[str, str]) -> None:
        num = self.loc.num
        links_by_pair: dict[str, list[dict[str, Any]]] = {}
        for link in self.d.links:
            links_by_pair.setdefault(str(link["pair_id"]), []).append(link)
        for p in self.d.assessment.pairs:
            i = p.inputs
            row = partial(Row, rank=p.rank, pair=self.cells(p.pair_id))  # every table's first cells
            link_sources = {
                f"{lk['source_id']}:{lk['locator']}" for lk in links_by_pair.get(p.pair_id, [])
            }
            grav_refs = self.cites.add_all(s for s in i.sources if s not in link_sources)
            view.gravity.append(
                row(
                    pop_kz=num(i.pop_kz, 0),
                    pop_ru=num(i.pop_ru, 0),
                    period=i.pop_period.replace("|", ", "),
                    distance=num(i.distance, 0),
                    gravity=num(p.gravity, 0),
                    refs=grav_refs,
                )
            )
            used = [
                lk
                for lk in links_by_pair.get(p.pair_id, [])
                if f"{lk['source_id']}:{lk['locator']}" in i.sources
            ]
            view.transport.append(
                row(
                    rail=num(p.rail_score, 0),
                    road=num(p.road_score, 0),
                    score=num(p.transport_score, 0),
                    links="; ".join(
                        str(lk[f"name_{self.loc.lang}"] or lk["name_en"]) for lk in used
                    ),
                    refs=self.cites.add_all(f"{lk['source_id']}:{lk['locator']}" for lk in used),
                )
            )
            zone_refs = [self.zone_ref(z) for z in i.kz_zones + i.ru_zones]
            view.sez.append(
                row(
                    kz_zones=", ".join(self.zone_name(z) for z in i.kz_zones) or "—",
                    ru_zones=", ".join(self.zone_name(z) for z in i.ru_zones) or "—",
                    score=num(p.sez_score, 0),
                    refs=tuple(r for r in zone_refs if r is not None),
                )
            )
            view.composite.append(
                row(
                    gravity=num(p.normalised.get("gravity", 0.0), 3),
                    transport=num(p.normalised.get("transport", 0.0), 3),
                    sez=num(p.normalised.get("sez", 0.0), 3),
                    potential=num(p.potential, 3),
                    map_class=map_classes.get(p.pair_id, ""),
                )
            )

    def sensitivity_table(self, view: ReportView) -> None:
        for p in self.d.sensitivity.pairs:
            view.sensitivity.append(
                Row(
                    pair=self.cells(str(p["pair_id"])),
                    base_rank=int(p["base_rank"]),
                    median_rank=int(p["median_rank"]),
                    mean_rank=self.loc.num(float(p["mean_rank"]), 1),
                    band=f"{p['rank_p05']}–{p['rank_p95']}",
                    prob_top=self.loc.pct(float(p["prob_top_k"]), 1),
                )
            )

    # ---------------------------------------------------------------- article
    def article_tables(self, view: ReportView) -> None:
        rep, num = self.d.reproduction, self.loc.num
        for r in rep.table2:
            view.table2.append(
                Row(
                    pair=self.cells(r["pair_id"]),
                    published=num(r["published"], 0),
                    computed=num(r["computed"], 0),
                    ratio=num(r["ratio"], 3),
                    outside=abs(r["ratio"] - 1.0) > WITHIN,
                    refs=self.cites.add_all([r["source"], *r["inputs"]]),
                )
            )
        for r in rep.table3:
            pub, comp = r["published"], r["computed"]
            view.table3.append(
                Row(
                    pair=self.cells(r["pair_id"]),
                    published=f"{num(pub['rail'], 0)} / {num(pub['road'], 0)}",
                    computed=f"{num(comp['rail'], 0)} / {num(comp['road'], 0)}",
                    agree=bool(r["agree"]),
                    explanation=explain_transport(self.loc, pub, comp),
                    refs=self.cites.add_all([r["source"]]),
                )
            )
        for r in rep.table4:
            zones = [self.zone_ref(z) for z in r["kz_zones"] + r["ru_zones"]]
            view.table4.append(
                Row(
                    pair=self.cells(r["pair_id"]),
                    published=num(r["published"], 0),
                    computed=num(r["computed"], 0),
                    agree=bool(r["agree"]),
                    explanation="" if r["agree"] else explain_sez(self.loc, r, self.zone_name),
                    refs=self.cites.add_all([r["source"], *(z for z in zones if z is not None)]),
                )
            )
        for v in rep.calibration:
            view.calibration.append(
                Row(
                    variant=self._variant(str(v["variant"])),
                    geometric_mean=num(v["geometric_mean_ratio"], 3),
                    spread=num(v["log_ratio_std"], 3),
                    worst=num(v["max_abs_log_ratio"], 3),
                    spearman=num(v["spearman"], 3),
                    within=self.loc.t("{n} of {total}", n=v["within_35pct"], total=v["pairs"]),
                    best=v["variant"] == rep.best_variant,
                )
            )
        for cf in rep.city_factors:
            view.cities.append(
                Row(
                    city=self._city(str(cf["city"])),
                    pairs=int(cf["pairs"]),
                    factor=num(cf["geometric_mean_ratio"], 3),
                )
            )

    def _city(self, english_name: str) -> str:
        """City factors come with English centre names; show the report language's name."""
        place = self.d.places.get(self.d.place_ids_by_english_name.get(english_name, ""))
        return place.name if place else english_name

    def _variant(self, name: str) -> str:
        gamma = name.rpartition("gamma=")[2]
        return (
            self.loc.t("P·P/d^γ, γ = {gamma}", gamma=self.loc.num(float(gamma))) if gamma else name
        )

    # ---------------------------------------------------------------- findings
    def audit_rows(self, view: ReportView) -> None:
        for f in self.d.audit:
            refs = [self.cites.seed_line(f.source)]  # "A:638-641" → the article's lines
            message = f.message
            m = SCALE_REF.search(message)
            if m:
                refs.append(self.cites.seed_line(m.group(1)))
                message = SCALE_REF.sub("", message)
            text, text_lang = self.names.audit_message(f.code, message)
            view.audit.append(
                Row(
                    code=f.code,
                    severity=self.loc._(SEVERITIES.get(f.severity, f.severity)),
                    severity_key=f.severity,
                    title=self.loc._(AUDIT_TITLES.get(f.code, f.code)),
                    subject=self.loc._(SUBJECTS.get(f.subject, f.subject)),
                    where=self.names.pairs_list(list(dict.fromkeys(f.pair_ids))),
                    message=text,
                    message_lang=text_lang,
                    refs=self.cites.add_all(refs),
                )
            )

    def validation_rows(self, view: ReportView) -> None:
        for f in self.d.validation.findings:
            text, text_lang = self.names.validation_message(f.code, f.message)
            if text_lang is None:
                zones = {z["zone_id"]: z[f"name_{self.loc.lang}"] for z in self.d.zones}
                text = zone_rule_words(text, self.loc, zones)
            view.validation.append(
                Row(
                    code=f.code,
                    severity=self.loc._(SEVERITIES.get(f.severity, f.severity)),
                    severity_key=f.severity,
                    title="",
                    subject="",
                    where=f.location(),
                    message=text,
                    message_lang=text_lang,
                    refs=(),
                )
            )

    # ---------------------------------------------------------------- objects
    def object_tables(self, view: ReportView) -> None:
        used = {z for p in self.d.assessment.pairs for z in p.inputs.kz_zones + p.inputs.ru_zones}
        for z in self.d.zones:
            if z["zone_id"] not in used:
                continue
            ref = self.zone_ref(str(z["zone_id"]))
            view.zones.append(
                Row(
                    name=self.zone_name(str(z["zone_id"])),
                    region=self.names.region(str(z["region_id"])),
                    kind=self.loc._(REGIMES.get(str(z["regime"]), str(z["regime"]))),
                    detail="",
                    refs=(ref,) if ref else (),
                )
            )
        for c in self.d.crossings:
            has_xy = c.get("lat") is not None and c.get("lon") is not None
            detail = (
                self.loc.t(
                    "{lat}° N, {lon}° E",
                    lat=self.loc.num(float(c["lat"]), 2),
                    lon=self.loc.num(float(c["lon"]), 2),
                )
                if has_xy
                else self.loc._("no coordinates in the sources: not drawn")
            )
            refs = [f"{c['source_id']}:{c['locator'] or ''}"]
            if has_xy and c.get("coord_source_id"):
                refs.append(str(c["coord_source_id"]))
            view.crossings.append(
                Row(
                    name=str(c.get(f"name_{self.loc.lang}") or c["name_en"]),
                    region=self.names.region(str(c["region_id"])) if c.get("region_id") else "—",
                    kind=str(c.get("side") or "—"),
                    detail=detail,
                    refs=self.cites.add_all(refs),
                )
            )

    # ---------------------------------------------------------------- SWOT
    def swot_views(self, view: ReportView) -> None:
        """The SWOT scopes with their evidence listed once (:mod:`shekara.report.swotview`)."""
        swot_views(self.d, self.loc, self.cites, view)

    # ---------------------------------------------------------------- water
    def figure_text(self, f: Any, with_unit: bool = True) -> str:
        """A water figure: "> 100 %", "75–100 %", "≈ 1,7 km³/year"; "—" when missing."""
        if f.low is None:
            return "—"
        value = (
            self.loc.num(f.low)
            if f.high is None or f.low == f.high
            else f"{self.loc.num(f.low)}–{self.loc.num(f.high)}"
        )
        unit = Formatter(self.loc.lang, self.d.unit_labels).unit(str(f.unit))
        text = BOUND_PREFIX.get(str(f.bound), "") + value
        return f"{text} {unit}" if with_unit and unit else text

    def stress_text(self, stress: Any) -> str:
        if stress is None:
            return "—"
        lo = self.loc._(STRESS_CLASSES.get(stress.low_class, stress.low_class))
        hi = self.loc._(STRESS_CLASSES.get(stress.high_class, stress.high_class))
        text = lo if lo == hi else self.loc.t("{low} to {high}", low=lo, high=hi)
        # D:607: the load is stated for the southern part of the basin only
        return self.loc.t(STRESS_SCOPED, stress=text) if getattr(stress, "scope", None) else text

    def figure_label(self, f: Any) -> str:
        name = WATER_FIGURES.get(str(f.name))
        return self.loc._(name) if name else str(f.label)

    def water_view(self, view: ReportView) -> None:
        report = self.d.water
        if report is None:
            return
        w = WaterView()
        # Basins hold different figures (the Irtysh has river-level ones): one row per
        # figure found in any basin, a dash where a basin has none.
        keys: dict[tuple[str, str], Any] = {}
        for b in report.basins:
            for f in b.figures:
                keys.setdefault((str(f.name), str(getattr(f, "scope", "") or "")), f)
        w.columns = [self.figure_label(f) for f in keys.values()]
        for b in report.basins:
            load = next((f for f in b.scenario if f.name == "economic_load_percent"), None)
            own = {(str(f.name), str(getattr(f, "scope", "") or "")): f for f in b.figures}
            w.basins.append(
                Row(
                    basin=str(b.name),
                    cells=tuple(
                        Row(text=self.figure_text(own[k]), missing=own[k].low is None)
                        if k in own
                        else Row(text="—", missing=True)
                        for k in keys
                    ),
                    stress=self.stress_text(b.stress),
                    scenario_load=self.figure_text(load) if load is not None else "—",
                    scenario_stress=self.stress_text(b.scenario_stress),
                    refs=self.cites.add_all(s for f in b.figures for s in f.sources),
                )
            )
            w.total += len(b.figures)
            w.missing += sum(1 for f in b.figures if f.low is None)
        country = report.country
        for f in (*country.figures, *country.scenario) if country is not None else ():
            w.total += 1
            w.missing += f.low is None
            w.country.append(
                Row(
                    label=self.figure_label(f),
                    value=self.figure_text(f),
                    period=str(f.period or "—"),
                    status=self.loc._(FIGURE_STATUS.get(str(f.status), str(f.status))),
                    refs=self.cites.add_all(f.sources),
                )
            )
        w.growth = self.figure_text(report.scenario.consumption_growth)
        self.cites.add_all(report.scenario.consumption_growth.sources)
        view.water = w

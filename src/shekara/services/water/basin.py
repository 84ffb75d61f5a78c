"""The balance of one basin: stated, computed and scenario figures."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace
from typing import Any

from shekara.services.water.figures import (
    BORDER_COUNTRY,
    Figure,
    _derive,
    _fmt,
    _scaled,
    _scenario_of,
    _Spec,
    _specs,
)
from shekara.services.water.results import (
    BasinBalance,
    ResolvedScenario,
    ScenarioOptions,
    stress_of,
)
from shekara.services.water.store import _Store

# --------------------------------------------------------------------------- scenario defaults
_GROWTH, _UPSTREAM_FROM, _UPSTREAM_TO = _specs("""
consumption_growth_percent | growth of water consumption                                    | percent | water_consumption_growth_projected_percent
upstream_base_km3          | China's withdrawal from the Irtysh, start of the stated growth | km3     | china_withdrawal_from_km3
upstream_withdrawal_km3    | China's withdrawal from the Irtysh, end of the stated growth   | km3     | china_withdrawal_to_km3
""")


#: The scope of a load stated for part of a basin only (D:607).
SOUTHERN_PART = "southern part of the basin"


def _resolve_scenario(store: _Store, opts: ScenarioOptions) -> ResolvedScenario:
    """The user's values, else the stated ones (growth: KZ by 2040; upstream: the Irtysh)."""

    def pick(spec: _Spec, etype: str, eid: str, user: float | None) -> Figure:
        if user is None:
            return store.figure(*spec[:3], etype, eid, spec.code, any_year=True)
        return Figure(*spec[:3], "scenario", user, user, note="set by the user")

    return ResolvedScenario(
        pick(_GROWTH, "country", BORDER_COUNTRY, opts.consumption_growth_percent),
        pick(_UPSTREAM_TO, "river", "irtysh", opts.upstream_withdrawal_km3),
        pick(_UPSTREAM_FROM, "river", "irtysh", None),
    )


def _growth_factor(sc: ResolvedScenario) -> float | None:
    g = sc.consumption_growth
    return None if g.value is None else 1.0 + g.value / 100.0


def _upstream_delta(sc: ResolvedScenario) -> Figure | None:
    u, b = sc.upstream_withdrawal, sc.upstream_base
    if u.value is None or b.value is None:
        return None
    return _derive(
        "upstream_withdrawal_increase_km3",
        "increase of the upstream withdrawal",
        "km3",
        "scenario",
        [u, b],
        u.value - b.value,
        f"U − U₀ = {_fmt(u.value)} − {_fmt(b.value)}",
    )


# --------------------------------------------------------------------------- one basin
_BASIN_INPUTS = _specs("""
resources_km3_per_year          | water resources                  | km3_per_year | water_resources_km3_per_year
inflow_km3_per_year             | transboundary inflow             | km3_per_year | water_inflow_km3_per_year
inflow_from_russia_km3_per_year | inflow from Russia               | km3_per_year | water_inflow_from_russia_km3_per_year
withdrawal_km3_per_year         | water withdrawal                 | km3_per_year | water_withdrawal_km3_per_year
deficit_km3_per_year            | water deficit                    | km3_per_year | water_deficit_km3_per_year
economic_load_percent           | economic load on water resources | percent      | water_economic_load_percent
""")

# River figures that belong to a basin's balance (the dissertation's Irtysh figures).
_RIVER_INPUTS = _specs("""
kz_canal_withdrawal_km3             | Kazakhstan's withdrawal by the Irtysh–Karaganda canal | km3          | kz_canal_withdrawal_km3
upstream_withdrawal_from_km3        | China's withdrawal, start of the stated growth        | km3          | china_withdrawal_from_km3
upstream_withdrawal_to_km3          | China's withdrawal, end of the stated growth          | km3          | china_withdrawal_to_km3
upstream_canal_planned_km3_per_year | planned withdrawal of China's Karamay canal           | km3_per_year | china_canal_withdrawal_planned_km3_per_year
downstream_deficit_km3              | deficit on the Russian section (RF border to the Ob)  | km3          | water_deficit_km3
downstream_deficit_low_water_km3    | deficit in low-water years                            | km3          | water_deficit_low_water_years_km3
""")

TIME_UNIT_NOTE = "the source gives km³ without a time unit; read as a yearly volume"


def _basin_figures(store: _Store, basin_id: str, rivers: Sequence[str]) -> list[Figure]:
    figs = [store.figure(n, lbl, u, "basin", basin_id, code) for n, lbl, u, code in _BASIN_INPUTS]
    for river in rivers:
        for n, lbl, u, code in _RIVER_INPUTS:
            f = store.figure(n, lbl, u, "river", river, code, scope=f"river {river}")
            if f.status != "missing":
                figs.append(f)
    return figs


def _find(figs: Iterable[Figure], name: str) -> Figure | None:
    return next((f for f in figs if f.name == name and f.status != "missing"), None)


def _computed_basin(figs: Sequence[Figure]) -> list[Figure]:
    out: list[Figure] = []
    w, r = _find(figs, "withdrawal_km3_per_year"), _find(figs, "resources_km3_per_year")
    if w and r and r.low and r.high:
        assert w.low is not None and w.high is not None
        out.append(
            _derive(
                "economic_load_percent",
                "economic load on water resources",
                "percent",
                "computed",
                [w, r],
                (100 * w.low / r.high, 100 * w.high / r.low),
                "100 · withdrawal / resources",
            )
        )
    frm, to = _find(figs, "upstream_withdrawal_from_km3"), _find(figs, "upstream_withdrawal_to_km3")
    if frm and to and frm.value and to.value is not None:
        out.append(
            _derive(
                "upstream_withdrawal_growth_km3",
                "growth of China's withdrawal",
                "km3",
                "computed",
                [frm, to],
                to.value - frm.value,
                f"{_fmt(to.value)} − {_fmt(frm.value)} (×{to.value / frm.value:.3g})",
                scope=to.scope,
                note=TIME_UNIT_NOTE,
            )
        )
    canal = _find(figs, "kz_canal_withdrawal_km3")
    if to and canal:
        assert canal.low is not None and canal.high is not None and to.value is not None
        out.append(
            _derive(
                "identified_upstream_withdrawals_km3",
                "withdrawals named upstream of the Russian border (China + KZ canal)",
                "km3",
                "computed",
                [to, canal],
                (to.value + canal.low, to.value + canal.high),
                "China's withdrawal (end value) + Irtysh–Karaganda canal",
                scope=to.scope,
                note=f"only the withdrawals the sources name; {TIME_UNIT_NOTE}",
            )
        )
    return out


def _scenario_basin(
    figs: Sequence[Figure], sc: ResolvedScenario, has_upstream: bool
) -> tuple[list[Figure], list[str]]:
    out: list[Figure] = []
    notes: list[str] = []
    factor = _growth_factor(sc)
    g = sc.consumption_growth
    grow = f"× (1 + {_fmt(g.value)} %)"
    if factor is None:
        notes.append("consumption-growth scenario skipped: no growth figure")
    else:
        for name, label in (
            ("withdrawal_km3_per_year", "water withdrawal"),
            ("economic_load_percent", "economic load on water resources"),
            ("kz_canal_withdrawal_km3", "withdrawal by the Irtysh–Karaganda canal"),
        ):
            base = _find(figs, name)
            if base is None:
                continue
            method = f"{base.status} {grow}; resources unchanged"
            scaled = _scaled(base, factor)
            out.append(_scenario_of(base, [base, g], scaled, method, label=label, bound=base.bound))
    delta = _upstream_delta(sc) if has_upstream else None
    if delta is not None:
        out.append(replace(delta, scope="river irtysh"))
        out.append(
            _derive(
                "inflow_change_km3",
                "change of the inflow from upstream (China)",
                "km3",
                "scenario",
                [delta],
                -(delta.low or 0.0),
                "−(U − U₀)",
                scope="river irtysh",
                note="assumes a one-to-one loss of flow entering Kazakhstan",
            )
        )
        infl = _find(figs, "inflow_km3_per_year")
        if infl:
            lo, hi = _scaled(infl, 1.0)
            loss = delta.low or 0.0
            out.append(
                _scenario_of(infl, [infl, delta], (lo - loss, hi - loss), "inflow − (U − U₀)")
            )
    ds = _find(figs, "downstream_deficit_km3")
    canal = _find(figs, "kz_canal_withdrawal_km3")
    if ds and ds.value is not None and (factor is not None or delta is not None):
        parts, inputs = [_fmt(ds.value)], [ds]
        lo = hi = ds.value
        if factor is not None and canal is not None:
            c_lo, c_hi = _scaled(canal, factor - 1.0)
            lo, hi = lo + c_lo, hi + c_hi
            parts.append(f"canal · {_fmt(g.value)} %")
            inputs += [canal, g]
        if delta is not None and delta.value is not None:
            lo, hi = lo + delta.value, hi + delta.value
            parts.append("(U − U₀)")
            inputs.append(delta)
        out.append(
            _scenario_of(
                ds,
                inputs,
                (lo, hi),
                " + ".join(parts),
                bound="at_least",
                note="extra withdrawals passed on one to one (no return flow, no regulation); only "
                "the withdrawals the sources name are grown, so the deficit is a lower bound",
            )
        )
    w, d = _find(figs, "withdrawal_km3_per_year"), _find(figs, "deficit_km3_per_year")
    if w and d and factor is not None:
        assert w.low is not None and w.high is not None and d.low is not None and d.high is not None
        up = delta.value if delta is not None and delta.value is not None else 0.0
        low = d.low + w.low * (factor - 1.0) + up
        high = d.high + w.high * (factor - 1.0) + up
        out.append(_scenario_of(d, [w, d, g], (low, high), "deficit + withdrawal · g + (U − U₀)"))
    return out, notes


def _basin_balance(
    store: _Store, basin: Mapping[str, Any], rivers: Sequence[str], sc: ResolvedScenario, lang: str
) -> BasinBalance:
    bid = str(basin["basin_id"])
    stated = _basin_figures(store, bid, rivers)
    computed = _computed_basin(stated)
    # A computed figure replaces the "missing" row of the same name (e.g. the load).
    done = {f.name for f in computed}
    figs = [f for f in stated if not (f.status == "missing" and f.name in done)] + computed
    has_upstream = _find(stated, "upstream_withdrawal_from_km3") is not None
    scenario, notes = _scenario_basin(figs, sc, has_upstream)
    if not has_upstream:
        notes.append("upstream-withdrawal scenario not applicable: no stated upstream withdrawal")
    load = _find(computed, "economic_load_percent") or _find(stated, "economic_load_percent")
    s_load = _find(scenario, "economic_load_percent")
    part = None
    for f in figs:
        if f.name == "economic_load_percent" and f.note and "southern part" in f.note:
            notes.append("the stated economic load covers only the southern part of the basin")
            part = SOUTHERN_PART
    stress = None if load is None else stress_of(load)
    s_stress = None if s_load is None else stress_of(s_load)
    return BasinBalance(
        basin_id=bid,
        name=str(basin.get(f"name_{lang}") or basin.get("name_en") or bid),
        figures=tuple(figs),
        scenario=tuple(scenario),
        stress=stress if stress is None or part is None else replace(stress, scope=part),
        scenario_stress=s_stress
        if s_stress is None or part is None
        else replace(s_stress, scope=part),
        notes=tuple(notes),
    )

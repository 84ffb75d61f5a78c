"""The balance of Kazakhstan as a whole."""

from __future__ import annotations

from dataclasses import replace

from shekara.services.water.basin import _GROWTH, _find, _upstream_delta
from shekara.services.water.figures import (
    BORDER_COUNTRY,
    Figure,
    _combine_bound,
    _derive,
    _fmt,
    _missing,
    _scenario_of,
    _specs,
)
from shekara.services.water.results import CountryBalance, ResolvedScenario
from shekara.services.water.store import _Store

# --------------------------------------------------------------------------- Kazakhstan
_COUNTRY_INPUTS = _specs("""
resources_km3                      | surface-water resources              | km3     | surface_water_resources_km3
formed_domestic_km3                | formed in Kazakhstan                 | km3     | surface_water_formed_domestic_km3
inflow_transboundary_km3           | inflow by transboundary rivers       | km3     | surface_water_inflow_transboundary_km3
inflow_transboundary_share_percent | share of the inflow in the resources | percent | surface_water_inflow_transboundary_share_percent
inflow_from_russia_km3             | inflow from Russia                   | km3     | surface_water_inflow_from_russia_km3
""")


def _ratio(
    name: str, label: str, num: Figure | None, den: Figure | None, what: str
) -> Figure | None:
    if not (num and den and num.value is not None and den.value):
        return None
    v = 100.0 * num.value / den.value
    return _derive(
        name,
        label,
        "percent",
        "computed",
        [num, den],
        v,
        f"100 · {what}",
        bound=_combine_bound(num, den),
    )


def _country_balance(store: _Store, sc: ResolvedScenario) -> CountryBalance:
    kz = BORDER_COUNTRY
    figs = [store.figure(n, lbl, u, "country", kz, code) for n, lbl, u, code in _COUNTRY_INPUTS]
    figs += [
        _missing("withdrawal_km3_per_year", "national water withdrawal", "km3_per_year"),
        _missing("economic_load_percent", "national economic load", "percent"),
    ]
    res, dom = _find(figs, "resources_km3"), _find(figs, "formed_domestic_km3")
    inf, ru = _find(figs, "inflow_transboundary_km3"), _find(figs, "inflow_from_russia_km3")
    computed: list[Figure] = []
    notes: list[str] = []
    if dom and inf and dom.value is not None and inf.value is not None:
        total = dom.value + inf.value
        computed.append(
            _derive(
                "resources_check_km3",
                "formed + inflow",
                "km3",
                "computed",
                [dom, inf],
                total,
                "formed + inflow",
            )
        )
        if res and res.value is not None and abs(total - res.value) > 0.05:
            notes.append(
                f"formed + inflow = {_fmt(total)} differs from the stated {_fmt(res.value)}"
            )
    for f in (
        _ratio(
            "inflow_share_computed_percent", "inflow / resources", inf, res, "inflow / resources"
        ),
        _ratio(
            "russia_share_of_inflow_percent",
            "inflow from Russia / transboundary inflow",
            ru,
            inf,
            "from Russia / inflow",
        ),
        _ratio(
            "russia_share_of_resources_percent",
            "inflow from Russia / resources",
            ru,
            res,
            "from Russia / resources",
        ),
    ):
        if f is not None:
            computed.append(f)
    figs += computed
    scenario: list[Figure] = []
    deficit = store.figure(
        "deficit_projected_km3_per_year",
        "projected water deficit",
        "km3_per_year",
        "country",
        kz,
        "water_deficit_projected_km3_per_year",
        any_year=True,
    )
    stated_g = store.figure(*_GROWTH[:3], "country", kz, _GROWTH.code, any_year=True)
    g = sc.consumption_growth
    scenario.append(g)
    if g.value is not None and stated_g.value is not None and g.value == stated_g.value:
        scenario.append(replace(deficit, note=(deficit.note or "") + " [stated with this growth]"))
        if res and res.value and deficit.high is not None:
            scenario.append(
                _derive(
                    "deficit_share_of_resources_percent",
                    "deficit / resources",
                    "percent",
                    "computed",
                    [deficit, res],
                    100 * deficit.high / res.value,
                    "100 · deficit / resources",
                )
            )
    else:
        scenario.append(
            _missing(
                "deficit_projected_km3_per_year",
                "projected water deficit",
                "km3_per_year",
                note="not computable for another growth: current consumption and supply are not in "
                "the knowledge base (only the stated deficit for the stated growth is)",
            )
        )
    delta = _upstream_delta(sc)
    if delta is not None and delta.value is not None:
        scenario.append(delta)
        for base in (inf, res):
            if base is not None and base.value is not None:
                scenario.append(
                    _scenario_of(
                        base,
                        [base, delta],
                        base.value - delta.value,
                        f"{_fmt(base.value)} − (U − U₀)",
                        note="one-to-one loss of the inflow from China",
                    )
                )
        s_inf, s_res = _find(scenario, "inflow_transboundary_km3"), _find(scenario, "resources_km3")
        share = _ratio(
            "inflow_share_computed_percent",
            "inflow / resources",
            s_inf,
            s_res,
            "inflow / resources",
        )
        if share is not None:
            scenario.append(replace(share, status="scenario"))
    return CountryBalance(kz, tuple(figs), tuple(scenario), tuple(notes))

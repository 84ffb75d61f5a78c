"""Water balance of Kazakhstan's four basins bordering Russia, and of Kazakhstan, with scenarios.

Every number is one of:

* **stated** — read from the knowledge base with its source (seed line or publication);
* **computed** — arithmetic on stated figures, with the formula in ``method`` and the
  sources of every input;
* **scenario** — a computed figure under the user's scenario parameters;
* **missing** — the knowledge base holds no figure; nothing is invented in its place.

Inputs per basin (entity ``basin``): ``water_resources_km3_per_year``,
``water_inflow_km3_per_year``, ``water_inflow_from_russia_km3_per_year``,
``water_withdrawal_km3_per_year``, ``water_deficit_km3_per_year`` and the economic load
``water_economic_load_percent`` (or its ``_low``/``_high`` range); per river of the basin
the Irtysh figures of the dissertation (canal withdrawal, China's withdrawal, deficit).

**Water-stress classes** (:data:`STRESS_BANDS`) are the severity bands of SDG indicator
6.4.2 in FAO & UN-Water (2021), *Progress on Level of Water Stress. Global status and
acceleration needs for SDG indicator 6.4.2*, Rome, doi:10.4060/cb6241en: no stress
below 25 %, low 25–50 %, medium 50–75 %, high 75–100 %, critical above 100 %. They are
applied here to the dissertation's *economic load* (use as % of resources, D:607); SDG
6.4.2 subtracts environmental flow requirements from the resources first, so the load
understates SDG 6.4.2 stress and the class is a lower bound.

**Scenarios**: consumption growth ``g`` (default: the stated +56 % by 2040, World Bank
via D:589) scales withdrawals and the load, resources held constant; an upstream
withdrawal ``U`` (default: the stated end value of China's Irtysh intake, 4.0 km³, D:599)
reduces the inflow by ``U − U₀`` (``U₀`` = stated start value, 1 km³) and — passed on
one to one, without return flow or regulation — raises the downstream deficit by as much.

Example:
    >>> stress_class(25.0), stress_class(74.9), stress_class(100.0), stress_class(100.5)
    ('low', 'medium', 'high', 'critical')
"""

from __future__ import annotations

from sqlalchemy.engine import Engine

from shekara.kb import query
from shekara.kb.store import read_meta
from shekara.services.water.basin import TIME_UNIT_NOTE, _basin_balance, _resolve_scenario
from shekara.services.water.country import _country_balance
from shekara.services.water.figures import (
    BORDER_COUNTRY,
    STRESS_BANDS,
    STRESS_ORDER,
    STRESS_SOURCE,
    Bound,
    Figure,
    FigureStatus,
    StressClass,
    WaterBalanceError,
    stress_class,
)
from shekara.services.water.results import (
    BasinBalance,
    CountryBalance,
    ResolvedScenario,
    ScenarioOptions,
    Stress,
    WaterBalanceReport,
    stress_of,
)
from shekara.services.water.store import _Store


# --------------------------------------------------------------------------- entry point
def water_balance(
    engine: Engine,
    *,
    basin_id: str | None = None,
    year: int | None = None,
    scenario: ScenarioOptions | None = None,
    lang: str = "en",
    include_country: bool = True,
) -> WaterBalanceReport:
    """Balance of every basin bordering Russia (or one), and of Kazakhstan, with the scenario.

    ``year`` selects, per figure, the value in force in that year (the latest whose period
    starts by its end); projections (growth by 2040, China's withdrawal growth) are scenario
    inputs and taken whatever the year.
    """
    if year is not None and not 1900 <= year <= 2100:
        raise WaterBalanceError(f"year {year} outside 1900-2100")
    opts = (scenario or ScenarioOptions()).checked()
    store = _Store(engine, year)
    basins = [b for b in query.table_rows(engine, "basins") if b.get("borders_russia")]
    known = [str(b["basin_id"]) for b in basins]
    if basin_id is not None and basin_id not in known:
        raise WaterBalanceError(f"unknown basin {basin_id!r}; basins bordering Russia: {known}")
    rivers = query.table_rows(engine, "rivers")
    sc = _resolve_scenario(store, opts)
    out = [
        _basin_balance(
            store,
            b,
            sorted(str(r["river_id"]) for r in rivers if r.get("basin_id") == b["basin_id"]),
            sc,
            lang,
        )
        for b in basins
        if basin_id is None or b["basin_id"] == basin_id
    ]
    country = _country_balance(store, sc) if include_country else None
    notes = (
        "per-basin resources, inflow and withdrawal are not in the knowledge base: the "
        "dissertation states them for Kazakhstan as a whole (D:588), not per basin",
    )
    return WaterBalanceReport(
        year, sc, tuple(out), country, read_meta(engine).get("data_checksum", ""), notes
    )


__all__ = [
    "BORDER_COUNTRY",
    "STRESS_BANDS",
    "STRESS_ORDER",
    "STRESS_SOURCE",
    "TIME_UNIT_NOTE",
    "BasinBalance",
    "Bound",
    "CountryBalance",
    "Figure",
    "FigureStatus",
    "ResolvedScenario",
    "ScenarioOptions",
    "Stress",
    "StressClass",
    "WaterBalanceError",
    "WaterBalanceReport",
    "stress_class",
    "stress_of",
    "water_balance",
]

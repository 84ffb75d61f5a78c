"""The report's population chapter: backtests, the comparison with WPP 2022, North Kazakhstan.

:func:`collect_population` calls the population services once (in ``collect``);
:func:`population_view` turns the results into localised rows and registers the
citations (WPP 2022 table ids, dissertation lines) with the report's bibliography.
The chapter is the partial ``templates/population.html.j2``. Texts come from the
``population`` gettext domain, numbers from Babel.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.engine import Engine

from shekara.report.citations import Citations, Ref
from shekara.services.population import present
from shekara.services.population.national import backtest, compare
from shekara.services.population.regional import region_path
from shekara.services.population.results import Backtest, Comparison, RegionPath
from shekara.services.population.series import PopulationError, StoredValue


@dataclass(frozen=True)
class PopulationResults:
    backtests: list[Backtest]
    compare: Comparison
    region: RegionPath


@dataclass(frozen=True)
class PopulationView:
    """What the partial shows: localised tables, notes and their references."""

    backtests: list[str]
    backtest_refs: tuple[Ref, ...]
    compare_rows: list[dict[str, str]]
    compare_note: str
    compare_refs: tuple[Ref, ...]
    region_rows: list[dict[str, str]]
    region_note: str
    region_refs: tuple[Ref, ...]
    texts: dict[str, str]


def collect_population(engine: Engine) -> PopulationResults | None:
    """The chapter's results, or ``None`` when the store has no WPP data (chapter left out)."""
    try:
        return PopulationResults(
            [backtest(engine, e, 2011, 2021) for e in ("KAZ", "RUS")],
            compare(engine, "KAZ", 2020, 2050),
            region_path(engine, "KZ-59", 2050),
        )
    except PopulationError:
        return None


def _refs(cites: Citations, sources: list[StoredValue]) -> tuple[Ref, ...]:
    return cites.add_all(Ref(s.source_id, s.locator or "") for s in sources)


def population_view(res: PopulationResults, cites: Citations, lang: str) -> PopulationView:
    # The population domain's translator (not the report's: its messages live in population.po).
    tr = present._t(lang)
    wpp = Ref("un-wpp2022", "")
    region_rows = [
        r
        for i, r in enumerate(present.region_rows(res.region, lang))
        if i == 0 or r[tr("Published")] != "—" or r[tr("Year")].endswith("0")
    ]
    return PopulationView(
        backtests=[present.backtest_summary(b, lang) for b in res.backtests],
        backtest_refs=(cites.add(wpp),),
        compare_rows=present.compare_rows(res.compare, lang),
        compare_note=present.compare_explanation(res.compare, lang),
        compare_refs=(cites.add(wpp),),
        region_rows=region_rows,
        region_note=present.region_explanation(res.region, lang),
        region_refs=_refs(cites, res.region.published + res.region.inputs),
        texts={
            "intro": tr(
                "Population by five-year age group comes from the UN World Population Prospects "
                "2022 (estimates to 2021, medium variant after). Projections use the "
                "Hamilton–Perry method: cohort-change ratios and child–adult ratios of a past "
                "window, applied in five-year steps; the band is the 5–95 % spread of 1 000 "
                "seeded paths resampling the historical ratios."
            ),
            "backtest": tr("Backtest 2011 → 2021"),
            "compare": tr("Our projection and WPP 2022 to 2050, thousand persons"),
            "region": tr("North Kazakhstan Region: published projection and constant-rate paths"),
        },
    )

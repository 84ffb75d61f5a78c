"""Localised tables and explanations of the population results (domain ``population``).

The services return typed results (:mod:`shekara.services.population.results`) whose
JSON has English keys (a machine format); this module turns them into rows whose headers, labels and numbers are in the
reader's language (kk, ru, en), numbers formatted with Babel. Used by the CLI's
table and CSV output, the dashboard page and the report section.

Example:
    >>> _t("en")("Year")
    'Year'
    >>> _t("kk")("Year")
    'Жыл'
"""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy.engine import Engine

from shekara.i18n import fmt_number, translator
from shekara.kb import query
from shekara.services.population.results import (
    Backtest,
    CohortRun,
    Comparison,
    CountryProjectionView,
    RegionPath,
)
from shekara.services.population.series import AgeDistribution, CountryTotals, RegionSeries

DOMAIN = "population"


def _t(lang: str) -> Callable[[str], str]:
    return translator(lang, DOMAIN)


def num(value: float | None, lang: str, decimals: int = 1) -> str:
    """A number in *lang*'s conventions; an em dash for a missing value."""
    return "—" if value is None else fmt_number(value, lang, decimals=decimals)


def yes_no(ok: bool, lang: str) -> str:
    _ = _t(lang)
    return _("met") if ok else _("not met")


def variant_label(variant: str, lang: str) -> str:
    """``estimates`` / ``medium`` in *lang*."""
    _ = _t(lang)
    return _("estimate") if variant == "estimates" else _("medium variant")


def indicator_names(engine: Engine, lang: str) -> dict[str, str]:
    """Indicator id -> its name in *lang* (from the catalogue of indicators)."""
    return {
        str(r["indicator"]): str(r[f"name_{lang}"])
        for r in query.table_rows(engine, "indicator_defs")
    }


def source_label(source_id: str, locator: str | None, lang: str) -> str:
    """A reader's label of a source: the seed documents by name and line, else the id.

    >>> source_label("seed-d", "003_fdba4c7b7a2b31c7.txt:317", "en")
    'dissertation, line 317'
    """
    _ = _t(lang)
    lines = ", ".join(part.rsplit(":", 1)[-1] for part in (locator or "").split(";") if ":" in part)
    if source_id == "seed-d":
        return _("dissertation, line %(lines)s") % {"lines": lines}
    if source_id == "seed-a":
        return _("article, line %(lines)s") % {"lines": lines}
    return source_id


def backtest_rows(r: Backtest, lang: str) -> list[dict[str, str]]:
    _ = _t(lang)
    rows = [
        {
            _("Age group"): a.age,
            _("Projected"): num(a.projected, lang),
            _("WPP 2022"): num(a.reference, lang, 0),
            _("Error, %"): num(a.error_percent, lang),
        }
        for a in r.by_age
    ]
    rows.append(
        {
            _("Age group"): _("Total"),
            _("Projected"): num(r.total_projected, lang),
            _("WPP 2022"): num(r.total_reference, lang, 0),
            _("Error, %"): num(r.total_error_percent, lang, 2),
        }
    )
    return rows


def backtest_summary(r: Backtest, lang: str) -> str:
    _ = _t(lang)
    return _(
        "%(entity)s: Hamilton–Perry projection from %(base)s to %(target)s with the ratios of "
        "%(w0)s–%(w1)s, compared with WPP 2022 (thousand persons). Total error %(total)s %% "
        "(goal ±%(gt)s %%: %(tm)s); mean absolute percentage error over %(groups)s age groups "
        "%(mape)s %% (goal %(gm)s %%: %(mm)s)."
    ) % {
        "entity": entity_name(r.entity, lang),
        "base": r.base,
        "target": r.target,
        "w0": r.ratio_window[0],
        "w1": r.ratio_window[1],
        "total": num(r.total_error_percent, lang, 2),
        "gt": num(r.goals.total_error_percent, lang, 0),
        "tm": yes_no(r.goals_met.total, lang),
        "groups": r.groups_used,
        "mape": num(r.mape_percent, lang, 2),
        "gm": num(r.goals.mape_percent, lang, 0),
        "mm": yes_no(r.goals_met.mape, lang),
    }


def entity_name(entity: str, lang: str) -> str:
    """Country or region name in *lang* (codes never reach a kk/ru reader)."""
    _ = _t(lang)
    names = {"KAZ": _("Kazakhstan"), "RUS": _("Russia"), "KZ-59": _("North Kazakhstan Region")}
    return names.get(entity, entity)


def compare_rows(r: Comparison, lang: str) -> list[dict[str, str]]:
    _ = _t(lang)
    return [
        {
            _("Year"): str(row.year),
            _("Constant ratios"): num(row.ours_constant, lang),
            _("Trended ratios"): num(row.ours_trended, lang),
            _("5 %"): num(row.band_5, lang),
            _("95 %"): num(row.band_95, lang),
            _("WPP 2022"): num(row.wpp, lang, 0),
            _("Difference, %"): num(row.difference_percent, lang, 2),
            _("TFR (WPP)"): num(row.tfr_wpp, lang, 2),
        }
        for row in r.rows
    ]


def compare_explanation(r: Comparison, lang: str) -> str:
    _ = _t(lang)
    last = r.rows[-1]
    return _(
        "Our projection holds the cohort-change and child–adult ratios of %(w0)s–%(w1)s "
        "constant; WPP 2022's medium variant makes its own assumptions on fertility, "
        "mortality and migration (its fertility rates give a total fertility rate of "
        "%(tfr0)s in %(base)s and %(tfr1)s in %(end)s). Of the difference of %(diff)s "
        "thousand in %(end)s, %(born)s thousand are people born after %(base)s (births) "
        "and %(alive)s thousand people already alive in %(base)s (survival and migration)."
    ) % {
        "w0": r.ratio_window[0],
        "w1": r.ratio_window[1],
        "tfr0": num(r.tfr_base, lang, 2),
        "tfr1": num(last.tfr_wpp, lang, 2),
        "base": r.base,
        "end": last.year,
        "diff": num(last.ours_constant - last.wpp, lang),
        "born": num(last.difference_born_after_base, lang),
        "alive": num(last.difference_alive_at_base, lang),
    }


def totals_rows(r: CountryTotals, lang: str) -> list[dict[str, str]]:
    """A year a row: the population, the WPP variant and the total fertility rate."""
    _ = _t(lang)
    return [
        {
            _("Year"): str(row.year),
            _("Population, thousand"): num(row.total, lang, 0),
            _("Variant"): variant_label(row.variant, lang),
            _("TFR"): num(row.tfr, lang, 2),
        }
        for row in r.rows
    ]


def distribution_rows(r: AgeDistribution, lang: str) -> list[dict[str, str]]:
    """An age group a row (thousands)."""
    _ = _t(lang)
    return [
        {_("Age group"): a, _("Population, thousand"): num(v, lang, 0)}
        for a, v in zip(r.ages, r.values, strict=True)
    ]


def region_series_rows(r: RegionSeries, lang: str, names: dict[str, str]) -> list[dict[str, str]]:
    """A stored figure a row: indicator (named by *names*), period, value and its source."""
    _ = _t(lang)
    return [
        {
            _("Indicator"): names.get(v.indicator, v.indicator),
            _("Period"): v.period,
            _("Value"): num(v.value, lang),
            _("Source"): source_label(v.source_id, v.locator, lang),
        }
        for v in r.values
    ]


def region_rows(r: RegionPath, lang: str) -> list[dict[str, str]]:
    _ = _t(lang)
    labels = {
        "constant_rate_2030": _("Constant rate (matched to 2030)"),
        "constant_loss_2024": _("Constant loss (2024)"),
        "constant_rate": _("Constant rate"),
    }
    out = []
    for row in r.rows:
        line = {_("Year"): str(row.year), _("Published"): num(row.published, lang)}
        for name, value in row.paths.items():
            line[labels[name]] = num(value, lang)
            if row.gaps is not None:
                line[_("Gap") + ": " + labels[name]] = num(row.gaps[name], lang)
        out.append(line)
    return out


def region_explanation(r: RegionPath, lang: str) -> str:
    _ = _t(lang)
    if r.method != "published-anchor":
        return _(
            "Constant annual rate of the last two population values (%(rate)s %%); "
            "a component projection needs the region's age structure."
        ) % {"rate": num(r.annual_rate_percent, lang, 3)}
    rates = "; ".join(
        f"{s.from_}–{s.to}: {num(s.rate_percent, lang, 2)} %"
        for s in r.published_rates_percent or ()
    )
    return _(
        "The published projection assumes the %(base_year)s fertility and mortality and "
        "migration at the average of the previous five years, applied to the region's age "
        "structure. Its implied %(base_year)s base is %(base)s thousand. A constant rate "
        "(%(rate)s %% a year) matches %(first)s only by construction and does not reproduce "
        "%(others)s: the published decline speeds up (%(rates)s) as the population ages. "
        "Reproducing it needs the %(base_year)s population by age and sex and the age-specific "
        "fertility, mortality and migration of the region."
    ) % {
        "base_year": r.base_year,
        "base": num(r.base, lang),
        "rate": num(r.annual_rate_percent, lang, 3),
        "first": ", ".join(r.reproduces),
        "others": ", ".join(r.cannot_reproduce),
        "rates": rates,
    }


def projection_rows(r: CountryProjectionView, lang: str) -> list[dict[str, str]]:
    _ = _t(lang)
    return [
        {
            _("Year"): str(y),
            _("Constant ratios"): num(r.total["constant"][i], lang),
            _("Trended ratios"): num(r.total["trended"][i], lang),
            _("5 %"): num(r.band[0][i], lang),
            _("Median"): num(r.band[1][i], lang),
            _("95 %"): num(r.band[2][i], lang),
        }
        for i, y in enumerate(r.years)
    ]


def cohort_rows(r: CohortRun, lang: str) -> list[dict[str, str]]:
    """Steps of a cohort-component run (population, births, deaths, migration), then the
    published figures with the interpolated projection and the gap."""
    _ = _t(lang)
    pub = {p.year: p for p in r.published}
    rows = [
        {
            _("Year"): str(row.year),
            _("Population"): num(row.population, lang, 0),
            _("Births"): num(getattr(row, "births", None), lang, 0),
            _("Deaths"): num(getattr(row, "deaths", None), lang, 0),
            _("Net migration"): num(getattr(row, "migration", None), lang, 0),
            _("Published"): "",
            _("Gap"): "",
        }
        for row in r.rows
    ]
    for year, p in sorted(pub.items()):
        rows.append(
            {
                _("Year"): str(year),
                _("Population"): num(p.projected, lang, 0),
                _("Births"): "",
                _("Deaths"): "",
                _("Net migration"): _("Published")
                + ": "
                + num(p.published, lang, 0)
                + "; "
                + _("Gap")
                + ": "
                + num(p.gap, lang, 0),
            }
        )
    return rows

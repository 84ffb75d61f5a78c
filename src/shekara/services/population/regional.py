"""Border-region paths from whatever the knowledge base holds, with the gap to published ones.

For North Kazakhstan (KZ-59) the dissertation gives a projection (D:317-318: 475.9
thousand in 2030, 397.1 in 2040, 328 in 2050, and the change against 2018, so the
2018 base is implied: 475.9 + 80.6 = 556.5 thousand). It was made with 2018
fertility and mortality by age and migration at the last five years' average — a
cohort-component projection on the 2018 age structure, which the knowledge base
does not hold. What can be done with the inputs we have:

* ``constant_rate_2030`` — the constant annual rate that joins the implied 2018 base to
  the 2030 figure. It matches 2030 **by construction** and is not a reproduction: it
  cannot follow the faster decline after 2030 that an ageing age structure produces.
* ``constant_loss_2024`` — the base minus the 2024 decrease (D:316: 6 541 persons) each
  year: the latest observed loss held constant.

Regions with two or more ``population`` values (e.g. imported from a statistics
office's table) get a constant-rate path from the last two instead.

Example (needs a built store):
    >>> r = region_path(engine, "KZ-59")  # doctest: +SKIP
    >>> r.paths["constant_rate_2030"][12]  # doctest: +SKIP
    475.9
"""

from __future__ import annotations

from sqlalchemy.engine import Engine

from shekara.kb import query
from shekara.services.population.results import ImpliedBase, PathYear, RegionPath, SegmentRate
from shekara.services.population.series import PopulationError, StoredValue

UNTIL = 2050


def _values(engine: Engine, region: str, indicator: str) -> list[query.IndicatorValue]:
    return query.indicator_values(
        engine, query.ValueFilter(indicator=indicator, entity_type="region", entity_id=region)
    )


def region_path(engine: Engine, region: str, until: int = UNTIL) -> RegionPath:
    """Annual paths for *region* and, where published, the figure and the gap per year."""
    region = region.strip().upper()
    if not any(r.region_id == region for r in query.regions(engine, as_of=2024)):
        raise PopulationError("POP110", f"unknown region {region!r} (see 'shekara regions list')")
    projected = {int(v.period): v for v in _values(engine, region, "population_projected_thousand")}
    changes = {v.period: v for v in _values(engine, region, "population_projected_change_thousand")}
    observed = sorted(_values(engine, region, "population"), key=lambda v: v.period)
    if projected and changes:
        return _from_published(engine, region, projected, changes, until)
    if len(observed) >= 2:
        return _from_observed(region, observed, until)
    raise PopulationError(
        "POP111",
        f"{region}: the knowledge base has no population level to project from "
        "(no 'population' series and no published projection); import a statistics "
        "office's table first (docs/population.md, 'Regional tables')",
    )


def _from_published(
    engine: Engine,
    region: str,
    projected: dict[int, query.IndicatorValue],
    changes: dict[str, query.IndicatorValue],
    until: int,
) -> RegionPath:
    # Base implied by each (level, change vs base) pair; the first anchors the paths.
    implied: list[ImpliedBase] = []
    for year, v in sorted(projected.items()):
        for period, c in changes.items():
            start, _, end = period.partition("/")
            if end == str(year):
                implied.append(ImpliedBase(int(start), year, round(v.value - c.value, 1)))
    if not implied:
        raise PopulationError(
            "POP112", f"{region}: no change figure to imply the projection's base"
        )
    base_year, first_year, base = implied[0].base_year, implied[0].year, implied[0].base
    rate = (projected[first_year].value / base) ** (1 / (first_year - base_year)) - 1
    decrease = [v for v in _values(engine, region, "population_decrease_persons")]
    years = list(range(base_year, until + 1))
    paths: dict[str, list[float]] = {
        "constant_rate_2030": [round(base * (1 + rate) ** (y - base_year), 1) for y in years]
    }
    assumptions = {
        "constant_rate_2030": f"constant annual rate {rate * 100:.3f} % joining the implied "
        f"{base_year} base {base:.1f} to the published {first_year} figure (matches "
        f"{first_year} by construction)"
    }
    if decrease:
        loss = decrease[-1].value / 1000
        paths["constant_loss_2024"] = [round(base - loss * (y - base_year), 1) for y in years]
        assumptions["constant_loss_2024"] = (
            f"the {decrease[-1].period} decrease of {decrease[-1].value:.0f} persons held "
            f"constant each year from the implied {base_year} base"
        )
    rows = []
    for i, y in enumerate(years):
        pub = projected.get(y)
        rows.append(PathYear(
            y, None if pub is None else pub.value, {name: path[i] for name, path in paths.items()},
            {name: None if pub is None else round(path[i] - pub.value, 1)
             for name, path in paths.items()},
        ))  # fmt: skip
    return RegionPath(
        region,
        "thousand_persons",
        "published-anchor",
        base_year,
        base,
        implied,
        round(rate * 100, 3),
        _segment_rates(base_year, base, projected),
        assumptions,
        paths,
        rows,
        [StoredValue.of(v) for v in [*projected.values(), *changes.values()]],
        [StoredValue.of(v) for v in decrease],
        sorted(str(y) for y in projected if y == first_year),
        sorted(str(y) for y in projected if y != first_year),
    )


def _segment_rates(
    base_year: int, base: float, projected: dict[int, query.IndicatorValue]
) -> list[SegmentRate]:
    """Average annual rate of each published segment (shows the decline speeding up)."""
    out, y0, p0 = [], base_year, base
    for y, v in sorted(projected.items()):
        out.append(SegmentRate(y0, y, round(((v.value / p0) ** (1 / (y - y0)) - 1) * 100, 3)))
        y0, p0 = y, v.value
    return out


def _from_observed(region: str, observed: list[query.IndicatorValue], until: int) -> RegionPath:
    a, b = observed[-2], observed[-1]
    ya, yb = int(a.period[:4]), int(b.period[:4])
    if yb <= ya or a.value <= 0:
        raise PopulationError("POP113", f"{region}: the last two population values are not usable")
    rate = (b.value / a.value) ** (1 / (yb - ya)) - 1
    years = list(range(yb, until + 1))
    path = [round(b.value * (1 + rate) ** (y - yb) / 1000, 1) for y in years]
    return RegionPath(
        region,
        "thousand_persons",
        "constant-rate",
        yb,
        round(b.value / 1000, 1),
        None,
        round(rate * 100, 3),
        None,
        {
            "constant_rate": f"annual rate of {a.period}-{b.period} ({rate * 100:.3f} %) held constant"
        },
        {"constant_rate": path},
        [PathYear(y, None, {"constant_rate": p}) for y, p in zip(years, path, strict=True)],
        [],
        [StoredValue.of(a), StoredValue.of(b)],
        [],
        [],
    )

"""The full cohort-component method on inputs a user supplies (JSON file).

The WPP tables shipped have no split by sex, survival or migration, so this method
runs on a user's own inputs — e.g. a statistics office's 2018 age structure of North
Kazakhstan with its age-specific rates, which is what reproducing D:317-318 needs.

File format (every list has 21 values: age groups 0-4 … 95-99, 100+; persons)::

    {
      "entity": "KZ-59",                 # optional: compare with published figures
      "base_year": 2018,
      "steps": 7,                        # five-year steps
      "timing": "end",                   # or "mid" (see cohort_component)
      "population": {"male": [...], "female": [...]},
      "survival": {"male": [...], "female": [...]},      # 5-year survival ratios
      "fertility": [...],                # births per woman per year, by age group
      "birth_survival": [0.99, 0.99],    # male, female
      "female_birth_share": 0.487,
      "migration": {"male": [...], "female": [...]}      # net migrants per step
    }

Every input is reported back as an assumption of the run; nothing is read from the
knowledge base except the published figures to compare with.

Example:
    >>> parse_inputs({"base_year": 2018})  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    shekara.services.population.series.PopulationError: POP140: inputs: 'steps' is missing
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from sqlalchemy.engine import Engine

from shekara.kb import query
from shekara.methods.arrays import Array
from shekara.methods.demography.ages import N_GROUPS, STEP_YEARS
from shekara.methods.demography.cohort_component import CohortRates, Timing, project_cohort
from shekara.methods.demography.errors import DemographyError
from shekara.services.population.results import (
    CohortRun,
    CohortStart,
    CohortStep,
    FinalBySex,
    PublishedGap,
)
from shekara.services.population.series import PopulationError
from shekara.syntax import where_invalid


@dataclass(frozen=True)
class CohortInputs:
    entity: str | None
    base_year: int
    steps: int
    timing: Timing
    population: Array  # (2, 21)
    rates: CohortRates
    migration: Array  # (2, 21) per step


def _need(d: dict[str, Any], key: str, where: str = "inputs") -> Any:
    if key not in d:
        raise PopulationError("POP140", f"{where}: {key!r} is missing")
    return d[key]


def _groups(value: Any, where: str) -> Array:
    try:
        arr = np.asarray(value, dtype=np.float64)
    except (TypeError, ValueError):
        raise PopulationError("POP141", f"{where}: numbers expected") from None
    if arr.shape != (N_GROUPS,):
        raise PopulationError("POP141", f"{where}: {N_GROUPS} values expected (0-4 … 100+)")
    return arr


def _by_sex(d: dict[str, Any], key: str) -> Array:
    part = _need(d, key)
    if not isinstance(part, dict):
        raise PopulationError("POP141", f"{key}: an object with 'male' and 'female' expected")
    return np.stack([_groups(_need(part, s, key), f"{key}.{s}") for s in ("male", "female")])


def parse_inputs(d: dict[str, Any]) -> CohortInputs:
    """Check and convert the decoded JSON (clear ``POP14x`` errors naming the field)."""
    base_year, steps = _need(d, "base_year"), _need(d, "steps")
    if not isinstance(base_year, int) or not isinstance(steps, int) or not 1 <= steps <= 30:
        raise PopulationError("POP141", "base_year must be a year and steps 1-30")
    timing = d.get("timing", "end")
    if timing not in ("end", "mid"):
        raise PopulationError("POP141", "timing: 'end' or 'mid'")
    sb = np.asarray(_need(d, "birth_survival"), dtype=np.float64)
    rates = CohortRates(
        _by_sex(d, "survival"),
        _groups(_need(d, "fertility"), "fertility"),
        sb,
        float(_need(d, "female_birth_share")),
    )
    return CohortInputs(
        d.get("entity"),
        base_year,
        steps,
        timing,
        _by_sex(d, "population"),
        rates,
        _by_sex(d, "migration"),
    )


def read_inputs(path: Path) -> CohortInputs:
    try:
        decoded = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise PopulationError("POP140", f"{path}: {exc.strerror}") from None
    except json.JSONDecodeError as exc:
        raise PopulationError("POP140", f"{path}: {where_invalid(exc)}") from None
    except UnicodeDecodeError as exc:
        raise PopulationError("POP140", f"{path}: not JSON ({exc})") from None
    if not isinstance(decoded, dict):
        raise PopulationError("POP140", f"{path}: a JSON object expected")
    return parse_inputs(decoded)


def run_cohort(engine: Engine | None, inputs: CohortInputs) -> CohortRun:
    """Project, with births, deaths, migration and the balance residual of every step."""
    try:
        steps = project_cohort(
            inputs.population,
            inputs.rates,
            np.repeat(inputs.migration[None], inputs.steps, axis=0),
            inputs.steps,
            inputs.timing,
        )
    except DemographyError as exc:
        raise PopulationError("POP142", str(exc)) from None
    published: dict[int, float] = {}
    if engine is not None and inputs.entity:
        for v in query.indicator_values(
            engine,
            query.ValueFilter(indicator="population_projected_thousand", entity_id=inputs.entity),
        ):
            published[int(v.period)] = v.value * 1000
    rows: list[CohortStep | CohortStart] = [
        CohortStart(inputs.base_year, float(inputs.population.sum()))
    ]
    prev = inputs.population
    for i, s in enumerate(steps, start=1):
        year = inputs.base_year + STEP_YEARS * i
        total = float(s.population.sum())
        rows.append(
            CohortStep(
                year,
                total,
                s.births,
                s.deaths,
                s.migration,
                s.balance_residual(prev),
                published.get(year),
                None if year not in published else total - published[year],
            )
        )
        prev = s.population
    return CohortRun(
        inputs.entity,
        "cohort-component",
        "persons",
        inputs.timing,
        "user-supplied survival, fertility and migration, constant over the steps",
        rows,
        _compare(rows, published),
        FinalBySex(
            [float(x) for x in steps[-1].population[0]],
            [float(x) for x in steps[-1].population[1]],
        ),
    )


def _compare(
    rows: list[CohortStep | CohortStart], published: dict[int, float]
) -> list[PublishedGap]:
    """Published figures within the span beside the projection, interpolated geometrically
    between the five-year steps that bracket the year (steps rarely fall on 2030, 2040 …)."""
    years = [r.year for r in rows]
    pops = [r.population for r in rows]
    out = []
    for year, value in sorted(published.items()):
        if not years[0] <= year <= years[-1]:
            continue
        k = max(i for i, y in enumerate(years) if y <= year)
        if years[k] == year or pops[k] <= 0:
            ours = pops[k]
        else:
            frac = (year - years[k]) / (years[k + 1] - years[k])
            ours = pops[k] * (pops[k + 1] / pops[k]) ** frac
        out.append(PublishedGap(year, value, ours, ours - value))
    return out

"""Full cohort-component projection by five-year age group and sex.

One step moves a population five years on with explicit components:

* **survival** ``S[s, i]`` — share of sex *s*, group *i* at ``t`` alive (in group ``i+1``)
  at ``t+5``; the open group keeps its survivors and receives those of the group below;
* **fertility** ``F[i]`` — births per woman per year in group *i*; births over the step
  are ``B = 5 · Σ F_i · (W_i(t) + W_i(t+5)) / 2`` with ``W`` the women of the group at
  the start and after survival (the usual mid-period exposure); a share ``female_birth_share``
  are girls; ``birth_survival[s]`` of the births are alive in group 0-4 at ``t+5``;
* **net migration** ``M[s, i]`` — counts per step by sex and the age group at the step's
  end. Timing convention: ``"end"`` adds all migrants at the step's end (they neither
  die nor bear children within it); ``"mid"`` adds half at the start (they are exposed
  to survival and fertility, and are counted one group younger) and half at the end.

Every step reports its components, and the balancing equation
``P(t+5) = P(t) + B − D + M`` holds to floating-point rounding (tested as a property).

Example (hand-checked in ``tests/population/test_cohort_component.py``):
    >>> import numpy as np
    >>> p = np.zeros((2, 21)); p[1, 5] = 1000.0          # 1 000 women aged 25-29
    >>> f = np.zeros(21); f[5] = 0.1; f[6] = 0.1         # 0.1 births per woman-year
    >>> s = np.full((2, 21), 0.9)
    >>> rates = CohortRates(s, f, np.array([0.95, 0.95]), 0.5)
    >>> step = cohort_step(p, rates, np.zeros((2, 21)))
    >>> round(step.births, 6), round(step.deaths, 6)
    (475.0, 123.75)
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np

from shekara.methods.arrays import Array
from shekara.methods.demography.ages import N_GROUPS, STEP_YEARS
from shekara.methods.demography.errors import DemographyError

Timing = Literal["end", "mid"]
MALE, FEMALE = 0, 1


@dataclass(frozen=True)
class CohortRates:
    """Rates for one step (constant-rate projections reuse the same object)."""

    survival: Array  # (2, 21)
    fertility: Array  # (21,) births per woman per year
    birth_survival: Array  # (2,)
    female_birth_share: float

    def check(self) -> None:
        """Raise :class:`DemographyError` on rates outside their ranges."""
        s, f = np.asarray(self.survival), np.asarray(self.fertility)
        if s.shape != (2, N_GROUPS) or f.shape != (N_GROUPS,):
            raise DemographyError("DEM010", "survival needs shape (2, 21) and fertility (21,)")
        if np.any(~np.isfinite(s)) or np.any((s < 0) | (s > 1)):
            raise DemographyError("DEM011", "survival ratios must lie in [0, 1]")
        if np.any(~np.isfinite(f)) or np.any(f < 0):
            raise DemographyError("DEM012", "fertility rates must be finite and >= 0")
        sb = np.asarray(self.birth_survival)
        if sb.shape != (2,) or np.any((sb < 0) | (sb > 1)):
            raise DemographyError("DEM011", "birth survival needs two values in [0, 1]")
        if not 0 <= self.female_birth_share <= 1:
            raise DemographyError("DEM013", "female share of births must lie in [0, 1]")


@dataclass(frozen=True)
class Step:
    """One projection step: the new population and its components (persons)."""

    population: Array  # (2, 21) at t+5
    births: float
    deaths: float
    migration: float

    def balance_residual(self, previous: Array) -> float:
        """``P(t+5) − (P(t) + B − D + M)``; zero up to rounding."""
        return float(
            self.population.sum() - (previous.sum() + self.births - self.deaths + self.migration)
        )


def _survive(p: Array, s: Array) -> Array:
    out = np.zeros_like(p)
    out[:, 1:] = p[:, :-1] * s[:, :-1]
    out[:, -1] += p[:, -1] * s[:, -1]
    return out


def cohort_step(
    population: Array, rates: CohortRates, migration: Array, timing: Timing = "end"
) -> Step:
    """Advance *population* (shape (2, 21): male, female) by one five-year step."""
    rates.check()
    p = np.asarray(population, dtype=np.float64)
    m = np.asarray(migration, dtype=np.float64)
    if p.shape != (2, N_GROUPS) or m.shape != (2, N_GROUPS):
        raise DemographyError("DEM014", "population and migration need shape (2, 21)")
    if np.any(~np.isfinite(p)) or np.any(p < 0) or np.any(~np.isfinite(m)):
        raise DemographyError("DEM002", "population must be finite and >= 0, migration finite")
    if timing not in ("end", "mid"):
        raise DemographyError("DEM015", f"timing must be 'end' or 'mid', got {timing!r}")
    if timing == "mid":
        # Half arrive at the start, one group younger than at the step's end.
        # Half arrive at the start, one group younger than at the step's end;
        # children born within the step (end group 0-4) can only arrive at the end.
        early = np.zeros_like(m)
        early[:, :-1] = m[:, 1:] / 2
        late = m.copy()
        late[:, 1:] -= m[:, 1:] / 2
    else:
        early, late = np.zeros_like(m), m
    start = p + early
    if np.any(start < 0):
        raise DemographyError("DEM016", "net emigration exceeds the population of an age group")
    survived = _survive(start, rates.survival)
    women = (start[FEMALE] + survived[FEMALE]) / 2
    births = STEP_YEARS * float(np.dot(rates.fertility, women))
    girls = births * rates.female_birth_share
    by_sex = np.array([births - girls, girls])
    new = survived.copy()
    new[:, 0] = by_sex * rates.birth_survival
    deaths = float((start * (1 - rates.survival)).sum())
    deaths += float((by_sex * (1 - rates.birth_survival)).sum())
    new = new + late
    if np.any(new < 0):
        raise DemographyError("DEM016", "net emigration exceeds the population of an age group")
    return Step(new, births, deaths, float(m.sum()))


def project_cohort(
    base: Array,
    rates: CohortRates,
    migration: Array,
    steps: int,
    timing: Timing = "end",
) -> list[Step]:
    """*steps* constant-rate steps; *migration* has shape (steps, 2, 21)."""
    m = np.asarray(migration, dtype=np.float64)
    if m.shape != (steps, 2, N_GROUPS):
        raise DemographyError("DEM014", f"migration needs shape ({steps}, 2, 21), got {m.shape}")
    out: list[Step] = []
    p = np.asarray(base, dtype=np.float64)
    for i in range(steps):
        step = cohort_step(p, rates, m[i], timing)
        out.append(step)
        p = step.population
    return out


def migration_from_rates(population: Array, rates: Array) -> Array:
    """Net migrants of a step from rates per person per step (by sex and age group).

    >>> import numpy as np
    >>> migration_from_rates(np.full((2, 21), 200.0), np.full((2, 21), -0.05))[0, 0]
    np.float64(-10.0)
    """
    return np.asarray(population, dtype=np.float64) * np.asarray(rates, dtype=np.float64)

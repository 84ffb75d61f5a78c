"""Demographic projection methods: pure, typed, vectorised with NumPy.

* :mod:`.hamilton_perry` — cohort-change and child–adult ratios (two age distributions);
* :mod:`.cohort_component` — the full method by age and sex, with explicit births,
  deaths and migration (balancing equation closes in every step);
* :mod:`.stochastic` — bands from the historical variability of the ratios (seeded);
* :mod:`.accuracy` — total error and MAPE against a reference distribution.

See ``docs/population.md``.
"""

from shekara.methods.demography.errors import DemographyError

__all__ = ["DemographyError"]

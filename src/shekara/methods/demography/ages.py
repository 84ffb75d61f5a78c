"""Five-year age groups of the UN World Population Prospects tables.

The 21 groups are 0-4, 5-9, ..., 95-99 and the open group 100+. Index *i* covers
ages ``5*i`` to ``5*i + 4`` (the last one is open-ended).

Example:
    >>> AGE_LABELS[0], AGE_LABELS[-1], len(AGE_LABELS)
    ('0-4', '100+', 21)
    >>> group_slice(15, 50)
    slice(3, 10, None)
"""

from __future__ import annotations

#: Width of an age group and of one projection step, in years.
STEP_YEARS = 5
#: Number of age groups (the last one, 100+, is open-ended).
N_GROUPS = 21
AGE_LABELS: tuple[str, ...] = tuple(
    [f"{5 * i}-{5 * i + 4}" for i in range(N_GROUPS - 1)] + [f"{5 * (N_GROUPS - 1)}+"]
)
#: Fertility age groups of WPP's FERT/F02 table (women aged 10-54).
FERTILITY_LABELS: tuple[str, ...] = tuple(f"{a}-{a + 4}" for a in range(10, 55, 5))


def group_slice(age_from: int, age_to: int) -> slice:
    """Slice of the age groups covering ages ``age_from`` to ``age_to - 1``.

    Both ends must be multiples of five (the reproductive span 15-49 is ``group_slice(15, 50)``).
    """
    if age_from % STEP_YEARS or age_to % STEP_YEARS or not 0 <= age_from < age_to:
        raise ValueError(f"age bounds must be multiples of 5 with from < to: {age_from}, {age_to}")
    return slice(age_from // STEP_YEARS, age_to // STEP_YEARS)


def indicator_for_age(label: str) -> str:
    """Knowledge-base indicator name of a population age group.

    >>> indicator_for_age("5-9"), indicator_for_age("100+")
    ('population_age_05_09_thousand', 'population_age_100p_thousand')
    """
    if label.endswith("+"):
        return f"population_age_{int(label[:-1]):02d}p_thousand"
    lo, hi = (int(x) for x in label.split("-"))
    return f"population_age_{lo:02d}_{hi:02d}_thousand"


def indicator_for_fertility(label: str) -> str:
    """Knowledge-base indicator name of an age-specific fertility rate.

    >>> indicator_for_fertility("15-19")
    'asfr_15_19_per_mille'
    """
    lo, hi = (int(x) for x in label.split("-"))
    return f"asfr_{lo:02d}_{hi:02d}_per_mille"

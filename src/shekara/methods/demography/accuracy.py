"""Accuracy of a projection against observed (or reference) age distributions.

Example:
    >>> import numpy as np
    >>> a = accuracy(np.array([110.0, 90.0, 0.0]), np.array([100.0, 100.0, 0.0]))
    >>> a.total_error_percent, a.mape_percent, a.groups_used
    (0.0, 10.0, 2)
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from shekara.methods.arrays import Array
from shekara.methods.demography.errors import DemographyError


@dataclass(frozen=True)
class Accuracy:
    """Total error (signed, % of the reference total) and mean absolute % error by group.

    Groups whose reference value is zero cannot have a percentage error and are left
    out of the MAPE (``groups_used`` says how many counted).
    """

    total_projected: float
    total_reference: float
    total_error_percent: float
    mape_percent: float
    groups_used: int
    group_errors_percent: tuple[float | None, ...]


def accuracy(projected: Array, reference: Array) -> Accuracy:
    p = np.asarray(projected, dtype=np.float64)
    r = np.asarray(reference, dtype=np.float64)
    if p.shape != r.shape or p.ndim != 1 or r.sum() <= 0:
        raise DemographyError(
            "DEM030", "projection and reference need the same groups and a total > 0"
        )
    ok = r > 0
    errs = np.where(ok, (p - np.where(ok, r, 1.0)) / np.where(ok, r, 1.0) * 100, np.nan)
    return Accuracy(
        total_projected=float(p.sum()),
        total_reference=float(r.sum()),
        total_error_percent=float((p.sum() - r.sum()) / r.sum() * 100),
        mape_percent=float(np.mean(np.abs(errs[ok]))),
        groups_used=int(ok.sum()),
        group_errors_percent=tuple(
            None if not o else float(e) for o, e in zip(ok, errs, strict=True)
        ),
    )

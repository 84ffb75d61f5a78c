"""Ensemble streamflow prediction (ESP): today's state, every past year's weather.

Day, Steven and colleagues' ESP (Day 1985, *J. Water Resour. Plann. Manage.* 111(2), 157–170):
the model is started from its state on the issue date (snowpack, soil moisture, ground
water, water in transit) and driven, once per member, by the observed forcing of one past
year over the same calendar window. The spread then comes only from the weather still to
come; the state is the one the model built from the observed weather up to the issue date.

The window of year ``y`` starts on the issue date's month and day in ``y`` (29 February
falls back to 28 February in a common year) and must lie wholly inside the record; a year
whose window is incomplete gives no member. The issue year itself is never a member.

>>> import numpy as np
>>> days = np.arange("2000-01-01", "2003-12-31", dtype="datetime64[D]")
>>> member_years(days, np.datetime64("2003-03-01"), 30)
[2000, 2001, 2002]
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from shekara.methods.hydrology.errors import ForecastConfigError
from shekara.methods.hydrology.model import HBVParameters, ModelState, simulate_batch

__all__ = ["EspForcing", "member_years", "run_esp", "window_slice", "window_start"]


def window_start(year: int, issue: np.datetime64) -> np.datetime64:
    """The issue date's month and day in ``year`` (29 Feb → 28 Feb in a common year).

    >>> str(window_start(1985, np.datetime64("1988-02-29")))
    '1985-02-28'
    """
    md = str(issue)[5:10]
    try:
        return np.datetime64(f"{year:04d}-{md}")
    except ValueError:
        return np.datetime64(f"{year:04d}-02-28")


def window_slice(
    dates: NDArray[np.datetime64], year: int, issue: np.datetime64, horizon: int
) -> slice | None:
    """Index range of the ``horizon``-day window of ``year``, or None if not wholly in ``dates``."""
    start = window_start(year, issue)
    i = int((start - dates[0]).astype(np.int64))
    if i < 0 or i + horizon > dates.size:
        return None
    return slice(i, i + horizon)


def member_years(
    dates: NDArray[np.datetime64],
    issue: np.datetime64,
    horizon: int,
    *,
    exclude: Sequence[int] = (),
) -> list[int]:
    """Past and later years whose window is complete, without the issue year and ``exclude``."""
    first = int(str(dates[0])[:4])
    last = int(str(dates[-1])[:4])
    own = int(str(issue)[:4])
    return [
        y
        for y in range(first, last + 1)
        if y != own and y not in exclude and window_slice(dates, y, issue, horizon) is not None
    ]


@dataclass(frozen=True)
class EspForcing:
    """Forcing of the ESP members: one row per member year, ``horizon`` columns."""

    years: tuple[int, ...]
    precip: NDArray[np.float64]
    temp: NDArray[np.float64]
    pet: NDArray[np.float64]

    @classmethod
    def from_record(
        cls,
        dates: NDArray[np.datetime64],
        precip: NDArray[np.float64],
        temp: NDArray[np.float64],
        pet: NDArray[np.float64],
        issue: np.datetime64,
        horizon: int,
        years: Sequence[int],
    ) -> EspForcing:
        """Cut each member year's window out of the record."""
        if not years:
            raise ForecastConfigError(
                "no past year has a complete window for ESP", column="members"
            )
        rows = []
        for y in years:
            sl = window_slice(dates, y, issue, horizon)
            if sl is None:
                raise ForecastConfigError(
                    f"year {y} has no complete {horizon}-day window", column="members"
                )
            rows.append(sl)
        return cls(
            tuple(int(y) for y in years),
            np.vstack([precip[s] for s in rows]),
            np.vstack([temp[s] for s in rows]),
            np.vstack([pet[s] for s in rows]),
        )

    def subset(self, idx: Sequence[int]) -> EspForcing:
        """The members at positions ``idx`` (a chunk for a distributed run)."""
        ix = list(idx)
        return EspForcing(
            tuple(self.years[i] for i in ix), self.precip[ix], self.temp[ix], self.pet[ix]
        )


def run_esp(
    params: HBVParameters,
    state: ModelState,
    forcing: EspForcing,
    frozen: NDArray[np.float64] | None = None,
) -> NDArray[np.float64]:
    """Discharge (mm/day) of every member, shape ``(members, horizon)``; deterministic.

    Every member starts from the same ``state``; a member's trace does not depend on
    which other members run with it, so chunks can run anywhere and be stacked.
    ``frozen`` is the members' daily frozen-ground share, ``(members, horizon)``.
    """
    m = len(forcing.years)
    pars = np.tile(params.validate().to_array(), (m, 1))
    return simulate_batch(
        pars, forcing.precip, forcing.temp, forcing.pet, initial_states=[state] * m
    )

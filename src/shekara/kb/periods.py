"""Periods of indicator values: a year, a month, a day, or an interval of them.

A period is stored as text (``2024``, ``2024-03``, ``2019-11-01``, ``1989/2021``)
and resolved to the first and last day it covers, so "as of" queries can compare.

Example:
    >>> parse_period("1989/2021")
    (datetime.date(1989, 1, 1), datetime.date(2021, 12, 31))
    >>> parse_period("2024-02")
    (datetime.date(2024, 2, 1), datetime.date(2024, 2, 29))
"""

from __future__ import annotations

import calendar
from datetime import date


class PeriodError(ValueError):
    """A period string that is not a valid year, month, date or interval."""


def _bounds(text: str) -> tuple[date, date]:
    parts = text.split("-")
    try:
        if len(parts) == 1 and len(parts[0]) == 4:
            y = int(parts[0])
            return date(y, 1, 1), date(y, 12, 31)
        if len(parts) == 2:
            y, m = int(parts[0]), int(parts[1])
            return date(y, m, 1), date(y, m, calendar.monthrange(y, m)[1])
        if len(parts) == 3:
            d = date.fromisoformat(text)
            return d, d
    except ValueError as exc:
        raise PeriodError(str(exc)) from None
    raise PeriodError(f"expected YYYY, YYYY-MM or YYYY-MM-DD, got {text!r}")


def parse_period(text: str) -> tuple[date, date]:
    """First and last day covered by *text*; raises :class:`PeriodError` if invalid."""
    text = text.strip()
    if "/" in text:
        a, _, b = text.partition("/")
        start, _ = _bounds(a)
        _, end = _bounds(b)
        if end < start:
            raise PeriodError(f"interval ends before it starts: {text!r}")
        return start, end
    return _bounds(text)


def as_of_date(as_of: int | str | date | None) -> date:
    """The day an "as of" query refers to.

    A year means the state at the end of that year (31 December), so "as of 2022"
    already includes regions formed during 2022.

    >>> as_of_date(2018)
    datetime.date(2018, 12, 31)
    >>> as_of_date("2022-06-01")
    datetime.date(2022, 6, 1)
    """
    if as_of is None:
        return date.today()
    if isinstance(as_of, date):
        return as_of
    text = str(as_of).strip()
    if len(text) == 4 and text.isdigit():
        return date(int(text), 12, 31)
    return parse_period(text)[1] if "-" in text else date(int(text), 12, 31)

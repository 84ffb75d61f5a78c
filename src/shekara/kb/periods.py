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
from typing import Any

from shekara.dates import parse_day


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
    if isinstance(as_of, int):
        return date(as_of, 12, 31)
    text = str(as_of).strip()
    if len(text) == 7 and text[4] == "-":  # a month: its last day
        return parse_period(text)[1]
    return parse_day(text)  # the one parser of typed dates (shekara.dates)


# --------------------------------------------------------------------------- validity
# The one rule for "is this object in force on this day". Every table with
# ``valid_from``/``valid_to`` columns (regions, pairs, zones) and every reader of them
# (kb.query, kb.validate, the services) uses these functions, so a zone closing in
# mid-year counts the same way in validation and in the assessment. Days, not years:
# "as of 2024" is 31 December 2024 (:func:`as_of_date`), so an object that closed on
# 30 June 2024 is no longer in force "as of 2024".


def in_force(valid_from: date | None, valid_to: date | None, day: date) -> bool:
    """True if an object valid from *valid_from* to *valid_to* (both inclusive, None = open) is in force on *day*.

    >>> in_force(date(2022, 6, 8), None, date(2022, 12, 31))
    True
    >>> in_force(None, date(2024, 6, 30), as_of_date(2024))
    False
    >>> in_force(None, date(2024, 6, 30), date(2024, 6, 30))
    True
    """
    if isinstance(valid_from, date) and valid_from > day:
        return False
    return not (isinstance(valid_to, date) and valid_to < day)


def known_by(observed: int | None, day: date) -> bool:
    """True if a registry entry first observed in year *observed* is known on *day*.

    >>> known_by(2018, date(2018, 12, 31)), known_by(2019, date(2018, 12, 31)), known_by(None, date(1990, 1, 1))
    (True, False, True)
    """
    return observed is None or observed <= day.year


def zone_in_force(
    valid_from: date | None, valid_to: date | None, observed: int | None, day: date
) -> bool:
    """A zone is in force on *day* if its validity covers the day; without a start date,
    the year it was first observed stands in for it.

    >>> zone_in_force(None, date(2024, 6, 30), 2018, as_of_date(2024))
    False
    >>> zone_in_force(None, None, 2018, as_of_date(2017))
    False
    """
    if valid_from is None and not known_by(observed, day):
        return False
    return in_force(valid_from, valid_to, day)


def in_force_clause(table: Any, day: date) -> Any:
    """The SQL form of :func:`in_force` for a table with ``valid_from``/``valid_to`` columns."""
    import sqlalchemy as sa

    return sa.and_(
        sa.or_(table.c.valid_from.is_(None), table.c.valid_from <= day),
        sa.or_(table.c.valid_to.is_(None), table.c.valid_to >= day),
    )

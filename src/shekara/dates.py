"""The one date parser of every face: ``YYYY``, ``YYYY-MM-DD`` and ``DD.MM.YYYY``.

A user types dates the way they write them: ``2018``, ``2018-06-07``, ``2024-1-1`` or the
Kazakh and Russian ``07.06.2018``. Every command that takes a date (``--as-of``, ``--from``,
``--to``, ``--start``) and :func:`shekara.kb.periods.as_of_date` read it here, so one input
is accepted everywhere or refused everywhere with the same one-line message.

A year alone stands for its last day (the state on 31 December) unless *year_end* is false
(the first day of a range). The year must have four digits: ``18`` is refused rather than
read as the year 18.

Example:
    >>> parse_day("2018"), parse_day("07.06.2018"), parse_day("2024-1-1")
    (datetime.date(2018, 12, 31), datetime.date(2018, 6, 7), datetime.date(2024, 1, 1))
    >>> parse_day("2018", year_end=False)
    datetime.date(2018, 1, 1)
    >>> parse_day("18")
    Traceback (most recent call last):
    ...
    shekara.dates.DateInputError: '18' is not a date: use YYYY, YYYY-MM-DD or DD.MM.YYYY (e.g. 2018, 2018-06-07, 07.06.2018)
"""

from __future__ import annotations

import re
from datetime import date

__all__ = ["ACCEPTED", "DateInputError", "normalise_day", "parse_day"]

#: What the parser accepts, said once for every message and help text.
ACCEPTED = "YYYY, YYYY-MM-DD or DD.MM.YYYY (e.g. 2018, 2018-06-07, 07.06.2018)"

_YEAR = re.compile(r"([1-9][0-9]{3})")
# A full date may have a year below 1000 written with leading zeros (RFC 3339 "0450-05-24"),
# as the API's schema allows; a year alone must not ("0018" is a typo, not the year 18).
_ISO = re.compile(r"([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})")
_DOTTED = re.compile(r"([0-9]{1,2})\.([0-9]{1,2})\.([0-9]{4})")


class DateInputError(ValueError):
    """A date typed by a user that is none of the accepted forms (or no real day)."""


def parse_day(text: str, *, year_end: bool = True) -> date:
    """The day *text* names; a year alone is its 31 December (1 January if not *year_end*).

    >>> parse_day(" 31.12.2018 ")
    datetime.date(2018, 12, 31)
    >>> parse_day("2018-02-30")
    Traceback (most recent call last):
    ...
    shekara.dates.DateInputError: '2018-02-30' is not a real day (day is out of range for month)
    """
    raw = str(text).strip()
    y_m_d: tuple[str, str, str] | None = None
    if m := _YEAR.fullmatch(raw):
        return date(int(m[1]), 12, 31) if year_end else date(int(m[1]), 1, 1)
    if m := _ISO.fullmatch(raw):
        y_m_d = (m[1], m[2], m[3])
    elif m := _DOTTED.fullmatch(raw):
        y_m_d = (m[3], m[2], m[1])
    if y_m_d is None:
        raise DateInputError(f"{raw!r} is not a date: use {ACCEPTED}")
    try:
        return date(int(y_m_d[0]), int(y_m_d[1]), int(y_m_d[2]))
    except ValueError as exc:
        raise DateInputError(f"{raw!r} is not a real day ({exc})") from None


def normalise_day(text: str) -> str:
    """*text* in the store's own spelling: a year stays a year, a day becomes ``YYYY-MM-DD``.

    Faces pass this on to the services, which keep the "a year means 31 December" rule.

    >>> normalise_day("07.06.2018"), normalise_day("2018")
    ('2018-06-07', '2018')
    """
    raw = str(text).strip()
    day = parse_day(raw)
    return raw if _YEAR.fullmatch(raw) else day.isoformat()

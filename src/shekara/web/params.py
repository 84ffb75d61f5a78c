"""Query parameters shared by the endpoints (as of, language) and their checks."""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated, Any

from fastapi import Depends, Query

from shekara.kb.periods import as_of_date
from shekara.web.api.models import LangCode
from shekara.web.problems import ProblemError

YEAR_PATTERN = r"^[1-9][0-9]{3}$"
_DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
#: The parameter's schema: a year 1000–9999 or a full date (RFC 3339 ``full-date``).
AS_OF_SCHEMA: dict[str, Any] = {
    "anyOf": [
        {"type": "string", "pattern": YEAR_PATTERN},
        {"type": "string", "format": "date"},
    ]
}


def parse_as_of(text: str | None) -> date:
    """``None`` → today; ``YYYY`` → 31 December; ``YYYY-MM-DD`` → that day; else a 422 problem.

    >>> parse_as_of("2018"), parse_as_of("2022-06-08")
    (datetime.date(2018, 12, 31), datetime.date(2022, 6, 8))
    >>> parse_as_of("2018-02-30")
    Traceback (most recent call last):
    ...
    shekara.web.problems.ProblemError: as_of '2018-02-30' is not a year (1000–9999) or a date YYYY-MM-DD
    """
    if text is None:
        return as_of_date(None)
    try:
        if re.fullmatch(YEAR_PATTERN, text):
            return as_of_date(int(text))
        if _DATE.fullmatch(text):
            return date.fromisoformat(text)
    except ValueError:
        pass
    raise ProblemError(
        422, "invalid-parameters", f"as_of {text!r} is not a year (1000–9999) or a date YYYY-MM-DD"
    )


AsOfText = Annotated[
    str | None,
    Query(
        description="Year (state on 31 December) or date YYYY-MM-DD; default today.",
        max_length=10,
        examples=["2018", "2024-06-01"],
        json_schema_extra=AS_OF_SCHEMA,
    ),
]


async def as_of_param(as_of: AsOfText = None) -> date:
    return parse_as_of(as_of)


AsOf = Annotated[date, Depends(as_of_param)]
Lang = Annotated[LangCode, Query(description="Language of names: kk, ru or en.")]

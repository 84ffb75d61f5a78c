"""One formatter of numbers, dates and units for kk, ru and en, used by report and dashboard.

Numbers and dates come from Babel (:func:`shekara.i18n.fmt_number`,
:func:`shekara.i18n.fmt_date`); unit labels come from the knowledge base's ``units``
table (``data/units.csv``: ``label_kk``, ``label_ru``, ``label_en``), so a unit reads
the same on every face ("km³/year", "км³/год", "км³/жыл").

Example:
    >>> f = Formatter("ru", {"km3_per_year": "км³/год", "percent": "%"})
    >>> f.quantity(1.7, "km3_per_year"), f.unit("percent"), f.unit("unknown_unit")
    ('1,7 км³/год', '%', 'unknown_unit')
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy.engine import Engine

from shekara.i18n import Lang, check_lang, fmt_date, fmt_number
from shekara.i18n.words import unit_after


@dataclass(frozen=True)
class Formatter:
    """Numbers, dates and unit labels in one language."""

    lang: Lang
    units: Mapping[str, str] = field(default_factory=dict)

    @classmethod
    def load(cls, engine: Engine, lang: str) -> Formatter:
        """The formatter of *lang* with the unit labels of the store behind *engine*."""
        from shekara.kb.query import unit_labels

        checked = check_lang(lang)
        return cls(checked, unit_labels(engine, checked))

    def num(self, value: float, decimals: int | None = None) -> str:
        """A number with the language's digit grouping and decimal sign."""
        return fmt_number(value, self.lang, decimals)

    def date(self, day: date) -> str:
        """A date in the language's medium format."""
        return fmt_date(day, self.lang)

    def unit(self, unit: str) -> str:
        """The label of a unit id (the id itself when the catalogue has no such unit)."""
        return self.units.get(unit, unit)

    def quantity(self, value: float, unit: str, decimals: int | None = None) -> str:
        """A number followed by its unit's label."""
        return f"{self.num(value, decimals)} {unit_after(self.unit(unit), value, self.lang)}"


def day_month(lang: str) -> Callable[[str], str]:
    """The label of a day on a daily chart's axis, from an ISO date, in *lang*.

    >>> [day_month(lang)("1988-03-01") for lang in ("kk", "ru", "en")]
    ['1 нау.', '1 мар.', '1 Mar']
    """
    from babel.dates import format_date

    from shekara.i18n import locale_of

    locale = locale_of(lang)

    def label(day: str) -> str:
        return str(format_date(date.fromisoformat(day[:10]), format="d MMM", locale=locale))

    return label

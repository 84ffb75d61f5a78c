"""Language of the report: translated messages, locale-aware numbers, dates and lists.

Every sentence of the report goes through :meth:`Localiser.t`, which looks the
English message id up in the ``report`` gettext catalog of the chosen language
and fills its ``{placeholders}``. Message ids that are defined as data (titles,
labels) are wrapped in :func:`N_` so that the extraction in the catalog test
finds them.

Example:
    >>> loc = Localiser.for_lang("ru")
    >>> loc.num(1348387.4, 0)
    '1\\xa0348\\xa0387'
    >>> loc.join(["A", "B", "C"])
    'A, B и C'
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from babel.lists import format_list

from shekara.i18n import fmt_date, fmt_number, locale_of, translator
from shekara.kb.query import Lang, check_lang

DOMAIN = "report"


def N_(message: str) -> str:
    """Mark *message* for extraction without translating it now."""
    return message


@dataclass(frozen=True)
class Localiser:
    """Translation and formatting for one language."""

    lang: Lang
    gettext: Callable[[str], str]

    @classmethod
    def for_lang(cls, lang: str) -> Localiser:
        checked = check_lang(lang)
        return cls(checked, translator(checked, DOMAIN))

    def _(self, message: str) -> str:
        """The translation of *message* (the message itself when the catalog lacks it)."""
        return self.gettext(message)

    def t(self, message: str, **values: Any) -> str:
        """Translate *message* and fill its ``{name}`` placeholders with *values*.

        A rank bound ``k`` also gives ``{top_in}`` ("в первой тройке", "алғашқы үштікте").
        """
        if isinstance(k := values.get("k"), int):
            from shekara.i18n.words import top_k_words

            values.setdefault("top_in", top_k_words(k, self.lang))
        return self.gettext(message).format(**values)

    def num(self, value: float, decimals: int | None = None) -> str:
        """A number with the language's digit grouping and decimal sign."""
        return fmt_number(value, self.lang, decimals)

    def pct(self, fraction: float, decimals: int = 0) -> str:
        """A share (0.92) as a percentage in the language's style ("92 %" / "92%")."""
        return self.t("{value} %", value=self.num(100.0 * fraction, decimals))

    def date(self, day: date) -> str:
        """A day in full: "2026 жылғы 1 желтоқсан", "1 декабря 2026 г." (not Babel's "01 жел.")."""
        from shekara.i18n.words import day_words

        return day_words(day, self.lang) if self.lang != "en" else fmt_date(day, self.lang)

    def as_of(self, day: datetime.date) -> str:
        """The day inside an "as of" phrase: "2026 жылғы 1 желтоқсандағы", "1 декабря 2026 г."."""
        from shekara.i18n.words import as_of_words

        return as_of_words(day, self.lang)

    def join(self, items: Sequence[str]) -> str:
        """The items as "A, B and C" in the language's list style."""
        if not items:
            return ""
        return format_list(list(items), locale=locale_of(self.lang))

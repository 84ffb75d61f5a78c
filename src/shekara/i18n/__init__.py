"""Translations (gettext catalogs read with Babel) and locale-aware number and date formatting.

Catalogs live in ``i18n/<lang>/LC_MESSAGES/<domain>.po`` — one domain per interface
(``report``, ``web``, ``swot`` …). They are read directly with Babel, so no compile
step is needed; a test checks that every catalog is complete for kk, ru and en.

Example:
    >>> fmt_number(1348387, "ru")
    '1\\xa0348\\xa0387'
    >>> fmt_number(0.5, "en", decimals=2)
    '0.50'
    >>> fmt_date(__import__("datetime").date(2024, 4, 8), "kk")
    '2024\u202fж. 08 сәу.'
"""

from __future__ import annotations

import math
from collections.abc import Callable
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Literal

from babel import Locale
from babel.dates import format_date
from babel.messages.pofile import read_po
from babel.numbers import format_decimal, format_scientific

#: The one language type of every face (kb.query, the API, the pages and the report use it).
Lang = Literal["kk", "ru", "en"]
LANGS: tuple[Lang, ...] = ("kk", "ru", "en")
CATALOGS = Path(__file__).parent
_LOCALES = {"kk": "kk_KZ", "ru": "ru_RU", "en": "en_GB"}


def check_lang(lang: str) -> Lang:
    """Validate a language code.

    >>> check_lang("kk")
    'kk'
    >>> check_lang("de")
    Traceback (most recent call last):
    ...
    ValueError: language must be one of kk, ru, en, not 'de'
    """
    if lang not in LANGS:
        raise ValueError(f"language must be one of {', '.join(LANGS)}, not {lang!r}")
    return lang


def locale_of(lang: str) -> Locale:
    if lang not in _LOCALES:
        raise ValueError(f"language must be one of {', '.join(LANGS)}, not {lang!r}")
    return Locale.parse(_LOCALES[lang])


@lru_cache(maxsize=64)
def catalog(lang: str, domain: str) -> dict[str, str]:
    """Message id → translation for *lang* in *domain* (empty if the catalog is absent)."""
    locale_of(lang)
    path = CATALOGS / lang / "LC_MESSAGES" / f"{domain}.po"
    if not path.exists():
        return {}
    with path.open("rb") as f:
        cat = read_po(f, locale=_LOCALES[lang])
    return {str(m.id): str(m.string) for m in cat if m.id and m.string and isinstance(m.id, str)}


def translator(lang: str, domain: str) -> Callable[[str], str]:
    """A ``_()`` function for *lang*: falls back to the message id when untranslated."""
    messages = catalog(lang, domain)

    def _(message: str) -> str:
        return messages.get(message, message)

    return _


def fmt_number(value: float, lang: str, decimals: int | None = None) -> str:
    """A number in the conventions of *lang* (digit grouping, decimal sign).

    Never raises: a magnitude Babel's decimal context cannot hold is written in
    scientific notation, and a value that is not finite as "—".

    >>> fmt_number(1e308, "en"), fmt_number(float("nan"), "en")
    ('1E308', '—')
    """
    if not math.isfinite(value):
        return "—"
    try:
        if decimals is None:
            return format_decimal(value, locale=locale_of(lang))
        pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
        return format_decimal(value, format=pattern, locale=locale_of(lang))
    except (ArithmeticError, ValueError):  # decimal.InvalidOperation beyond ~1e27 digits
        return format_scientific(value, format="0.###E0", locale=locale_of(lang))


@lru_cache(maxsize=8)
def browser_locale(lang: str) -> dict[str, object]:
    """What a page's script needs to write numbers and days as Babel does on the server.

    Browsers carry no Kazakh locale data (``Intl`` falls back to "0.899" and "M03 1"), so the
    page gets the symbols and the twelve "day month" forms of its language and
    ``static/js/format.js`` uses them. ``day_month`` holds "{d}" where the day goes;
    ``day_year`` (a day in full, :func:`shekara.i18n.words.day_words`) also "{y}".

    >>> data = browser_locale("kk")
    >>> data["decimal"], data["group"], data["day_month"][2], data["day_year"][11]
    (',', '\xa0', '{d} нау.', '{y} жылғы {d} желтоқсан')
    """
    from shekara.i18n.words import day_words

    locale = locale_of(lang)
    symbols = locale.number_symbols.get("latn", locale.number_symbols)
    return {
        "decimal": str(symbols["decimal"]),
        "group": str(symbols["group"]),
        "minus": str(symbols["minusSign"]),
        "day_month": [
            format_date(date(2001, month, 28), format="d MMM", locale=locale).replace("28", "{d}")
            for month in range(1, 13)
        ],
        "day_year": [
            day_words(date(2001, month, 28), lang).replace("28", "{d}").replace("2001", "{y}")
            for month in range(1, 13)
        ],
    }


def fmt_date(day: date, lang: str) -> str:
    """A date in the medium format of *lang*."""
    return format_date(day, format="medium", locale=locale_of(lang))

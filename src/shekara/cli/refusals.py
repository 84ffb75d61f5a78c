"""Refusals in the user's language: the line after "Error:" with ``--lang kk|ru`` (issue 11).

A refusal is a coded error of a service (``FLF002: horizon must be 1-60 days …``) or a usage
error of an option (``Invalid value for --from: '18' is not a date …``). Each is made from one
of the English templates of :mod:`shekara.cli.refusal_templates`; :func:`refusal_words` finds
the template that fits best (:func:`_best_fit`), keeps the code and the values the user typed, and tells
the rest from the ``cli`` catalog (the outlook's notes from the ``outlook`` catalog). A message
no template fits stays as it is; ``tests/cli/test_refusal_templates.py`` fails when a module a
command reaches raises a message without a template, and ``tests/cli/test_refusals_kk_ru.py``
runs every command with malformed values in kk and ru and fails on any English word.

Why templates rather than translating at the ``raise``: the services and methods stay free of
the presentation (an API problem+json and a log keep the English text and its code), and one
table tells every face's refusal the same way.

Example:
    >>> refusal_words("FLF002: horizon must be 1-60 days and history 2-60 days", "ru")
    'FLF002: горизонт прогноза должен быть от 1 до 60 сут, предыстория — от 2 до 60 сут'
    >>> error_line("Invalid value for --members: must be 'all' or a positive number", "kk")
    "Қате: --members параметрінің мәні жарамсыз: 'all' немесе оң сан болуы керек"
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache
from typing import TYPE_CHECKING

from shekara.cli.refusal_templates import SPANS, TEMPLATES

if TYPE_CHECKING:  # the flood services load numpy: imported when a bulletin is refused
    from shekara.services.flood.exchange import Problem

__all__ = ["TEMPLATES", "argv_lang", "error_line", "problem_line", "refusal_words"]

_CODED = re.compile(r"([A-Z]{3}\d{3}): (.*)", re.S)
_WHERE = re.compile(r"(.*?)( \[(?:column|date)=[^\]]*\])", re.S)  # a HydrologyError's place
_ERROR = {"kk": "Қате", "ru": "Ошибка", "en": "Error"}
_PLACE_WORDS = {"kk": ("баған", "күн"), "ru": ("столбец", "дата")}
#: Placeholders whose values are themselves refusals or notes (told in turn).
_NESTED = ("reason", "note")
_PLACEHOLDER = re.compile(r"\{\w+\}")


@lru_cache(maxsize=1)
def _notes() -> frozenset[str]:
    """The outlook's notes (catalog ``outlook``), which a refusal may quote whole."""
    from shekara.i18n import catalog

    return frozenset(catalog("en", "outlook"))


@lru_cache(maxsize=1024)
def _best_fit(message: str, templates: tuple[str, ...]) -> tuple[int, str, dict[str, str]]:
    """The template that tells most of *message*: (characters left untold, template, values).

    Several templates can fit one message: "{raw} is not a real day ({reason})" fits
    "as-of date: '31.02.2018' is not a real day (…)" by taking "as-of date: …" as a value,
    while "as-of date: {reason}" tells those words and hands the rest on. A fit's cost is the
    length of its plain values plus what stays untold of its nested ones (``reason``, ``note``,
    told in turn); the cheapest wins, then the one with more fixed words. No fit: the whole
    message is untold (template ``""``).

    >>> _best_fit("as-of date: '18' is not a real day (x)", TEMPLATES)[1]
    'as-of date: {reason}'
    """
    from shekara.report.messages import parse_message

    if message in _notes():
        return 0, "", {}  # a note of the outlook, told word for word
    best: tuple[int, int, str, dict[str, str]] = (len(message), 0, "", {})
    for template in templates:
        values = parse_message(message, template)
        if values is None:
            continue
        cost = sum(
            _best_fit(v, templates)[0] if k in _NESTED else len(v) for k, v in values.items()
        )
        fixed = len(_PLACEHOLDER.sub("", template))
        if (cost, -fixed) < (best[0], -best[1]):
            best = (cost, fixed, template, values)
    return best[0], best[2], best[3]


def _place(suffix: str, lang: str) -> str:
    """The place of a series error, " [column=tmax, date=1988-03-01]", in *lang*.

    >>> _place(" [column=tmax, date=1988-03-01]", "ru")
    " [столбец 'tmax', дата 1988-03-01]"
    """
    words = _PLACE_WORDS.get(lang)
    if not words:
        return suffix
    parts = []
    for part in suffix.strip(" []").split(", "):
        key, _, value = part.partition("=")
        parts.append(f"{words[0]} '{value}'" if key == "column" else f"{words[1]} {value}")
    return f" [{', '.join(parts)}]"


def refusal_words(message: str, lang: str, templates: Sequence[str] = TEMPLATES) -> str:
    """*message* (a refusal made from one of *templates*) told in *lang*; the code stays."""
    if lang == "en":
        return message
    from shekara.i18n import catalog

    coded = _CODED.fullmatch(message)
    if coded:
        return f"{coded[1]}: {refusal_words(coded[2], lang, templates)}"
    where = _WHERE.fullmatch(message)
    if where:
        return refusal_words(where[1], lang, templates) + _place(where[2], lang)
    _cost, template, values = _best_fit(message, tuple(templates))
    if not template:
        return catalog(lang, "outlook").get(message, message)
    words = catalog(lang, "cli")
    told = {k: refusal_words(v, lang, templates) if k in _NESTED else v for k, v in values.items()}
    if "span" in told:  # a year span's code name (calibration …) in words
        told["span"] = words.get(SPANS.get(told["span"], ""), told["span"])
    return words.get(template, template).format(**told)


def error_line(message: str, lang: str) -> str:
    """The whole line a refusal prints: "Қате: …", "Ошибка: …", "Error: …"."""
    return f"{_ERROR.get(lang, 'Error')}: {refusal_words(message, lang)}"


def problem_line(problem: Problem, lang: str) -> str:
    """A bad row of a bulletin in *lang*: code, file, row and field stay; the message is told
    from the ``flood`` catalog and the reader's detail (an XML parser's place) as a refusal."""
    from shekara.i18n import catalog
    from shekara.services.flood.exchange import MESSAGES

    if lang == "en":
        return problem.line()
    message = MESSAGES[problem.code]
    detail = refusal_words(problem.detail, lang) if problem.detail else None
    return problem.line(catalog(lang, "flood").get(message, message), detail)


def argv_lang(argv: Sequence[str]) -> str:
    """The ``--lang`` a command line asks for (a usage error stops before the command reads it);
    the last one counts, as for Click.

    >>> argv_lang(["flood", "status", "--from", "18", "--lang", "kk"]), argv_lang(["--lang=ru"])
    ('kk', 'ru')
    >>> argv_lang(["regions", "list", "--lang", "de", "--lang", "kk"])
    'kk'
    """
    asked = "en"
    for i, arg in enumerate(argv):
        if arg == "--lang" and i + 1 < len(argv):
            asked = argv[i + 1]
        elif arg.startswith("--lang="):
            asked = arg.split("=", 1)[1]
    return asked if asked in _ERROR else "en"

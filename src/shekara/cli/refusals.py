"""Refusals in the user's language: the line after "Error:" with ``--lang kk|ru`` (issue 11).

A refusal is a coded error of a service (``FLF002: horizon must be 1-60 days …``) or a usage
error of an option (``Invalid value for --from: '18' is not a date …``). Each is made from one
of the English templates below; :func:`refusal_words` finds the template, keeps the code and
the values the user typed, and tells the rest from the ``cli`` catalog (the outlook's notes
from the ``outlook`` catalog). A message no template fits stays as it is, so a new refusal
shows in English until its template and entries are added (``tests/flood/test_flood_refusals.py``
runs every flood command with a bad value in kk and ru and fails on any English word).

Example:
    >>> refusal_words("FLF002: horizon must be 1-60 days and history 2-60 days", "ru")
    'FLF002: горизонт прогноза должен быть от 1 до 60 сут, предыстория — от 2 до 60 сут'
    >>> error_line("Invalid value for --members: must be 'all' or a positive number", "kk")
    "Қате: --members параметрінің мәні жарамсыз: 'all' немесе оң сан болуы керек"
"""

from __future__ import annotations

import re
from collections.abc import Sequence

__all__ = ["TEMPLATES", "argv_lang", "error_line", "problem_line", "refusal_words"]

_CODED = re.compile(r"([A-Z]{3}\d{3}): (.*)", re.S)
_WHERE = re.compile(r"(.*?)( \[(?:column|date)=[^\]]*\])", re.S)  # a HydrologyError's place
_ERROR = {"kk": "Қате", "ru": "Ошибка", "en": "Error"}
#: Placeholders whose values are themselves refusals or notes (told in turn).
_NESTED = ("reason", "note")

#: English templates of the refusals of the flood commands (catalog domain ``cli``).
TEMPLATES: tuple[str, ...] = (
    # usage errors (Click's wording, and the reasons our options give)
    "Invalid value for {option}: {reason}",
    "No such option: {option}",
    "Missing option {option}.",
    "Missing argument {argument}.",
    "{value} is not a valid integer.",
    "{value} is not a valid float.",
    "{value} is not a valid integer range.",
    "{value} is not a date: use YYYY, YYYY-MM-DD or DD.MM.YYYY (e.g. 2018, 2018-06-07, 07.06.2018)",
    "must be one of {values}",
    "must be 1-64",
    "{value} is not NAME=M3S (positive)",
    "must be 'all' or a positive number",
    "{value}: use YEAR=WEIGHT",
    "needs --condition",
    "precipitation or temperature",
    "must be a number ≥ 0 (mm)",
    "must be a number ≥ 0 (hm³)",
    "comma-separated numbers",
    # coded errors of services/flood and the methods they call
    "bulletin refused, nothing written ({n} problem(s))",
    "no bulletins in the store: import one first",
    "no bulletins in the {history} days before {last}",
    "horizon must be 1-60 days and history 2-60 days",
    "members must be 1-500",
    "a schedule needs {n} releases >= 0 m³/s",
    "{node} is not a reservoir of the networks",
    "probability must lie strictly between 0 and 1",
    "unknown node {node}",
    "unknown basin {basin}",
    "unknown operating rule {rule}",
    "unknown reach {reach}",
    "give --reach, --k-hours or --reservoir",
    "no file {path}",
    "the hydrograph needs columns day,discharge_m3s",
    "row {row}: discharge_m3s is not a number",
    "bulletin output must end in .html or .pdf, not {suffix}",
    "{dataset}: {note}; nothing to hindcast",
    "unknown dataset {dataset}; use fulda or one of {ids}",
    "issue date {day} is not YYYY-MM-DD",
    "issue date {day}: at least one year of record is needed before it",
    "issue date {day} is after the record",
    "horizon must be 1-183 days",
    "members must be 'all' or a positive number",
    "give member weights or a seasonal condition, not both",
    "weights for years that are not members: {years}",
    "condition on precipitation or temperature",
    "{path}: cannot be read ({reason})",
    "No such file or directory",
    "Permission denied",
    "Is a directory",
    "{path}: no header ({columns})",
    "{path}, line {line}: column(s) missing: {columns}",
    "{path}: {n} year(s); the regression needs at least {least}",
    "{where}, field {field}: {value} must be ≥ 0",
    "{where}, field year: {year} is repeated",
    "SWE {swe} mm must be a number ≥ 0",
    "no observations from {start} to {end}; the store holds {first} to {last}",
    "no observations from {start} to {end}; the store holds none: import a bulletin with 'shekara flood import'",
)


def refusal_words(message: str, lang: str, templates: Sequence[str] = TEMPLATES) -> str:
    """*message* (a refusal made from one of *templates*) told in *lang*; the code stays."""
    if lang == "en":
        return message
    from shekara.i18n import catalog
    from shekara.report.messages import parse_message

    coded = _CODED.fullmatch(message)
    if coded:
        return f"{coded[1]}: {refusal_words(coded[2], lang, templates)}"
    where = _WHERE.fullmatch(message)
    if where:
        return refusal_words(where[1], lang, templates) + where[2]
    for template in templates:
        values = parse_message(message, template)
        if values is not None:
            told = {
                k: refusal_words(v, lang, templates) if k in _NESTED else v
                for k, v in values.items()
            }
            return catalog(lang, "cli").get(template, template).format(**told)
    return catalog(lang, "outlook").get(message, message)


def error_line(message: str, lang: str) -> str:
    """The whole line a refusal prints: "Қате: …", "Ошибка: …", "Error: …"."""
    return f"{_ERROR.get(lang, 'Error')}: {refusal_words(message, lang)}"


def problem_line(problem: object, lang: str) -> str:
    """A bad row of a bulletin (:class:`~shekara.services.flood.exchange.Problem`) in *lang*:
    code, file, row and field stay; the message is told from the ``flood`` catalog."""
    from shekara.i18n import catalog
    from shekara.services.flood.exchange import MESSAGES

    text = str(problem)
    message = MESSAGES.get(str(getattr(problem, "code", "")), "")
    if lang == "en" or not message:
        return text
    return text.replace(message, catalog(lang, "flood").get(message, message), 1)


def argv_lang(argv: Sequence[str]) -> str:
    """The ``--lang`` a command line asks for (a usage error stops before the command reads it).

    >>> argv_lang(["flood", "status", "--from", "18", "--lang", "kk"]), argv_lang(["--lang=ru"])
    ('kk', 'ru')
    """
    for i, arg in enumerate(argv):
        if arg == "--lang" and i + 1 < len(argv):
            value = argv[i + 1]
        elif arg.startswith("--lang="):
            value = arg.split("=", 1)[1]
        else:
            continue
        return value if value in _ERROR else "en"
    return "en"

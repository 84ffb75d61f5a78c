"""Every message the report uses is translated in the kk, ru and en ``report`` catalogs.

Message ids are extracted from the code (calls ``_()``, ``t()``, ``N_()``) and the
Jinja templates (``_()``, ``t()``) with Babel's extractors, plus the catalogue
message templates the report re-tells (validation ``KB…`` and audit ``AUD…``).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.extract import extract
from babel.messages.pofile import read_po
from jinja2.ext import babel_extract

from shekara.i18n import CATALOGS
from shekara.kb.errors import CATALOGUE
from shekara.methods.audit_rules import AUDIT_CATALOGUE

SRC = Path(__file__).resolve().parents[2] / "src" / "shekara"
LANGS = ("kk", "ru", "en")
KEYWORDS = {"_": None, "N_": None, "t": None}
PLACEHOLDER = re.compile(r"\{(\w+)(?:![rs])?\}")
MIXED_SCRIPT = re.compile(r"[A-Za-z][\u0400-\u04FF]|[\u0400-\u04FF][A-Za-z]")


def used_message_ids() -> set[str]:
    ids: set[str] = set()
    for path in [*sorted((SRC / "report").glob("*.py")), SRC / "cli" / "report.py"]:
        with path.open("rb") as fh:
            ids |= {
                m
                for _l, m, _c, _x in extract("python", fh, keywords=KEYWORDS)
                if isinstance(m, str)
            }
    for path in sorted((SRC / "report" / "templates").glob("*.j2")):
        with path.open("rb") as fh:
            for _lineno, _func, message, _comments in babel_extract(fh, list(KEYWORDS), [], {}):
                first = message[0] if isinstance(message, tuple) else message
                if isinstance(first, str):
                    ids.add(first)
    ids |= {p.template for p in CATALOGUE.values()}
    ids |= {r.template for r in AUDIT_CATALOGUE.values()}
    return ids


def catalog(lang: str) -> dict[str, str]:
    with (CATALOGS / lang / "LC_MESSAGES" / "report.po").open("rb") as fh:
        cat = read_po(fh)
    return {str(m.id): str(m.string) for m in cat if m.id}


def test_extraction_finds_the_report_messages() -> None:
    ids = used_message_ids()
    assert len(ids) > 200
    assert "Summary of findings" in ids  # N_() in builder.py
    assert "Main risks" in ids  # _() in the template
    assert "l. {lines}" in ids  # t() in citations.py


@pytest.mark.parametrize("lang", LANGS)
def test_every_used_message_is_translated(lang: str) -> None:
    cat = catalog(lang)
    missing = sorted(m for m in used_message_ids() if not cat.get(m, "").strip())
    assert missing == []


@pytest.mark.parametrize("lang", LANGS)
def test_catalog_holds_no_stale_messages(lang: str) -> None:
    assert sorted(set(catalog(lang)) - used_message_ids()) == []


#: Placeholders a translation may put for one of the message's: ``{top_in}`` is ``{k}`` told
#: as a place ("в первой тройке", "алғашқы үштікте"; report.text.Localiser.t fills it).
DERIVED = {"top_in": "k"}


@pytest.mark.parametrize("lang", LANGS)
def test_translations_keep_the_placeholders(lang: str) -> None:
    wrong = [
        m
        for m, s in catalog(lang).items()
        if sorted(PLACEHOLDER.findall(m))
        != sorted(DERIVED.get(x, x) for x in PLACEHOLDER.findall(s))
    ]
    assert wrong == []


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_translations_are_real(lang: str) -> None:
    cat = catalog(lang)
    # Prose is translated (identical strings are only codes, formulas and units).
    same = [m for m, s in cat.items() if m == s and re.search(r"[a-z]{4,}", PLACEHOLDER.sub("", m))]
    allowed = {"{component} {weight}", "P·P/d^γ, γ = {gamma}", "min–max"}
    assert sorted(set(same) - allowed) == []
    # No word mixes Latin and Cyrillic letters (a typing slip that looks right on screen).
    assert [s for s in cat.values() if MIXED_SCRIPT.search(PLACEHOLDER.sub(" ", s))] == []
    if lang == "kk":
        text = " ".join(cat.values())
        assert all(ch in text for ch in "әғқңөұүі")

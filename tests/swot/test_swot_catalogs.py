"""The ``swot`` gettext catalogs: complete in kk, ru and en, placeholders intact, Kazakh in kk."""

from __future__ import annotations

import re

import pytest
from babel.messages.pofile import read_po

from shekara.i18n import CATALOGS, catalog
from shekara.services.swot import MESSAGES

KAZAKH_LETTERS = re.compile("[әғқңөұүһі]", re.IGNORECASE)
CYRILLIC = re.compile("[а-яёәғқңөұүһі]", re.IGNORECASE)


def _fields(text: str) -> list[str]:
    return sorted(re.findall(r"{(\w+)}", text))


@pytest.mark.parametrize("lang", ["kk", "ru", "en"])
def test_catalog_translates_every_message_and_nothing_else(lang: str) -> None:
    path = CATALOGS / lang / "LC_MESSAGES" / "swot.po"
    with path.open("rb") as f:
        ids = {str(m.id) for m in read_po(f) if m.id}
    assert ids == set(MESSAGES.values())
    cat = catalog(lang, "swot")
    for key, msgid in MESSAGES.items():
        assert cat.get(msgid), f"{lang}: {key} untranslated"
        assert _fields(cat[msgid]) == _fields(msgid), f"{lang}: {key} placeholders differ"


def test_english_catalog_is_the_identity() -> None:
    cat = catalog("en", "swot")
    assert all(cat[m] == m for m in MESSAGES.values())


def test_kazakh_and_russian_differ_from_english_and_from_each_other() -> None:
    kk, ru = catalog("kk", "swot"), catalog("ru", "swot")
    for key, msgid in MESSAGES.items():
        assert kk[msgid] != msgid and ru[msgid] != msgid, key
        assert kk[msgid] != ru[msgid], key
        assert CYRILLIC.search(kk[msgid]) and CYRILLIC.search(ru[msgid]), key
        if key.startswith(("pair-", "region-", "gap-")):  # full sentences
            assert KAZAKH_LETTERS.search(kk[msgid]), f"kk: {key} has no Kazakh letter"

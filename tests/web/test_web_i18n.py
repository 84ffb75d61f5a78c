"""The ``web`` catalogs: every text of the dashboard is translated into kk, ru and en."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from shekara.i18n import CATALOGS, catalog
from shekara.web.pages.i18n import DYNAMIC_MESSAGES

TEMPLATES = Path(__file__).resolve().parents[2] / "src/shekara/web/pages/templates"


def template_messages() -> set[str]:
    found: set[str] = set()
    for path in TEMPLATES.glob("*.html"):
        text = path.read_text(encoding="utf-8")
        found |= {m.group(2) for m in re.finditer(r"""_\((["'])(.*?)\1\)""", text)}
    return found


def placeholders(text: str) -> list[str]:
    return sorted(re.findall(r"%[sd]", text))


@pytest.mark.parametrize("lang", ["kk", "ru", "en"])
def test_catalog_is_complete_and_has_nothing_extra(lang: str) -> None:
    assert (CATALOGS / lang / "LC_MESSAGES" / "web.po").exists()
    messages = catalog(lang, "web")
    wanted = template_messages() | set(DYNAMIC_MESSAGES)
    assert sorted(wanted - set(messages)) == []
    assert sorted(set(messages) - wanted) == []
    for msgid, text in messages.items():
        assert text.strip(), msgid
        assert placeholders(text) == placeholders(msgid), (lang, msgid)


def test_kazakh_and_russian_differ_from_english() -> None:
    kk, ru = catalog("kk", "web"), catalog("ru", "web")
    assert kk["Border map"] == "Шекара картасы" and ru["Border map"] == "Карта границы"
    same = [m for m in kk if kk[m] == m and not re.fullmatch(r"[A-Z]+|Shekara|min–max", m)]
    assert same == []

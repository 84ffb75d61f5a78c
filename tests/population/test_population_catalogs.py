"""The ``population`` gettext catalogs: exactly the used messages, complete in kk/ru/en."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_file
from babel.messages.pofile import read_po

from shekara.i18n import CATALOGS

SRC = Path(__file__).resolve().parents[2] / "src" / "shekara"
#: Where the population texts are used, and the name of the translator function there.
USES = {
    SRC / "services" / "population" / "present.py": "_",
    SRC / "cli" / "population.py": "_",
    SRC / "web" / "pages" / "population.py": "p",
    SRC / "report" / "population.py": "tr",
}
TEMPLATE = SRC / "web" / "pages" / "templates" / "population.html"
PLACEHOLDER = re.compile(r"%\((\w+)\)s")
KAZAKH = re.compile("[әғқңөұүһі]", re.IGNORECASE)


def used() -> set[str]:
    ids: set[str] = set()
    for path, keyword in USES.items():
        ids |= {m for _l, m, _c, _x in extract_from_file("python", path, keywords={keyword: None})}
    ids |= {m for _q, m in re.findall(r'p\((["\'])(.*?)\1\)', TEMPLATE.read_text(encoding="utf-8"))}
    return ids


def catalog(lang: str) -> dict[str, str]:
    with (CATALOGS / lang / "LC_MESSAGES" / "population.po").open("rb") as fh:
        return {str(m.id): str(m.string) for m in read_po(fh) if m.id}


@pytest.mark.parametrize("lang", ["kk", "ru", "en"])
def test_catalog_holds_exactly_the_used_messages(lang: str) -> None:
    ids = used()
    assert len(ids) > 50
    cat = catalog(lang)
    assert sorted(ids - {m for m, s in cat.items() if s.strip()}) == []
    assert sorted(set(cat) - ids) == []
    for m, s in cat.items():
        assert sorted(PLACEHOLDER.findall(m)) == sorted(PLACEHOLDER.findall(s)), m


def test_kazakh_and_russian_are_translations() -> None:
    kk, ru = catalog("kk"), catalog("ru")
    for m in used():
        if len(m) > 40:  # sentences, not figures such as "5 %"
            assert kk[m] != m and ru[m] != m and kk[m] != ru[m], m
            assert KAZAKH.search(kk[m]), f"no Kazakh letter: {kk[m]}"
            assert not re.search(r"[A-Za-z]{2,}", re.sub(PLACEHOLDER, "", kk[m] + ru[m])), m

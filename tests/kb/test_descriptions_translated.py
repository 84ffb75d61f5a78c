"""Every indicator description of ``data/indicator_defs`` is told in Kazakh and Russian (issue 11).

The explorer and the report show a description through
:func:`shekara.i18n.words.data_words`, which looks the English text up in the ``data``
catalogs: a description missing there reaches a kk/ru reader in English.
"""

from __future__ import annotations

import csv

import pytest
from babel.messages.pofile import read_po

from latin import latin_words
from shekara.i18n import CATALOGS
from shekara.i18n.words import data_words
from shekara.paths import default_data_dir

#: The formula symbol of the article's gravity index (kk_ru_remaining.json allows it too).
ALLOWED = {"GRAV_ij"}


def descriptions() -> list[str]:
    found: dict[str, None] = {}
    for path in sorted((default_data_dir() / "indicator_defs").glob("*.csv")):
        with path.open(encoding="utf-8") as f:
            found.update((row["description"], None) for row in csv.DictReader(f))
    found.pop("", None)
    return list(found)


def messages(lang: str) -> dict[str, str]:
    with (CATALOGS / lang / "LC_MESSAGES" / "data.po").open("rb") as f:
        return {str(m.id): str(m.string) for m in read_po(f) if m.id}


def test_the_catalogue_has_its_descriptions() -> None:
    assert len(descriptions()) > 300


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_every_description_is_told(lang: str) -> None:
    catalog = messages(lang)
    missing = [d for d in descriptions() if not catalog.get(d)]
    assert missing == []
    english = {d: w for d in descriptions() if (w := latin_words(data_words(d, lang), ALLOWED))}
    assert english == {}


@pytest.mark.parametrize(
    ("lang", "english", "told"),
    [
        (
            "kk",
            "Length of the Kazakhstan–Russia state border",
            "Қазақстан–Ресей мемлекеттік шекарасының ұзындығы",
        ),
        (
            "kk",
            "Annual natural decrease of population per 1000 in one side's border regions; "
            "upper end of the range the source states",
            "Бір тараптың шекаралас өңірлеріндегі халықтың 1000 адамға шаққандағы жылдық табиғи "
            "кемуі; дереккөзде көрсетілген аралықтың жоғарғы шегі",
        ),
        (
            "kk",
            "Both sexes, five-year age group, 1 July (UN WPP 2022)",
            "Екі жыныс бірге, бесжылдық жас тобы, 1 шілдедегі жағдай бойынша (БҰҰ ӘДП 2022)",
        ),
        (
            "ru",
            "Length of the Kazakhstan–Russia state border",
            "Протяжённость казахстанско-российской государственной границы",
        ),
        (
            "ru",
            "Water use as a percentage of the basin's water resources (>100 = over-use)",
            "Водопользование в процентах от водных ресурсов бассейна (более 100 — чрезмерное "
            "использование)",
        ),
        (
            "ru",
            "Real money income of citizens relative to the 1989 level",
            "Реальные денежные доходы граждан по отношению к уровню 1989 г.",
        ),
    ],
)
def test_descriptions_read_as_written(lang: str, english: str, told: str) -> None:
    assert english in descriptions()
    assert data_words(english, lang) == told

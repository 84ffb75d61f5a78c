"""Every note of a value in ``data/indicators`` is told in Russian (the ``data`` catalog).

The indicator explorer and the report show a value's note through
:func:`shekara.i18n.words.data_words`; a note without a Russian entry would reach a Russian
reader in English. The spot checks pin the house style: seed lines as "диссертация, стр. N",
the text's qualifiers in words, never as codes, and the same boilerplate every time.
"""

from __future__ import annotations

import csv

import pytest

from latin import latin_words
from shekara.i18n import catalog
from shekara.i18n.words import data_words
from shekara.paths import default_data_dir

#: A website the article cites as its source (as in test_data_catalog): an address, not a word.
CITED_SITES = {"stat.gov.kz"}
PRESENT_TENSE_EN = (
    "Period not stated in the text (present tense); 2025 is the year the dissertation was written."
)
PRESENT_TENSE_RU = "Период в тексте не указан (настоящее время); 2025 — год написания диссертации."


def notes() -> list[str]:
    """The distinct non-empty notes of all value files, in file order."""
    seen: dict[str, None] = {}
    for path in sorted((default_data_dir() / "indicators").glob("*.csv")):
        with path.open(encoding="utf-8") as f:
            for row in csv.DictReader(f):
                if row.get("note"):
                    seen.setdefault(row["note"])
    return list(seen)


def test_the_dissertation_has_notes() -> None:
    """Guards the tests below against an empty or renamed column."""
    assert len(notes()) > 300


def test_every_note_has_a_russian_translation() -> None:
    ru = catalog("ru", "data")
    missing = [note for note in notes() if not ru.get(note)]
    assert missing == []


def test_no_russian_note_carries_english_or_codes() -> None:
    found = {}
    for note in notes():
        told = data_words(note, "ru")
        words = latin_words(told, CITED_SITES)
        if words or told == note:
            found[note] = words
    assert found == {}


def test_the_present_tense_boilerplate_is_told_the_same_way_every_time() -> None:
    ends = [n for n in notes() if n.endswith(PRESENT_TENSE_EN)]
    assert len(ends) > 50
    assert [n for n in ends if not data_words(n, "ru").endswith(PRESENT_TENSE_RU)] == []


@pytest.mark.parametrize(
    ("note", "russian"),
    [
        (
            "Russian side's share of the population of the whole two-sided border zone; "
            "qualifier: more_than ('асады'). Repeated at D:344. " + PRESENT_TENSE_EN,
            "Доля российской стороны в населении всей двусторонней приграничной зоны; уточнение в "
            "тексте: «более» ('асады'). Повторяется: диссертация, стр. 344. " + PRESENT_TENSE_RU,
        ),
        (
            "2010 census. CONTRADICTION with D:301, which gives 16.3 % for the same share.",
            "Перепись 2010 г. ПРОТИВОРЕЧИЕ: на стр. 301 диссертации та же доля составляет 16,3 %.",
        ),
        (
            "Drug-dependent persons (Mazhilis data); qualifier: at_least ('кемінде'); stated as "
            "450 thousand (exact unit change). " + PRESENT_TENSE_EN,
            "Наркозависимые лица (данные Мажилиса); уточнение в тексте: «не менее» ('кемінде'); "
            "в тексте — 450 тыс. (точный пересчёт единиц). " + PRESENT_TENSE_RU,
        ),
        (
            "Upper end of 0.8-1.2 °C by 2030.",
            "Верхняя граница диапазона 0,8–1,2 °C к 2030 г.",
        ),
    ],
    ids=["more-than", "contradiction", "at-least", "range"],
)
def test_spot_checks(note: str, russian: str) -> None:
    assert note in notes()
    assert data_words(note, "ru") == russian

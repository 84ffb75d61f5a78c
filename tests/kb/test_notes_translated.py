"""Every note of a stored value is told in Kazakh and in Russian (the ``data`` catalog).

A value's ``note`` (data/indicators/*.csv) is English prose; the indicator explorer and the
report show it through :func:`shekara.i18n.words.data_words`. A note without an entry reaches a
kk or ru reader in English, and an entry may carry no English word or internal code
(``more_than``, ``thousand_persons``, ``D:344``): only proper names, codes and symbols
(:mod:`latin`) and the statistics office's web address the article cites. The spot checks pin
the house style: seed lines as "диссертацияның N-жолы" / "диссертация, стр. N", qualifiers in
words, decimal commas, the seed's quotations kept, one wording for the recurring boilerplate.
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
PRESENT_TENSE = {
    "en": "Period not stated in the text (present tense); 2025 is the year the dissertation was "
    "written.",
    "kk": "Кезеңі мәтінде көрсетілмеген (осы шақпен айтылған); 2025 — диссертация жазылған жыл.",
    "ru": "Период в тексте не указан (настоящее время); 2025 — год написания диссертации.",
}
LANGS = ("kk", "ru")


def notes() -> list[str]:
    """The distinct non-empty notes of every indicator table, in file order."""
    seen: dict[str, None] = {}
    for path in sorted((default_data_dir() / "indicators").glob("*.csv")):
        with path.open(encoding="utf-8") as f:
            for row in csv.DictReader(f):
                if row.get("note"):
                    seen.setdefault(row["note"], None)
    return list(seen)


def test_the_dissertation_has_hundreds_of_notes() -> None:
    """The scans below read the real tables (an empty glob would pass vacuously)."""
    assert len(notes()) >= 300


@pytest.mark.parametrize("lang", LANGS)
def test_every_note_has_an_entry(lang: str) -> None:
    told = catalog(lang, "data")
    assert [note for note in notes() if not told.get(note)] == []


@pytest.mark.parametrize("lang", LANGS)
def test_no_note_carries_english_or_codes(lang: str) -> None:
    found = {}
    for note in notes():
        told = data_words(note, lang)
        words = latin_words(told, CITED_SITES)
        if words or told == note:
            found[note] = words
    assert found == {}


@pytest.mark.parametrize("lang", LANGS)
def test_the_present_tense_boilerplate_is_told_one_way(lang: str) -> None:
    dated = [note for note in notes() if note.endswith(PRESENT_TENSE["en"])]
    assert len(dated) > 50
    assert [n for n in dated if not data_words(n, lang).endswith(PRESENT_TENSE[lang])] == []


SPOT_CHECKS = [
    (
        "kk",
        "Russian side's share of the population of the whole two-sided border zone; "
        "qualifier: more_than ('асады'). Repeated at D:344. " + PRESENT_TENSE["en"],
        "Екі жақты шекара аймағының бүкіл халқындағы Ресей бөлігінің үлесі; мәтінде "
        "«асады»: нақты мән бұдан жоғары. Диссертацияның 344-жолында қайталанады. "
        + PRESENT_TENSE["kk"],
    ),
    (
        "kk",
        "2010 census. CONTRADICTION with D:301, which gives 16.3 % for the same share.",
        "2010 жылғы санақ. Диссертацияның 301-жолымен ҚАЙШЫЛЫҚ: онда дәл осы үлес 16,3 % деп "
        "берілген.",
    ),
    (
        "kk",
        "Decrease stated as 1.24 million persons ('азайып'); stored with a minus sign, exact "
        "unit change to thousands.",
        "Азаю мәтінде 1,24 млн адам деп берілген («азайып»); минус таңбасымен сақталған, "
        "мыңға дәл ауыстырылды.",
    ),
    (
        "kk",
        "Upper end of 1.5-2.4 km³; time unit not given.",
        "1,5–2,4 км³ аралығының жоғарғы шегі; уақыт бірлігі көрсетілмеген.",
    ),
    (
        "ru",
        "Russian side's share of the population of the whole two-sided border zone; "
        "qualifier: more_than ('асады'). Repeated at D:344. " + PRESENT_TENSE["en"],
        "Доля российской стороны в населении всей двусторонней приграничной зоны; уточнение в "
        "тексте: «более» ('асады'). Повторяется: диссертация, стр. 344. " + PRESENT_TENSE["ru"],
    ),
    (
        "ru",
        "2010 census. CONTRADICTION with D:301, which gives 16.3 % for the same share.",
        "Перепись 2010 г. ПРОТИВОРЕЧИЕ: на стр. 301 диссертации та же доля составляет 16,3 %.",
    ),
    (
        "ru",
        "Drug-dependent persons (Mazhilis data); qualifier: at_least ('кемінде'); stated as "
        "450 thousand (exact unit change). " + PRESENT_TENSE["en"],
        "Наркозависимые лица (данные Мажилиса); уточнение в тексте: «не менее» ('кемінде'); "
        "в тексте — 450 тыс. (точный пересчёт единиц). " + PRESENT_TENSE["ru"],
    ),
    (
        "ru",
        "Upper end of 0.8-1.2 °C by 2030.",
        "Верхняя граница диапазона 0,8–1,2 °C к 2030 г.",
    ),
]


@pytest.mark.parametrize(("lang", "note", "told"), SPOT_CHECKS)
def test_spot_checks(lang: str, note: str, told: str) -> None:
    """Hand-read entries."""
    assert note in notes()
    assert data_words(note, lang) == told

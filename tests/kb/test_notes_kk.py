"""Every note of a stored value is told in Kazakh (the dashboard's indicator explorer, the report).

A value's ``note`` (data/indicators/*.csv) is English prose; ``data_words(note, "kk")`` looks it
up in the ``data`` catalog. A note without a Kazakh entry reaches a Kazakh reader in English, and
a Kazakh entry may carry no English word or internal code (``more_than``, ``thousand_persons``,
``D:344``): only proper names, codes and symbols (:mod:`latin`), the statistics office's web
address and a CLI command the reader types, quoted as «shekara …».
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest

from latin import latin_words
from shekara.i18n import catalog
from shekara.i18n.words import data_words
from shekara.paths import default_data_dir

ALLOWED = {"stat.gov.kz"}
_COMMAND = re.compile(r"«shekara [^»]*»")
BOILERPLATE = (
    "Period not stated in the text (present tense); 2025 is the year the dissertation was written.",
    "Кезеңі мәтінде көрсетілмеген (осы шақпен айтылған); 2025 — диссертация жазылған жыл.",
)


def notes() -> list[str]:
    """The distinct non-empty notes of every indicator table, in file order."""
    seen: dict[str, None] = {}
    for path in sorted((default_data_dir() / "indicators").glob("*.csv")):
        with Path(path).open(encoding="utf-8") as f:
            for row in csv.DictReader(f):
                if row.get("note"):
                    seen.setdefault(row["note"], None)
    return list(seen)


def test_the_dissertation_has_hundreds_of_notes() -> None:
    """The scan below reads the real tables (an empty glob would pass vacuously)."""
    assert len(notes()) >= 300


def test_every_note_has_a_kazakh_entry() -> None:
    kk = catalog("kk", "data")
    missing = [note for note in notes() if not kk.get(note)]
    assert missing == []


def test_kazakh_notes_have_no_english_word_or_code() -> None:
    for note in notes():
        told = data_words(note, "kk")
        assert told != note, note
        assert latin_words(_COMMAND.sub(" ", told), ALLOWED) == [], (note, told)


def test_the_undated_present_tense_boilerplate_is_told_one_way() -> None:
    english, kazakh = BOILERPLATE
    dated = [note for note in notes() if note.endswith(english)]
    assert len(dated) > 50
    assert [n for n in dated if not data_words(n, "kk").endswith(kazakh)] == []


@pytest.mark.parametrize(
    ("note", "kazakh"),
    [
        (
            "Russian side's share of the population of the whole two-sided border zone; "
            "qualifier: more_than ('асады'). Repeated at D:344. Period not stated in the text "
            "(present tense); 2025 is the year the dissertation was written.",
            "Екі жақты шекара аймағының бүкіл халқындағы Ресей бөлігінің үлесі; мәтінде "
            "«асады»: нақты мән бұдан жоғары. Диссертацияның 344-жолында қайталанады. Кезеңі "
            "мәтінде көрсетілмеген (осы шақпен айтылған); 2025 — диссертация жазылған жыл.",
        ),
        (
            "2010 census. CONTRADICTION with D:301, which gives 16.3 % for the same share.",
            "2010 жылғы санақ. Диссертацияның 301-жолымен ҚАЙШЫЛЫҚ: онда дәл осы үлес 16,3 % деп "
            "берілген.",
        ),
        (
            "Decrease stated as 1.24 million persons ('азайып'); stored with a minus sign, exact "
            "unit change to thousands.",
            "Азаю мәтінде 1,24 млн адам деп берілген («азайып»); минус таңбасымен сақталған, "
            "мыңға дәл ауыстырылды.",
        ),
        (
            "Upper end of 1.5-2.4 km³; time unit not given.",
            "1,5–2,4 км³ аралығының жоғарғы шегі; уақыт бірлігі көрсетілмеген.",
        ),
    ],
)
def test_spot_checks(note: str, kazakh: str) -> None:
    """Hand-read entries: seed line as 'диссертацияның N-жолы', decimal comma, quotes kept."""
    assert note in notes()
    assert data_words(note, "kk") == kazakh

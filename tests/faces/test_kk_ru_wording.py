"""Wording a Kazakh or Russian reader flagged, checked in the rendered faces (issue 11).

Each case renders a page, a CLI table or the report and looks for the corrected phrase and
for the flagged one: "2026 ж. 01 жел. жағдай бойынша" → "2026 жылғы 1 желтоқсандағы жағдай
бойынша", "-14,5 %-ға өзгереді" → "14,5 %-ға қысқарады", "Алтай өңірі" → "Алтай өлкесі",
"Бұхтарма" → "Бұқтырма", one Kazakh form of Omsk (Омбы), ru "0 баллов", "в первых 3" → "одно
из первых 3 мест", "за период 2018/2030" → "в 2018–2030 гг.", and the report's title page
giving both its as-of day and the years of its data.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

import shekara.i18n as shekara_i18n
from latin import visible_text
from shekara.cli import run
from shekara.i18n.words import as_of_words

BABEL_KK_DAY = re.compile(r"\d{4}\s?ж\. \d{2} [а-яәіңғүұқөһ]+\.")  # "2026 ж. 01 жел."


@pytest.fixture(scope="module")
def store(built_store: Path, tmp_path_factory: pytest.TempPathFactory) -> str:
    dst = tmp_path_factory.mktemp("wording") / "kb.sqlite"
    shutil.copy(built_store, dst)
    return f"sqlite:///{dst}"


@pytest.fixture(scope="module")
def client(store: str) -> Iterator[TestClient]:
    from shekara.web.app import create_app

    with TestClient(create_app(store)) as c:
        yield c


def page(client: TestClient, path: str, lang: str) -> str:
    r = client.get(path, params={"lang": lang})
    assert r.status_code == 200
    return re.sub(r"\s+", " ", visible_text(r.text))


def test_kazakh_pages_use_the_standard_names(client: TestClient) -> None:
    altai = page(client, "/pairs/KZ-63:RU-ALT", "kk")
    assert "Шығыс Қазақстан облысы – Алтай өлкесі" in altai
    assert "Алтай өңірі" not in altai
    water = page(client, "/water", "kk")
    assert "Бұқтырма су қоймасы" in water and "Бұхтарма" not in water
    for path in ("/", "/assessment", "/pairs/KZ-59:RU-OMS", "/crossings/isilkul"):
        text = page(client, path, "kk")
        assert "Омбы облысы" in text, path
        assert "Омск" not in text, path  # one Kazakh form of the name in our own text


def test_russian_units_agree_with_their_number(client: TestClient) -> None:
    text = page(client, "/pairs/KZ-59:RU-OMS", "ru")
    assert "(опубликованный): 0 баллов (2018)" in text
    # in running text (SWOT evidence) the unit agrees; a table's unit column names the unit
    assert not re.search(r": \d+ балл\b", text)


def test_pages_write_intervals_and_approximate_periods(client: TestClient) -> None:
    text = page(client, "/pairs/KZ-59:RU-OMS", "kk")
    assert "≈ 2017–2018 298 мың адам" in text  # D:300, "the last 7-8 years"
    assert "01.2018–08.2018 221,5 млн АҚШ долл." in text  # A:812-817, January–August
    assert "2018/2030" not in text


def test_map_caption_says_the_day_in_words(client: TestClient) -> None:
    """The ranking's caption on the home map gives the as-of day as a reader writes it."""
    kk, ru = (client.get("/", params={"lang": x, "as_of": "2018"}).text for x in ("kk", "ru"))
    assert "Күні 2018 жылғы 31 желтоқсан ·" in kk
    assert "2018-12-31" not in kk
    assert "31 декабря 2018 г. ·" in ru


def test_flood_page_and_bulletin_say_the_day_as_a_reader_writes_it() -> None:
    """The bulletin's day (the /flood page and the PDF) read "2026 ж. 18 мам." — the form the
    issue flagged; now "2026 жылғы 18 мамырдағы жағдай бойынша", "Обстановка на 18 мая 2026 г."."""
    from shekara.i18n import translator
    from shekara.i18n.words import as_of_words

    day = date(2026, 5, 18)
    kk = translator("kk", "flood")("Situation on {day}.").format(day=as_of_words(day, "kk"))
    ru = translator("ru", "flood")("Situation on {day}.").format(day=as_of_words(day, "ru"))
    assert kk == "2026 жылғы 18 мамырдағы жағдай бойынша."
    assert ru == "Обстановка на 18 мая 2026 г."


def test_outlook_page_says_the_issue_day_in_words(client: TestClient) -> None:
    """/flood/outlook names the issue day as a reader writes it, not as ISO 8601."""
    kk, ru = (client.get("/flood/outlook", params={"lang": x}).text for x in ("kk", "ru"))
    assert "Болжам, шығарылған күні: 1988 жылғы 1 наурыз</h2>" in kk
    assert "Прогноз с 1 марта 1988 г.</h2>" in ru
    assert ">1988-03-01<" not in kk + ru
    # and the chart's day axis: "1 нау.", "1 мар.", not "03-01"
    assert ">1 нау.</text>" in kk and ">1 мар.</text>" in ru
    assert ">03-01</text>" not in kk + ru


@pytest.mark.parametrize("path", ["/", "/explorer", "/water", "/platform/projects"])
def test_map_scale_bar_speaks_the_page_language(client: TestClient, path: str) -> None:
    """The scale bar of every map says "км" on kk and ru pages."""
    for lang in ("kk", "ru"):
        text = client.get(path, params={"lang": lang}).text
        assert re.search(r"\d км</text>", text) and " km</text>" not in text


@pytest.mark.parametrize(
    ("lang", "title", "flagged"),
    [
        ("kk", "2018 жылғы 31 желтоқсандағы жағдай бойынша ынтымақтастық әлеуеті", "2018-12-31"),
        ("ru", "Потенциал сотрудничества по состоянию на 31 декабря 2018 г.", "2018-12-31"),
    ],
)
def test_cli_titles_say_the_day_in_words(
    lang: str,
    title: str,
    flagged: str,
    store: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("SHEKARA_DATABASE_URL", store)
    monkeypatch.setenv("COLUMNS", "250")
    assert run(["assess", "--as-of", "2018", "--lang", lang]) == 0
    out = capsys.readouterr().out
    assert title in out and flagged not in out


@pytest.mark.parametrize(
    ("lang", "said", "flagged"),
    [
        (
            "ru",
            "вероятность оказаться в первой тройке",
            ("в первые 3", "в первых 3", "первых 3 мест"),
        ),
        ("kk", "қарай алғашқы үштікте болу ықтималдығы", ("алғашқы 3 қатарында",)),
    ],
)
def test_cli_top_k_reads_naturally(
    lang: str,
    said: str,
    flagged: tuple[str, ...],
    store: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """k = 3 is "the first three" as a collective numeral: "в первой тройке", "алғашқы үштікте"."""
    monkeypatch.setenv("SHEKARA_DATABASE_URL", store)
    monkeypatch.setenv("COLUMNS", "250")
    assert run(["sensitivity", "--draws", "200", "--lang", lang]) == 0
    out = re.sub(r"\s+", " ", capsys.readouterr().out)
    assert said in out
    assert not [f for f in flagged if f in out]


def test_top_k_words_for_any_k() -> None:
    from shekara.i18n.words import top_k_words

    assert [top_k_words(k, "ru") for k in (3, 5, 10, 4)] == [
        "в первой тройке",
        "в первой пятёрке",
        "в первой десятке",
        "среди первых 4 мест",
    ]
    assert [top_k_words(k, "kk") for k in (3, 5, 10, 7)] == [
        "алғашқы үштікте",
        "алғашқы бестікте",
        "алғашқы ондықта",
        "алғашқы 7 орынның ішінде",
    ]
    for lang in ("kk", "ru"):  # no catalog says "the first 3" in digits any more
        found = [
            k
            for k, v in _msgstrs(lang).items()
            if re.search(r"алғашқы \{k\} қатар|первых \{k\} мест|первых 3", v)
        ]
        assert found == []


@pytest.fixture(scope="module")
def reports(engine_ro: object, tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    from shekara.report.builder import build_report
    from shekara.services.assessment import SensitivitySettings

    out = {}
    for lang in ("kk", "ru", "en"):
        paths = build_report(
            engine_ro,  # type: ignore[arg-type]
            tmp_path_factory.mktemp(f"report-{lang}"),
            lang,
            sensitivity=SensitivitySettings(draws=200),
            pdf=False,
        )
        out[lang] = re.sub(r"\s+", " ", visible_text(Path(paths.html).read_text("utf-8")))
    return out


@pytest.mark.slow
def test_report_title_page_gives_the_day_and_the_years_of_the_data(
    reports: dict[str, str],
) -> None:
    today = date.today()
    kk, ru, en = reports["kk"], reports["ru"], reports["en"]
    assert f"{as_of_words(today, 'kk')} жағдай бойынша шекаралас өңірлер" in kk
    assert f"по состоянию на {as_of_words(today, 'ru')}" in ru
    # the title page names the years of the figures beside the as-of day (links); GeoNames
    # populations have no reference date, and the page says so instead of the package year
    for text, label, years in (
        (
            kk,
            "Деректердің жылдары",
            r"халық саны — GeoNames \(санақ/бағалау жылы көрсетілмеген\); .* \d{4}–\d{4} жылдары",
        ),
        (
            ru,
            "Годы данных",
            r"численность населения — GeoNames \(год переписи или оценки не указан\); .* в \d{4}–\d{4} гг\.",
        ),
        (
            en,
            "Years of the data",
            r"populations — GeoNames \(census or estimate year not given\); .* in \d{4}–\d{4}",
        ),
    ):
        at = text.index(label)
        assert at < 1500  # on the title page, before the contents
        assert re.search(years, text[at : at + 300]), text[at : at + 300]
        assert not re.search(
            r"(халық саны|населения|populations) — (of )?20\d\d", text[at : at + 300]
        )
    assert not BABEL_KK_DAY.search(kk)  # "2026 ж. 01 жел." nowhere


@pytest.mark.slow
def test_report_phrases_a_native_reader_expects(reports: dict[str, str]) -> None:
    kk, ru = reports["kk"], reports["ru"]
    assert "болжам бойынша 2018–2030 жылдары халық саны 14,5 %-ға қысқарады" in kk
    assert "%-ға өзгереді" not in kk and "кезеңінде 20" not in kk
    assert "Алтай өлкесі" in kk and "Алтай өңірі" not in kk
    assert "Омбы облысы" in kk
    assert "по прогнозу в 2018–2030 гг. численность населения сократится на 14,5 %" in ru
    assert "за период" not in ru and "2018/2030" not in ru
    assert "по 50 баллов" in ru and not re.search(r"\b0 балл\b", ru)
    assert "в первых 3" not in ru and "в число первых" not in ru and "в первые 3" not in ru
    assert re.search(r"пара [^;]+ остаётся в первой тройке в \d+ % испытаний", ru)
    assert "алғашқы 3 қатар" not in kk and "алғашқы үштікте қалады" in kk
    assert "г.." not in ru
    assert "min–max" not in kk + ru  # "ең аз – ең көп", "от минимума до максимума"
    assert "«ең аз – ең көп» нормалауында" in kk and "от минимума до максимума" in ru


def _msgstrs(lang: str) -> dict[str, str]:
    """Every msgstr of the kk/ru catalogs but data.po (the data notes have their own owners)."""
    from babel.messages.pofile import read_po

    out = {}
    for po in sorted((Path(shekara_i18n.__file__).parent / lang / "LC_MESSAGES").glob("*.po")):
        if po.name == "data.po":
            continue
        with po.open("rb") as fh:
            for m in read_po(fh):
                if m.id and m.string:
                    out[f"{po.name}:{m.id}"] = str(m.string)
    return out


@pytest.mark.parametrize(
    ("lang", "term", "abbr"),
    [
        ("ru", "непрерывной ранжированной вероятностной оценке (НРВО)", "НРВО"),
        ("kk", "үздіксіз ранжирленген ықтималдық бағасы (ҮРЫБ)", "ҮРЫБ"),
    ],
)
def test_crps_is_told_in_words(lang: str, term: str, abbr: str, client: TestClient) -> None:
    """No "CRPS" in a kk/ru catalog; the outlook page defines the term once, then abbreviates."""
    assert [k for k, v in _msgstrs(lang).items() if "CRPS" in v] == []
    text = page(client, "/flood/outlook", lang)
    assert "CRPS" not in text
    assert text.count(term) == 1 and text.count(abbr) >= 2


@pytest.mark.parametrize(
    ("lang", "label", "lead"),
    [
        ("kk", "ең аз – ең көп", "«ең аз – ең көп» нормалауы"),
        ("ru", "мин.–макс.", "нормализация от минимума до максимума"),
    ],
)
def test_min_max_is_said_in_words(lang: str, label: str, lead: str, client: TestClient) -> None:
    """The normalisation "min–max" is named in the page's language, not in Latin letters."""
    assessment, home = page(client, "/assessment", lang), page(client, "/", lang)
    assert label in assessment and lead in home
    for text in (assessment, home):
        assert not re.search(r"\bmin\b|\bmax\b", text)
    assert [k for k, v in _msgstrs(lang).items() if "min–max" in v] == []


#: Ordinal words written after a number with a hyphen ("566-жол", "2-бет", "3-кесте", "9-баған").
KK_ORDINALS = re.compile(r"-(?:жол|жолда|жолы|бет|кесте|баған)\b")


def test_kazakh_puts_no_case_ending_on_a_number_placeholder() -> None:
    """A Kazakh case ending after a number depends on how the number is read ("2-ге", "3-ке",
    "6-ға"; "5 пен", "10 бен"): "{p05}-ден {p95}-ке", "{lo} мен {hi}", "{within}-і" were right
    for some values only. Our texts say "{p05}–{p95} аралығында", "{n} жұптың {within} жұбы"."""
    after = re.compile(r"(\{\w*\}|%\(\w+\)s|%[sd])(-[а-яәіңғүұқөһ]+| (?:мен|бен|пен)\b)")
    found = [
        (k, m.group(0))
        for k, v in _msgstrs("kk").items()
        for m in after.finditer(v)
        if not KK_ORDINALS.fullmatch(m.group(2))
    ]
    assert found == []


def test_russian_nouns_need_not_agree_with_a_placeholder() -> None:
    """ "{m} членов", "{d} дней", "{n} лет" read wrongly for 1–4 ("2 членов", "1 234 дней"):
    the number stands after a colon or in brackets instead."""
    agree = re.compile(r"(\{\w*\}|%[sd]) (членов|дней|лет|значений)\b")
    assert [(k, m.group(0)) for k, v in _msgstrs("ru").items() for m in agree.finditer(v)] == []


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_no_latin_abbreviation_for_a_statistic(lang: str) -> None:
    """CRPS and CV are told in words ("коэффициент вариации", "вариация коэффициенті")."""
    assert [k for k, v in _msgstrs(lang).items() if re.search(r"\b(CRPS|CV)\b", v)] == []


@pytest.mark.parametrize(
    ("lang", "flag"),
    [
        ("en", "5 % — an assumption: no source gives it"),
        ("kk", "5 % — бұл жорамал: оны ешбір дереккөз бермейді"),
        ("ru", "5 % — это допущение: ни один источник его не приводит"),
    ],
)
def test_assessment_page_flags_the_population_error_as_an_assumption(
    client: TestClient, lang: str, flag: str
) -> None:
    """Issue 11: the 5 % population error has no source; every output that uses it says so."""
    assert flag in visible_text(page(client, "/assessment", lang))

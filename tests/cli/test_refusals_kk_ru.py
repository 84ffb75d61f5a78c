"""Every command refuses in the user's language (issue 11): no English word after "Қате:"/"Ошибка:".

Each malformed value of :mod:`malformed` is given to its command with ``--lang kk`` or
``--lang ru`` (the two alternate over the cases, so both see every kind of refusal at half the
cost). What may stay in Latin letters is what the user typed or reads as a code: the values
typed (quoted), option names (``--as-of``), file names and formats, error codes and the
proper names of :mod:`latin`. The English line is pinned separately by ``test_cli_malformed``.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from malformed import CASES, lang_commands

from latin import cli_words
from shekara.cli import run

_PREFIX = {"kk": "Қате: ", "ru": "Ошибка: "}
LANG_CASES = [
    (path, option, value, ("kk", "ru")[i % 2])
    for i, (path, option, value) in enumerate(c for c in CASES if c[0] in lang_commands())
    if option != "--lang"  # a malformed --lang is refused in English: no language was chosen
]
english_words = cli_words


@pytest.fixture(scope="module")
def store(built_store: Path, tmp_path_factory: pytest.TempPathFactory) -> str:
    dst = tmp_path_factory.mktemp("refusals") / "kk.sqlite"
    shutil.copy(built_store, dst)
    return f"sqlite:///{dst}"


@pytest.fixture
def in_store(store: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("SHEKARA_DATABASE_URL", store)
    monkeypatch.delenv("SHEKARA_DEBUG", raising=False)
    monkeypatch.chdir(tmp_path)


def refusal(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    code = run(argv)
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, " ".join(err.split())


def test_the_cases_reach_every_kind_of_command() -> None:
    paths = {" ".join(c[0]) for c in LANG_CASES}
    for expected in ("assess", "regions list", "swot", "crossings simulate", "population project"):
        assert expected in paths, expected
    assert {c[3] for c in LANG_CASES} == {"kk", "ru"} and len(LANG_CASES) > 150


@pytest.mark.usefixtures("in_store")
@pytest.mark.parametrize(("path", "option", "value", "lang"), LANG_CASES, ids=str)
def test_malformed_value_is_refused_in_the_users_language(
    path: tuple[str, ...],
    option: str,
    value: str,
    lang: str,
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, err = refusal([*path, option, value, "--lang", lang], capsys)
    assert code != 0 and err.startswith(_PREFIX[lang]), err
    assert english_words(err, {value.strip("%")}) == [], err


#: The refusals a user met (issue 11), exactly as they read now.
TOLD = [
    (
        ["assess", "--as-of", "31.13.2018", "--lang", "kk"],
        "Қате: '--as-of' параметрінің мәні жарамсыз: '31.13.2018' — күнтізбеде жоқ күн "
        "(ай нөмірі 1–12 аралығында болуы керек)",
    ),
    (
        ["regions", "list", "--country", "KAZ", "--lang", "kk"],
        "Қате: '--country' параметрінің мәні жарамсыз: 'KAZ' мәні қабылданбайды: KZ (Қазақстан) "
        "немесе RU (Ресей) деп жазыңыз",
    ),
    (
        ["indicators", "show", "--indicator", "populaton", "--lang", "ru"],
        "Ошибка: Недопустимое значение --indicator: 'populaton' — неизвестное значение; "
        "возможно, имелось в виду 'population'? см. 'shekara indicators list'",
    ),
    (
        ["assess", "--frobnicate", "1", "--lang", "kk"],
        "Қате: Мұндай параметр жоқ: --frobnicate (мүмкін параметрлер: --format)",
    ),
    (
        ["population", "projection", "--lang", "ru"],
        "Ошибка: Нет такой команды: 'projection'. Возможно, имелась в виду 'project'?",
    ),
    (
        ["sensitivity", "--draws", "0", "--lang", "ru"],
        "Ошибка: Недопустимое значение '--draws': должно быть не меньше 1",
    ),
    (
        ["swot", "--pair", "XX", "--lang", "ru"],
        "Ошибка: Недопустимое значение --pair: 'XX' — неизвестное значение; "
        "см. 'shekara pairs list'",
    ),
]


@pytest.mark.usefixtures("in_store")
@pytest.mark.parametrize(
    ("argv", "told"), TOLD, ids=lambda v: " ".join(v) if isinstance(v, list) else ""
)
def test_the_refusals_users_met_read_so(
    argv: list[str], told: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, err = refusal(argv, capsys)
    assert code == 2
    assert err == told


@pytest.mark.usefixtures("in_store")
@pytest.mark.parametrize(
    ("argv", "typed"),
    [
        (["assess", "--frobnicate", "1"], set()),
        (["assess", "--lan", "kk"], set()),
        (["projection"], set()),
        (["population", "projection"], set()),
        (["regions", "list", "extra"], {"extra"}),
        (["population", "series"], set()),
        (["sensitivity", "--draws", "0"], set()),
        (["crossings", "plan", "--quantile", "2"], set()),
        (["water", "balance", "--year", "1800"], set()),
        (["assess", "--weights", "gravity=-1"], set()),
        (["water", "balance", "--consumption-growth", "-200"], set()),
        (["crossings", "scenario", "--per-year", "0"], set()),
        (["crossings", "simulate", "--hours", "0"], set()),
    ],
    ids=lambda v: " ".join(v) if isinstance(v, list) else "",
)
@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_usage_and_service_refusals_in_kk_and_ru(
    argv: list[str], typed: set[str], lang: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """Click's own errors (unknown option or command, extra argument, a range) and the
    services' coded refusals of values the option's type accepts."""
    code, err = refusal([*argv, "--lang", lang], capsys)
    assert code != 0 and err.startswith(_PREFIX[lang]), err
    assert english_words(err, typed) == [], err


def test_english_is_unchanged(in_store: None, capsys: pytest.CaptureFixture[str]) -> None:
    code, err = refusal(["regions", "list", "--country", "KAZ"], capsys)
    assert code == 2
    assert err == (
        "Error: Invalid value for '--country': 'KAZ' is not accepted: "
        "use KZ (Kazakhstan) or RU (Russia)"
    )
    # and the check above sees an untold refusal
    assert english_words(err) == ["Error", "Invalid", "value", "for", "is", "not", "accepted",
                                  "use", "Kazakhstan", "or", "Russia"]  # fmt: skip


BAD_VALUES = """entity_type,entity_id,indicator,period,value,unit,source_id
region,KZ-3O,populaton,2020,100,thousand_persons,seed-d
region,KZ-39,population,2020,abc,thousand_persons,seed-d
"""


@pytest.mark.parametrize(
    ("lang", "line", "last"),
    [
        ("en", "error KB406 bad.csv:3 [value]: Value 'abc' is not a number", "Error: "),
        ("kk", "қате KB406 bad.csv, 3-жол, value өрісі: 'abc' мәні сан емес", "Қате: "),
        ("ru", "ошибка KB406 bad.csv, строка 3, поле value: Значение 'abc' не является числом",
         "Ошибка: "),
    ],
)  # fmt: skip
def test_an_import_is_refused_finding_by_finding_in_the_users_language(
    lang: str, line: str, last: str, in_store: None, tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:  # fmt: skip
    """``data import --lang`` tells every finding (severity, place, message); the code, file,
    field and the nearest known id ("→ KZ-35, KZ-39?") stay as the user reads them in the file."""
    bad = tmp_path / "bad.csv"
    bad.write_text(BAD_VALUES, encoding="utf-8")
    assert run(["data", "import", str(bad), "--lang", lang]) == 1
    lines = capsys.readouterr().err.splitlines()
    assert line in lines
    assert lines[-1].startswith(last) and len(lines) == 7
    assert any(ln.endswith("→ KZ-35, KZ-39?") for ln in lines)
    if lang != "en":
        ids = {"bad.csv", "indicator", "entity_id", "locator", "value", "unit", "region",
               "populaton", "population", "thousand_persons", "persons", "seed-d"}  # fmt: skip
        assert [w for ln in lines for w in english_words(ln, ids)] == []


def test_a_store_build_reports_in_kazakh(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("SHEKARA_DATABASE_URL", f"sqlite:///{tmp_path / 'kk.sqlite'}")
    assert run(["db", "build", "--lang", "kk"]) == 0
    out = capsys.readouterr().out
    assert out.startswith(f"Қойма құрастырылды: sqlite:///{tmp_path / 'kk.sqlite'}; жазбалар — ")
    assert "Қойма ('SHEKARA_DATABASE_URL' айнымалысы бойынша): " in out
    assert english_words(out.replace(str(tmp_path), "")) == ["sqlite", "sqlite"]

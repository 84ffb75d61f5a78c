"""Flood commands refuse in the user's language, and say when a range holds nothing (issue 11).

Every flood subcommand is run with one malformed or unknown value under ``--lang kk`` and
``--lang ru``: stderr must carry no English word. What may stay in Latin letters is what the
user typed or reads as a code: the error code (FLF002), option names (--from), the values
typed (quoted or listed per case), file names and file formats (tests/latin.py for the rest).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from latin import cli_words
from shekara.cli import run

#: (command line, words the user typed that the refusal may echo)
CASES: list[tuple[list[str], set[str]]] = [
    (["flood", "network", "--format", "xml"], set()),
    (["flood", "import", "nofile.csv"], set()),
    (["flood", "export", "out.txt"], set()),
    (["flood", "status", "--from", "18"], set()),
    (["flood", "route", "missing.csv", "--k-hours", "24"], set()),
    (["flood", "forecast", "--horizon", "99"], set()),
    (["flood", "reservoir-plan", "nope"], set()),
    (["flood", "bulletin", "x.txt"], set()),
    (["flood", "outlook", "--members", "zero"], set()),
    (["flood", "verify", "--dataset", "ertis"], {"ertis"}),
    (["flood", "swe-outlook", "--file", "x.csv", "--swe", "1"], set()),
    (["flood", "swe-outlook", "--file", "x.csv", "--swe", "-1"], set()),
]


english_words = cli_words


@pytest.mark.parametrize("lang", ["kk", "ru"])
@pytest.mark.parametrize(
    ("argv", "typed"), CASES, ids=lambda v: " ".join(v) if isinstance(v, list) else ""
)
def test_flood_refusal_is_in_the_users_language(
    argv: list[str],
    typed: set[str],
    lang: str,
    season_env: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.chdir(tmp_path)
    code = run([*argv, "--lang", lang])
    out, err = capsys.readouterr()
    assert code != 0 and err.strip(), (code, out, err)
    assert english_words(err, typed) == [], err
    assert "Traceback" not in out + err
    assert err.startswith({"kk": "Қате: ", "ru": "Ошибка: "}[lang]) or re.match(r"FLX\d{3} ", err)


def test_the_english_refusal_is_unchanged(
    season_env: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(["flood", "forecast", "--horizon", "99"]) == 1
    assert capsys.readouterr().err == (
        "Error: FLF002: horizon must be 1-60 days and history 2-60 days\n"
    )
    # and the check above would see an untranslated refusal
    assert english_words("Қате: FLF002: horizon must be 1-60 days", set()) == [
        "horizon", "must", "be", "days"
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("lang", "said"),
    [
        ("kk", "2099 жылғы 1 қаңтар – … аралығында бақылау деректері жоқ; қоймадағы деректер: "
               "2026 жылғы 20 наурыз – 2026 жылғы 28 сәуір"),
        ("ru", "Наблюдений с 1 января 2099 г. по … нет; в хранилище есть данные "
               "с 20 марта 2026 г. по 28 апреля 2026 г."),
        ("en", "No observations from 2099-01-01 to …; the store holds 2026-03-20 to 2026-04-28"),
    ],
)  # fmt: skip
@pytest.mark.parametrize("command", ["status", "export"])
def test_an_empty_range_is_said_with_the_range_held(
    command: str,
    lang: str,
    said: str,
    season_env: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """``--from 2099`` printed nothing and exited 0: now it says what the store holds.

    Exit 0, like every "nothing found" of the CLI (``indicators show`` → "No values match.");
    the exercise season of tests/flood/conftest.py runs 20 March – 28 April 2026 (40 days).
    """
    out_file = tmp_path / "out.csv"
    argv = ["flood", command, *([str(out_file)] if command == "export" else []), "--from", "2099"]
    assert run([*argv, "--lang", lang]) == 0
    out, err = capsys.readouterr()
    assert err.strip() == said
    assert out == "" and not out_file.exists()  # nothing written

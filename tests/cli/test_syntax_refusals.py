"""A broken JSON or YAML file is refused with its line and column, in the user's language.

The parser's own message used to reach a Kazakh or Russian user in English ("Expecting value:
line 2 column 1 (char 6)"; PyYAML's several lines of "expected the node content, but found
'<stream end>'"). :func:`shekara.syntax.where_invalid` gives the place and, for JSON, one of the
standard library's fixed problems, which ``cli.refusals`` tells in kk and ru.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from latin import cli_words
from shekara.cli import run
from shekara.syntax import JSON_PROBLEMS, where_invalid

#: A text for every message of the standard library's JSON decoder (and the place it names).
BROKEN_JSON = {
    "": ("Expecting value", 1, 1),
    '{"a": 1,': ("Expecting property name enclosed in double quotes", 1, 9),
    "[1 2]": ("Expecting ',' delimiter", 1, 4),
    '{"a" 1}': ("Expecting ':' delimiter", 1, 6),
    '{"a": 1}\nx': ("Extra data", 2, 1),
    '"abc': ("Unterminated string starting at", 1, 1),
    '"a\x01"': ("Invalid control character at", 1, 3),
    '"a\\q"': ("Invalid \\escape", 1, 3),
    '"\\u12"': ("Invalid \\uXXXX escape", 1, 3),
}


def test_every_json_problem_is_one_the_decoder_gives() -> None:
    assert sorted(p for p, _, _ in BROKEN_JSON.values()) == sorted(JSON_PROBLEMS)
    for text, (problem, line, column) in BROKEN_JSON.items():
        with pytest.raises(json.JSONDecodeError) as caught:
            json.loads(text)
        assert where_invalid(caught.value) == (
            f"not valid JSON at line {line}, column {column}: {problem}"
        )


@pytest.fixture
def broken(tmp_path: Path) -> dict[str, Path]:
    files = {"params": '{"fc": 200,\n', "inputs": '{"base":\n', "config": "groups: [1,\n"}
    out = {}
    for name, text in files.items():
        out[name] = tmp_path / f"{name}.{'yaml' if name == 'config' else 'json'}"
        out[name].write_text(text, encoding="utf-8")
    return out


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        (
            "en",
            [
                "Error: cannot read parameters from {params}: not valid JSON at line 2, "
                "column 1: Expecting property name enclosed in double quotes",
                "Error: POP140: {inputs}: not valid JSON at line 2, column 1: Expecting value",
                "Error: CRS103: config.yaml: not valid YAML at line 2, column 1",
            ],
        ),
        (
            "kk",
            [
                "Қате: {params} файлынан параметрлерді оқу мүмкін емес: JSON пішімі бұзылған "
                "(2-жол, 1-баған): қос тырнақшадағы өріс атауы күтілген еді",
                "Қате: POP140: {inputs}: JSON пішімі бұзылған (2-жол, 1-баған): мән күтілген еді",
                "Қате: CRS103: config.yaml: YAML пішімі бұзылған (2-жол, 1-баған)",
            ],
        ),
        (
            "ru",
            [
                "Ошибка: не удалось прочитать параметры из {params}: некорректный JSON (строка 2, "
                "столбец 1): ожидалось имя поля в двойных кавычках",
                "Ошибка: POP140: {inputs}: некорректный JSON (строка 2, столбец 1): ожидалось "
                "значение",
                "Ошибка: CRS103: config.yaml: некорректный YAML (строка 2, столбец 1)",
            ],
        ),
    ],
)
def test_a_broken_file_is_refused_with_its_place(
    lang: str,
    expected: list[str],
    broken: dict[str, Path],
    built_store: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("SHEKARA_DATABASE_URL", f"sqlite:///{built_store}")  # cohort opens it
    commands = [
        ["hydro", "validate", "--parameters", str(broken["params"]), "--period", "1985-1988"],
        ["population", "cohort", "--inputs", str(broken["inputs"])],
        ["crossings", "simulate", "--config", str(broken["config"])],
    ]
    for command, line in zip(commands, expected, strict=True):
        assert run([*command, "--lang", lang]) in (1, 2)
        err = capsys.readouterr().err.strip()
        assert err == line.format(params=broken["params"], inputs=broken["inputs"])
        if lang != "en":
            told = err.replace(str(broken["params"].parent), "").replace("config.yaml", "")
            assert cli_words(told) == []  # but the file names the user gave


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        (
            "en",
            "FLX001 bad.xml file missing or unreadable (not valid XML at line 1, column 9: "
            "mismatched tag)",
        ),
        (
            "kk",
            "FLX001 bad.xml файл жоқ немесе оқылмайды (XML пішімі бұзылған (1-жол, 9-баған): "
            "жабатын тег ашатын тегке сәйкес емес)",
        ),
        (
            "ru",
            "FLX001 bad.xml файл отсутствует или не читается (некорректный XML (строка 1, "
            "столбец 9): закрывающий тег не соответствует открывающему)",
        ),
    ],
)
def test_a_broken_waterml_bulletin_names_its_place(
    lang: str,
    expected: str,
    built_store: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    store = tmp_path / "kb.sqlite"
    store.write_bytes(built_store.read_bytes())
    monkeypatch.setenv("SHEKARA_DATABASE_URL", f"sqlite:///{store}")
    bad = tmp_path / "bad.xml"
    bad.write_text("<a><b></a>", encoding="utf-8")
    assert run(["flood", "import", str(bad), "--dry-run", "--lang", lang]) == 1
    out = capsys.readouterr()
    assert expected in (out.out + out.err).splitlines()

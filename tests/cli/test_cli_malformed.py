"""Every command, every option, a malformed value: no traceback, a non-zero exit, one line.

The cases come from :mod:`malformed` (walked from the Typer app). The run goes through
:func:`shekara.cli.run`, the same function as the ``shekara`` script.
"""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest
from malformed import CASES

from shekara.cli import run
from shekara.dates import DateInputError, normalise_day, parse_day


@pytest.fixture(scope="module")
def private_store(built_store: Path, tmp_path_factory: pytest.TempPathFactory) -> str:
    """A private copy of the shipped store: a malformed command must not write, but if it
    did it would not spoil the session's read-only store."""
    dst = tmp_path_factory.mktemp("malformed") / "kb.sqlite"
    shutil.copy(built_store, dst)
    return f"sqlite:///{dst}"


def test_the_walk_finds_the_commands() -> None:
    """The walk reaches the nested groups (a walk that found nothing would pass everything)."""
    paths = {" ".join(c[0]) for c in CASES}
    for expected in ("assess", "regions list", "swot", "flood forecast", "population project"):
        assert any(p.startswith(expected) for p in paths), expected
    assert len(CASES) > 100


@pytest.mark.parametrize(("path", "option", "value"), CASES, ids=lambda v: str(v))
def test_malformed_option_gives_one_line(
    path: tuple[str, ...],
    option: str,
    value: str,
    private_store: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
) -> None:
    monkeypatch.setenv("SHEKARA_DATABASE_URL", private_store)
    monkeypatch.delenv("SHEKARA_DEBUG", raising=False)
    monkeypatch.chdir(tmp_path)
    code = run([*path, option, value])
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    assert "unexpected failure" not in err, err  # a malformed value is refused, not a crash
    assert code != 0, f"shekara {' '.join(path)} {option} {value} exited 0:\n{out}{err}"
    lines = [ln for ln in err.splitlines() if ln.strip()]
    assert lines, "no message on stderr"
    assert lines[0].startswith("Error") or lines[0].startswith("E"), lines
    assert len(lines) <= 3, err  # one message (a findings list may name a few problems)


def test_date_option_message_says_what_is_accepted(
    capsys: pytest.CaptureFixture[str], private_store: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SHEKARA_DATABASE_URL", private_store)
    assert run(["regions", "list", "--as-of", "18"]) == 2
    err = capsys.readouterr().err.strip()
    assert err == (
        "Error: Invalid value for '--as-of': '18' is not a date: "
        "use YYYY, YYYY-MM-DD or DD.MM.YYYY (e.g. 2018, 2018-06-07, 07.06.2018)"
    )


def test_country_message_says_what_is_accepted(
    capsys: pytest.CaptureFixture[str], private_store: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SHEKARA_DATABASE_URL", private_store)
    assert run(["regions", "list", "--country", "KAZ"]) == 2
    assert "use KZ (Kazakhstan) or RU (Russia)" in capsys.readouterr().err
    assert run(["regions", "list", "--country", "kz", "--format", "csv"]) == 0
    assert "KZ-" in capsys.readouterr().out


@pytest.mark.parametrize("spelling", ["2018-06-07", "07.06.2018", "7.6.2018", "2018-6-7"])
def test_every_spelling_of_one_day_gives_the_same_swot(
    spelling: str,
    capsys: pytest.CaptureFixture[str],
    private_store: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """``swot --as-of`` takes a day like every other command (it took only a year)."""
    monkeypatch.setenv("SHEKARA_DATABASE_URL", private_store)
    assert run(["swot", "--region", "KZ-59", "--as-of", spelling, "--format", "json"]) == 0
    assert '"2018-06-07"' in capsys.readouterr().out


def test_parser_forms() -> None:
    assert parse_day("2018") == date(2018, 12, 31)
    assert parse_day("2018", year_end=False) == date(2018, 1, 1)
    assert parse_day("31.12.2018") == parse_day("2018-12-31") == date(2018, 12, 31)
    assert parse_day("2024-1-1") == date(2024, 1, 1)
    assert normalise_day(" 2018 ") == "2018"
    for bad in ("18", "0018", "2018-13-01", "29.02.2023", "2018.06.07", "", "12/31/2018"):
        with pytest.raises(DateInputError):
            parse_day(bad)


def test_unknown_id_suggests_the_nearest(
    capsys: pytest.CaptureFixture[str], private_store: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SHEKARA_DATABASE_URL", private_store)
    assert run(["indicators", "show", "--entity", "KZ-3O"]) == 2
    err = capsys.readouterr().err
    assert "did you mean" in err and "'KZ-39'" in err and "'KZ-63'" not in err
    assert run(["indicators", "show", "--indicator", "populaton_city"]) == 2
    assert "did you mean 'population_city'?" in capsys.readouterr().err

"""Every command that takes ``--lang`` prints no English word in kk and ru (issue 11).

The commands are walked from the Typer app: each must be run here (``RUNS``) or name the test
that scans its kk/ru output (``ELSEWHERE``), so a new ``--lang`` command cannot be forgotten.
What may stay in Latin letters is what :mod:`latin` allows (proper names, codes, symbols) plus
file names the command was given and option names.
"""

from __future__ import annotations

import io
import json
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import typer

from latin import cli_words
from shekara.cli import app, run

#: Command → arguments of a run that succeeds on the shipped store (with the exercise season
#: imported, for the flood commands that read observations). ``{tmp}`` is a private folder.
RUNS: dict[str, list[str]] = {
    "swot": ["--border"],
    "crossings list": [],
    "crossings simulate": ["--hours", "48"],
    "crossings plan": ["--check-days", "1"],
    "crossings scenario": [],
    "population series": ["--entity", "KZ-59"],
    "population project": ["--entity", "KAZ", "--paths", "50"],
    "population backtest": ["--entity", "KAZ"],
    "population compare": ["--entity", "RUS"],
    "population cohort": ["--inputs", "{tmp}/cohort.json"],
    "flood status": [],
    "flood forecast": ["--as-of", "2026-04-10"],
    "flood reservoir-plan": ["bukhtarma-res", "--as-of", "2026-04-10"],
    "flood export": ["{tmp}/export.csv"],
    "flood import": ["{tmp}/season.csv", "--dry-run"],
    "flood swe-outlook": ["--file", "{examples}/swe-volume-example.csv", "--swe", "100"],
    "summary": ["--out", "{tmp}"],
    "users add-token": ["scan"],
    "population import-wpp": ["--check"],
    "platform reset-password": ["reader-{lang}", "--password-stdin"],
}
#: Heavier runs (calibrations): the ``slow`` tier.
SLOW_RUNS: dict[str, list[str]] = {
    "flood outlook": ["--scheduler", "sync"],
    "flood verify": ["--scheduler", "sync", "--max-evaluations", "200"],
}
#: Command → the test that scans its kk and ru output.
ELSEWHERE: dict[str, str] = {
    "regions list": "tests/faces/test_kk_ru_faces.py::CLI_TABLES",
    "pairs list": "tests/faces/test_kk_ru_faces.py::CLI_TABLES",
    "assess": "tests/faces/test_kk_ru_faces.py::CLI_TABLES",
    "assess audit": "tests/faces/test_kk_ru_faces.py::CLI_TABLES",
    "sensitivity": "tests/faces/test_kk_ru_faces.py::CLI_TABLES",
    "indicators list": "tests/faces/test_kk_ru_faces.py::CLI_TABLES",
    "indicators show": "tests/faces/test_kk_ru_faces.py::CLI_TABLES",
    "reproduce article": "tests/faces/test_kk_ru_faces.py::CLI_TABLES",
    "db info": "tests/faces/test_kk_ru_faces.py::CLI_TABLES",
    "hydro calibrate": "tests/faces/test_kk_ru_faces.py::CLI_TABLES",
    "hydro forecast": "tests/faces/test_kk_ru_faces.py::CLI_TABLES",
    "hydro reservoir": "tests/faces/test_kk_ru_faces.py::CLI_TABLES",
    "hydro validate": "tests/faces/test_kk_ru_cli_tables.py",
    "data validate": "tests/faces/test_kk_ru_cli_tables.py",
    "data import": "tests/cli/test_refusals_kk_ru.py (findings, summary line)",
    "db build": "tests/cli/test_refusals_kk_ru.py",
    "data add-source": "tests/cli/test_refusals_kk_ru.py (findings); its one line as db build's",
    "report": "tests/faces/test_kk_ru_faces.py (the kk/ru report)",
    "flood bulletin": "tests/flood/test_flood_cli.py (kk/ru bulletin)",
    "water balance": "tests/faces/test_kk_ru_faces.py::CLI_TABLES",
    "flood network": "tests/faces/test_kk_ru_faces.py::CLI_TABLES",
    "flood route": "tests/faces/test_kk_ru_water_flood_cli.py",
    "platform users": "tests/faces/test_kk_ru_admin_cli.py",
    "platform orgs": "tests/faces/test_kk_ru_admin_cli.py",
    "users list": "tests/faces/test_kk_ru_admin_cli.py",
    "platform add-org": "tests/faces/test_kk_ru_admin_cli.py (confirmations)",
    "platform add-user": "tests/faces/test_kk_ru_admin_cli.py (confirmations, prompt)",
    "platform unlock": "tests/faces/test_kk_ru_admin_cli.py (confirmations)",
    "platform purge-sessions": "tests/faces/test_kk_ru_admin_cli.py (confirmations)",
    "users revoke": "tests/faces/test_kk_ru_admin_cli.py (confirmations)",
    "serve": "tests/faces/test_kk_ru_admin_cli.py (the start line)",
    "population convert-regional": "tests/faces/test_kk_ru_admin_cli.py (confirmations)",
    "data export": "tests/faces/test_kk_ru_admin_cli.py (confirmations)",
}
#: Generated exercise inputs of ``population cohort`` (not official figures): a small stable
#: population, as in tests/population/test_cohort_inputs.py.
COHORT = {
    "entity": "KZ-59", "base_year": 2020, "steps": 2, "timing": "end",
    "population": {"male": [1000.0] * 21, "female": [1000.0] * 21},
    "survival": {"male": [0.9] * 21, "female": [0.9] * 21},
    "fertility": [0.0] * 5 + [0.1, 0.1] + [0.0] * 14,
    "birth_survival": [0.95, 0.95], "female_birth_share": 0.5,
    "migration": {"male": [0.0] * 21, "female": [10.0] * 21},
}  # fmt: skip
#: A password the platform's policy accepts (the test's own account).
PASSWORD = "Steppe-river-2026-long\n"


def _commands(group: Any, prefix: tuple[str, ...] = ()) -> Iterator[tuple[str, Any]]:
    for name, cmd in sorted(group.commands.items()):
        yield " ".join((*prefix, name)), cmd  # a group's own options too (``assess --lang``)
        if hasattr(cmd, "commands"):
            yield from _commands(cmd, (*prefix, name))


def lang_commands() -> list[str]:
    root = typer.main.get_command(app)
    return [p for p, c in _commands(root) if any("--lang" in q.opts for q in c.params)]


def test_every_lang_command_is_scanned_somewhere() -> None:
    known = set(RUNS) | set(SLOW_RUNS) | set(ELSEWHERE)
    assert [c for c in lang_commands() if c not in known] == []
    assert [c for c in known if c not in lang_commands()] == []  # no stale entry


@pytest.fixture(scope="module")
def season(built_store: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[str, Path]:
    """A copy of the shipped store with the exercise season imported, and its bulletin."""
    from shekara.kb.store import make_engine
    from shekara.services.flood.exchange import import_bulletin, write_table
    from shekara.services.flood.exercise import exercise_rows

    d = tmp_path_factory.mktemp("every-command")
    shutil.copy(built_store, d / "kb.sqlite")
    url = f"sqlite:///{d / 'kb.sqlite'}"
    csv = write_table(exercise_rows(days=40), d / "season.csv")
    import_bulletin(make_engine(url), csv, actor="test")
    return url, csv


#: Every run: the light ones, and the calibrating ones in the ``slow`` tier.
CASES = [pytest.param(c, RUNS[c], id=c) for c in sorted(RUNS)] + [
    pytest.param(c, SLOW_RUNS[c], id=c, marks=pytest.mark.slow) for c in sorted(SLOW_RUNS)
]


@pytest.mark.parametrize("lang", ["kk", "ru"])
@pytest.mark.parametrize(("command", "args"), CASES)
def test_command_output_has_no_english(
    command: str,
    args: list[str],
    lang: str,
    season: tuple[str, Path],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    url, csv = season
    monkeypatch.setenv("SHEKARA_DATABASE_URL", url)
    monkeypatch.setenv("COLUMNS", "250")  # whole words, not "…"
    shutil.copy(csv, tmp_path / "season.csv")
    (tmp_path / "cohort.json").write_text(json.dumps(COHORT), encoding="utf-8")
    examples = Path(__file__).resolve().parents[2] / "examples"
    argv = [a.format(tmp=tmp_path, examples=examples, lang=lang) for a in args]
    if command == "platform reset-password":  # an account to reset, made in English
        new = ["platform", "add-user", f"reader-{lang}", "--role", "reader", "--password-stdin"]
        monkeypatch.setattr("sys.stdin", io.StringIO(PASSWORD))
        assert run(new) == 0
        capsys.readouterr()
        monkeypatch.setattr("sys.stdin", io.StringIO(PASSWORD))
    code = run([*command.split(), *argv, "--lang", lang])
    out, err = capsys.readouterr()
    assert code == 0, err
    text = (out + err).replace(str(tmp_path), " ").replace(str(examples), " ")
    assert out.strip() or err.strip()
    assert cli_words(text) == []

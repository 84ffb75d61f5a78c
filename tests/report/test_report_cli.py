"""``report_cmd`` as a Typer command: options, progress, printed paths, errors."""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlalchemy as sa
import typer
from typer.testing import CliRunner

from shekara.cli.report import report_cmd


@pytest.fixture
def app() -> typer.Typer:
    # The main application registers it the same way: app.command("report")(report_cmd).
    application = typer.Typer()
    application.command("report")(report_cmd)
    application.command("noop")(lambda: None)  # keeps "report" a sub-command, as in shekara
    return application


def test_report_command_writes_and_prints_the_paths(
    app: typer.Typer, report_engine: sa.Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(
        "SHEKARA_DATABASE_URL", report_engine.url.render_as_string(hide_password=False)
    )
    out = tmp_path / "rep"
    result = CliRunner().invoke(
        app,
        [
            "report",
            "--lang",
            "ru",
            "--out",
            str(out),
            "--as-of",
            "2018",
            "--draws",
            "200",
            "--seed",
            "3",
            "--weights",
            "gravity=2,transport=1,sez=1",
            "--no-pdf",
        ],
    )
    assert result.exit_code == 0, result.output
    assert f"HTML: {out / 'report.html'}" in result.output and "PDF:" not in result.output
    html = (out / "report.html").read_text(encoding="utf-8")
    assert '<html lang="ru">' in html
    assert "индекс гравитации 0,50, транспортные связи 0,25 и экономические зоны 0,25" in html
    assert "испытаний: 200, начальное число 3" in html


def test_report_command_refuses_bad_options(app: typer.Typer) -> None:
    runner = CliRunner()
    bad_weights = runner.invoke(app, ["report", "--weights", "gravity", "--no-pdf"])
    assert bad_weights.exit_code == 2 and "weights must look like" in bad_weights.output
    bad_lang = runner.invoke(app, ["report", "--lang", "de", "--no-pdf"])
    assert bad_lang.exit_code == 2 and "kk, ru, en" in bad_lang.output

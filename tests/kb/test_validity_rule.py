"""One rule for "in force on a date": a zone that closes in mid-year counts the same way
in validation (the article's zone rule, KB501) and in the assessment (the zone score)."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest

from shekara.kb.periods import as_of_date, in_force, zone_in_force
from shekara.kb.store import build, make_engine
from shekara.kb.validate import validate_package
from shekara.paths import default_data_dir
from shekara.services.assessment import AssessmentOptions, assess

ZONE_ROW = "kz-sez-petrochemical-technopark,KZ-23,"


def test_day_based_rule() -> None:
    end_2018 = as_of_date(2018)
    assert not in_force(None, date(2018, 6, 30), end_2018)  # closed before 31 December
    assert in_force(None, date(2018, 12, 31), end_2018)  # closes on the day itself
    assert in_force(date(2018, 12, 31), None, end_2018)
    assert not in_force(date(2019, 1, 1), None, end_2018)
    assert not zone_in_force(None, None, 2019, end_2018)  # first observed later
    assert zone_in_force(date(2017, 1, 1), None, 2019, end_2018)  # a start date wins


@pytest.fixture(scope="module")
def closed_mid_2018(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The shipped package with the Petrochemical Technopark zone (KZ-23) closed on 30 June 2018."""
    data = tmp_path_factory.mktemp("data") / "data"
    shutil.copytree(default_data_dir(), data)
    zones = data / "zones.csv"
    lines = zones.read_text(encoding="utf-8").splitlines(keepends=True)
    k = next(i for i, ln in enumerate(lines) if ln.startswith(ZONE_ROW))
    cells = lines[k].split(",")
    header = lines[0].strip().split(",")
    cells[header.index("valid_to")] = "2018-06-30"
    lines[k] = ",".join(cells)
    zones.write_text("".join(lines), encoding="utf-8")
    return data


def test_mid_year_closure_counts_alike_in_validation_and_assessment(
    closed_mid_2018: Path, tmp_path: Path
) -> None:
    # Validation: Table 4's 100 for KZ-23:RU-AST (A:649-655) now disagrees with the
    # registry as of the end of 2018 — only the Russian side (FEZ Lotos) has a zone.
    report = validate_package(closed_mid_2018)
    kb501 = [f for f in report.warnings if f.code == "KB501" and f.value == "100"]
    assert len(kb501) == 1
    assert "expected 50" in kb501[0].message
    assert "ru-fez-lotos" in kb501[0].message
    assert "kz-sez-petrochemical-technopark" not in kb501[0].message

    # Assessment as of 2018 on the same data: the same zone does not count either.
    url = f"sqlite:///{tmp_path / 'kb.sqlite'}"
    build(url, closed_mid_2018)
    pairs = {p.pair_id: p for p in assess(make_engine(url), AssessmentOptions(as_of=2018)).pairs}
    pair = pairs["KZ-23:RU-AST"]
    assert pair.inputs.kz_zones == ()
    assert pair.inputs.ru_zones == ("ru-fez-lotos",)
    assert pair.sez_score == 50.0
    # ... while on 30 June 2018 itself the zone was still in force for both.
    on_day = assess(make_engine(url), AssessmentOptions(as_of="2018-06-30")).pairs
    assert next(p for p in on_day if p.pair_id == "KZ-23:RU-AST").sez_score == 100.0

"""``shekara population``: backtests, comparison, North Kazakhstan, languages and errors."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from shekara.cli import app

runner = CliRunner()


def run_json(*args: str) -> dict[str, Any]:
    r = runner.invoke(app, ["population", *args, "--format", "json"])
    assert r.exit_code == 0, r.output
    out: dict[str, Any] = json.loads(r.output)
    return out


# Measured on WPP 2022 (not tuned): see docs/population.md, "Backtest".
MEASURED = {"KAZ": (-5.02, 9.70, 20), "RUS": (-5.48, 11.82, 21)}


@pytest.mark.parametrize("entity", ["KAZ", "RUS"])
def test_backtest_2011_2021_reports_measured_errors(pop_store: str, entity: str) -> None:
    r = run_json("backtest", "--entity", entity, "--base", "2011", "--target", "2021")
    total, mape, groups = MEASURED[entity]
    assert r["ratio_window"] == [2001, 2011] and r["step_years"] == 10
    assert r["total_error_percent"] == total
    assert r["mape_percent"] == mape and r["groups_used"] == groups
    assert r["goals"] == {"total_error_percent": 2.0, "mape_percent": 6.0}
    assert r["goals_met"] == {"total": False, "mape": False}
    # the reference is the WPP total itself
    assert r["total_reference"] == sum(a["reference"] for a in r["by_age"])
    assert {s["source_id"] for s in r["sources"]} == {"un-wpp2022"}


@pytest.mark.xfail(
    strict=True,
    reason="Issue 14 goals (total within 2 %, age MAPE within 6 %) not met by Hamilton–Perry "
    "from 2001–2011 ratios: KAZ total −5.02 %, MAPE 9.70 %; RUS total −5.48 %, MAPE 11.82 %. "
    "The 2001–2011 child–adult ratios miss the rise of births after 2011 (KAZ 5-9: −30.9 %, "
    "RUS 5-9: −33.7 %) and the cohort ratios miss the fall of old-age mortality (80+ −12 to −63 %).",
)
@pytest.mark.parametrize("entity", ["KAZ", "RUS"])
def test_backtest_meets_the_issue_goals(pop_store: str, entity: str) -> None:
    r = run_json("backtest", "--entity", entity)
    assert abs(r["total_error_percent"]) <= 2.0 and r["mape_percent"] <= 6.0


def test_compare_kaz_to_2050(pop_store: str) -> None:
    r = run_json("compare", "--entity", "KAZ")
    years = [row["year"] for row in r["rows"]]
    assert years == list(range(2020, 2051, 5))
    last = r["rows"][-1]
    assert last["wpp"] == 25609.0 and last["wpp_variant"] == "medium"
    assert last["band_5"] < last["band_50"] < last["band_95"]
    # the split of the difference adds up to the difference
    diff = last["ours_constant"] - last["wpp"]
    assert last["difference_born_after_base"] + last["difference_alive_at_base"] == pytest.approx(
        diff, abs=0.2
    )
    assert "born after 2020" in r["explanation"]


def test_north_kazakhstan_path_and_gap(pop_store: str) -> None:
    r = run_json("project", "--entity", "KZ-59")
    assert r["base_year"] == 2018 and r["base"] == 556.5  # 475.9 + 80.6 (D:317)
    rows = {row["year"]: row for row in r["rows"]}
    assert [rows[y]["published"] for y in (2030, 2040, 2050)] == [475.9, 397.1, 328.0]
    assert rows[2030]["gap_constant_rate_2030"] == 0.0
    assert rows[2040]["gap_constant_rate_2030"] == 20.6
    assert rows[2050]["gap_constant_rate_2030"] == 38.7
    assert rows[2031]["published"] is None and rows[2031]["gap_constant_rate_2030"] is None
    assert r["reproduces"] == ["2030"] and r["cannot_reproduce"] == ["2040", "2050"]
    assert r["needed"] == "age_structure"
    assert all(p["source_id"] == "seed-d" for p in r["published"])


def test_region_without_a_level_says_what_is_missing(pop_store: str) -> None:
    r = runner.invoke(app, ["population", "project", "--entity", "KZ-10"])
    assert r.exit_code == 1 and "POP111" in r.output and "Traceback" not in r.output


@pytest.mark.parametrize(
    ("args", "code"),
    [
        (["backtest", "--entity", "CHN"], "POP101"),
        (["backtest", "--entity", "KAZ", "--base", "2011", "--target", "2001"], "POP105"),
        (["backtest", "--entity", "KAZ", "--base", "2011", "--target", "2018"], "DEM003"),
        (["series", "--entity", "KAZ", "--year", "1900"], "POP102"),
        (["project", "--entity", "XX-99"], "POP110"),
        # found by schemathesis: a base before the 1996 ratio history was a traceback
        (["compare", "--entity", "KAZ", "--base", "1970"], "POP107"),
    ],
)
def test_bad_requests_exit_1_with_a_code(pop_store: str, args: list[str], code: str) -> None:
    r = runner.invoke(app, ["population", *args])
    assert r.exit_code == 1, r.output
    assert code in r.output and "Traceback" not in r.output


def test_series_gives_the_fertility_the_seed_compares(pop_store: str) -> None:
    r = run_json("series", "--entity", "KAZ")
    row = next(x for x in r["rows"] if x["year"] == 2021)
    assert (
        row["total"] == 19198.0 and round(row["tfr"], 2) == 3.07 and row["variant"] == "estimates"
    )


LATIN = re.compile(r"[A-Za-z]{2,}")


@pytest.mark.parametrize("lang", ["kk", "ru"])
@pytest.mark.parametrize(
    "args",
    [
        ["backtest", "--entity", "KAZ"],
        ["compare", "--entity", "RUS"],
        ["project", "--entity", "KZ-59"],
        ["series", "--entity", "KZ-59"],
        ["series", "--entity", "KAZ", "--year", "2021"],
    ],
)
def test_tables_in_kazakh_and_russian_have_no_english(
    pop_store: str, lang: str, args: list[str]
) -> None:
    r = runner.invoke(app, ["population", *args, "--lang", lang], env={"COLUMNS": "400"})
    assert r.exit_code == 0, r.output
    assert LATIN.findall(r.output) == [], r.output


def test_programme_inflows_are_added(pop_store: str, tmp_path: Path) -> None:
    f = tmp_path / "inflows.csv"
    f.write_text("year,age_group,thousand\n2025,20-24,10\n2025,0-4,2.5\n", encoding="utf-8")
    base = run_json("project", "--entity", "KAZ", "--until", "2030", "--paths", "10")
    more = run_json(
        "project", "--entity", "KAZ", "--until", "2030", "--paths", "10", "--inflows", str(f)
    )
    assert more["total"]["constant"][1] - base["total"]["constant"][1] == pytest.approx(
        12.5, abs=0.11
    )
    bad = tmp_path / "bad.csv"
    bad.write_text("year,age_group,thousand\n2027,20-24,10\n", encoding="utf-8")
    r = runner.invoke(app, ["population", "project", "--entity", "KAZ", "--inflows", str(bad)])
    assert r.exit_code == 1 and "POP120" in r.output and "row 2" in r.output

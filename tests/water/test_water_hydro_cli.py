"""``shekara hydro …`` and ``shekara water balance`` in-process: JSON shapes, reproducibility by
seed, assumptions flagged, bad input answered with the hydrology codes and exit 1 (or 2)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import typer
from sqlalchemy.engine import Engine
from typer.testing import CliRunner, Result

from shekara.methods.hydrology.datasets import load_fulda
from shekara.methods.hydrology.model import PARAMETER_NAMES
from shekara.methods.hydrology.reservoir import iriklinsk_spring_2024_scenario

runner = CliRunner()
SCORES = {"nse", "kge", "pbias", "rsr"}
FAST = ["--budget", "600"]


def run(app: typer.Typer, *args: str) -> Result:
    return runner.invoke(app, list(args))


def as_json(result: Result) -> Any:
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


@pytest.fixture(scope="module")
def params_file(tmp_path_factory: pytest.TempPathFactory, cli_app: typer.Typer) -> Path:
    out = tmp_path_factory.mktemp("params") / "params.json"
    r = run(
        cli_app, "hydro", "calibrate", "--dataset", "fulda", *FAST, "--out", str(out), "-f", "json"
    )
    assert r.exit_code == 0, r.output
    return out


# --------------------------------------------------------------------------- calibrate / validate
def test_calibrate_fulda_json_shape(cli_app: typer.Typer) -> None:
    d = as_json(
        run(
            cli_app,
            "hydro",
            "calibrate",
            "--dataset",
            "fulda",
            "--spin-up",
            "1979",
            "--calibration",
            "1980-1984",
            "--validation",
            "1985-1988",
            "--seed",
            "3",
            *FAST,
            "--format",
            "json",
        )
    )
    assert list(d["parameters"]) == list(PARAMETER_NAMES)
    assert set(d["calibration"]) == SCORES and set(d["validation"]) == SCORES
    assert d["run"]["calibration_years"] == [1980, 1984]
    assert d["run"]["validation_years"] == [1985, 1988]
    assert d["run"]["spin_up"] == [1979, 1979] and d["run"]["seed"] == 3
    assert d["run"]["n_evaluations"] <= 600
    assert d["series"]["kind"] == "dataset" and d["series"]["n_days"] == 3653
    assert -1.0 < d["validation"]["nse"] <= 1.0


def test_calibrate_table_names_the_scores(cli_app: typer.Typer) -> None:
    r = run(cli_app, "hydro", "calibrate", *FAST)
    assert r.exit_code == 0, r.output
    for word in ("pet_corr", "calibration", "validation", "nse", "kge", "pbias", "rsr"):
        assert word in r.stdout


def test_validate_reproduces_the_calibration_skill(cli_app: typer.Typer, params_file: Path) -> None:
    cal = json.loads(params_file.read_text(encoding="utf-8"))
    d = as_json(
        run(
            cli_app,
            "hydro",
            "validate",
            "--parameters",
            str(params_file),
            "--period",
            "1985-1988",
            "-f",
            "json",
        )
    )
    assert d["skill"] == cal["validation"]  # same continuous run from 1979
    assert d["spin_up"] == [1979, 1984] and d["n_days"] == 1461
    flat = tmp = params_file.with_name("flat.json")
    tmp.write_text(json.dumps(cal["parameters"]), encoding="utf-8")
    d2 = as_json(
        run(
            cli_app,
            "hydro",
            "validate",
            "--parameters",
            str(flat),
            "--period",
            "1985-1988",
            "-f",
            "json",
        )
    )
    assert d2["skill"] == d["skill"]


@pytest.mark.parametrize(
    ("args", "code", "fragment"),
    [
        (["hydro", "calibrate", "--calibration", "1985-1980"], 1, "HYD007"),
        (
            ["hydro", "calibrate", "--calibration", "1980-1984", "--validation", "1983-1988"],
            1,
            "HYD007",
        ),
        (["hydro", "calibrate", "--calibration", "1970-1975"], 1, "HYD007"),
        (["hydro", "calibrate", "--calibration", "80-84"], 2, "HYD007"),
        (["hydro", "calibrate", "--dataset", "rhine"], 2, "fulda"),
        (["hydro", "calibrate", "--budget", "10"], 2, ""),
        (["hydro", "calibrate", "--objective", "rmse"], 2, ""),
        (["hydro", "calibrate", "--entity", "fulda-test"], 2, "--latitude"),
        (["hydro", "validate", "--parameters", "x.json", "--period", "1979"], 1, "cannot read"),
        (["hydro", "forecast", "--threshold", "high"], 2, "LABEL=Q"),
        (["hydro", "forecast", "--start", "spring"], 2, "YYYY-MM-DD"),
        (["hydro", "forecast", "--members", "0"], 2, ""),
        (["hydro", "reservoir", "--policy", "wait"], 2, ""),
    ],
)
def test_bad_usage_and_bad_periods(
    cli_app: typer.Typer, args: list[str], code: int, fragment: str
) -> None:
    r = run(cli_app, *args)
    assert r.exit_code == code, r.output
    assert fragment in r.output


def test_validate_out_of_bounds_parameters_is_hyd006(cli_app: typer.Typer, tmp_path: Path) -> None:
    f = tmp_path / "p.json"
    f.write_text(json.dumps({"parameters": {"fc": 5000.0}}), encoding="utf-8")
    r = run(cli_app, "hydro", "validate", "--parameters", str(f), "--period", "1985-1988")
    assert r.exit_code == 1 and "HYD006" in r.output


# --------------------------------------------------------------------------- store series via the CLI
def test_calibrate_on_a_stored_series(cli_app: typer.Typer, water_env: Engine) -> None:
    d = as_json(
        run(
            cli_app,
            "hydro",
            "calibrate",
            "--entity",
            "fulda-test",
            "--latitude",
            "50.8",
            *FAST,
            "-f",
            "json",
        )
    )
    assert d["run"]["calibration_years"] == [1980, 1980]
    assert d["run"]["validation_years"] == [1981, 1981]
    assert d["series"]["sources"] == ["test-fulda:fulda_climate.csv"]
    assert set(d["validation"]) == SCORES


def test_stored_series_with_a_gap_exits_1_with_hyd001(
    cli_app: typer.Typer, water_env: Engine
) -> None:
    import sqlalchemy as sa

    with water_env.begin() as conn:
        conn.execute(
            sa.text(
                "DELETE FROM indicators WHERE indicator = 'discharge_m3s' AND period = '1980-07-14'"
            )
        )
    r = run(cli_app, "hydro", "calibrate", "--entity", "fulda-test", "--latitude", "50.8", *FAST)
    assert r.exit_code == 1
    assert "HYD001" in r.output and "discharge_m3s" in r.output and "1980-07-14" in r.output


def test_stored_series_too_short_exits_1_with_hyd004(
    cli_app: typer.Typer, water_env: Engine
) -> None:
    r = run(
        cli_app,
        "hydro",
        "calibrate",
        "--entity",
        "fulda-test",
        "--latitude",
        "50.8",
        "--spin-up",
        "1981",
        "--calibration",
        "1982-1983",
        *FAST,
    )
    assert r.exit_code == 1 and "HYD007" in r.output  # periods outside the stored years
    import sqlalchemy as sa

    with water_env.begin() as conn:
        conn.execute(
            sa.text(
                "DELETE FROM indicators WHERE period > '1979-12-31' "
                "AND indicator != 'catchment_area_km2'"
            )
        )
    r = run(cli_app, "hydro", "calibrate", "--entity", "fulda-test", "--latitude", "50.8", *FAST)
    assert r.exit_code == 1 and "HYD004" in r.output


def test_no_store_says_what_to_do(
    cli_app: typer.Typer, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("SHEKARA_DATABASE_URL", f"sqlite:///{tmp_path / 'none.sqlite'}")
    r = run(cli_app, "water", "balance")
    assert r.exit_code == 1 and "shekara db build" in r.output


# --------------------------------------------------------------------------- forecast
def _forecast(app: typer.Typer, params: Path, seed: int, *extra: str) -> dict[str, Any]:
    return as_json(  # type: ignore[no-any-return]
        run(
            app,
            "hydro",
            "forecast",
            "--parameters",
            str(params),
            "--members",
            "30",
            "--seed",
            str(seed),
            "--threshold",
            "100",
            "--threshold",
            "flood=200",
            "--threshold",
            "300",
            *extra,
            "-f",
            "json",
        )
    )


def test_forecast_is_reproducible_by_seed(cli_app: typer.Typer, params_file: Path) -> None:
    a, b = _forecast(cli_app, params_file, 5), _forecast(cli_app, params_file, 5)
    assert a == b
    c = _forecast(cli_app, params_file, 6)
    assert c["quantiles_m3s"] != a["quantiles_m3s"]
    assert a["start"] == "1988-03-01" and a["horizon_days"] == 60 and a["n_members"] == 30
    probs = [a["alerts"][k]["probability"] for k in ("100 m3/s", "flood", "300 m3/s")]
    assert probs == sorted(probs, reverse=True)  # non-increasing in the threshold
    assert all(abs(p * 30 - round(p * 30)) < 0.01 for p in probs)  # member frequencies (4 dp)
    assert a["observed"]["peak_m3s"] == 268.0 and a["observed"]["peak_day"] == "1988-03-18"
    assert a["observed"]["exceeded"] == {"100 m3/s": True, "flood": True, "300 m3/s": False}
    assert a["parameters_from"] == "given"


def test_forecast_with_a_forcing_file_equals_the_hindcast(
    cli_app: typer.Typer, params_file: Path, tmp_path: Path
) -> None:
    s = load_fulda()
    i0 = int(np.flatnonzero(s.dates == np.datetime64("1988-03-01"))[0])
    assert s.tmin is not None and s.tmax is not None
    lines = [
        "date,precipitation_mm,air_temperature_degc,air_temperature_min_degc,air_temperature_max_degc"
    ]
    for i in range(i0, i0 + 60):
        lines.append(
            f"{s.dates[i]},{float(s.precip[i])!r},{float(s.temp[i])!r},{float(s.tmin[i])!r},{float(s.tmax[i])!r}"
        )
    f = tmp_path / "forcing.csv"
    f.write_text("\n".join(lines) + "\n", encoding="utf-8")
    hind = _forecast(cli_app, params_file, 9)
    fc = _forecast(cli_app, params_file, 9, "--forcing", str(f))
    assert fc["observed"] is None and fc["start"] == "1988-03-01"
    assert fc["quantiles_m3s"] == hind["quantiles_m3s"]
    assert fc["alerts"] == hind["alerts"]


def test_forecast_forcing_with_negative_precipitation_is_hyd002(
    cli_app: typer.Typer, params_file: Path, tmp_path: Path
) -> None:
    f = tmp_path / "bad.csv"
    f.write_text(
        "date,precipitation_mm,air_temperature_degc\n1988-03-01,1,2\n1988-03-02,-3,2\n",
        encoding="utf-8",
    )
    r = run(
        cli_app,
        "hydro",
        "forecast",
        "--parameters",
        str(params_file),
        "--forcing",
        str(f),
        "--pet",
        "oudin",
    )
    assert r.exit_code == 1 and "HYD002" in r.output and "1988-03-02" in r.output


def test_forecast_calibrates_when_no_parameters_are_given(cli_app: typer.Typer) -> None:
    d = as_json(
        run(
            cli_app,
            "hydro",
            "forecast",
            "--members",
            "10",
            "--seed",
            "2",
            *FAST,
            "--start",
            "1986-03-01",
            "--horizon",
            "30",
            "-f",
            "json",
        )
    )
    assert d["parameters_from"].startswith("calibrated now on 1980-1985 (spin-up 1979, seed 2")
    assert d["alerts"] == {} and len(d["dates"]) == 30


def test_forecast_table_and_beyond_the_data(cli_app: typer.Typer, params_file: Path) -> None:
    r = run(cli_app, "hydro", "forecast", "--parameters", str(params_file), "--threshold", "150")
    assert r.exit_code == 0, r.output
    assert "150 m3/s" in r.stdout and "Observed peak 268.0" in r.stdout
    r = run(cli_app, "hydro", "forecast", "--parameters", str(params_file), "--start", "1988-12-01")
    assert r.exit_code == 1 and "HYD007" in r.output


# --------------------------------------------------------------------------- reservoir
def test_reservoir_default_is_the_documented_scenario(cli_app: typer.Typer) -> None:
    d = as_json(run(cli_app, "hydro", "reservoir", "-f", "json"))
    runs = {r["policy"]: r for r in d["runs"]}
    ref = iriklinsk_spring_2024_scenario("hold_then_release")
    hold = runs["hold_then_release"]
    assert hold["overtopped"] is True and hold["first_overtop_time"] == "2024-04-19T08:00:00"
    assert hold["peak_outflow_m3s"] == round(ref.peak_outflow_m3s, 3)
    assert runs["pre_release"]["overtopped"] is False
    assert abs(hold["mass_balance_residual_m3"]) < 1.0


def test_reservoir_output_flags_every_assumption(cli_app: typer.Typer) -> None:
    d = as_json(run(cli_app, "hydro", "reservoir", "--peak-inflow", "1500", "-f", "json"))
    status = {a["name"]: a["status"] for a in d["assumptions"]}
    assert [n for n, s in status.items() if s == "sourced"] == ["area_at_nrl_km2"]
    assert all(s.startswith("assumed") for n, s in status.items() if n != "area_at_nrl_km2")
    assert status["peak_inflow_m3s"] == "assumed (set by the user)"
    assert status["outlet_capacity_m3s"] == "assumed"
    assert "assumptions" in d["warning"]
    assert d["stated"][0]["source"].endswith(":615")
    assert not any(r["overtopped"] for r in d["runs"])
    r = run(cli_app, "hydro", "reservoir")
    assert r.exit_code == 0 and "ASSUMED" in r.stdout and "Warning: all numbers" in r.stdout


def test_reservoir_inflow_file(cli_app: typer.Typer, tmp_path: Path) -> None:
    f = tmp_path / "q.csv"
    f.write_text(
        "date,inflow_m3s\n2024-04-01,500\n2024-04-02,800\n2024-04-03,600\n", encoding="utf-8"
    )
    d = as_json(
        run(
            cli_app,
            "hydro",
            "reservoir",
            "--inflow",
            str(f),
            "--policy",
            "pre_release",
            "--series",
            "-f",
            "json",
        )
    )
    assert d["runs"][0]["peak_inflow_m3s"] == 800.0
    assert d["series"]["pre_release"]["dates"][0].startswith("2024-04-01")
    status = {a["name"]: a["status"] for a in d["assumptions"]}
    assert status["peak_inflow_m3s"] == "not used (inflow series given)"
    f.write_text("date,inflow_m3s\n2024-04-01,500\n2024-04-03,600\n", encoding="utf-8")
    r = run(cli_app, "hydro", "reservoir", "--inflow", str(f))
    assert r.exit_code == 1 and "HYD001" in r.output and "2024-04-02" in r.output
    f.write_text("date,inflow_m3s\n2024-04-01,500\n2024-04-02,-1\n", encoding="utf-8")
    r = run(cli_app, "hydro", "reservoir", "--inflow", str(f))
    assert r.exit_code == 1 and "HYD011" in r.output


def test_reservoir_bad_geometry_is_hyd008(cli_app: typer.Typer) -> None:
    r = run(cli_app, "hydro", "reservoir", "--dam-crest", "240")
    assert r.exit_code == 1 and "HYD008" in r.output


# --------------------------------------------------------------------------- water balance
def test_water_balance_json(cli_app: typer.Typer, water_env: Engine) -> None:
    d = as_json(run(cli_app, "water", "balance", "-f", "json"))
    assert [b["basin_id"] for b in d["basins"]] == [
        "ertis",
        "tobol-torgai",
        "yesil",
        "zhaiyk-caspian",
    ]
    assert d["scenario"]["consumption_growth_percent"]["value"] == 56
    assert d["stress_bands"]["source"].startswith("FAO & UN-Water (2021)")
    tt = d["basins"][1]
    assert tt["stress"]["class"] == "high" and tt["scenario_stress"]["class"] == "critical"
    assert d["country"]["figures"][0]["value"] == 122


def test_water_balance_one_basin_with_scenario(cli_app: typer.Typer, water_env: Engine) -> None:
    d = as_json(
        run(
            cli_app,
            "water",
            "balance",
            "--basin",
            "ertis",
            "--consumption-growth",
            "0",
            "--upstream-withdrawal",
            "2.5",
            "--format",
            "json",
        )
    )
    (ertis,) = d["basins"]
    sc = {f["name"]: f for f in ertis["scenario"]}
    assert sc["inflow_change_km3"]["value"] == -1.5
    assert sc["downstream_deficit_km3"]["value"] == 3.2
    csv_out = run(cli_app, "water", "balance", "--basin", "ertis", "-f", "csv")
    assert csv_out.exit_code == 0
    assert csv_out.stdout.splitlines()[0].startswith("entity,part,figure,scope,value,unit,status")


@pytest.mark.parametrize(
    ("args", "code"),
    [
        (
            ["--basin", "aral"],
            2,
        ),  # an unknown filter value is a usage error (accepted values named)
        (["--consumption-growth", "-150"], 2),
        (["--upstream-withdrawal", "-1"], 2),
        (["--format", "xml"], 2),
    ],
)
def test_water_balance_bad_input(
    cli_app: typer.Typer, water_env: Engine, args: list[str], code: int
) -> None:
    assert run(cli_app, "water", "balance", *args).exit_code == code


def test_water_balance_table_says_missing(cli_app: typer.Typer, water_env: Engine) -> None:
    r = run(cli_app, "water", "balance", "--basin", "yesil")
    assert r.exit_code == 0 and "missing" in r.stdout and "FAO & UN-Water" in r.stdout


@pytest.mark.parametrize(
    "cmd",
    [
        ["hydro", "calibrate"],
        ["hydro", "validate"],
        ["hydro", "forecast"],
        ["hydro", "reservoir"],
        ["water", "balance"],
    ],
)
def test_help_explains(cli_app: typer.Typer, cmd: list[str]) -> None:
    r = run(cli_app, *cmd, "--help")
    assert r.exit_code == 0 and "--format" in r.stdout

"""Daily series read from the store (imported through ``kb.importer``), checked with the hydrology
package's validation and error codes, and calibrated."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest
import sqlalchemy as sa
from numpy.testing import assert_allclose
from sqlalchemy.engine import Engine

from shekara.kb.errors import DataError
from shekara.kb.importer import import_file
from shekara.methods.hydrology.datasets import FULDA_AREA_KM2
from shekara.methods.hydrology.errors import (
    DatasetError,
    ImplausibleTemperatureError,
    NegativePrecipitationError,
    SeriesGapError,
    SeriesTooShortError,
)
from shekara.services import hydro

RIVER = "fulda-test"


def sql(engine: Engine, statement: str, **params: object) -> None:
    with engine.begin() as conn:
        conn.execute(sa.text(statement), params)


def load(engine: Engine, **kw: object) -> hydro.LoadedSeries:
    return hydro.load_store_series(engine, RIVER, latitude_deg=50.8, **kw)  # type: ignore[arg-type]


def test_series_read_back_as_imported(
    water_env: Engine, fulda_slice: dict[str, np.ndarray]
) -> None:
    loaded = load(water_env)
    s = loaded.series
    assert (str(s.dates[0]), str(s.dates[-1]), s.dates.size) == ("1979-01-01", "1981-12-31", 1096)
    assert_allclose(s.precip, fulda_slice["precip"], rtol=1e-5)
    assert_allclose(s.temp, fulda_slice["temp"], rtol=1e-5)
    assert_allclose(s.q_obs_m3s, fulda_slice["q"], rtol=1e-6)  # type: ignore[arg-type]
    assert s.area_km2 == FULDA_AREA_KM2
    d = loaded.info().to_dict()
    assert d["kind"] == "store" and d["sources"] == ["test-fulda:fulda_climate.csv"]
    assert d["area_source"] == "test-fulda:spot_setup_cmf_lumped.py"
    assert loaded.default_pet == "oudin"  # no daily min/max temperature imported


def test_calibration_on_the_store_series(water_env: Engine) -> None:
    rep = hydro.run_calibration(load(water_env), seed=2, max_evaluations=1500)
    p = rep.run
    assert (p.spin_up, p.calibration_years, p.validation_years) == (
        (1979, 1979),
        (1980, 1980),
        (1981, 1981),
    )
    d = rep.to_dict()
    assert set(d["calibration"]) == {"nse", "kge", "pbias", "rsr"}
    assert d["calibration"]["nse"] > 0.6  # the Fulda signal survives the store round trip
    assert d["series"]["name"] == RIVER


def test_user_area_overrides_the_store(water_env: Engine) -> None:
    loaded = load(water_env, area_km2=1000.0)
    assert loaded.series.area_km2 == 1000.0 and loaded.origin.area_source == "given by the user"


def test_gap_is_hyd001_with_column_and_day(water_env: Engine) -> None:
    sql(
        water_env,
        "DELETE FROM indicators WHERE entity_id = :r AND indicator = 'precipitation_mm' "
        "AND period = '1980-02-29'",
        r=RIVER,
    )
    with pytest.raises(SeriesGapError) as err:
        load(water_env)
    assert err.value.code == "HYD001"
    assert (err.value.column, err.value.date) == ("precipitation_mm", "1980-02-29")


def test_negative_precipitation_refused_at_import_and_in_the_store(
    water_env: Engine, tmp_path: Path
) -> None:
    f = tmp_path / "neg.csv"
    f.write_text(
        "entity_type,entity_id,indicator,period,value,unit,source_id,locator\n"
        f"river,{RIVER},precipitation_mm,1982-01-01,-0.5,mm,test-fulda,x\n",
        encoding="utf-8",
    )
    with pytest.raises(DataError) as refused:  # the catalogue's min 0
        import_file(water_env, f, actor="pytest")
    assert "KB404" in str(refused.value)
    sql(
        water_env,
        "UPDATE indicators SET value = -0.5 WHERE entity_id = :r "
        "AND indicator = 'precipitation_mm' AND period = '1980-06-01'",
        r=RIVER,
    )
    with pytest.raises(NegativePrecipitationError) as err:
        load(water_env)
    assert (err.value.code, err.value.date) == ("HYD002", "1980-06-01")


def test_wrong_unit_refused_at_import_and_in_the_store(water_env: Engine, tmp_path: Path) -> None:
    f = tmp_path / "unit.csv"
    f.write_text(
        "entity_type,entity_id,indicator,period,value,unit,source_id,locator\n"
        f"river,{RIVER},precipitation_mm,1982-01-01,1,mm_per_day,test-fulda,x\n",
        encoding="utf-8",
    )
    with pytest.raises(DataError, match="KB401"):
        import_file(water_env, f, actor="pytest")
    sql(
        water_env,
        "UPDATE indicators SET unit = 'm3' WHERE entity_id = :r AND indicator = 'discharge_m3s' "
        "AND period = '1979-03-03'",
        r=RIVER,
    )
    with pytest.raises(DatasetError) as err:
        load(water_env)
    assert err.value.code == "HYD010" and err.value.column == "discharge_m3s"
    assert "unit 'm3'" in str(err.value)


def test_kelvin_temperatures_are_hyd003_with_a_hint(water_env: Engine) -> None:
    sql(
        water_env,
        "UPDATE indicators SET value = value + 273.15 WHERE entity_id = :r "
        "AND indicator = 'air_temperature_degc'",
        r=RIVER,
    )
    with pytest.raises(ImplausibleTemperatureError, match="Kelvin") as err:
        load(water_env)
    assert err.value.code == "HYD003" and err.value.column == "air_temperature_degc"


def test_two_sources_for_one_day_must_be_chosen(water_env: Engine) -> None:
    sql(
        water_env,
        "INSERT INTO indicators (entity_type, entity_id, indicator, period, period_start, "
        "period_end, value, unit, source_id, locator, origin) VALUES ('river', :r, "
        "'precipitation_mm', '1980-01-05', '1980-01-05', '1980-01-05', 3, 'mm', 'seed-d', "
        "'003_fdba4c7b7a2b31c7.txt:1', 'import')",
        r=RIVER,
    )
    with pytest.raises(DatasetError, match="two values for one day") as err:
        load(water_env)
    assert err.value.date == "1980-01-05"
    assert load(water_env, source_id="test-fulda").series.dates.size == 1096


def test_non_daily_values_are_left_out_with_a_note(water_env: Engine) -> None:
    sql(
        water_env,
        "INSERT INTO indicators (entity_type, entity_id, indicator, period, period_start, "
        "period_end, value, unit, source_id, locator, origin) VALUES ('river', :r, "
        "'precipitation_mm', '1980', '1980-01-01', '1980-12-31', 800, 'mm', 'test-fulda', "
        "'annual', 'import')",
        r=RIVER,
    )
    loaded = load(water_env)
    assert loaded.series.dates.size == 1096
    assert loaded.origin.notes == ("1 non-daily value(s) of precipitation_mm left out",)


def test_too_short_to_calibrate_is_hyd004(water_env: Engine) -> None:
    sql(
        water_env,
        "DELETE FROM indicators WHERE entity_id = :r AND period > '1979-10-31' "
        "AND indicator != 'catchment_area_km2'",
        r=RIVER,
    )
    loaded = load(water_env)
    assert loaded.series.dates.size == 304
    with pytest.raises(SeriesTooShortError) as err:
        hydro.run_calibration(loaded, max_evaluations=200)
    assert err.value.code == "HYD004"


def test_missing_series_and_area(water_env: Engine) -> None:
    with pytest.raises(SeriesTooShortError, match="no daily precipitation_mm"):
        hydro.load_store_series(water_env, "ural", latitude_deg=51.0)
    sql(water_env, "DELETE FROM indicators WHERE indicator = 'catchment_area_km2'")
    with pytest.raises(DatasetError, match="catchment_area_km2"):
        load(water_env)


def test_years_filter_reads_only_those_years(water_env: Engine) -> None:
    s = load(water_env, years=(1980, 1980)).series
    assert (str(s.dates[0]), str(s.dates[-1])) == ("1980-01-01", "1980-12-31")


def test_a_new_year_can_be_imported_and_extends_the_series(
    water_env: Engine, make_series_csv: Callable[..., Path], tmp_path: Path
) -> None:
    f = make_series_csv(tmp_path / "more.csv", (1982, 1982))
    res = import_file(water_env, f, actor="pytest")
    assert res.added == 3 * 365
    assert str(load(water_env).series.dates[-1]) == "1982-12-31"

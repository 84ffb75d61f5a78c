"""Fixtures of the water tests: a data package with the water resources, a store built from it,
and a daily series imported through the ordinary importer.

The data package is a temporary copy of ``data/`` with the two water resources added to
``datapackage.yaml`` (unless the lead has already added them), plus — in the copy only — a
test source and a test river for a slice of the Fulda series re-labelled as store data.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import numpy as np
import pytest
import typer
from sqlalchemy.engine import Engine

from shekara.cli.hydro import hydro_app
from shekara.cli.water import water_app
from shekara.kb.importer import import_file
from shekara.kb.store import build, make_engine
from shekara.methods.hydrology.datasets import FULDA_AREA_KM2, load_fulda
from shekara.paths import default_data_dir

WATER_RESOURCES = """
- name: indicator_defs-water
  path: indicator_defs/water.csv
  table: indicator_defs
  description: Daily hydrological series and basin water-balance inputs (definitions).
  schema: schemas/indicator_defs.yaml
- name: indicators-water
  path: indicators/water.csv
  table: indicators
  description: Indicator values in long format, each with its source and locator.
  schema: schemas/indicators.yaml
"""
TEST_SOURCE = (
    'test-fulda,dataset,"Fulda (Grebenau) daily series of spotpy 1.6.7 examples/cmf_data/'
    'fulda_climate.csv, re-labelled for tests",,spotpy,2019,1.6.7,MIT,record,fulda_climate.csv,,,'
    "TEST ONLY: exercises the store path; not data about a Kazakhstan–Russia river.\n"
)
TEST_RIVER = (
    "fulda-test,Fulda at Grebenau (test),Фульда (тест),Фульда (тест),,false,,test-fulda,"
    "fulda_climate.csv,Test river for the store-series tests.\n"
)
RIVER = "fulda-test"
SERIES_YEARS = (1979, 1981)


def _water_package(dst: Path) -> Path:
    shutil.copytree(default_data_dir(), dst)
    desc = dst / "datapackage.yaml"
    if "indicator_defs-water" not in desc.read_text(encoding="utf-8"):
        with desc.open("a", encoding="utf-8") as fh:
            fh.write(WATER_RESOURCES.lstrip("\n"))
    with (dst / "sources.csv").open("a", encoding="utf-8") as fh:
        fh.write(TEST_SOURCE)
    with (dst / "rivers.csv").open("a", encoding="utf-8") as fh:
        fh.write(TEST_RIVER)
    return dst


def series_csv(path: Path, years: tuple[int, int] = SERIES_YEARS) -> Path:
    """Fulda precipitation, mean temperature and discharge of ``years`` as an import file."""
    s = load_fulda()
    m = s.year_mask(*years)
    q = s.q_obs_m3s
    assert q is not None
    lines = ["entity_type,entity_id,indicator,period,value,unit,source_id,locator"]
    for d, p, t, qq in zip(s.dates[m], s.precip[m], s.temp[m], q[m], strict=True):
        lines += [
            f"river,{RIVER},precipitation_mm,{d},{p:.6g},mm,test-fulda,fulda_climate.csv",
            f"river,{RIVER},air_temperature_degc,{d},{t:.6g},degC,test-fulda,fulda_climate.csv",
            f"river,{RIVER},discharge_m3s,{d},{qq:.8g},m3_per_s,test-fulda,fulda_climate.csv",
        ]
    lines.append(
        f"river,{RIVER},catchment_area_km2,2019,{FULDA_AREA_KM2},km2,test-fulda,"
        "spot_setup_cmf_lumped.py"
    )
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.fixture(scope="session")
def water_data(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _water_package(tmp_path_factory.mktemp("water") / "data")


@pytest.fixture(scope="session")
def water_store_file(water_data: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store built from the water package with the Fulda slice imported (session-wide, read-only)."""
    db = tmp_path_factory.mktemp("store") / "kb.sqlite"
    build(f"sqlite:///{db}", water_data)
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("SHEKARA_DATA_DIR", str(water_data))
        engine = make_engine(f"sqlite:///{db}")
        import_file(engine, series_csv(db.parent / "series.csv"), actor="pytest")
        engine.dispose()
    return db


@pytest.fixture(scope="session")
def make_series_csv() -> Callable[..., Path]:
    return series_csv


@pytest.fixture
def water_env(
    monkeypatch: pytest.MonkeyPatch, water_data: Path, water_store_file: Path, tmp_path: Path
) -> Iterator[Engine]:
    """A private copy of the store (tests may damage it) and the environment pointing at it."""
    db = tmp_path / "kb.sqlite"
    shutil.copy(water_store_file, db)
    url = f"sqlite:///{db}"
    monkeypatch.setenv("SHEKARA_DATA_DIR", str(water_data))
    monkeypatch.setenv("SHEKARA_DATABASE_URL", url)
    engine = make_engine(url)
    yield engine
    engine.dispose()


@pytest.fixture(scope="session")
def cli_app() -> typer.Typer:
    """``shekara hydro …`` and ``shekara water …`` as the lead registers them."""
    app = typer.Typer()
    app.add_typer(hydro_app, name="hydro")
    app.add_typer(water_app, name="water")
    return app


@pytest.fixture(scope="session")
def fulda_slice() -> dict[str, np.ndarray]:
    """The Fulda values that were imported, for comparison."""
    s = load_fulda()
    m = s.year_mask(*SERIES_YEARS)
    assert s.q_obs_m3s is not None
    return {"precip": s.precip[m], "temp": s.temp[m], "q": s.q_obs_m3s[m]}

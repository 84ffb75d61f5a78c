"""A store whose data package has one extra source for generated exercise measurements."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
import sqlalchemy as sa

from shekara.kb.store import build, make_engine

EXERCISE_SOURCE = (
    "exercise-crossing-waits,dataset,GENERATED EXERCISE DATA: crossing waits for tests,,"
    "Shekara tests,2026,,,record,,,,Generated exercise data; not a measurement.\n"
)


@pytest.fixture
def crossings_engine(data_copy: Path, tmp_path: Path) -> sa.Engine:
    with (data_copy / "sources.csv").open("a", encoding="utf-8") as f:
        f.write(EXERCISE_SOURCE)
    url = f"sqlite:///{tmp_path / 'kb.sqlite'}"
    build(url, data_dir=data_copy)
    return make_engine(url)


Rows = list[tuple[str, str, str, float]]


@pytest.fixture
def write_measurements() -> Callable[[Path, Rows], Path]:
    return _write


def _write(path: Path, rows: Rows) -> Path:
    """CSV for ``shekara data import``: (crossing, indicator, day, value)."""
    units = {
        "crossing_wait_mean": "hours",
        "crossing_wait_p90": "hours",
        "crossing_flow_vehicles": "vehicles",
    }
    lines = ["entity_type,entity_id,indicator,period,value,unit,source_id,locator"]
    lines += [
        f"crossing,{c},{ind},{day},{v},{units[ind]},exercise-crossing-waits,row{n}"
        for n, (c, ind, day, v) in enumerate(rows)
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path

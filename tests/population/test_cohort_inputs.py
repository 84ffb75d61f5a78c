"""``shekara population cohort --inputs``: the full method on a user's inputs."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from shekara.cli import app

runner = CliRunner()


def exercise_inputs() -> dict[str, Any]:
    """Generated exercise data (not an official figure): a small stable population."""
    flat = [1000.0] * 21
    fert = [0.0] * 21
    fert[5] = fert[6] = 0.1
    return {
        "entity": "KZ-59",
        "base_year": 2020,
        "steps": 2,
        "timing": "end",
        "population": {"male": flat, "female": flat},
        "survival": {"male": [0.9] * 21, "female": [0.9] * 21},
        "fertility": fert,
        "birth_survival": [0.95, 0.95],
        "female_birth_share": 0.5,
        "migration": {"male": [0.0] * 21, "female": [10.0] * 21},
    }


def _run(tmp_path: Path, inputs: dict[str, Any], *extra: str) -> Any:
    f = tmp_path / "in.json"
    f.write_text(json.dumps(inputs), encoding="utf-8")
    return runner.invoke(app, ["population", "cohort", "--inputs", str(f), *extra])


def test_steps_with_components_and_the_published_gap(pop_store: str, tmp_path: Path) -> None:
    r = _run(tmp_path, exercise_inputs(), "--format", "json")
    assert r.exit_code == 0, r.output
    d = json.loads(r.output)
    first = d["rows"][1]
    # women 25-29 and 30-34: exposure (1000 + 900)/2 each -> B = 5 * 0.1 * 1900 = 950
    assert first["births"] == pytest.approx(950.0)
    # deaths: 10 % of 42 000 plus 5 % of the births
    assert first["deaths"] == pytest.approx(4200 + 47.5)
    assert first["migration"] == pytest.approx(210.0)
    assert abs(first["balance_residual"]) < 1e-6
    # 2030 is the second step: the published 475.9 thousand (D:317) beside it
    (pub,) = d["published"]
    assert pub["year"] == 2030 and pub["published"] == 475900.0
    assert pub["gap"] == pytest.approx(d["rows"][2]["population"] - 475900.0)


def test_bad_inputs_name_the_field(pop_store: str, tmp_path: Path) -> None:
    bad = exercise_inputs()
    bad["survival"]["female"] = [0.9] * 20
    r = _run(tmp_path, bad)
    assert r.exit_code == 1 and "POP141" in r.output and "survival.female" in r.output
    missing = exercise_inputs()
    del missing["fertility"]
    r = _run(tmp_path, missing)
    assert r.exit_code == 1 and "POP140" in r.output and "'fertility' is missing" in r.output
    worse = exercise_inputs()
    worse["migration"]["male"] = [-5000.0] * 21
    r = _run(tmp_path, worse)
    assert r.exit_code == 1 and "DEM016" in r.output and "Traceback" not in r.output

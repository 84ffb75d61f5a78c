"""The Fulda outlook and its verification are typed results: the CLI's JSON is exactly the
model's (it validates into the model and dumps back unchanged) and the faces read attributes."""

from __future__ import annotations

import json
from typing import Any

import pytest
from typer.testing import CliRunner

from shekara.cli import app
from shekara.plain import adapter, to_plain
from shekara.services.flood.outlook import DANGER_ASSUMPTION, fulda_outlook
from shekara.services.flood.outlook_results import (
    DangerLevel,
    FuldaOutlook,
    FuldaVerification,
    SplitScores,
)

runner = CliRunner()
FAST = 400  # model runs per calibration: these tests check the shape, not the skill


def _cli(*args: str) -> Any:
    res = runner.invoke(app, ["flood", *args, "--scheduler", "sync", "--max-evaluations",
                              str(FAST), "--format", "json"])  # fmt: skip
    assert res.exit_code == 0, res.output
    return json.loads(res.stdout)


def test_outlook_is_a_typed_result_and_its_json_is_the_models() -> None:
    out = fulda_outlook("1987-03-01", horizon=15, members=4, max_evaluations=FAST,
                        weights={1986: 3.0, 1988: 1.0})  # fmt: skip
    assert isinstance(out, FuldaOutlook)
    assert out.member_years == (1984, 1985, 1986, 1988)  # the four nearest, never 1987
    assert out.member_weights == {"1984": 0.0, "1985": 0.0, "1986": 0.75, "1988": 0.25}
    assert out.weighting is not None and out.weighting.source == "user"
    assert out.assumptions[0] == DANGER_ASSUMPTION and len(out.assumptions) == 2
    p95 = out.danger_levels["high_flow_p95"]
    assert isinstance(p95, DangerLevel) and len(p95.daily_probability) == 15
    assert p95.probability_peak >= max(p95.daily_probability)
    assert out.observed is not None and out.observed.peak_m3s == max(out.observed.q_m3s)
    plain = out.to_dict()
    assert list(plain["weighting"]) == ["source", "assumption", "notes"]  # no tercile keys
    assert to_plain(adapter(FuldaOutlook).validate_python(plain)) == plain


@pytest.mark.parametrize("issue", ["1988-03-01"])
def test_cli_outlook_json_validates_into_the_model(issue: str) -> None:
    got = _cli("outlook", "--issue-date", issue, "--horizon", "5", "--members", "3")
    model = adapter(FuldaOutlook).validate_python(got)
    assert model.issue_date == issue and model.dates[-1] == "1988-03-05"
    assert to_plain(model) == got


def test_cli_verification_json_validates_into_the_model() -> None:
    got = _cli("verify", "--horizon", "10")
    ver = adapter(FuldaVerification).validate_python(got)
    assert isinstance(ver.split, SplitScores) and list(got["split"])[:3] == [
        "fitted_on", "error_model", "years"]  # fmt: skip
    assert ver.split.fitted_on == (1980, 1981, 1982, 1983, 1984)
    assert ver.loyo.days == 9 * 10 and ver.loyo.coverage_90.days == 90
    assert 0 <= ver.loyo.coverage_90.hits <= 90
    assert ver.targets.coverage_90 == (0.85, 0.95) and ver.targets.crps_skill == "> 0"
    assert to_plain(ver) == got

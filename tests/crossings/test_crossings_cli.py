"""``shekara crossings``: the Done-when command, planning monotonicity, languages, bad input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as hs
from typer.testing import CliRunner

from shekara.cli import app
from shekara.kb.store import build
from shekara.methods.queues.erlang import mean_wait, wait_quantile
from shekara.methods.queues.plan import lanes_per_hour
from shekara.services.crossings import plan_lanes

runner = CliRunner()


@pytest.fixture
def store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    url = f"sqlite:///{tmp_path / 'kb.sqlite'}"
    build(url)
    monkeypatch.setenv("SHEKARA_DATABASE_URL", url)
    return url


def test_simulate_done_when_command() -> None:
    args = "crossings simulate --arrivals-per-hour 40 --service-minutes 6 --lanes 5"
    res = runner.invoke(app, [*args.split(), "--hours", "1000", "--seed", "1", "--format", "json"])
    assert res.exit_code == 0, res.output
    out = json.loads(res.output)
    sim, erl = out["simulated"], out["erlang_c"]
    # Erlang C for lam = 40/h, mu = 10/h, c = 5: E[W] = 0.5541/10 h = 3.325 min
    assert erl["mean_wait"] == pytest.approx(60 * mean_wait(40, 10, 5))
    assert erl["p90_wait"] == pytest.approx(60 * wait_quantile(0.9, 40, 10, 5))
    for key in ("mean_wait", "p90_wait"):
        assert sim[key]["low"] <= erl[key] <= sim[key]["high"], (key, sim[key], erl[key])
    assert out["unit"] == "minutes" and sim["customers"] > 35_000


def test_simulate_equeue_reports_the_baseline() -> None:
    res = runner.invoke(
        app,
        [
            *("crossings", "simulate", "--arrivals-per-hour", "45", "--service-minutes", "6"),
            *("--lanes", "5", "--hours", "600", "--booked-share", "0.6", "--no-show", "0.1"),
            *("--format", "json"),
        ],
    )
    assert res.exit_code == 0, res.output
    out = json.loads(res.output)
    assert out["erlang_c"] is None  # not an M/M/c case any more
    assert out["simulated"]["mean_wait"]["value"] < out["without_equeue"]["mean_wait"]["value"]


def test_plan_table_in_kazakh_and_bad_input() -> None:
    res = runner.invoke(app, ["crossings", "plan", "--lang", "kk"])
    assert res.exit_code == 0, res.output
    assert "Сағат бойынша жолақтар саны" in res.output and "lanes" not in res.output
    bad = runner.invoke(app, ["crossings", "plan", "--arrivals-per-hour", "1,2,x"])
    assert bad.exit_code == 2 and "Traceback" not in bad.output
    bad = runner.invoke(app, ["crossings", "simulate", "--service-minutes", "-1"])
    assert bad.exit_code == 1 and "CRS100" in bad.output


def test_list_in_russian(store: str) -> None:
    res = runner.invoke(app, ["crossings", "list", "--lang", "ru"])
    assert res.exit_code == 0, res.output
    assert "Исилькуль" in res.output and "приблизительно" in res.output
    assert "modernised" not in res.output and "not_assessable" not in res.output


@settings(max_examples=60, deadline=None)
@given(
    rates=hs.lists(hs.floats(0, 120), min_size=24, max_size=24),
    service=hs.floats(1.0, 20.0),
    target=hs.floats(0.0, 60.0),
    tighter=hs.floats(0.0, 1.0),
)
def test_stricter_target_never_fewer_lanes(
    rates: list[float], service: float, target: float, tighter: float
) -> None:
    loose = lanes_per_hour(rates, service / 60, target_hours=target / 60)
    strict = lanes_per_hour(rates, service / 60, target_hours=target * tighter / 60)
    assert all(s >= lo for s, lo in zip(strict, loose, strict=True))
    for rate, c in zip(rates, loose, strict=True):  # and each plan meets its target
        if rate > 0:
            assert wait_quantile(0.9, rate, 60 / service, c) <= target / 60 + 1e-12


def test_plan_check_by_simulation() -> None:
    out = plan_lanes((30.0,), 6.0, 10.0, check_days=40)
    # a = 3 erlangs; c = 3 unstable; c = 4: C = 0.509, P90 = ln(0.509/0.1)/(40-30) h = 9.8 min
    assert {r.lanes for r in out.lanes_per_hour} == {4}
    assert all("simulated_p90_wait" in r for r in out.to_dict()["lanes_per_hour"])


def test_config_with_lane_types(tmp_path: Path) -> None:
    cfg = tmp_path / "crossing.yaml"
    cfg.write_text(
        "hours: 300\nseed: 1\ngroups:\n"
        "  - {kind: car, arrivals_per_hour: 40, service_minutes: 3, lanes: 3,"
        " distribution: lognormal, cv: 0.5}\n"
        "  - {kind: truck, arrivals_per_hour: 12, service_minutes: 15, lanes: 4,"
        " equeue: {booked_share: 0.5}}\n",
        encoding="utf-8",
    )
    res = runner.invoke(app, ["crossings", "simulate", "--config", str(cfg), "--format", "json"])
    assert res.exit_code == 0, res.output
    groups = json.loads(res.output)["groups"]
    assert [g["inputs"]["kind"] for g in groups] == ["car", "truck"]
    assert groups[0]["erlang_c"] is None  # lognormal service: not M/M/c
    assert groups[1]["class_counts"]["booked"] > 0
    table = runner.invoke(app, ["crossings", "simulate", "--config", str(cfg), "--lang", "kk"])
    assert "жүк көлігі" in table.output


@pytest.mark.parametrize(
    ("text", "field"),
    [
        ("groups:\n  - {kind: tram}\n", "groups[0].kind"),
        ("groups:\n  - {kind: car, arrivals_per_hour: 1, service_minutes: 3}\n", "groups[0].lanes"),
        (
            "groups:\n  - {kind: car, arrivals_per_hour: [1, 2], service_minutes: 3, lanes: 1}\n",
            "groups[0].arrivals_per_hour",
        ),
        ("groups: [1]\n", "groups[0]: must be a mapping"),
        ("hours: [\n", "not valid YAML at line 2, column 1"),
    ],
)
def test_bad_config_names_the_field(tmp_path: Path, text: str, field: str) -> None:
    cfg = tmp_path / "c.yaml"
    cfg.write_text(text, encoding="utf-8")
    res = runner.invoke(app, ["crossings", "simulate", "--config", str(cfg)])
    assert res.exit_code == 1 and "CRS103" in res.output and field in res.output
    assert "Traceback" not in res.output

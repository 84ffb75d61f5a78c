"""``shekara flood outlook|verify``: ESP on the Fulda, routed outlook on a border basin,
Dask runs equal to in-process runs, and clear errors."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import numpy as np
import pytest
from typer.testing import CliRunner

from shekara.cli import app
from shekara.services.flood.scale import ClusterSpec, SchedulerError, map_tasks

runner = CliRunner()
FAST = ["--max-evaluations", "400"]  # small calibrations: these tests check plumbing, not skill


def _json(args: list[str]) -> dict[str, Any]:
    res = runner.invoke(app, ["flood", *args, "--format", "json"])
    assert res.exit_code == 0, res.output
    out: dict[str, Any] = json.loads(res.stdout)
    return out


@pytest.fixture(scope="module")
def scheduler() -> Iterator[str]:
    """A Dask scheduler with two thread workers on loopback TCP, started by the test."""
    from distributed import LocalCluster

    cluster = LocalCluster(  # type: ignore[no-untyped-call]
        n_workers=2, threads_per_worker=1, processes=False,
                           protocol="tcp://", host="127.0.0.1", dashboard_address=None)  # fmt: skip
    try:
        assert cluster.scheduler_address.startswith("tcp://127.0.0.1:")
        yield cluster.scheduler_address
    finally:
        cluster.close()


def test_fulda_outlook_gives_daily_quantiles_and_danger_probabilities() -> None:
    out = _json(["outlook", "--dataset", "fulda", "--issue-date", "1988-03-01",
                 "--members", "all", "--scheduler", "sync", *FAST])  # fmt: skip
    assert out["method"] == "esp"
    assert out["member_years"] == list(range(1979, 1988))  # never the issue year
    assert 1988 not in out["error_model"]["fitted_on_years"]
    assert len(out["dates"]) == 60 and out["dates"][0] == "1988-03-01"
    q = np.array([out["quantiles_m3s"][k] for k in ("q05", "q25", "q50", "q75", "q95")])
    assert q.shape == (5, 60) and np.all(np.diff(q, axis=0) >= 0)
    for lv in out["danger_levels"].values():
        daily = np.array(lv["daily_probability"])
        assert np.all((daily >= 0) & (daily <= 1))
        assert lv["probability_peak"] >= daily.max()  # P(peak > x) ≥ P(any one day > x)
    assert any("ASSUMED danger levels" in a for a in out["assumptions"])
    assert len(out["observed"]["q_m3s"]) == 60


def test_members_count_takes_the_nearest_years() -> None:
    out = _json(["outlook", "--issue-date", "1988-03-01", "--members", "3",
                 "--scheduler", "sync", "--threshold", "big=150", *FAST])  # fmt: skip
    assert out["member_years"] == [1985, 1986, 1987]
    assert out["danger_levels"]["big"]["threshold_m3s"] == 150.0
    assert out["assumptions"] == []


def test_exercise_basin_says_no_forcing_and_uses_the_routed_path() -> None:
    out = _json(["outlook", "--dataset", "yesil", "--horizon", "10"])
    assert out["method"] == "routed" and out["forcing_available"] is False
    assert "ESP cannot run" in out["notes"][0]
    assert out["mark"] == "exercise — not observed"
    assert {"astana", "petropavl"} <= set(out["posts"])


@pytest.mark.slow
def test_results_on_a_dask_scheduler_equal_the_in_process_results(scheduler: str) -> None:
    args = ["outlook", "--issue-date", "1986-03-01", "--seed", "7", *FAST]
    local = _json([*args, "--scheduler", "sync"])
    remote = _json([*args, "--scheduler", scheduler])
    assert remote == local
    v_local = _json(["verify", "--seed", "7", "--horizon", "30", "--scheduler", "sync", *FAST])
    v_remote = _json(["verify", "--seed", "7", "--horizon", "30", "--scheduler", scheduler, *FAST])
    assert v_remote == v_local


def test_map_tasks_keeps_order_on_a_cluster(scheduler: str) -> None:
    spec = ClusterSpec(scheduler=scheduler)
    assert map_tasks(abs, list(range(-20, 0)), spec=spec) == list(range(20, 0, -1))


@pytest.mark.slow
def test_unreachable_scheduler_is_a_clear_error() -> None:
    with pytest.raises(SchedulerError, match="FLO010"):
        map_tasks(abs, [1], spec=ClusterSpec(scheduler="tcp://127.0.0.1:9"))
    res = runner.invoke(app, ["flood", "outlook", "--scheduler", "tcp://127.0.0.1:9", *FAST])
    assert res.exit_code == 1 and "FLO010" in res.output and "Traceback" not in res.output


@pytest.mark.parametrize(
    ("args", "code", "text"),
    [
        (["outlook", "--issue-date", "1979-03-01"], 1, "HYD007"),
        (["outlook", "--issue-date", "1988-13-01"], 1, "HYD007"),
        (["outlook", "--dataset", "nile"], 1, "HYD009"),
        (["outlook", "--members", "none"], 2, "--members"),
        (["verify", "--dataset", "ertis"], 1, "FLO001"),
    ],
)
def test_bad_input_is_refused_without_traceback(args: list[str], code: int, text: str) -> None:
    res = runner.invoke(app, ["flood", *args, "--scheduler", "sync", *FAST])
    assert res.exit_code == code, res.output
    assert text in res.output and "Traceback" not in res.output


def test_frozen_ground_switch_is_reported_with_its_assumption() -> None:
    out = _json(
        ["outlook", "--issue-date", "1985-03-01", "--frozen-ground", "--scheduler", "sync", *FAST]
    )
    assert out["frozen_ground"] == {"impermeable_share": 0.6, "frost_index_threshold": 83.0}
    assert any("ASSUMED frozen-ground share" in a for a in out["assumptions"])
    off = _json(["outlook", "--issue-date", "1985-03-01", "--scheduler", "sync", *FAST])
    assert off["frozen_ground"] is None
    # the cold winter of 1985 froze the ground, so the two outlooks differ (the runoff it shed
    # in January-February is not in the soil on 1 March: later flow may be lower, not higher)
    assert out["raw_esp_quantiles_m3s"] != off["raw_esp_quantiles_m3s"]


@pytest.mark.parametrize(("lang", "words"), [("kk", ("Күні", "Медиана, м³/с", "Ықтималдық")),
                                              ("ru", ("Дата", "Медиана, м³/с", "Вероятность"))])  # fmt: skip
def test_outlook_table_speaks_kazakh_and_russian(lang: str, words: tuple[str, ...]) -> None:
    res = runner.invoke(app, ["flood", "outlook", "--horizon", "2", "--scheduler", "sync",
                              "--lang", lang, *FAST])  # fmt: skip
    assert res.exit_code == 0, res.output
    for w in words:
        assert w in res.output
    for english in ("date", "q50_m3s", "high_flow_p95", "ASSUMED", "hindcast"):
        assert english not in res.output


def test_verify_table_in_russian_has_no_internal_codes() -> None:
    res = runner.invoke(app, ["flood", "verify", "--horizon", "20", "--scheduler", "sync",
                              "--lang", "ru", *FAST])  # fmt: skip
    assert res.exit_code == 0, res.output
    assert "Охват 90 % интервала" in res.output and "Исключение одного года" in res.output
    assert "coverage_90" not in res.output and "loyo" not in res.output


def test_member_weights_and_a_seasonal_condition_weight_the_probabilities() -> None:
    base = ["outlook", "--issue-date", "1988-03-01", "--scheduler", "sync", *FAST]
    equal = _json(base)
    assert equal["weighting"] is None and equal["member_weights"] is None
    cond = _json([*base, "--condition", "precipitation", "--tercile-probabilities", "0.6,0.3,0.1"])
    w = {int(y): v for y, v in cond["member_weights"].items()}
    cats = cond["weighting"]["categories"]
    assert sum(w.values()) == pytest.approx(1.0, abs=1e-3)
    for cat, p in (("below_normal", 0.6), ("near_normal", 0.3), ("above_normal", 0.1)):
        years = [int(y) for y, c in cats.items() if c == cat]
        assert years and sum(w[y] for y in years) == pytest.approx(p, abs=1e-3)
    assert any("ASSUMED seasonal outlook" in a for a in cond["assumptions"])
    # weighting the dry terciles up cannot raise the median flow on every day
    assert cond["quantiles_m3s"]["q50"] != equal["quantiles_m3s"]["q50"]
    one = _json([*base, "--member-weight", "1985=1"])
    assert one["member_weights"]["1985"] == 1.0 and one["member_weights"]["1986"] == 0.0
    assert one["raw_esp_quantiles_m3s"]["q05"] == one["raw_esp_quantiles_m3s"]["q95"]
    assert any("ASSUMED member weights" in a for a in one["assumptions"])


def test_bad_weights_are_refused_in_one_line() -> None:
    for extra in (["--member-weight", "1985"], ["--condition", "wind"],
                  ["--condition", "temperature", "--tercile-probabilities", "0.5,0.5"],
                  ["--tercile-probabilities", "0.3,0.3,0.4"]):  # fmt: skip
        res = runner.invoke(app, ["flood", "outlook", *extra, "--scheduler", "sync"])
        assert res.exit_code != 0 and "Traceback" not in res.output
    res = runner.invoke(app, ["flood", "outlook", "--member-weight", "1900=1",
                              "--scheduler", "sync", *FAST])  # fmt: skip
    assert res.exit_code == 1 and "HYD009" in res.output and "1900" in res.output


@pytest.mark.parametrize("dataset", ["zhaiyk-caspian", "tobol-torgai", "ertis"])
def test_every_exercise_basin_outlook_is_marked_as_exercise_data(dataset: str) -> None:
    out = _json(["outlook", "--dataset", dataset, "--horizon", "5"])
    assert out["dataset"] == dataset and out["method"] == "routed"
    assert out["exercise"] is True and out["mark"] == "exercise — not observed"
    assert out["posts"] and out["horizon_days"] == 5
    for post in out["posts"].values():
        assert len(post["q_median"]) >= 5 and 0 <= (post["p_exceed_danger"] or 0) <= 1


def test_exercise_outlook_table_in_kazakh_carries_the_mark() -> None:
    res = runner.invoke(app, ["flood", "outlook", "--dataset", "yesil", "--horizon", "5",
                              "--lang", "kk"])  # fmt: skip
    assert res.exit_code == 0, res.output
    assert "жаттығу деректері" in res.stderr and "Бекет" in res.stdout

"""The water part of the web app: /api/water/forecast, /api/water/reservoir and the /water page.

The endpoints must give the hydrology services' numbers (the forecast bit for bit for a
seed, the reservoir verdict of the documented scenario), refuse bad parameters with 422
problem documents, and the page must show those numbers in kk, ru and en. The browser
test of the page is in ``test_web_browser.py``.
"""

from __future__ import annotations

import json
import re
from typing import Any

import httpx
import numpy as np
import pytest
import sqlalchemy as sa
from fastapi.testclient import TestClient

from shekara.i18n import catalog
from shekara.web.api.optional import available

pytestmark = pytest.mark.skipif(
    not (available("shekara.services.hydro") and available("shekara.services.water")),
    reason="hydrology or water-balance service not installed",
)

FORECAST = "/api/water/forecast"
RESERVOIR = "/api/water/reservoir"
HEADINGS = (
    "Basins and border regions",
    "Water balance per basin",
    "Spring-flood forecast",
    "Current alerts",
    "Reservoir scenario",
)


def roundtrip(obj: Any) -> Any:
    return json.loads(json.dumps(obj))


def assert_problem(r: httpx.Response, status: int, slug: str) -> dict[str, Any]:
    assert r.status_code == status, r.text
    assert r.headers["content-type"] == "application/problem+json"
    body: dict[str, Any] = r.json()
    assert body["type"] == f"/api/problems/{slug}" and body["status"] == status
    assert {"title", "detail", "instance"} <= set(body)
    return body


@pytest.fixture(scope="module")
def fulda() -> Any:
    from shekara.web.api.hydro import fulda_series

    return fulda_series()


@pytest.fixture(scope="module")
def calibration_1988(fulda: Any) -> Any:
    """The calibration the endpoint promises for a 1988 start, made here independently."""
    from shekara.methods.hydrology.calibration import SplitSample, calibrate
    from shekara.services.hydro.hindcast import CALIBRATION_BUDGET, CALIBRATION_SEED

    return calibrate(
        fulda.series,
        periods=SplitSample((1979, 1979), (1980, 1987), None),
        seed=CALIBRATION_SEED,
        max_evaluations=CALIBRATION_BUDGET,
        pet_method=fulda.default_pet,
    )


# ----------------------------------------------------------------------------- forecast
def test_forecast_equals_the_service(client: TestClient, fulda: Any, calibration_1988: Any) -> None:
    from shekara.methods.hydrology.forecast import Perturbation
    from shekara.services.hydro import run_forecast

    params: dict[str, Any] = {
        "members": 40,
        "seed": 3,
        "threshold": ["watch=100", "warning=150", "120"],
        "precip_cv": 0.3,
    }
    r = client.get(FORECAST, params=params)
    assert r.status_code == 200, r.text
    api = r.json()
    assert api["calibration"]["parameters"] == calibration_1988.to_dict()["parameters"]
    assert api["calibration"]["calibration_years"] == [1980, 1987]
    report = run_forecast(
        fulda,
        parameters=calibration_1988.parameters,
        start="1988-03-01",
        horizon_days=60,
        n_members=40,
        seed=3,
        thresholds={"watch": 100.0, "warning": 150.0, "120 m3/s": 120.0},
        perturbation=Perturbation(precip_cv=0.3),
    )
    expected = roundtrip(report.to_dict())
    for key in ("parameters_from", "notes", "seed_spawn_index"):
        expected.pop(key, None)
    assert {k: api[k] for k in expected} == expected
    assert list(api["alerts"]) == ["watch", "warning", "120 m3/s"]
    assert api["thresholds_source"] == "given"
    assert api["likely_alerts"] == [k for k, a in api["alerts"].items() if a["probability"] >= 0.5]
    i0 = int(np.sum(fulda.series.dates < np.datetime64("1988-03-01")))
    assert api["observed_m3s"] == [round(float(x), 3) for x in fulda.series.q_obs_m3s[i0 : i0 + 60]]


def test_forecast_with_seed_1_is_the_cli_forecast_with_the_web_budget(
    client: TestClient, fulda: Any
) -> None:
    """The web calibrates like ``hydro forecast`` without --parameters, with a smaller budget
    and seed 1: for seed 1 the whole forecast is the service's own."""
    from shekara.services.hydro import run_forecast
    from shekara.services.hydro.hindcast import CALIBRATION_BUDGET

    api = client.get(FORECAST, params={"members": 30}).json()
    report = roundtrip(
        run_forecast(
            fulda,
            n_members=30,
            seed=1,
            thresholds={"watch": 100.0, "warning": 150.0, "danger": 250.0},
            max_evaluations=CALIBRATION_BUDGET,
        ).to_dict()
    )
    for key in ("quantiles_m3s", "peak_m3s", "alerts", "observed", "initial_state", "start"):
        assert api[key] == report[key], key
    assert api["thresholds_source"] == "illustrative"


def test_forecast_is_reproducible_by_seed(client: TestClient) -> None:
    from shekara.web.api.hydro import ForecastParams, forecast_result

    a = client.get(FORECAST, params={"seed": 11, "members": 25, "horizon": 45}).json()
    p = ForecastParams(
        start=None,
        horizon=45,
        members=25,
        seed=11,
        thresholds=(("watch", 100.0), ("warning", 150.0), ("danger", 250.0)),
        thresholds_given=False,
        temp_sd=1.5,
        precip_cv=0.25,
        swe_cv=0.2,
    )
    fresh = forecast_result(p)  # recomputed, not from the app's cache
    assert roundtrip(fresh.to_dict()) == a
    b = client.get(FORECAST, params={"seed": 12, "members": 25, "horizon": 45}).json()
    assert b["quantiles_m3s"] != a["quantiles_m3s"]
    assert len(a["dates"]) == 45 and a["dates"][0] == "1988-03-01"


def test_forecast_bad_parameters_are_422_problems(client: TestClient) -> None:
    bad: list[dict[str, Any]] = [
        {"members": 0},
        {"members": 201},
        {"seed": -1},
        {"horizon": 0},
        {"horizon": 181},
        {"start": "1979-03-01"},  # no calibration year before it
        {"start": "1987-02-29"},  # not a day
        {"start": "1988-3-1"},
        {"threshold": "warning=0"},
        {"threshold": "warning=abc"},
        {"threshold": ["1"] * 6},
        {"temp_sd": "nan"},
        {"precip_cv": 1.5},
    ]
    for params in bad:
        body = assert_problem(client.get(FORECAST, params=params), 422, "invalid-parameters")
        assert body["errors"], params
    # valid, but past the end of the data: the data cannot answer it
    body = assert_problem(
        client.get(FORECAST, params={"start": "1988-12-01", "horizon": 60}),
        409,
        "assessment-impossible",
    )
    assert "HYD007" in body["detail"]


# ----------------------------------------------------------------------------- reservoir
def test_reservoir_default_is_the_documented_scenario(client: TestClient) -> None:
    from shekara.methods.hydrology.reservoir import iriklinsk_spring_2024_scenario
    from shekara.services.hydro import ReservoirOptions, reservoir_scenario

    api = client.get(RESERVOIR).json()
    expected = roundtrip(reservoir_scenario(ReservoirOptions()).to_dict(include_series=True))
    for row in expected["assumptions"]:
        row.setdefault("source", None)
    assert {k: api[k] for k in expected} == expected
    runs = {r["policy"]: r for r in api["runs"]}
    method = iriklinsk_spring_2024_scenario("hold_then_release")
    assert runs["hold_then_release"]["overtopped"] is method.overtopped is True
    assert runs["pre_release"]["overtopped"] is False
    assert runs["hold_then_release"]["first_overtop_time"] == "2024-04-19T08:00:00"
    series = api["series"]["hold_then_release"]
    assert series["level_m"] == [round(float(x), 4) for x in method.level_m]
    assert len(series["dates"]) == 90 and series["dates"][0].startswith("2024-03-25")
    status = {a["name"]: a["status"] for a in api["assumptions"]}
    assert status["area_at_nrl_km2"] == "sourced"
    assert {s for n, s in status.items() if n != "area_at_nrl_km2"} <= {
        "assumed",
        "assumed (only 260 km² at NRL is sourced)",
    }
    assert api["levels"]["dam_crest_m"] == 250.0


def test_reservoir_with_changed_assumptions_equals_the_service(client: TestClient) -> None:
    from shekara.services.hydro import ReservoirOptions, reservoir_scenario

    params = {"policy": "hold_then_release", "peak_inflow": 1500, "initial_level": 240}
    api = client.get(RESERVOIR, params=params).json()
    opts = ReservoirOptions(peak_inflow_m3s=1500.0, initial_level_m=240.0)
    report = reservoir_scenario(opts, ("hold_then_release",))
    assert [r["overtopped"] for r in api["runs"]] == [r.overtopped for r in report.runs]
    assert api["runs"] == roundtrip(report.to_dict()["runs"])
    status = {a["name"]: a["status"] for a in api["assumptions"]}
    assert status["peak_inflow_m3s"] == status["initial_level_m"] == "assumed (set by the user)"
    assert list(api["series"]) == ["hold_then_release"]


def test_reservoir_bad_parameters_are_422_problems(client: TestClient) -> None:
    for params in (
        {"dam_crest": 245},  # not above the spillway crest
        {"dam_crest": 261},
        {"duration": 181},
        {"duration": 0},
        {"initial_level": 200},  # below the level table
        {"peak_inflow": -1},
        {"peak_inflow": "inf"},
        {"policy": "open_everything"},
        {"time_to_peak": 0},
    ):
        assert_problem(client.get(RESERVOIR, params=params), 422, "invalid-parameters")


# ----------------------------------------------------------------------------- page
@pytest.mark.parametrize("lang", ["kk", "ru", "en"])
def test_water_page_renders_in_three_languages(client: TestClient, lang: str) -> None:
    r = client.get("/water", params={"lang": lang})
    assert r.status_code == 200
    assert f'<html lang="{lang}">' in r.text
    messages = catalog(lang, "web")
    headings = re.findall(r"<h2 id=\"[a-z]+-h\">([^<]+)</h2>", r.text)
    assert headings == [messages[h] for h in HEADINGS]
    assert f'<a href="/water" aria-current="page">{messages["Water"]}</a>' in r.text
    assert '<svg id="hydrograph"' in r.text
    assert '<svg id="reservoir-level"' in r.text and '<svg id="reservoir-flows"' in r.text
    assert "default-src 'self'" in r.headers["content-security-policy"]
    external = re.findall(r'(?:src|href|action)="((?:https?:)?//[^"]*)"', r.text)
    assert external == []


def test_water_page_shows_the_api_numbers(client: TestClient, engine_ro: sa.Engine) -> None:
    from shekara.services.water import water_balance

    page = client.get("/water", params={"lang": "en"}).text
    api = client.get(FORECAST).json()
    rows = re.findall(
        r'<tr data-alert="([^"]+)">\s*<td>[^<]*</td>\s*<td class="num" data-value="([^"]+)">'
        r'[^<]*</td>\s*<td class="num" data-value="([^"]+)">',
        page,
    )
    assert [(k, float(t), float(p)) for k, t, p in rows] == [
        (k, a["threshold_m3s"], a["probability"]) for k, a in api["alerts"].items()
    ]
    likely = re.findall(r'<li class="alert" data-alert="([^"]+)">', page)
    assert likely == api["likely_alerts"] == ["watch", "warning"]
    # the reservoir verdicts
    res = client.get(RESERVOIR).json()
    shown = dict(re.findall(r'data-policy="([a-z_]+)" data-overtopped="(true|false)"', page))
    assert shown == {r["policy"]: str(r["overtopped"]).lower() for r in res["runs"]}
    inputs = re.findall(r'data-input="([a-z_0-9]+)" data-status="(sourced|assumed)"', page)
    assert [n for n, st in inputs if st == "sourced"] == ["area_at_nrl_km2", "stated"]
    assert {n for n, st in inputs if st == "assumed"} == {
        a["name"] for a in res["assumptions"] if a["status"] != "sourced"
    }
    # the balance: every basin figure with its status and value
    report = water_balance(engine_ro).to_dict()
    cells = re.findall(
        r'<tr data-entity="([^"]+)" data-figure="([^"]+)" class="st-([a-z]+)">.*?'
        r'<td class="num" data-value="([^"]*)">',
        page,
        flags=re.S,
    )
    expected = []
    for b in report["basins"]:
        for f in b["figures"]:
            nums = [f["value"]] if f["value"] is not None else (f["range"] or [])
            expected.append((b["basin_id"], f["name"], f["status"], [float(x) for x in nums]))
        if b["stress"]:
            expected.append((b["basin_id"], "water_stress_class", "computed", b["stress"]["class"]))
    got = [
        (
            bid,
            name,
            st,
            value if name == "water_stress_class" else [float(x) for x in value.split()],
        )
        for bid, name, st, value in cells
    ]
    assert got == expected


def test_water_map_marks_only_regions_the_knowledge_base_names(
    client: TestClient, engine_ro: sa.Engine
) -> None:
    from shekara.kb import query

    page = client.get("/water", params={"lang": "en"}).text
    marked = re.findall(r'<path class="region [a-z]+ marked" d="[^"]*" data-region="([^"]+)"', page)
    rivers = {
        r["river_id"]
        for r in query.table_rows(engine_ro, "rivers")
        if r.get("basin_id")
        in {b["basin_id"] for b in query.table_rows(engine_ro, "basins") if b["borders_russia"]}
    }
    expected = {
        str(r["region_id"])
        for r in query.table_rows(engine_ro, "reservoirs")
        if r.get("river_id") in rivers and r.get("region_id")
    }
    assert expected and set(" ".join(marked).split()) == expected
    assert "data-basin" not in page.split('<svg id="map"')[1].split("</svg>")[0]  # no outline


def test_water_page_form_works_without_javascript(client: TestClient) -> None:
    page = client.get("/water", params={"members": "30", "seed": "4", "warning": "120"}).text
    api = client.get(
        FORECAST,
        params={
            "members": 30,
            "seed": 4,
            "threshold": ["watch=100", "warning=120", "danger=250"],
        },
    ).json()
    probs = re.findall(
        r'<tr data-alert="([^"]+)">.*?data-value="[^"]+".*?data-value="([^"]+)"', page, flags=re.S
    )
    assert [(k, float(p)) for k, p in probs] == [
        (k, a["probability"]) for k, a in api["alerts"].items()
    ]
    assert 'id="fc-seed">4<' in page and 'id="fc-members">30<' in page
    reset = client.get("/water", params={"members": "999", "peak_inflow": "-5"}).text
    assert "Out of range, reset to the default: members" in reset
    assert "Out of range, reset to the default: peak_inflow" in reset

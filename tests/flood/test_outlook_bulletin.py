"""The daily bulletin and the outlook page show the outlook's verification next to the forecast."""

from __future__ import annotations

import re
from datetime import date

import pytest
import sqlalchemy as sa

from shekara.services.flood.bulletin import bulletin_context, render_bulletin
from shekara.services.flood.outlook_results import TargetsMet
from shekara.services.flood.verification_figures import FULDA_SUMMARY, BandHits

# the measured figures (docs/hydrology.md §12), as each language writes them
EXPECTED = {
    "kk": ["90,4 %", "50,6 %", "0,03", "0,12", "17,2", "76,7 %", "36,0 %", "-0,33",
           "Көктемгі болжамның тексерілуі", "орындалды", "қайта калибрленеді"],
    "ru": ["90,4 %", "50,6 %", "0,03", "0,12", "17,2", "76,7 %", "36,0 %", "-0,33",
           "Проверка весеннего прогноза", "достигнута", "заново калибруются"],
    "en": ["90.4 %", "50.6 %", "0.03", "0.12", "17.2", "76.7 %", "36.0 %", "-0.33",
           "Verification of the spring outlook (Fulda, out of sample)", "met",
           "nested leave-one-year-out"],
}  # fmt: skip


def _text(html: str) -> str:
    section = html[html.index('id="outlook-verification"') :]
    section = section[: section.index("</section>")]
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", section)).replace("\u00a0", " ")


@pytest.mark.parametrize("lang", ["kk", "ru", "en"])
def test_bulletin_shows_the_verification_figures(season_engine: sa.Engine, lang: str) -> None:
    html = render_bulletin(bulletin_context(season_engine, lang=lang, as_of=date(2026, 4, 10)))
    text = _text(html)
    for want in EXPECTED[lang]:
        assert want.replace("\u00a0", " ") in text, (want, text)
    if lang != "en":
        for word in ("skill", "band", "nested", "Fulda", "met", "loyo"):
            assert word not in text


def test_the_shipped_summary_is_the_measured_one() -> None:
    assert FULDA_SUMMARY.coverage_90 == BandHits(hits=488, days=540)
    assert FULDA_SUMMARY.out_of_sample is True
    assert FULDA_SUMMARY.targets_met == TargetsMet(
        coverage_90=True, coverage_50=True, crps_skill=True
    )

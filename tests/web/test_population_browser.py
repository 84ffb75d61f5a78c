"""The population page in headless Chromium: the pyramid animates, in kk, ru and en, offline.

Reuses the server, browser and request gate of ``test_web_browser`` (same folder).
"""

from __future__ import annotations

import re

import pytest
from test_web_browser import Watched, browser, origin, tab  # noqa: F401 (fixtures)

pytestmark = pytest.mark.browser

HEADINGS = {
    "kk": "Халық: жас құрылымы, болжамдар және шекаралас өңірлер",
    "ru": "Население: возрастная структура, прогнозы и приграничные области",
    "en": "Population: age structure, projections and the border regions",
}
PLAY = {"kk": "Ойнату", "ru": "Воспроизвести", "en": "Play"}
#: Latin words the shared page frame shows in every language (brand, API link, language names).
FRAME_WORDS = {"API", "English", "Shekara"}


@pytest.mark.parametrize("lang", ["kk", "ru", "en"])
def test_pyramid_moves_through_the_years(tab: Watched, lang: str) -> None:  # noqa: F811
    tab.goto(f"/population?entity=KAZ&year=1950&lang={lang}")
    page = tab.page
    assert page.locator("h1").inner_text() == HEADINGS[lang]
    assert page.locator("#pyr-svg g.bar").count() == 21
    width_1950 = float(
        page.locator("#pyr-svg g.bar[data-age='0-4'] rect").get_attribute("width") or 0
    )
    # 1950: WPP 2022 gives 875 thousand children aged 0-4 in Kazakhstan
    assert page.locator("#pyr-svg g.bar[data-age='0-4'] text.val").text_content() == "875"
    page.get_by_role("button", name=PLAY[lang]).click()
    page.wait_for_function("() => +document.getElementById('pyr-svg').dataset.year >= 1960")
    page.locator("#pyr-play").click()  # pause
    year = int(page.locator("#pyr-y").inner_text())
    assert 1960 <= year <= 2100
    width_now = float(
        page.locator("#pyr-svg g.bar[data-age='0-4'] rect").get_attribute("width") or 0
    )
    assert width_now != width_1950
    # the slider jumps to a year of the medium variant and the label follows
    page.locator("#pyr-year").fill("2050")
    page.locator("#pyr-year").dispatch_event("input")
    assert page.locator("#pyr-y").inner_text() == "2050"
    assert page.locator("svg.fan polyline.const").count() == 1
    if lang != "en":
        text = page.locator("main").inner_text()
        latin = set(re.findall(r"[A-Za-z]{2,}", text)) - FRAME_WORDS
        assert latin == set(), f"{lang}: English words on the page: {latin}"
    tab.shot(f"population-{lang}")

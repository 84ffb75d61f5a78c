"""The "Flood season" page in headless Chromium, in kk, ru and en, with the network cut.

Every request outside the test server's origin is blocked and recorded; the test asserts
there was none. ``SHEKARA_SCREENSHOTS=DIR`` keeps a screenshot per language.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from browserkit import launch, require_chromium, serve

pytestmark = pytest.mark.browser
require_chromium()

from playwright.sync_api import Browser, Route  # noqa: E402


@pytest.fixture(scope="module")
def origin(season_store: str) -> Iterator[str]:
    from shekara.web.app import create_app

    with serve(create_app(season_store)) as url:
        yield url


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with launch() as b:
        yield b


TITLES = {"kk": "Су тасқыны маусымы", "ru": "Паводковый период", "en": "Flood season"}
MARKS = {"kk": "жаттығу деректері — бақылау емес", "ru": "учебные данные — не наблюдения",
         "en": "exercise — not observed"}  # fmt: skip


@pytest.mark.parametrize("lang", ["kk", "ru", "en"])
def test_flood_page_opens_offline_in_each_language(
    browser: Browser, origin: str, lang: str
) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    blocked: list[str] = []
    errors: list[str] = []

    def gate(route: Route) -> None:
        if route.request.url.startswith(origin + "/"):
            route.continue_()
        else:
            blocked.append(route.request.url)
            route.abort()

    page.route("**/*", gate)
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(f"{origin}/flood?lang={lang}&post=kostanay&reservoir=upper-tobol-res")
    page.wait_for_load_state("networkidle")
    assert page.locator("html").get_attribute("lang") == lang
    assert page.locator("h1").inner_text() == TITLES[lang]
    assert page.locator("#exercise-mark").inner_text() == MARKS[lang]
    # the map: 18 posts coloured by alert class, 8 reservoirs with their fill
    assert page.locator("#flood-map svg circle[data-node]").count() == 18
    assert page.locator("#flood-map svg g[data-node]").count() == 8
    assert page.locator("#flood-hydrograph").count() == 1
    assert page.locator("#flood-reservoir").count() == 1
    body = page.locator("main").inner_text()
    if lang != "en":
        for word in ("Reservoir", "Discharge", "danger", "normal", "forecast", "Kazakhstan"):
            assert word not in body, word
    folder = os.environ.get("SHEKARA_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / f"flood-{lang}.png"), full_page=True)
    context.close()
    assert blocked == [] and errors == []

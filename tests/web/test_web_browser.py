"""The dashboard in headless Chromium (Debian's ``chromium``) driven by Playwright.

uvicorn serves the app on 127.0.0.1 with a free port in a thread; every request the
browser makes to another origin is blocked and recorded, and the tests assert there
was none. Marked ``browser``: skipped only when ``/usr/bin/chromium`` is missing and
``SHEKARA_REQUIRE_BROWSER`` is not set (CI sets it, so there a missing browser fails).
Set ``SHEKARA_SCREENSHOTS=DIR`` to keep a screenshot of every page.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from browserkit import launch, require_chromium, serve
from shekara.services.assessment import AssessmentOptions, assess

pytestmark = [pytest.mark.browser, pytest.mark.slow]
require_chromium()

from playwright.sync_api import Browser, Page, Route  # noqa: E402


@pytest.fixture(scope="module")
def origin(store_url_ro: str) -> Iterator[str]:
    """The app served by uvicorn on loopback in a background thread."""
    from shekara.web.app import create_app

    with serve(create_app(store_url_ro)) as url:
        yield url


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with launch() as b:
        yield b


@dataclass
class Watched:
    """A page whose requests outside the origin are blocked and recorded, with its errors."""

    page: Page
    origin: str
    blocked: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def goto(self, path: str) -> None:
        self.page.goto(self.origin + path)
        self.page.wait_for_load_state("networkidle")

    def shot(self, name: str) -> None:
        folder = os.environ.get("SHEKARA_SCREENSHOTS")
        if folder:
            Path(folder).mkdir(parents=True, exist_ok=True)
            self.page.screenshot(path=str(Path(folder) / f"{name}.png"), full_page=True)


def watch(browser: Browser, origin: str, width: int = 1280) -> Watched:
    context = browser.new_context(viewport={"width": width, "height": 900}, locale="en-GB")
    page = context.new_page()
    w = Watched(page, origin)

    def gate(route: Route) -> None:
        if route.request.url.startswith(origin + "/"):
            route.continue_()
        else:
            w.blocked.append(route.request.url)
            route.abort()

    page.route("**/*", gate)
    page.on("pageerror", lambda exc: w.errors.append(str(exc)))
    page.on("console", lambda m: w.errors.append(m.text) if m.type == "error" else None)
    return w


@pytest.fixture
def tab(browser: Browser, origin: str) -> Iterator[Watched]:
    w = watch(browser, origin)
    yield w
    w.page.context.close()
    assert w.blocked == [], f"requests outside {origin}: {w.blocked}"
    assert w.errors == []


PAGES = {
    "map": "/?as_of=2018",
    "pair": "/pairs/KZ-59:RU-OMS?as_of=2024",
    "explorer": "/explorer?indicator=population_city&year=2026",
    "assessment": "/assessment?as_of=2018",
    "water": "/water",
}


def test_every_page_opens_offline(tab: Watched) -> None:
    for name, path in PAGES.items():
        tab.goto(path)
        assert tab.page.locator("h1").count() == 1, name
        tab.shot(name)
    tab.goto("/docs")
    tab.page.wait_for_selector(".opblock", timeout=15_000)  # Swagger UI rendered the spec
    assert tab.page.locator(".opblock").count() > 20
    tab.shot("docs")


def test_language_switch_is_remembered(tab: Watched) -> None:
    tab.goto("/explorer")
    tab.page.get_by_role("navigation", name="Language").get_by_text("Қазақша").click()
    tab.page.wait_for_load_state("networkidle")
    assert tab.page.locator("html").get_attribute("lang") == "kk"
    assert tab.page.url.endswith("/explorer")
    assert tab.page.get_by_role("link", name="Шекара картасы").count() == 1
    tab.goto("/assessment")  # a new page, no ?lang=: the cookie keeps Kazakh
    assert tab.page.locator("html").get_attribute("lang") == "kk"
    tab.page.get_by_role("navigation", name="Тіл").get_by_text("Русский").click()
    tab.page.wait_for_load_state("networkidle")
    assert tab.page.locator("h1").inner_text() == "Потенциал сотрудничества приграничных пар"
    tab.shot("assessment-ru")


def first_pair(page: Page) -> str:
    value = page.locator("#ranking-body tr").first.get_attribute("data-pair")
    assert value
    return value


def test_weight_sliders_recompute_the_ranking(tab: Watched, engine_ro: sa.Engine) -> None:
    tab.goto("/assessment?as_of=2018")
    equal = assess(engine_ro, AssessmentOptions(as_of="2018"))
    assert first_pair(tab.page) == equal.pairs[0].pair_id
    status = tab.page.locator("#assess-status")
    # keyboard only: gravity and transport to zero, SEZ to its maximum
    tab.page.get_by_label("Gravity index").focus()
    tab.page.keyboard.press("Home")
    tab.page.get_by_label("Transport score").focus()
    tab.page.keyboard.press("Home")
    tab.page.get_by_label("SEZ score").focus()
    tab.page.keyboard.press("End")
    sez_only = assess(engine_ro, AssessmentOptions(as_of="2018", weights={"sez": 1}))
    expected = [p.pair_id for p in sez_only.pairs]
    assert expected[0] != equal.pairs[0].pair_id
    tab.page.wait_for_function(
        "id => document.querySelector('#ranking-body tr').dataset.pair === id", arg=expected[0]
    )
    assert status.inner_text() == "Ranking updated."
    rows = tab.page.locator("#ranking-body tr")
    assert [rows.nth(i).get_attribute("data-pair") for i in range(rows.count())] == expected
    shown = tab.page.locator("#ranking-body tr td.potential").first.get_attribute("data-value")
    assert float(shown or "nan") == sez_only.pairs[0].potential
    assert "gravity=0" in tab.page.url and "sez=10" in tab.page.url
    assert tab.page.locator("#ranking-body .bandsvg").count() == len(expected)
    tab.shot("assessment-sez-only")
    tab.page.get_by_label("SEZ score").press("Home")  # all weights zero: said, not sent
    tab.page.wait_for_function(
        "() => document.querySelector('#assess-status').textContent.includes('above zero')"
    )


def along_line(line: Any, frac: float) -> dict[str, float]:
    """A point *frac* of the way along an SVG line, relative to its bounding box (for hover).

    The line's centre may lie under a marker: the Isilkul crossing sits on the
    Petropavl–Omsk line, where the pair line crosses the border.
    """
    x1, y1, x2, y2 = (float(line.get_attribute(a)) for a in ("x1", "y1", "x2", "y2"))
    box = line.bounding_box()
    sx = box["width"] / abs(x2 - x1) if x2 != x1 else 0.0
    sy = box["height"] / abs(y2 - y1) if y2 != y1 else 0.0
    return {
        "x": (x1 + frac * (x2 - x1) - min(x1, x2)) * sx,
        "y": (y1 + frac * (y2 - y1) - min(y1, y2)) * sy,
    }


def test_click_a_pair_on_the_map(tab: Watched) -> None:
    tab.goto("/?as_of=2018")
    line = tab.page.locator('a.pair-link[data-pair="KZ-59:RU-OMS"] line.pair')
    line.hover(position=along_line(line, 0.25))
    tip = tab.page.locator("#tip")
    assert tip.is_visible() and "Omsk" in tip.inner_text()
    line.click(position=along_line(line, 0.25))
    tab.page.wait_for_url("**/pairs/KZ-59:RU-OMS")
    assert tab.page.locator("h1").inner_text() == "North Kazakhstan Region – Omsk Oblast"


def test_pairs_are_reachable_by_keyboard(tab: Watched) -> None:
    tab.goto("/?as_of=2018")
    link = tab.page.locator('a.pair-link[data-pair="KZ-15:RU-ORE"]')
    link.focus()
    assert tab.page.locator("#tip").inner_text().startswith("Aktobe Region – Orenburg Oblast")
    tab.page.keyboard.press("Enter")
    tab.page.wait_for_url("**/pairs/KZ-15:RU-ORE")


def test_phone_width_has_no_sideways_scrolling(browser: Browser, origin: str) -> None:
    w = watch(browser, origin, width=390)
    try:
        for name, path in PAGES.items():
            w.goto(path)
            overflow: Any = w.page.evaluate(
                "document.documentElement.scrollWidth - document.documentElement.clientWidth"
            )
            assert overflow <= 0, (name, overflow)
            w.shot(f"phone-{name}")
    finally:
        w.page.context.close()
    assert w.blocked == [] and w.errors == []


def test_water_page_draws_the_forecast_and_refetches_it(tab: Watched, origin: str) -> None:
    """The hydrograph and the reservoir charts are there; a new seed and alert level typed
    with the keyboard re-fetch the forecast from the API and redraw chart and alerts."""
    import json
    import urllib.request

    tab.goto("/water")
    assert tab.page.locator("svg#hydrograph path.band.outer").count() == 1
    assert tab.page.locator("svg#hydrograph path.series.observed:not(.key)").count() == 1
    assert tab.page.locator("svg#hydrograph g.level:not(.key)").count() == 3
    assert tab.page.locator("svg#reservoir-level g.level.crest:not(.key)").count() == 1
    assert tab.page.locator("svg#reservoir-flows path.series:not(.key)").count() == 3
    assert tab.page.locator('#reservoir-runs tr[data-overtopped="true"]').count() == 1
    median = "svg#hydrograph path.series.median:not(.key)"
    before = tab.page.locator(median).get_attribute("d")
    tab.page.get_by_label("Random seed").fill("7")
    tab.page.get_by_label("warning").fill("200")
    tab.page.get_by_label("warning").press("Enter")  # submits the form: fetch, no reload
    tab.page.wait_for_function(
        "() => document.querySelector('#forecast-status').textContent === 'Forecast updated.'"
    )
    assert tab.page.locator(median).get_attribute("d") != before
    query = "members=50&seed=7&threshold=watch=100&threshold=warning=200&threshold=danger=250"
    with urllib.request.urlopen(f"{origin}/api/water/forecast?{query}") as r:
        api = json.load(r)
    shown = tab.page.locator("#alerts-list li.alert")
    assert [shown.nth(i).get_attribute("data-alert") for i in range(shown.count())] == (
        api["likely_alerts"]
    )
    probs = tab.page.locator("#alert-body tr td:nth-child(3)")
    assert [float(probs.nth(i).get_attribute("data-value") or "nan") for i in range(3)] == [
        a["probability"] for a in api["alerts"].values()
    ]
    assert "seed=7" in tab.page.url and "warning=200" in tab.page.url
    tab.shot("water-refetched")


def test_crossing_on_the_map_opens_its_page(tab: Watched) -> None:
    tab.goto("/?as_of=2024")
    tab.page.locator("a.crossing-link path.crossing").click()
    tab.page.wait_for_url("**/crossings/isilkul")
    assert tab.page.locator("h1").inner_text() == "Isilkul"


def test_crossing_page_what_if(tab: Watched) -> None:
    tab.goto("/lang/kk?next=/crossings")  # the cookie keeps Kazakh on the next page
    tab.page.get_by_role("link", name="Исилькуль").click()
    tab.page.wait_for_load_state("networkidle")
    assert tab.page.locator("#hourly-chart rect").count() == 48  # mean and P90 for 24 hours
    tab.page.fill("input[name=lanes]", "6")
    tab.page.get_by_role("button", name="Есептеу").click()
    tab.page.wait_for_load_state("networkidle")
    assert "lanes=6" in tab.page.url
    assert tab.page.locator("#hourly-table tr[data-hour='9'] td").nth(2).inner_text() == "6"
    tab.shot("crossing-kk")

"""Numbers and days redrawn in the browser read as the server (Babel) writes them (issue 11).

Chromium has no Kazakh locale data: ``Intl`` turned "0,667" into "0.899" and axis days into
"M03 1" after a recalculation. The pages now format through ``static/js/format.js`` with the
symbols and month forms the server puts in the page (``shekara.i18n.browser_locale``). These
tests recalculate on kk (and ru) pages and compare every redrawn text with Babel's.
Marked ``browser``; skipped without ``/usr/bin/chromium`` (see :mod:`browserkit`).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest
import sqlalchemy as sa

from browserkit import require_chromium
from shekara.i18n import catalog, fmt_number
from shekara.i18n.words import day_words
from shekara.services.assessment import AssessmentOptions, assess
from shekara.web.pages.i18n import page_text

pytestmark = [pytest.mark.browser, pytest.mark.slow]
require_chromium()

import test_web_browser as dashboard  # noqa: E402
from playwright.sync_api import Browser, Page  # noqa: E402

# The fixtures of the dashboard's browser tests: the app on loopback and one chromium.
origin = dashboard.origin
browser = dashboard.browser


@pytest.fixture
def page(browser: Browser, origin: str) -> Iterator[Page]:
    # The browser's own locale is English: nothing may come from Intl's locale data.
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB")
    p = context.new_page()
    errors: list[str] = []
    p.on("pageerror", lambda exc: errors.append(str(exc)))
    p.route("**/*", lambda r: r.continue_() if r.request.url.startswith(origin) else r.abort())
    yield p
    context.close()
    assert errors == []


def texts(page: Page, selector: str) -> list[str]:
    found: Any = page.eval_on_selector_all(selector, "els => els.map(e => e.textContent)")
    return list(found)


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_assessment_recalculated_in_the_browser_keeps_babel_numbers(
    page: Page, origin: str, engine_ro: sa.Engine, lang: str
) -> None:
    page.goto(f"{origin}/assessment?as_of=2018&lang={lang}")
    page.wait_for_load_state("networkidle")
    t = page_text(lang)  # type: ignore[arg-type]
    page.locator("#w-gravity").focus()
    page.keyboard.press("Home")
    page.locator("#w-transport").focus()
    page.keyboard.press("Home")
    done = catalog(lang, "web")["Ranking updated."]
    page.wait_for_function(
        "msg => document.querySelector('#assess-status').textContent === msg", arg=done
    )
    sez_only = assess(engine_ro, AssessmentOptions(as_of="2018", weights={"sez": 1}))
    shown = texts(page, "#ranking-body td.potential")
    assert shown == [fmt_number(p.potential, lang, 3) for p in sez_only.pairs]
    assert any("," in s for s in shown)  # "0,667", never "0.667"
    gravity = texts(page, "#ranking-body td:nth-child(6)")
    assert gravity == [fmt_number(p.gravity, lang, 0) for p in sez_only.pairs]
    # the weights line names the components in words, with Babel's decimal sign
    meta = page.locator("#ranking-meta").inner_text()
    assert meta.startswith(f"{t.gettext('As of')} {day_words(date(2018, 12, 31), lang)} · ")
    assert f"{t.gettext('SEZ score')} {fmt_number(1, lang, 2)}" in meta
    assert "sez" not in meta


def test_water_forecast_redrawn_in_kazakh_keeps_babel_days_and_numbers(
    page: Page, origin: str
) -> None:
    page.goto(f"{origin}/water?lang=kk")
    page.wait_for_load_state("networkidle")
    axis = "svg#hydrograph text.xl"
    server_days = texts(page, axis)  # drawn by pages/charts.py with Babel
    assert server_days and all(not d.startswith("M") for d in server_days)
    page.locator("#seed").fill("7")
    page.locator("#seed").press("Enter")
    done = catalog("kk", "web")["Forecast updated."]
    page.wait_for_function(
        "msg => document.querySelector('#forecast-status').textContent === msg", arg=done
    )
    browser_days = texts(page, axis)
    assert browser_days == server_days  # same start and horizon: the same days, in Kazakh
    assert server_days[0] == "1 нау."  # the Fulda hindcast starts on 1 March 1988
    probs = page.eval_on_selector_all(
        "#alert-body td:nth-child(3)", "els => els.map(e => [e.dataset.value, e.textContent])"
    )
    assert probs and [text for _, text in probs] == [
        fmt_number(float(value), "kk", 2) for value, _ in probs
    ]
    peaks = page.eval_on_selector_all(
        "#peak-body td[data-value]", "els => els.map(e => [e.dataset.value, e.textContent])"
    )
    assert [text for _, text in peaks] == [
        page_text("kk").smart(float(value)) for value, _ in peaks
    ]

"""The platform in headless Chromium (Debian's), offline: a request from submission to
resolution by users of two countries, and a project from creation to a linked report, in
Kazakh and Russian. Every request to another origin is blocked and fails the test.

Set ``SHEKARA_SCREENSHOTS=DIR`` to keep a screenshot of every step.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from pf_world import *  # noqa: F403  (the fixtures: template_world, world, app_client)
from pf_world import PASSWORD, World

from browserkit import launch, require_chromium, serve

pytestmark = pytest.mark.browser
require_chromium()

from playwright.sync_api import Browser, Page, Route  # noqa: E402


@pytest.fixture
def origin(world: World) -> Iterator[str]:
    """The app over a private seeded store, served by uvicorn on loopback."""
    from shekara.web.app import create_app

    with serve(create_app(world.url)) as url:
        yield url


@pytest.fixture
def browser() -> Iterator[Browser]:
    with launch() as b:
        yield b


class User:
    """One person's browser: own cookies, own language; outside requests blocked."""

    def __init__(self, browser: Browser, origin: str, lang: str):
        self.context = browser.new_context(viewport={"width": 1200, "height": 900})
        self.context.add_cookies([{"name": "shekara_lang", "value": lang, "url": origin}])
        self.page: Page = self.context.new_page()
        self.origin = origin
        self.blocked: list[str] = []
        self.errors: list[str] = []
        self.page.route("**/*", self._gate)
        self.page.on("pageerror", lambda exc: self.errors.append(str(exc)))

    def _gate(self, route: Route) -> None:
        if route.request.url.startswith(self.origin + "/"):
            route.continue_()
        else:
            self.blocked.append(route.request.url)
            route.abort()

    def goto(self, path: str) -> None:
        self.page.goto(self.origin + path)

    def login(self, username: str) -> None:
        self.goto("/platform/login")
        self.page.fill("#username", username)
        self.page.fill("#password", PASSWORD)
        self.page.click("#login-submit")
        self.page.wait_for_url("**/platform")
        assert self.page.locator("#whoami").count() == 1

    def shot(self, name: str) -> None:
        folder = os.environ.get("SHEKARA_SCREENSHOTS")
        if folder:
            Path(folder).mkdir(parents=True, exist_ok=True)
            self.page.screenshot(path=str(Path(folder) / f"platform-{name}.png"), full_page=True)

    def close(self) -> None:
        self.context.close()
        assert self.blocked == [] and self.errors == []


def move(u: User, to: str, comment: str = "", assign: str | None = None) -> None:
    u.page.select_option("#to", to)
    if assign:
        u.page.select_option("#assign_org_id", label=assign)
    if comment:
        u.page.fill("#status-comment", comment)
    u.page.click("#status-save")
    u.page.wait_for_load_state()
    assert u.page.locator("#request-status").get_attribute("data-status") == to


def test_request_walk_kz_author_ru_assignee(browser: Browser, origin: str) -> None:
    author = User(browser, origin, "kk")
    author.login("author")
    author.goto("/platform/requests/new")
    author.page.fill("#title", "Петропавл өткеліндегі кезек")
    author.page.fill("#description", "Жүк көліктері шекарада екі күн күтеді.")
    author.page.select_option("#theme", "transport")
    author.page.select_option("#pair_id", "KZ-59:RU-OMS")
    author.shot("request-new-kk")
    author.page.click("#request-save")
    author.page.wait_for_url("**/platform/requests/*")
    path = author.page.url.removeprefix(origin)
    assert author.page.locator("#request-status").inner_text() == "жіберілді"

    moderator = User(browser, origin, "ru")
    moderator.login("moderator")
    moderator.goto(path)
    move(
        moderator,
        "accepted",
        "Передано Омскому университету",
        assign="Omsk State University (RU, университет)",
    )

    assignee = User(browser, origin, "ru")
    assignee.login("assignee")
    assignee.goto(path)
    move(assignee, "in_work")
    move(assignee, "resolved", "Очередь сократилась до четырёх часов")
    assert assignee.page.locator("#request-status").inner_text() == "решена"
    assignee.shot("request-resolved-ru")

    author.goto(path)
    assert author.page.locator("#request-status").inner_text() == "шешілді"
    history = author.page.locator("#history li")
    assert history.count() == 5
    assert "Очередь сократилась до четырёх часов" in history.nth(4).inner_text()
    assert author.page.locator("#status-form").count() == 0  # nothing left for the author to do
    author.shot("request-resolved-kk")
    author.goto("/platform/requests/new")
    author.page.fill("#title", "x")
    author.page.fill("#description", "x")
    author.page.select_option("#theme", "trade")
    author.page.click("#request-save")  # neither region nor pair
    assert author.page.locator("#refusal").get_attribute("data-code") == "PF400"
    assert "өңірлер" in author.page.locator("#refusal").inner_text()
    author.shot("refusal-kk")
    for u in (author, moderator, assignee):
        u.close()


def test_project_to_a_linked_report_in_russian(browser: Browser, origin: str) -> None:
    lead = User(browser, origin, "ru")
    lead.login("author")
    lead.goto("/platform/projects/new")
    lead.page.fill("#title", "Ярмарка Павлодар–Омск")
    lead.page.fill("#summary", "Приграничная ярмарка производителей двух областей.")
    lead.page.select_option("#theme", "trade")
    lead.page.select_option("#status", "running")
    lead.page.select_option("#partners", label="Omsk State University (RU, университет)")
    lead.page.select_option("#regions", ["KZ-55", "RU-OMS"])
    lead.page.fill("#budget", "2500000")
    lead.page.select_option("#currency", "RUB")
    lead.page.fill("#funding_source", "ЕАБР")
    lead.page.click("#project-save")
    lead.page.wait_for_url("**/platform/projects/*")
    lead.page.select_option("#ref", "agreement:kz-ru-border-oblasts-cooperation-1995")
    lead.page.click("#link-save")
    lead.page.wait_for_load_state()
    lead.page.fill("#period", "2025")
    lead.page.fill("#report-text", "Ярмарка проведена, 240 участников.")
    lead.page.click("#report-save")
    lead.page.wait_for_load_state()
    links = lead.page.locator("#links").inner_text()
    assert "Соглашение между Правительством Республики Казахстан" in links and "seed-a" in links
    assert "Ярмарка проведена, 240 участников." in lead.page.locator("#reports").inner_text()
    lead.shot("project-ru")
    lead.goto("/platform/projects?theme=trade")
    assert lead.page.locator("#projects-table tbody tr").count() == 1
    assert "2 500 000 RUB" in lead.page.locator("#projects-table").inner_text().replace("\xa0", " ")
    lead.shot("projects-ru")
    lead.goto("/platform")
    lead.shot("overview-ru")
    lead.goto("/platform/knowledge")
    assert "Ярмарка Павлодар–Омск" in lead.page.locator("#kb-agreements").inner_text()
    lead.shot("knowledge-ru")
    lead.close()

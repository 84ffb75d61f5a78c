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
from shekara.kb.store import make_engine
from shekara.platform import accounts, projects

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


def test_administration_and_registration_in_kk_and_ru(browser: Browser, origin: str) -> None:
    """An administrator (kk) adds an organisation and an account; its user (ru) changes the
    password; a visitor (ru) asks for an account that a moderator (kk) approves."""
    admin = User(browser, origin, "kk")
    admin.login("admin")
    admin.page.click("#admin-link")
    admin.page.fill("#org-name", "Petropavl city akimat")
    admin.page.select_option("#org-kind", "akimat")
    admin.page.select_option("#org-region", "KZ-59")
    admin.page.click("#org-save")
    assert admin.page.locator("#admin-done").inner_text() == "Сақталды."
    assert "Солтүстік Қазақстан" in admin.page.locator("#orgs-table").inner_text()
    admin.page.fill("#new-username", "zhanar")
    admin.page.fill("#new-display", "Жанар")
    admin.page.select_option("#new-role", "participant")
    admin.page.select_option("#new-org", label="Petropavl city akimat (KZ)")
    admin.page.fill("#new-password", PASSWORD)
    admin.page.fill("#new-password2", PASSWORD)
    admin.page.click("#user-save")
    row = admin.page.locator('#users-table tr[data-user="zhanar"]')
    assert "қатысушы" in row.inner_text() and "Petropavl city akimat" in row.inner_text()
    admin.shot("admin-kk")

    zhanar = User(browser, origin, "ru")
    zhanar.login("zhanar")
    zhanar.page.click("#account-link")
    zhanar.page.fill("#current", PASSWORD)
    zhanar.page.fill("#new", "новый длинный пароль")
    zhanar.page.fill("#new2", "новый длинный пароль")
    zhanar.page.click("#password-save")
    assert "другие ваши сеансы завершены" in zhanar.page.locator("#password-done").inner_text()
    zhanar.shot("account-ru")

    visitor = User(browser, origin, "ru")
    visitor.goto("/platform")
    visitor.page.click("#register-link")
    visitor.page.fill("#username", "dana")
    visitor.page.fill("#display_name", "Дана")
    visitor.page.select_option("#org_id", label="Omsk State University (RU)")
    visitor.page.fill("#password", PASSWORD)
    visitor.page.fill("#password2", PASSWORD)
    visitor.page.click("#register-submit")
    assert "ожидает одобрения модератора" in visitor.page.locator("#registered").inner_text()
    visitor.goto("/platform/login")
    visitor.page.fill("#username", "dana")
    visitor.page.fill("#password", PASSWORD)
    visitor.page.click("#login-submit")
    assert visitor.page.locator("#login-failed").get_attribute("data-code") == "awaiting_approval"

    moderator = User(browser, origin, "kk")
    moderator.login("moderator")
    moderator.goto("/platform/registrations")
    moderator.shot("registrations-kk")
    moderator.page.locator('tr[data-user="dana"] button.approve').click()
    moderator.page.wait_for_load_state()
    assert moderator.page.locator('tr[data-user="dana"]').count() == 0
    visitor.login("dana")

    admin.page.click("#audit-link")
    audit = admin.page.locator("#audit-table").inner_text()
    for words in ("ұйым қосылды", "тіркелгі қосылды", "пайдаланушы құпиясөзін өзгертті",
                  "тіркелгі мақұлданды"):  # fmt: skip
        assert words in audit
    admin.shot("audit-kk")
    for u in (admin, zhanar, visitor, moderator):
        u.close()


def test_map_badges_open_the_paged_registry_in_kk_and_ru(
    browser: Browser, origin: str, world: World
) -> None:
    """A badge on the home map counts the region's projects and opens the registry filtered by
    that region, which pages through them."""
    engine = make_engine(world.url)
    author = accounts.get_user(engine, username="author")
    for i in range(54):  # with the world's project: 55 of KZ-55, 3 of them of the pair
        projects.create_project(engine, author, projects.ProjectIn(
            f"Жәрмеңке {i}", "Сауда жәрмеңкесі.", "trade", "running", ["KZ-55"],
            "KZ-55:RU-OMS" if i < 3 else None, None, None, "", None, None,
            world.orgs["akimat_kz"], []))  # fmt: skip
    engine.dispose()
    visitor = User(browser, origin, "kk")
    visitor.goto("/")
    badge = visitor.page.locator('a.pf-badge[data-region="KZ-55"]')
    assert badge.locator("text").text_content() == "55"  # an SVG element: no inner_text
    assert visitor.page.locator('a.pf-badge[data-pair="KZ-55:RU-OMS"] text').text_content() == "3"
    visitor.shot("map-badges-kk")
    badge.click()
    visitor.page.wait_for_url("**/platform/projects?region=KZ-55")
    assert visitor.page.locator("#projects-table tbody tr").count() == 50
    assert "1-бет, барлығы 2 бет" in visitor.page.locator("#projects-pager").inner_text()
    visitor.page.click("#projects-pager a.next")
    visitor.page.wait_for_url("**page=2**")
    assert visitor.page.locator("#projects-table tbody tr").count() == 5
    assert visitor.page.locator("#region").input_value() == "KZ-55"  # still filtered
    reader = User(browser, origin, "ru")
    reader.goto("/platform/projects?region=RU-OMS")
    assert reader.page.locator('a.pf-badge[data-region="RU-OMS"] text').text_content() == "4"
    assert "строки 1–4 из 4" in reader.page.locator("#projects-pager").inner_text()
    assert reader.page.locator("#projects-pager a").count() == 0  # one page: no links
    reader.shot("projects-map-ru")
    for u in (visitor, reader):
        u.close()

"""The ``platform`` catalogs: every text of the platform pages in kk, ru and en, and the pages
themselves free of English on kk/ru screens."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from pf_world import *  # noqa: F403  (the fixtures: template_world, world, app_client)
from pf_world import World

from shekara.i18n import CATALOGS, catalog
from shekara.web.app import create_app
from shekara.web.pages.platform_common import DYNAMIC_MESSAGES

TEMPLATES = Path(__file__).resolve().parents[2] / "src/shekara/web/pages/templates/platform"


def template_messages() -> set[str]:
    found: set[str] = set()
    for path in TEMPLATES.glob("*.html"):
        text = path.read_text(encoding="utf-8")
        found |= {m.group(2) for m in re.finditer(r"""_\((["'])(.*?)\1\)""", text)}
    return found


@pytest.mark.parametrize("lang", ["kk", "ru", "en"])
def test_platform_catalog_is_complete_and_has_nothing_extra(lang: str) -> None:
    assert (CATALOGS / lang / "LC_MESSAGES" / "platform.po").exists()
    messages = catalog(lang, "platform")
    wanted = template_messages() | set(DYNAMIC_MESSAGES)
    assert sorted(wanted - set(messages)) == []
    assert sorted(set(messages) - wanted) == []


def test_kazakh_and_russian_are_not_english() -> None:
    kk, ru = catalog("kk", "platform"), catalog("ru", "platform")
    assert kk["Requests"] == "Өтінімдер" and ru["Joint projects"] == "Совместные проекты"
    latin = re.compile(r"\b[A-Za-z]{4,}\b")
    allowed = {"Atom", "Word", "Excel"}  # names of formats
    for cat in (kk, ru):
        for msgid, text in cat.items():
            words = set(latin.findall(text)) - allowed
            assert not words, (msgid, text)


#: Latin words a kk/ru platform page may show: names of formats and the brand.
LATIN_OK = {"Shekara", "Atom", "Excel", "Word", "PDF", "JSON", "SHA", "API", "CSV"}


#: User content of the seeded store (titles, organisation and user names): English on purpose.
OWN_CONTENT = (
    "Draft of the akimat",
    "Submitted request",
    "Accepted request",
    "Irtysh water school",
    "Akimat of Pavlodar",
    "Omsk State University",
    "Ertis Logistics LLP",
    "Pavlodar regional administration",
    "Lorries wait two days at the crossing.",
    "A summer school on the Irtysh.",
    "own funds",
    "KZT",
    "KZ",
    "RU",
)
USER_NAMES = ("reader", "participant", "author", "assignee", "official", "moderator", "admin",
              "applicant")  # fmt: skip


def interface_words(html: str, own: tuple[str, ...]) -> set[str]:
    """Latin words of the visible text of <main>, without user content, code and names."""
    body = re.split(r"<main[^>]*>", html, maxsplit=1)[1].split("</main>", 1)[0]
    body = re.sub(r"<(script|style|code|option|q)\b.*?</\1>", " ", body, flags=re.S)
    body = re.sub(r'<[^>]*class="usertext"[^>]*>.*?</p>', " ", body, flags=re.S)
    text = re.sub(r"<[^>]+>", " ", body)
    for name in sorted(own, key=len, reverse=True):
        text = text.replace(name, " ")
    return set(re.findall(r"\b[A-Za-z]{3,}\b", text)) - LATIN_OK


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_pages_show_no_english_interface_text(world: World, lang: str) -> None:
    """Visible text of the platform pages (minus user content and names) has no English word."""
    pages = {
        "moderator": (
            "/platform",
            "/platform/requests",
            f"/platform/requests/{world.submitted}",
            "/platform/projects",
            f"/platform/projects/{world.project}",
            "/platform/projects/new",
            "/platform/login",
            "/platform/registrations",
            "/platform/account",
        ),
        "admin": ("/platform/admin", "/platform/admin/audit", "/platform/requests?size=1"),
        "anonymous": ("/platform/register", "/platform/login"),
    }
    with TestClient(
        create_app(world.url), base_url="https://testserver", headers={"Accept-Language": lang}
    ) as c:
        for role, paths in pages.items():
            token = {} if role == "anonymous" else {"Authorization": f"Bearer {world.tokens[role]}"}
            for path in paths:
                r = c.get(path, headers=token)
                assert r.status_code == 200, (role, path)
                own = (*OWN_CONTENT, *USER_NAMES, *(n.title() for n in USER_NAMES))
                words = interface_words(r.text, own)
                assert not words, (lang, path, sorted(words))

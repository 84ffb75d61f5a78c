"""Paging of the registries (API envelope and Link header, page links) and the joint projects on
the border map (count badges per region and pair that open the filtered registry)."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient
from pf_world import *  # noqa: F403  (the fixtures: template_world, world, app_client)
from pf_world import World

from shekara.kb.store import make_engine
from shekara.platform import accounts, projects
from shekara.platform.mapcounts import project_counts
from shekara.web.app import create_app

PAIR = "KZ-55:RU-OMS"


def add_projects(w: World, n: int, *, pair: str | None = None, region: str = "KZ-55") -> None:
    """*n* projects of the author's akimat (the world already holds one, of KZ-55 and RU-OMS)."""
    engine = make_engine(w.url)
    author = accounts.get_user(engine, username="author")
    for i in range(n):
        projects.create_project(
            engine,
            author,
            projects.ProjectIn(f"Fair {i}", "A trade fair.", "trade", "running", [region], pair,
                               None, None, "", None, None, w.orgs["akimat_kz"], []),
        )  # fmt: skip
    engine.dispose()


def test_projects_api_pages_with_total_and_link_header(
    world: World, app_client: TestClient
) -> None:
    add_projects(world, 7)  # 8 in all
    r = app_client.get("/api/platform/projects", params={"size": 3})
    body = r.json()
    assert (body["total"], body["count"], body["page"], body["size"]) == (8, 8, 1, 3)
    assert [p["title"] for p in body["items"]] == ["Fair 6", "Fair 5", "Fair 4"]  # newest first
    assert body["statistics"]["count"] == 8  # statistics of every match, not of the page
    assert 'rel="next"' in r.headers["link"] and 'rel="prev"' not in r.headers["link"]
    assert "page=2" in r.headers["link"]
    last = app_client.get("/api/platform/projects", params={"size": 3, "page": 3})
    assert [p["title"] for p in last.json()["items"]] == ["Fair 0", "Irtysh water school"]
    assert 'rel="prev"' in last.headers["link"] and 'rel="next"' not in last.headers["link"]
    past = app_client.get("/api/platform/projects", params={"size": 3, "page": 4}).json()
    assert (past["items"], past["total"]) == ([], 8)
    # a filter keeps its parameter in the links and counts only its matches
    r = app_client.get("/api/platform/projects", params={"size": 1, "region": "RU-OMS"})
    assert r.json()["total"] == 1 and "link" not in r.headers
    # a region id is matched whole: KZ-5 is not a prefix of KZ-55
    assert app_client.get("/api/platform/projects", params={"region": "KZ-5"}).json()["total"] == 0
    for bad in ({"size": 0}, {"size": 201}, {"page": 0}):
        assert app_client.get("/api/platform/projects", params=bad).status_code == 422


def test_requests_api_pages_only_what_the_caller_may_read(
    world: World, app_client: TestClient
) -> None:
    anon = app_client.get("/api/platform/requests").json()
    assert anon["total"] == 1 and [r["status"] for r in anon["items"]] == ["accepted"]
    author = {"Authorization": f"Bearer {world.tokens['author']}"}
    r = app_client.get("/api/platform/requests", params={"size": 2}, headers=author)
    assert (r.json()["total"], len(r.json()["items"])) == (3, 2)  # draft, submitted, accepted
    assert [i["request_id"] for i in r.json()["items"]] == [world.accepted, world.submitted]
    second = app_client.get(
        "/api/platform/requests", params={"size": 2, "page": 2}, headers=author
    ).json()
    assert [i["request_id"] for i in second["items"]] == [world.draft]


def test_registry_pages_link_to_their_neighbours_in_kk_and_ru(world: World) -> None:
    add_projects(world, 4)  # 5 in all
    with TestClient(create_app(world.url), base_url="https://testserver") as c:
        for lang, words in (("kk", "2-бет, барлығы 3 бет"), ("ru", "Страница 2 из 3")):
            html = c.get(
                "/platform/projects", params={"size": 2, "page": 2, "q": "a", "lang": lang}
            )
            text = html.text
            assert 'id="projects-pager"' in text and 'data-total="5"' in text
            assert 'href="/platform/projects?q=a&amp;lang=' in text  # the filter is kept
            assert 'rel="prev"' in text and 'rel="next"' in text
            assert words in text
            assert ("3–4 жолдар, барлығы 5" if lang == "kk" else "строки 3–4 из 5") in text
            assert len(re.findall(r'<tr><td><a href="/platform/projects/\d+"', text)) == 2
        # out-of-range page numbers are brought within the limits instead of refused
        r = c.get("/platform/projects", params={"size": 100_000, "page": -3})
        assert r.status_code == 200 and 'data-page="1"' in r.text


def test_project_counts_per_region_and_pair(world: World) -> None:
    add_projects(world, 2, pair=PAIR)
    add_projects(world, 1, region="RU-OMS")
    counts = project_counts(make_engine(world.url), accounts.ANONYMOUS)
    # the world's project (KZ-55 + RU-OMS), two of the pair (its two regions), one of RU-OMS
    assert counts.by_region == {"KZ-55": 3, "RU-OMS": 4}
    assert counts.by_pair == {PAIR: 2}


def test_the_home_map_shows_badges_that_open_the_filtered_registry(world: World) -> None:
    add_projects(world, 2, pair=PAIR)
    with TestClient(create_app(world.url), base_url="https://testserver") as c:
        html = c.get("/", params={"lang": "ru"}).text
        badge = re.search(r'<a href="([^"]+)" class="pf-badge region" data-region="KZ-55" '
                          r'data-count="(\d+)"', html)  # fmt: skip
        assert badge is not None and badge.group(2) == "3"
        assert badge.group(1) == "/platform/projects?region=KZ-55"
        pair = re.search(rf'class="pf-badge pair" data-pair="{PAIR}" data-count="(\d+)"', html)
        assert pair is not None and pair.group(1) == "2"
        assert "Проекты пары регионов" in html  # the key, in the page's language
        listed = c.get(badge.group(1)).text
        assert 'data-total="3"' in listed
        assert 'data-region="KZ-55" data-count="3"' in listed  # the registry shows the map too

"""A request from submission to resolution and a project to its report, through the pages
(forms with CSRF tokens, sessions) in two languages; exports, the feed; SQLite and PostgreSQL."""

from __future__ import annotations

import csv
import hashlib
import io
import re
from xml.etree import ElementTree as ET

import pytest
import sqlalchemy as sa
from fastapi.testclient import TestClient
from openpyxl import load_workbook
from pf_world import *  # noqa: F403  (the fixtures: template_world, world, app_client)
from pf_world import World, seed, session

from shekara.kb.store import build, make_engine
from shekara.web.app import create_app


def test_request_from_submission_to_resolution_in_kk_and_ru(world: World) -> None:
    app = create_app(world.url)
    author, a_csrf = session(app, "author", "kk")
    r = author.post(
        "/platform/requests/new",
        follow_redirects=False,
        data={
            "csrf": a_csrf,
            "title": "Өткелдегі кезек",
            "description": "Жүк көліктері екі күн күтеді.",
            "theme": "transport",
            "pair_id": "KZ-55:RU-OMS",
            "submit": "1",
        },
    )
    assert r.status_code == 303
    path = r.headers["location"]
    page = author.get(path).text
    assert "Өткелдегі кезек" in page and 'data-status="submitted"' in page

    moderator, m_csrf = session(app, "moderator", "ru")
    r = moderator.post(
        path + "/status",
        follow_redirects=False,
        data={
            "csrf": m_csrf,
            "to": "accepted",
            "assign_org_id": str(world.orgs["university_ru"]),
            "comment": "Передано в Омский университет",
        },
    )
    assert r.status_code == 303
    assignee, s_csrf = session(app, "assignee", "ru")
    for to, comment in (("in_work", ""), ("resolved", "Очередь сократилась до 4 часов")):
        r = assignee.post(
            path + "/status",
            data={"csrf": s_csrf, "to": to, "comment": comment},
            follow_redirects=False,
        )
        assert r.status_code == 303, r.text
    ru_page = assignee.get(path).text
    kk_page = author.get(path).text
    # the same record: user text as written, interface text in each reader's language
    for text in (ru_page, kk_page):
        assert "Өткелдегі кезек" in text and "Очередь сократилась до 4 часов" in text
        assert 'data-status="resolved"' in text
    assert ">решена<" in ru_page and ">шешілді<" in kk_page
    assert re.findall(r'data-to="(\w+)"', kk_page) == [
        "draft",
        "submitted",
        "accepted",
        "in_work",
        "resolved",
    ]
    # a participant of the author's side cannot resolve what is not assigned to it
    r = author.post(path + "/status", data={"csrf": a_csrf, "to": "declined", "comment": "x"})
    assert r.status_code == 409 and 'data-code="PF409"' in r.text


def test_project_from_creation_to_a_linked_report(world: World) -> None:
    app = create_app(world.url)
    author, csrf = session(app, "author", "ru")
    r = author.post(
        "/platform/projects/new",
        follow_redirects=False,
        data={
            "csrf": csrf,
            "title": "Ярмарка Павлодар–Омск",
            "summary": "Приграничная ярмарка.",
            "theme": "trade",
            "status": "running",
            "lead_org_id": str(world.orgs["akimat_kz"]),
            "partners": str(world.orgs["university_ru"]),
            "regions": ["KZ-55", "RU-OMS"],
            "budget": "2 500 000",
            "currency": "RUB",
            "funding_source": "ЕАБР",
            "start_date": "2025-03-01",
            "end_date": "2025-09-30",
        },
    )
    assert r.status_code == 303, r.text
    path = r.headers["location"]
    for what, data in (
        ("link", {"ref": "agreement:kz-ru-border-oblasts-cooperation-1995"}),
        ("output", {"name": "Участники", "unit": "чел.", "target": "200", "achieved": "240"}),
        ("report", {"period": "2025", "text": "Ярмарка проведена."}),
    ):
        r = author.post(f"{path}/{what}", data={"csrf": csrf, **data}, follow_redirects=False)
        assert r.status_code == 303, r.text
    page = author.get(path).text
    assert "Соглашение между Правительством Республики Казахстан" in page
    assert "seed-a" in page and "000_63cf53f9b2286ec3.txt:462-467" in page
    assert "Ярмарка проведена." in page and "2\xa0500\xa0000 RUB" in page
    author.headers["Accept-Language"] = "kk"
    kk = author.get(path).text
    assert "Қазақстан мен Ресейдің шекара маңы облыстарының ынтымақтастығы туралы келісім" in kk
    # the knowledge base's records, read (not copied), now show the project that links them
    records = author.get("/api/platform/knowledge", params={"lang": "ru"}).json()
    assert (len(records["agreement"]), len(records["event"])) == (73, 47)
    omsk = next(
        a for a in records["agreement"] if a["id"] == "kz-ru-border-oblasts-cooperation-1995"
    )
    assert [p["title"] for p in omsk["projects"]] == ["Ярмарка Павлодар–Омск"]
    assert (omsk["source_id"], omsk["locator"]) == ("seed-a", "000_63cf53f9b2286ec3.txt:462-467")
    assert "Ярмарка Павлодар–Омск" in author.get("/platform/knowledge").text
    overview = author.get("/platform").text  # projects by region: both projects touch Omsk
    assert re.search(r'region=RU-OMS">Омбы облысы</a></td><td class="num">2<', overview)
    listing = author.get("/platform/projects", params={"theme": "trade", "region": "RU-OMS"}).text
    assert "Ярмарка Павлодар–Омск" in listing and "Irtysh water school" not in listing


def test_exports_neutralise_formulas_and_feed_is_atom(world: World) -> None:
    app = create_app(world.url)
    token = {"Authorization": f"Bearer {world.tokens['moderator']}"}
    with TestClient(app, base_url="https://testserver") as c:
        c.post(
            f"/api/platform/requests/{world.submitted}/status",
            headers=token,
            json={"to": "accepted", "assign_org_id": world.orgs["university_ru"]},
        )
        author = {"Authorization": f"Bearer {world.tokens['author']}"}
        r = c.post(
            "/api/platform/projects",
            headers=author,
            json={
                "title": '=HYPERLINK("http://evil")',
                "summary": "-2+3",
                "theme": "trade",
                "regions": ["KZ-55"],
                "lead_org_id": world.orgs["akimat_kz"],
            },
        )
        assert r.status_code == 201
        rows = list(csv.DictReader(io.StringIO(c.get("/api/platform/export/projects.csv").text)))
        evil = next(r for r in rows if "HYPERLINK" in r["title"])
        assert evil["title"].startswith("'=") and evil["summary"] == "'-2+3"
        wb = load_workbook(io.BytesIO(c.get("/api/platform/export/projects.xlsx").content))
        titles = [cell.value for cell in wb.active["B"]]
        assert '\'=HYPERLINK("http://evil")' in titles
        # the anonymous export has no draft
        public = c.get("/api/platform/export/requests.csv").text
        assert "Draft of the akimat" not in public and "Accepted request" in public
        feed = ET.fromstring(c.get("/api/platform/feed.atom", params={"region": "RU-OMS"}).content)
        ns = {"a": "http://www.w3.org/2005/Atom"}
        titles = [e.findtext("a:title", namespaces=ns) for e in feed.findall("a:entry", ns)]
        assert titles == ["Irtysh water school"]
        kz = ET.fromstring(c.get("/api/platform/feed.atom", params={"region": "KZ-55"}).content)
        kz_titles = {e.findtext("a:title", namespaces=ns) for e in kz.findall("a:entry", ns)}
        assert {"Accepted request", "Submitted request"} <= kz_titles
        assert "Draft of the akimat" not in kz_titles


def test_documents_have_a_size_limit_and_a_checksum(world: World) -> None:
    author = {"Authorization": f"Bearer {world.tokens['author']}"}
    with TestClient(create_app(world.url), base_url="https://testserver") as c:
        path = f"/api/platform/requests/{world.draft}/documents"
        r = c.post(path, params={"filename": "note.txt"}, content=b"abc", headers=author)
        assert r.status_code == 201
        assert (
            r.json()["sha256"] == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        )
        doc = r.json()["document_id"]
        assert c.get(f"/api/platform/documents/{doc}", headers=author).content == b"abc"
        assert c.get(f"/api/platform/documents/{doc}").status_code == 404  # the draft is private
        big = b"x" * (5 * 1024 * 1024 + 1)
        assert (
            c.post(path, params={"filename": "big.txt"}, content=big, headers=author).status_code
            == 413
        )
        assert (
            c.post(path, params={"filename": "x.exe"}, content=b"MZ", headers=author).status_code
            == 422
        )


def test_document_upload_through_the_page_form(world: World) -> None:
    app = create_app(world.url)
    author, csrf = session(app, "author", "ru")
    path = f"/platform/requests/{world.draft}/document"
    files = {"file": ("акт.pdf", b"%PDF-1.4 test", "application/pdf")}
    r = author.post(path, data={"csrf": "forged"}, files=files, follow_redirects=False)
    assert r.status_code == 403
    r = author.post(path, data={"csrf": csrf}, files=files, follow_redirects=False)
    assert r.status_code == 303
    page = author.get(f"/platform/requests/{world.draft}").text
    assert "акт.pdf" in page and hashlib.sha256(b"%PDF-1.4 test").hexdigest()[:16] in page
    other, other_csrf = session(app, "participant", "ru")  # another organisation: no access
    r = other.post(path, data={"csrf": other_csrf}, files=files, follow_redirects=False)
    assert r.status_code == 404
    project = f"/platform/projects/{world.project}/document"
    r = other.post(project, data={"csrf": other_csrf}, files=files, follow_redirects=False)
    assert r.status_code == 403  # not the lead partner
    r = author.post(project, data={"csrf": csrf}, files=files, follow_redirects=False)
    assert (
        r.status_code == 303 and "акт.pdf" in author.get(f"/platform/projects/{world.project}").text
    )


def test_rebuild_keeps_accounts_requests_and_projects(world: World) -> None:
    build(world.url)
    with TestClient(create_app(world.url), base_url="https://testserver") as c:
        me = c.get(
            "/api/platform/me", headers={"Authorization": f"Bearer {world.tokens['author']}"}
        )
        assert me.json()["username"] == "author"
        assert c.get(f"/api/platform/projects/{world.project}").status_code == 200


@pytest.mark.postgres
def test_the_platform_on_postgresql(postgres_url: str) -> None:
    """The same seed, a workflow step, a rebuild (sequences moved past restored ids)."""
    w = seed(postgres_url)
    with TestClient(create_app(postgres_url), base_url="https://testserver") as c:
        mod = {"Authorization": f"Bearer {w.tokens['moderator']}"}
        r = c.post(
            f"/api/platform/requests/{w.submitted}/status",
            headers=mod,
            json={"to": "accepted", "assign_org_id": w.orgs["university_ru"]},
        )
        assert r.status_code == 200 and r.json()["status"] == "accepted"
        assert c.get(f"/api/platform/requests/{w.draft}").status_code == 404
    build(postgres_url)
    with TestClient(create_app(postgres_url), base_url="https://testserver") as c:
        author = {"Authorization": f"Bearer {w.tokens['author']}"}
        r = c.post(
            "/api/platform/requests",
            headers=author,
            json={
                "title": "After rebuild",
                "description": "d",
                "theme": "trade",
                "regions": ["KZ-55"],
            },
        )
        assert r.status_code == 201 and r.json()["request_id"] > w.accepted
    engine = make_engine(postgres_url)
    with engine.connect() as conn:
        n = conn.execute(sa.text("SELECT COUNT(*) FROM pf_request_events")).scalar_one()
    engine.dispose()
    assert n >= 7

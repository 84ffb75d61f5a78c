"""The Atom feed of new public requests and projects, optionally of one region."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy.engine import Engine

from shekara.platform import exports, projects
from shekara.platform import problem_requests as reqs
from shekara.platform.accounts import ANONYMOUS, utc

FEED_SIZE = 50
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def feed_bytes(engine: Engine, base_url: str, region: str | None) -> bytes:
    """Newest :data:`FEED_SIZE` items an anonymous visitor may read (what a feed reader is)."""
    entries = [
        {
            "id": f"{base_url}/platform/requests/{r['request_id']}",
            "title": r["title"],
            "summary": r["description"][:500],
            "updated": r["updated_at"],
            "href": f"{base_url}/platform/requests/{r['request_id']}",
        }
        for r in reqs.list_requests(engine, ANONYMOUS, reqs.RequestFilter(region=region))
    ] + [
        {
            "id": f"{base_url}/platform/projects/{p['project_id']}",
            "title": p["title"],
            "summary": p["summary"][:500],
            "updated": p["updated_at"],
            "href": f"{base_url}/platform/projects/{p['project_id']}",
        }
        for p in projects.list_projects(engine, projects.ProjectFilter(region=region))
    ]
    entries.sort(key=lambda e: utc(e["updated"]) or EPOCH, reverse=True)
    title = "Shekara: requests and projects" + (f" — {region}" if region else "")
    return exports.atom_feed(
        f"{base_url}/api/platform/feed.atom", title, base_url, entries[:FEED_SIZE]
    )

"""The knowledge base's agreements, programmes and events as records of the platform.

Item 4 of the issue: the 73 agreements (including the cooperation programmes) and 47 events
of the data package are not copied into the platform. They are read from the store's
``agreements`` and ``events`` tables, with their sources, and joined with the projects that
link them (``pf_project_links``), so the registry shows which projects carry out which
agreement or respond to which event.

Example:
    >>> import tempfile, pathlib
    >>> from shekara.kb.store import build, make_engine
    >>> url = f"sqlite:///{pathlib.Path(tempfile.mkdtemp()) / 'k.sqlite'}"
    >>> _ = build(url)
    >>> records = kb_records(make_engine(url), "en")
    >>> len(records["agreement"]), len(records["event"])
    (73, 47)
    >>> records["agreement"][0]["source_id"] != ""
    True
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from shekara.platform.db import table
from shekara.platform.projects import LINK_KINDS
from shekara.platform.tables import LINKS, PROJECTS


def kb_records(
    engine: Engine, lang: str, kind: str | None = None
) -> dict[str, list[dict[str, Any]]]:
    """Agreements and events (or one *kind*) in *lang*, oldest first, with linking projects."""
    links, projects = table(LINKS), table(PROJECTS)
    out: dict[str, list[dict[str, Any]]] = {}
    with engine.connect() as conn:
        linked: dict[tuple[str, str], list[dict[str, Any]]] = {}
        q = sa.select(links.c.kind, links.c.ref_id, projects.c.project_id, projects.c.title).join(
            projects, projects.c.project_id == links.c.project_id
        )
        for r in conn.execute(q.order_by(projects.c.project_id)):
            linked.setdefault((r.kind, r.ref_id), []).append(
                {"project_id": r.project_id, "title": r.title}
            )
        for name, (tbl, key) in LINK_KINDS.items():
            if kind and name != kind:
                continue
            t = table(tbl)
            rows = conn.execute(sa.select(t).order_by(t.c.date, t.c[key]))
            out[name] = [
                {
                    "id": r._mapping[key],
                    "date": r.date,
                    "kind": r.kind,
                    "title": r._mapping[f"title_{lang}"],
                    "source_id": r.source_id,
                    "locator": r.locator,
                    "projects": linked.get((name, r._mapping[key]), []),
                }
                for r in rows
            ]
    return out

"""Joint projects and partners, in the spirit of keep.eu: a public registry.

A project has a lead partner and partners of both sides, regions and pairs, a theme, a
budget with its currency and funding source, dates, a status, outputs with indicators,
progress reports, documents, and links to agreements and events of the knowledge base.
Links are stored by id only; :func:`get_project` shows each with its title and source as
the knowledge base gives them (item 4 of the issue: linked, not copied).

Example:
    >>> import tempfile, pathlib
    >>> from shekara.kb.store import build
    >>> from shekara.platform.db import platform_engine
    >>> from shekara.platform.accounts import SYSTEM, create_org
    >>> url = f"sqlite:///{pathlib.Path(tempfile.mkdtemp()) / 'p.sqlite'}"
    >>> _ = build(url)
    >>> e = platform_engine(url)
    >>> org = create_org(e, "Omsk State University", "university", "RU", "RU-OMS", actor=SYSTEM)
    >>> pid = create_project(e, SYSTEM, ProjectIn("Irtysh water school", "Summer school",
    ...     "water", "planned", ["RU-OMS"], None, 120000, "RUB", "own funds", None, None,
    ...     org, []))
    >>> link(e, SYSTEM, pid, "agreement", "kz-ru-border-oblasts-cooperation-1995")
    >>> get_project(e, pid)["links"][0]["source_id"]
    'seed-a'
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any, Final

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from shekara.kb.tables import equal_if_given
from shekara.platform.accounts import User, audit, now
from shekara.platform.db import holds, new_id, table
from shekara.platform.errors import PlatformError
from shekara.platform.paging import DEFAULT_SIZE, Page
from shekara.platform.problem_requests import check_places, check_text
from shekara.platform.rules import PROJECT_STATUSES, THEMES, scope
from shekara.platform.tables import LINKS, ORGS, OUTPUTS, PARTNERS, PROJECTS, REPORTS, USERS

#: ISO 4217 codes a budget may be stated in.
CURRENCIES = ("KZT", "RUB", "USD", "EUR")
LINK_KINDS = {"agreement": ("agreements", "agreement_id"), "event": ("events", "event_id")}


@dataclass(frozen=True)
class ProjectIn:
    title: str
    summary: str
    theme: str
    status: str
    regions: list[str]
    pair_id: str | None
    budget: float | None
    currency: str | None
    funding_source: str
    start_date: date | None
    end_date: date | None
    lead_org_id: int
    partner_org_ids: list[int]


def _check(data: ProjectIn) -> None:
    if data.theme not in THEMES:
        raise PlatformError("PF400", f"theme must be one of {', '.join(THEMES)}", field="theme")
    if data.status not in PROJECT_STATUSES:
        raise PlatformError(
            "PF400", f"status must be one of {', '.join(PROJECT_STATUSES)}", field="status"
        )
    if data.budget is not None and (data.budget < 0 or data.currency not in CURRENCIES):
        raise PlatformError(
            "PF400", f"a budget is ≥ 0 and in one of {', '.join(CURRENCIES)}", field="budget"
        )
    if data.start_date and data.end_date and data.end_date < data.start_date:
        raise PlatformError("PF400", "the end date is before the start date", field="end_date")


def _orgs_exist(conn: Connection, ids: list[int]) -> None:
    t = table(ORGS)
    found = set(conn.execute(sa.select(t.c.org_id).where(t.c.org_id.in_(ids))).scalars())
    missing = [i for i in ids if i not in found]
    if missing:
        raise PlatformError("PF400", f"no organisation {missing[0]}", field="partner_org_ids")


def create_project(engine: Engine, user: User, data: ProjectIn) -> int:
    """Add a project; a participant or official may only lead with their own organisation."""
    if scope("project.create", user.role) is None:
        raise PlatformError("PF403", "your role may not create projects")
    if user.role in ("participant", "official") and data.lead_org_id != user.org_id:
        raise PlatformError(
            "PF403", "the lead partner must be your organisation", field="lead_org_id"
        )
    _check(data)
    values = {
        "title": check_text(data.title, "title", 300),
        "summary": check_text(data.summary, "summary", 10_000, multiline=True),
        "theme": data.theme,
        "status": data.status,
        "pair_id": data.pair_id or None,
        "budget": None if data.budget is None else Decimal(str(data.budget)),
        "currency": data.currency if data.budget is not None else None,
        "funding_source": data.funding_source.strip()[:200],
        "start_date": data.start_date,
        "end_date": data.end_date,
        "lead_org_id": data.lead_org_id,
        "created_by": user.user_id,
        "created_at": now(),
        "updated_at": now(),
    }
    partners = sorted(set(data.partner_org_ids) - {data.lead_org_id})
    with engine.begin() as conn:
        values["regions"] = check_places(conn, data.regions, data.pair_id)
        _orgs_exist(conn, [data.lead_org_id, *partners])
        pid = new_id(conn.execute(table(PROJECTS).insert().values(**values)))
        if partners:
            conn.execute(
                table(PARTNERS).insert(), [{"project_id": pid, "org_id": o} for o in partners]
            )
        audit(conn, user, "project.create", "project", pid, title=values["title"])
    return pid


def _project_row(conn: Connection, pid: int) -> Any:
    t = table(PROJECTS)
    row = conn.execute(sa.select(t).where(t.c.project_id == pid)).first()
    if row is None:
        raise PlatformError("PF404", f"no project {pid}")
    return row


def may_edit(user: User, row: Any) -> bool:
    sc = scope("project.edit", user.role)
    return sc == "any" or (
        sc == "org" and user.org_id is not None and user.org_id == row.lead_org_id
    )


def _editable(conn: Connection, user: User, pid: int) -> Any:
    row = _project_row(conn, pid)
    if not may_edit(user, row):
        raise PlatformError("PF403", "only the lead partner and moderators edit a project")
    return row


def link(engine: Engine, user: User, pid: int, kind: str, ref_id: str) -> None:
    """Link an agreement or event of the knowledge base (by its id) to project *pid*."""
    if kind not in LINK_KINDS:
        raise PlatformError("PF400", "kind must be agreement or event", field="kind")
    name, key = LINK_KINDS[kind]
    kb = table(name)
    with engine.begin() as conn:
        _editable(conn, user, pid)
        if conn.execute(sa.select(kb.c[key]).where(kb.c[key] == ref_id)).first() is None:
            raise PlatformError(
                "PF400", f"no {kind} {ref_id!r} in the knowledge base", field="ref_id"
            )
        t = table(LINKS)
        exists = conn.execute(
            sa.select(t.c.ref_id).where(
                t.c.project_id == pid, t.c.kind == kind, t.c.ref_id == ref_id
            )
        ).first()
        if exists:
            raise PlatformError("PF409", f"the {kind} is already linked")
        conn.execute(t.insert(), {"project_id": pid, "kind": kind, "ref_id": ref_id})
        audit(conn, user, "project.link", "project", pid, kind=kind, ref_id=ref_id)


def add_output(
    engine: Engine,
    user: User,
    pid: int,
    name: str,
    unit: str,
    target: float | None,
    achieved: float | None,
) -> None:
    """An output or result indicator of the project (target and achieved value)."""
    with engine.begin() as conn:
        _editable(conn, user, pid)
        conn.execute(
            table(OUTPUTS).insert(),
            {
                "project_id": pid,
                "name": check_text(name, "name", 300),
                "unit": check_text(unit, "unit", 40),
                "target": target,
                "achieved": achieved,
            },
        )
        audit(conn, user, "project.output", "project", pid, name=name)


def add_report(engine: Engine, user: User, pid: int, period: str, text: str) -> int:
    """A progress report of the lead partner for *period*."""
    with engine.begin() as conn:
        _editable(conn, user, pid)
        rid = new_id(
            conn.execute(
                table(REPORTS)
                .insert()
                .values(
                    project_id=pid,
                    author_id=user.user_id,
                    period=check_text(period, "period", 40),
                    text=check_text(text, "text", 20_000, multiline=True),
                    created_at=now(),
                )
            )
        )
        audit(conn, user, "project.report", "project", pid, report=rid)
    return int(rid)


def set_status(engine: Engine, user: User, pid: int, status: str) -> None:
    if status not in PROJECT_STATUSES:
        raise PlatformError(
            "PF400", f"status must be one of {', '.join(PROJECT_STATUSES)}", field="status"
        )
    t = table(PROJECTS)
    with engine.begin() as conn:
        row = _editable(conn, user, pid)
        conn.execute(
            t.update().where(t.c.project_id == pid).values(status=status, updated_at=now())
        )
        audit(conn, user, "project.status", "project", pid, frm=row.status, to=status)


def _resolved_links(conn: Connection, pid: int) -> list[dict[str, Any]]:
    t = table(LINKS)
    out = []
    for r in conn.execute(sa.select(t).where(t.c.project_id == pid).order_by(t.c.kind, t.c.ref_id)):
        name, key = LINK_KINDS[r.kind]
        kb = table(name)
        row = conn.execute(sa.select(kb).where(kb.c[key] == r.ref_id)).first()
        item: dict[str, Any] = {"kind": r.kind, "ref_id": r.ref_id, "found": row is not None}
        if row is not None:
            m = row._mapping
            item.update(
                {
                    k: m[k]
                    for k in ("date", "title_en", "title_ru", "title_kk", "source_id", "locator")
                }
            )
        out.append(item)
    return out


def get_project(engine: Engine, pid: int) -> dict[str, Any]:
    """A project with its partners, links, outputs and reports."""
    o, u = table(ORGS), table(USERS)
    with engine.connect() as conn:
        row = _project_row(conn, pid)
        out = _public(row)
        p = table(PARTNERS)
        orgs = {r.org_id: dict(r._mapping) for r in conn.execute(sa.select(o))}
        out["lead"] = orgs.get(row.lead_org_id)
        out["partners"] = [
            orgs[r.org_id]
            for r in conn.execute(sa.select(p.c.org_id).where(p.c.project_id == pid))
            if r.org_id in orgs
        ]
        out["links"] = _resolved_links(conn, pid)
        ot, rt = table(OUTPUTS), table(REPORTS)
        out["outputs"] = [
            dict(r._mapping)
            for r in conn.execute(
                sa.select(ot).where(ot.c.project_id == pid).order_by(ot.c.output_id)
            )
        ]
        out["reports"] = [
            dict(r._mapping)
            for r in conn.execute(
                sa.select(rt, u.c.display_name.label("author_name"))
                .join(u, u.c.user_id == rt.c.author_id)
                .where(rt.c.project_id == pid)
                .order_by(rt.c.report_id)
            )
        ]
    return out


def _public(row: Any) -> dict[str, Any]:
    d = dict(row._mapping)
    d["regions"] = str(row.regions).split("|")
    d["budget"] = None if row.budget is None else float(row.budget)
    return d


@dataclass(frozen=True)
class ProjectFilter:
    """Which projects the registry shows (``None``: any): the query both faces build once.

    A region matches a project that names it among its regions; *funding* is found in the
    funding source and *text* in the title or summary, in any case.

    >>> ProjectFilter(theme="water", text="school")
    ProjectFilter(region=None, pair_id=None, theme='water', status=None, funding=None, text='school')
    >>> len(ProjectFilter(theme="water", text="school").conditions())
    2
    """

    region: str | None = None
    pair_id: str | None = None
    theme: str | None = None
    status: str | None = None
    funding: str | None = None
    text: str | None = None

    def conditions(self) -> list[sa.ColumnElement[bool]]:
        """The SQL conditions of the filter (none: every project)."""
        t = table(PROJECTS)
        conds = equal_if_given(
            (t.c.pair_id, self.pair_id), (t.c.theme, self.theme), (t.c.status, self.status)
        )
        if self.region:
            conds.append(holds(t.c.regions, self.region))
        if self.funding:
            funding = self.funding.lower()
            conds.append(sa.func.lower(t.c.funding_source).contains(funding, autoescape=True))
        if self.text:
            needle = self.text.lower()
            conds.append(
                sa.or_(
                    sa.func.lower(t.c.title).contains(needle, autoescape=True),
                    sa.func.lower(t.c.summary).contains(needle, autoescape=True),
                )
            )
        return conds


#: No filter: the whole registry.
EVERY_PROJECT: Final = ProjectFilter()


def _listing(conds: list[sa.ColumnElement[bool]]) -> sa.Select[Any]:
    t, o = table(PROJECTS), table(ORGS)
    return (
        sa.select(t, o.c.name.label("lead_name"), o.c.country.label("lead_country"))
        .join(o, o.c.org_id == t.c.lead_org_id)
        .where(*conds)
        .order_by(t.c.project_id.desc())
    )


def list_projects(engine: Engine, where: ProjectFilter = EVERY_PROJECT) -> list[dict[str, Any]]:
    """Every project matching *where*, newest first (exports, feed)."""
    with engine.connect() as conn:
        return [_public(r) for r in conn.execute(_listing(where.conditions()))]


def find_projects(
    engine: Engine, where: ProjectFilter = EVERY_PROJECT, *, page: int = 1, size: int = DEFAULT_SIZE
) -> tuple[Page, dict[str, Any]]:
    """One page of the registry and the statistics of every project matching *where*.

    The statistics read only the columns they count, so a page of 50 out of 1,000 projects
    does not load 1,000 summaries.
    """
    t = table(PROJECTS)
    conds = where.conditions()
    counted = (t.c.status, t.c.theme, t.c.regions, t.c.funding_source, t.c.budget, t.c.currency)
    with engine.connect() as conn:
        light = [_public(r) for r in conn.execute(sa.select(*counted).where(*conds))]
        rows = conn.execute(_listing(conds).limit(size).offset((page - 1) * size))
        items = [_public(r) for r in rows]
    return Page(items, len(light), page, size), statistics(light)


def statistics(projects: list[dict[str, Any]]) -> dict[str, Any]:
    """Counts by status, theme, region, funding source and budget totals per currency.

    >>> statistics([{"status": "running", "theme": "water", "regions": ["KZ-55"],
    ...              "funding_source": "EDB", "budget": 10.0, "currency": "USD"}])["budget"]
    {'USD': 10.0}
    """
    budget: dict[str, float] = {}
    for p in projects:
        if p["budget"] is not None and p["currency"]:
            budget[p["currency"]] = budget.get(p["currency"], 0.0) + float(p["budget"])
    return {
        "count": len(projects),
        "by_status": dict(Counter(p["status"] for p in projects)),
        "by_theme": dict(Counter(p["theme"] for p in projects)),
        "by_region": dict(Counter(r for p in projects for r in p["regions"])),
        "by_funding": dict(Counter(p["funding_source"] for p in projects)),
        "budget": budget,
    }

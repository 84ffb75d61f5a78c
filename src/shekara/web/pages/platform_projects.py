"""Platform pages of the joint projects: registry with filters and statistics, a project,
the creation form and the lead partner's forms (link, output, report, status)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from types import SimpleNamespace
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from sqlalchemy.engine import Engine
from starlette.concurrency import run_in_threadpool

from shekara.platform import accounts, documents, projects
from shekara.platform.db import table
from shekara.platform.errors import PlatformError
from shekara.platform.knowledge import kb_records
from shekara.platform.rules import PROJECT_STATUSES, THEMES, allowed
from shekara.web.api.platform_paging import ProjectFilters
from shekara.web.pages import platform_common as pc
from shekara.web.pages.i18n import request_lang
from shekara.web.pages.platform_common import Paging, Who
from shekara.web.pages.platform_map import plain_map, project_layer
from shekara.web.pages.render import page_router
from shekara.web.platform_session import Guards, engine_of


def kb_choices(engine: Engine, lang: str) -> dict[str, list[dict[str, Any]]]:
    """Agreements and events of the knowledge base, for the link pc.form (titles in *lang*)."""
    import sqlalchemy as sa

    out: dict[str, list[dict[str, Any]]] = {}
    with engine.connect() as conn:
        for kind, (name, key) in projects.LINK_KINDS.items():
            t = table(name)
            rows = conn.execute(
                sa.select(t.c[key], t.c.date, t.c[f"title_{lang}"]).order_by(t.c.date)
            )
            out[kind] = [{"id": r[0], "date": r[1], "title": r[2]} for r in rows]
    return out


def _number(text: str, field: str) -> float | None:
    text = text.strip().replace(" ", "").replace("\u00a0", "").replace(",", ".")
    if not text:
        return None
    try:
        return float(text)
    except ValueError:
        raise PlatformError("PF400", f"{field} is not a number", field=field) from None


def _day(text: str, field: str) -> date | None:
    if not text.strip():
        return None
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise PlatformError("PF400", f"{field} is not a date (YYYY-MM-DD)", field=field) from None


#: The lead partner's forms on a project page (``POST /platform/projects/{pid}/{action}``):
#: the service function and its arguments after (engine, user, project id), from the form.
PROJECT_ACTIONS: dict[
    str, tuple[Callable[..., Any], Callable[[dict[str, list[str]]], tuple[Any, ...]]]
] = {
    "link": (projects.link, lambda data: pc.one(data, "ref").partition(":")[::2]),
    "report": (projects.add_report, lambda data: (pc.one(data, "period"), pc.one(data, "text"))),
    "output": (
        projects.add_output,
        lambda data: (
            pc.one(data, "name"),
            pc.one(data, "unit"),
            _number(pc.one(data, "target"), "target"),
            _number(pc.one(data, "achieved"), "achieved"),
        ),
    ),
    "status": (projects.set_status, lambda data: (pc.one(data, "status"),)),
}


def build_router(guards: Guards) -> APIRouter:
    router = page_router()

    @router.get("/projects", response_class=HTMLResponse)
    async def project_list(
        request: Request,
        who: Who,
        filters: ProjectFilters,
        paged: Paging,
    ) -> Response:
        engine, lang = engine_of(request), request_lang(request)
        number, rows = paged
        found, stats = await run_in_threadpool(
            lambda: projects.find_projects(engine, filters, page=number, size=rows)
        )
        state = request.app.state.shekara
        model = await run_in_threadpool(
            state.cached, ("pf-map", lang, date.today().year),
            lambda: plain_map(engine, lang, date.today().year),
        )  # fmt: skip
        return pc.listing_page(
            request,
            "platform/projects.html",
            who,
            found,
            map=model,
            overlay=await run_in_threadpool(project_layer, request, engine, model),
            f=filters,
            stats=stats,
            themes=THEMES,
            statuses=PROJECT_STATUSES,
            **await pc.place_names(request, "regions", "pairs", "names"),
            can_create=allowed("project.create", who.user.role),
        )

    @router.get("/knowledge", response_class=HTMLResponse)
    async def knowledge(request: Request, who: Who) -> Response:
        lang = request_lang(request)
        records = await run_in_threadpool(kb_records, engine_of(request), lang)
        return pc.page(request, "platform/knowledge.html", who, records=records)

    @router.get("/projects/new", response_class=HTMLResponse)
    @pc.requires("project.create")
    async def new_project(request: Request, who: Who) -> Response:
        engine = engine_of(request)
        return pc.page(
            request,
            "platform/project_new.html",
            who,
            themes=THEMES,
            statuses=PROJECT_STATUSES,
            currencies=projects.CURRENCIES,
            orgs=await run_in_threadpool(accounts.list_orgs, engine),
            **await pc.place_names(request, "regions", "pairs"),
        )

    @router.post("/projects/new")
    async def create_project(request: Request, who: Who) -> Response:
        try:
            data = await pc.form(request, who, guards)
            lead = pc.one(data, "lead_org_id")
            item = projects.ProjectIn(
                title=pc.one(data, "title"),
                summary=pc.one(data, "summary"),
                theme=pc.one(data, "theme"),
                status=pc.one(data, "status", "planned"),
                regions=data.get("regions", []),
                pair_id=pc.one(data, "pair_id") or None,
                budget=_number(pc.one(data, "budget"), "budget"),
                currency=pc.one(data, "currency") or None,
                funding_source=pc.one(data, "funding_source"),
                start_date=_day(pc.one(data, "start_date"), "start_date"),
                end_date=_day(pc.one(data, "end_date"), "end_date"),
                lead_org_id=int(lead) if lead.isdigit() else (who.user.org_id or 0),
                partner_org_ids=[int(x) for x in data.get("partners", []) if x.isdigit()],
            )
            pid = await run_in_threadpool(
                projects.create_project, engine_of(request), who.user, item
            )
        except PlatformError as exc:
            return pc.error_page(request, who, exc)
        return pc.see_other(f"/platform/projects/{pid}")

    @router.get("/projects/{pid}", response_class=HTMLResponse)
    async def show_project(request: Request, who: Who, pid: int) -> Response:
        engine, lang = engine_of(request), request_lang(request)
        try:
            item = await run_in_threadpool(projects.get_project, engine, pid)
        except PlatformError as exc:
            return pc.error_page(request, who, exc)
        editable = projects.may_edit(who.user, SimpleNamespace(lead_org_id=item["lead_org_id"]))
        return pc.page(
            request,
            "platform/project.html",
            who,
            p=item,
            editable=editable,
            docs=await run_in_threadpool(documents.list_documents, engine, "project", pid),
            choices=await run_in_threadpool(kb_choices, engine, lang) if editable else {},
            statuses=PROJECT_STATUSES,
            **await pc.place_names(request, "names", "pairs"),
        )

    @router.post("/projects/{pid}/{what}")
    async def project_action(request: Request, who: Who, pid: int, what: str) -> Response:
        engine = engine_of(request)
        try:
            data = await pc.form(request, who, guards)
            if what not in PROJECT_ACTIONS:
                raise PlatformError("PF404", f"no action {what!r}")
            action, arguments = PROJECT_ACTIONS[what]
            await run_in_threadpool(action, engine, who.user, pid, *arguments(data))
        except PlatformError as exc:
            return pc.error_page(request, who, exc)
        return pc.see_other(f"/platform/projects/{pid}")

    return router

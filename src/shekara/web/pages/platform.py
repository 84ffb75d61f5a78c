"""Dashboard pages of the cooperation platform: overview, login, requests.

``/platform`` (overview), ``/platform/login``, ``/platform/requests`` (list, filters),
``/platform/requests/new`` and ``/platform/requests/{id}`` (record, history, the actions
the user's role allows). Projects: :mod:`shekara.web.pages.platform_projects`. Every form
posts a CSRF token; every refusal is a page in the user's language.
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from starlette.concurrency import run_in_threadpool

from shekara.platform import accounts, documents, projects
from shekara.platform import problem_requests as reqs
from shekara.platform.errors import PlatformError
from shekara.platform.rules import REQUEST_STATUSES, THEMES, allowed
from shekara.web.api.platform_paging import RequestFilters
from shekara.web.pages import platform_admin, platform_projects
from shekara.web.pages import platform_common as pc
from shekara.web.pages.i18n import request_lang
from shekara.web.pages.platform_common import Paging, Who
from shekara.web.pages.render import page_router
from shekara.web.platform_session import (
    Guards,
    clear_session_cookie,
    do_login,
    engine_of,
    set_session_cookie,
)
from shekara.web.problems import ProblemError


def build_platform_pages(guards: Guards) -> APIRouter:
    router = page_router("/platform")

    @router.get("", response_class=HTMLResponse)
    async def overview(request: Request, who: Who) -> Response:
        engine = engine_of(request)
        items = await run_in_threadpool(reqs.list_requests, engine, who.user)
        recent, stats = await run_in_threadpool(lambda: projects.find_projects(engine, size=5))
        by_status = {s: sum(1 for r in items if r["status"] == s) for s in REQUEST_STATUSES}
        return pc.page(
            request,
            "platform/overview.html",
            who,
            by_status=by_status,
            stats=stats,
            recent=recent.items,
            **await pc.place_names(request, "names"),
        )

    @router.get("/login", response_class=HTMLResponse)
    async def login_form(request: Request, who: Who) -> Response:
        return pc.with_form_cookie(
            lambda token: pc.page(
                request, "platform/login.html", who, failed=None, login_csrf=token
            ),
            "/platform/login",
        )

    @router.post("/login", response_class=HTMLResponse)
    async def login(request: Request, who: Who) -> Response:
        data = await pc.plain_form(request)
        try:
            expected = pc.check_form_cookie(request, data)
        except PlatformError as exc:
            return pc.error_page(request, who, exc)
        try:
            session = await do_login(
                request, guards, pc.one(data, "username"), pc.one(data, "password")
            )
        except ProblemError as exc:
            code = exc.detail.split(":")[0] if exc.detail.startswith("PF") else f"PF{exc.status}"
            if "approval" in exc.detail:  # the right password of an account not yet approved
                code = "awaiting_approval"
            return pc.page(
                request, "platform/login.html", who, exc.status, failed=code, login_csrf=expected
            )
        response = pc.see_other("/platform")
        set_session_cookie(response, session.session_id)
        return response

    @router.post("/logout")
    async def logout(request: Request, who: Who) -> Response:
        try:
            await pc.form(request, who, guards)
        except PlatformError as exc:
            return pc.error_page(request, who, exc)
        cookie = request.cookies.get("shekara_session")
        if cookie:
            await run_in_threadpool(accounts.logout, engine_of(request), cookie)
        response = pc.see_other("/platform")
        clear_session_cookie(response)
        return response

    @router.get("/requests", response_class=HTMLResponse)
    async def request_list(
        request: Request,
        who: Who,
        filters: RequestFilters,
        paged: Paging,
    ) -> Response:
        engine = engine_of(request)
        number, rows = paged
        found = await run_in_threadpool(
            lambda: reqs.find_requests(engine, who.user, filters, page=number, size=rows)
        )
        return pc.listing_page(
            request,
            "platform/requests.html",
            who,
            found,
            **await pc.place_names(request, "regions", "names"),
            statuses=REQUEST_STATUSES,
            themes=THEMES,
            f=filters,
            can_create=allowed("request.create", who.user.role),
        )

    @router.get("/requests/new", response_class=HTMLResponse)
    @pc.requires("request.create")
    async def new_request(request: Request, who: Who) -> Response:
        return pc.page(
            request,
            "platform/request_new.html",
            who,
            themes=THEMES,
            **await pc.place_names(request, "regions", "pairs"),
        )

    @router.post("/requests/new")
    async def create_request(request: Request, who: Who) -> Response:
        try:
            data = await pc.form(request, who, guards)
            item = reqs.RequestIn(
                pc.one(data, "title"),
                pc.one(data, "description"),
                pc.one(data, "theme"),
                data.get("regions", []),
                pc.one(data, "pair_id") or None,
                request_lang(request),
            )
            rid = await run_in_threadpool(
                lambda: reqs.create_request(
                    engine_of(request), who.user, item, submit=pc.one(data, "submit") == "1"
                )
            )
        except PlatformError as exc:
            return pc.error_page(request, who, exc)
        return pc.see_other(f"/platform/requests/{rid}")

    @router.get("/requests/{rid}", response_class=HTMLResponse)
    async def show_request(request: Request, who: Who, rid: int) -> Response:
        engine = engine_of(request)
        try:
            item = await run_in_threadpool(reqs.get_request, engine, who.user, rid)
        except PlatformError as exc:
            return pc.error_page(request, who, exc)
        docs = await run_in_threadpool(documents.list_documents, engine, "request", rid)
        orgs = await run_in_threadpool(accounts.list_orgs, engine) if item["can_assign"] else []
        return pc.page(
            request,
            "platform/request.html",
            who,
            r=item,
            docs=docs,
            orgs=orgs,
            **await pc.place_names(request, "names", "pairs"),
        )

    @router.post("/requests/{rid}/status")
    async def move_request(request: Request, who: Who, rid: int) -> Response:
        try:
            data = await pc.form(request, who, guards)
            assign = pc.one(data, "assign_org_id")
            await run_in_threadpool(
                lambda: reqs.move(
                    engine_of(request),
                    who.user,
                    rid,
                    pc.one(data, "to"),
                    pc.one(data, "comment"),
                    assign_org_id=int(assign) if assign.isdigit() else None,
                )
            )
        except PlatformError as exc:
            return pc.error_page(request, who, exc)
        return pc.see_other(f"/platform/requests/{rid}")

    @router.post("/requests/{rid}/comment")
    async def comment(request: Request, who: Who, rid: int) -> Response:
        try:
            data = await pc.form(request, who, guards)
            await run_in_threadpool(
                reqs.add_comment, engine_of(request), who.user, rid, pc.one(data, "comment")
            )
        except PlatformError as exc:
            return pc.error_page(request, who, exc)
        return pc.see_other(f"/platform/requests/{rid}")

    @router.post("/{owner}/{oid}/document")
    async def attach(request: Request, who: Who, owner: str, oid: int) -> Response:
        """A document for a request or a project (multipart form: ``csrf``, ``file``)."""
        try:
            if owner not in ("requests", "projects"):
                raise PlatformError("PF404", f"no {owner!r} takes documents")
            filename, content = await pc.upload(request, who, guards)
            await run_in_threadpool(documents.attach, engine_of(request), who.user,
                                    owner.removesuffix("s"), oid, filename, content)  # fmt: skip
        except PlatformError as exc:
            return pc.error_page(request, who, exc)
        return pc.see_other(f"/platform/{owner}/{oid}")

    router.include_router(platform_projects.build_router(guards))
    router.include_router(platform_admin.build_router(guards))
    return router

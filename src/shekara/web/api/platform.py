"""``/api/platform``: the cooperation platform's JSON API, with the dashboard's permissions.

Log in with ``POST /api/platform/login`` (sets the session cookie and returns the CSRF
token to send as ``X-CSRF-Token`` with every write) or send an API token as
``Authorization: Bearer``. Refusals are problem documents whose ``detail`` starts with
the platform code (PF401, PF403, PF404, PF409, PF423, PF429 …).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.encoders import jsonable_encoder
from fastapi.responses import JSONResponse, Response
from fastapi.routing import APIRoute

from shekara.platform import accounts, documents, exports, projects
from shekara.platform import problem_requests as reqs
from shekara.platform.accounts import User
from shekara.platform.errors import PlatformError
from shekara.platform.knowledge import kb_records
from shekara.platform.paging import DEFAULT_SIZE
from shekara.web.api.common import file_responses
from shekara.web.api.downloads import BomQ
from shekara.web.api.models import LangCode
from shekara.web.api.platform_admin import admin_routes, me_of
from shekara.web.api.platform_models import (
    CommentIn,
    LinkIn,
    LoginIn,
    MoveIn,
    OutputIn,
    ProjectBody,
    ReportIn,
    RequestBody,
    StatusIn,
)
from shekara.web.api.platform_paging import (
    PageNo,
    ProjectFilters,
    RequestFilters,
    Size,
    link_header,
)
from shekara.web.platform_session import (
    Caller,
    Guards,
    call,
    caller,
    check_write,
    clear_session_cookie,
    do_login,
    engine_of,
    problem,
    set_session_cookie,
)
from shekara.web.problems import ProblemError, problem_responses

Who = Annotated[Caller, Depends(caller)]
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
REQUEST_COLUMNS = (
    "request_id",
    "title",
    "theme",
    "regions",
    "pair_id",
    "status",
    "language",
    "org_id",
    "assigned_org_id",
    "created_at",
    "updated_at",
    "description",
)
PROJECT_COLUMNS = (
    "project_id",
    "title",
    "theme",
    "status",
    "regions",
    "pair_id",
    "lead_name",
    "lead_country",
    "budget",
    "currency",
    "funding_source",
    "start_date",
    "end_date",
    "summary",
)


LangQ = Annotated[
    LangCode | None,
    Query(description="Language of the names: kk, ru or en (default: the dashboard's)."),
]


def _registry_csv(
    request: Request,
    registry: str,
    rows: list[dict[str, Any]],
    columns: tuple[str, ...],
    lang: LangCode | None,
    bom: bool,
) -> Response:
    from shekara.i18n import translator
    from shekara.web.api.downloads import csv_response, entity_names
    from shekara.web.pages.i18n import request_lang

    lg = lang or request_lang(request)
    engine = engine_of(request)
    orgs = {int(o["org_id"]): str(o["name"]) for o in accounts.list_orgs(engine)}
    header, table = exports.csv_table(
        rows, columns, entity_names(engine, lg), orgs, translator(lg, "platform")
    )
    return csv_response(header, table, f"{registry}.csv", bom=bom)


def build_platform_api(guards: Guards) -> APIRouter:
    router = APIRouter(
        prefix="/platform",
        tags=["platform"],
        responses=problem_responses(400, 401, 403, 404, 409, 413, 422, 423, 429),
    )

    def write(request: Request, who: Caller) -> User:
        check_write(request, who, guards)
        return who.user

    async def _add_to_project(
        request: Request, who: Caller, pid: int, add: Callable[..., object], *what: object
    ) -> dict[str, Any]:
        """Add *what* to project *pid* with *add* (checked as a write) and answer the project."""
        await call(add, engine_of(request), write(request, who), pid, *what)
        return await call(projects.get_project, engine_of(request), pid)

    @router.post("/login", summary="Log in: a new session cookie and its CSRF token")
    async def login(request: Request, body: LoginIn) -> JSONResponse:
        session = await do_login(request, guards, body.username, body.password)
        response = JSONResponse({"csrf_token": session.csrf_token, "user": me_of(session.user)})
        set_session_cookie(response, session.session_id)
        return response

    @router.post("/logout", summary="End the session")
    async def logout(request: Request, who: Who) -> Response:
        write(request, who)
        cookie = request.cookies.get("shekara_session")
        if cookie:
            await call(accounts.logout, engine_of(request), cookie)
        response = Response(status_code=204)
        clear_session_cookie(response)
        return response

    @router.get("/me", summary="Who am I")
    async def me(who: Who) -> dict[str, Any]:
        return {**me_of(who.user), "via": who.via}

    @router.get("/organisations", summary="Organisations of both sides")
    async def orgs(request: Request) -> list[dict[str, Any]]:
        return await call(accounts.list_orgs, engine_of(request))

    @router.get("/requests", summary="Requests you may read, a page at a time")
    async def list_requests(
        request: Request,
        who: Who,
        filters: RequestFilters,
        page: PageNo = 1,
        size: Size = DEFAULT_SIZE,
    ) -> JSONResponse:
        found = await call(
            lambda: reqs.find_requests(engine_of(request), who.user, filters, page=page, size=size)
        )
        return JSONResponse(jsonable_encoder(found.as_json()), headers=link_header(request, found))

    @router.post("/requests", status_code=201, summary="File a request (participants, officials)")
    async def create_request(request: Request, who: Who, body: RequestBody) -> dict[str, Any]:
        user = write(request, who)
        data = reqs.RequestIn(
            body.title, body.description, body.theme, body.regions, body.pair_id, body.language
        )
        rid = await call(reqs.create_request, engine_of(request), user, data, submit=body.submit)
        return await call(reqs.get_request, engine_of(request), user, rid)

    @router.get("/requests/{rid}", summary="One request with its status history")
    async def get_request(request: Request, who: Who, rid: int) -> dict[str, Any]:
        out = await call(reqs.get_request, engine_of(request), who.user, rid)
        out["documents"] = await call(documents.list_documents, engine_of(request), "request", rid)
        return out

    @router.post("/requests/{rid}/status", summary="Move a request along its workflow")
    async def move_request(request: Request, who: Who, rid: int, body: MoveIn) -> dict[str, Any]:
        user = write(request, who)
        await call(
            reqs.move,
            engine_of(request),
            user,
            rid,
            body.to,
            body.comment,
            assign_org_id=body.assign_org_id,
        )
        return await call(reqs.get_request, engine_of(request), user, rid)

    @router.post("/requests/{rid}/comments", status_code=201, summary="Comment on a request")
    async def comment(request: Request, who: Who, rid: int, body: CommentIn) -> dict[str, Any]:
        user = write(request, who)
        await call(reqs.add_comment, engine_of(request), user, rid, body.comment)
        return await call(reqs.get_request, engine_of(request), user, rid)

    @router.get(
        "/documents/{doc_id}",
        summary="Download a document",
        response_class=Response,
        responses=file_responses(binary=tuple(sorted(set(documents.MEDIA_TYPES.values())))),
    )
    async def document(request: Request, who: Who, doc_id: int) -> Response:
        doc = await call(documents.get_document, engine_of(request), doc_id)
        if doc["owner_kind"] == "request":  # readable only with its request
            await call(reqs.get_request, engine_of(request), who.user, doc["owner_id"])
        return Response(
            doc["content"],
            media_type=doc["media_type"],
            headers={
                "Content-Disposition": f"attachment; filename*=UTF-8''{_quote(doc['filename'])}",
                "X-Checksum-SHA256": doc["sha256"],
            },
        )

    @router.get(
        "/knowledge", summary="Agreements and events of the knowledge base, with linking projects"
    )
    async def knowledge(
        request: Request,
        lang: Annotated[str, Query(pattern="^(kk|ru|en)$")] = "en",
        kind: Annotated[str | None, Query(pattern="^(agreement|event)$")] = None,
    ) -> dict[str, list[dict[str, Any]]]:
        return await call(kb_records, engine_of(request), lang, kind)

    @router.get("/projects", summary="Joint projects, with filters, a page at a time")
    async def list_projects(
        request: Request, filters: ProjectFilters, page: PageNo = 1, size: Size = DEFAULT_SIZE
    ) -> JSONResponse:
        found, stats = await call(
            lambda: projects.find_projects(engine_of(request), filters, page=page, size=size)
        )
        # "count" (the number matching) is kept for clients written before paging
        body = {"count": found.total, **found.as_json(), "statistics": stats}
        return JSONResponse(jsonable_encoder(body), headers=link_header(request, found))

    @router.post("/projects", status_code=201, summary="Create a joint project")
    async def create_project(request: Request, who: Who, body: ProjectBody) -> dict[str, Any]:
        user = write(request, who)
        data = projects.ProjectIn(**body.model_dump())
        pid = await call(projects.create_project, engine_of(request), user, data)
        return await call(projects.get_project, engine_of(request), pid)

    @router.get("/projects/{pid}", summary="One project with partners, links, outputs, reports")
    async def get_project(request: Request, pid: int) -> dict[str, Any]:
        out = await call(projects.get_project, engine_of(request), pid)
        out["documents"] = await call(documents.list_documents, engine_of(request), "project", pid)
        return out

    @router.post("/projects/{pid}/links", status_code=201, summary="Link an agreement or event")
    async def link(request: Request, who: Who, pid: int, body: LinkIn) -> dict[str, Any]:
        return await _add_to_project(request, who, pid, projects.link, body.kind, body.ref_id)

    @router.post("/projects/{pid}/outputs", status_code=201, summary="Add an output indicator")
    async def output(request: Request, who: Who, pid: int, body: OutputIn) -> dict[str, Any]:
        return await _add_to_project(
            request, who, pid, projects.add_output, body.name, body.unit, body.target, body.achieved
        )

    @router.post("/projects/{pid}/reports", status_code=201, summary="Add a progress report")
    async def report(request: Request, who: Who, pid: int, body: ReportIn) -> dict[str, Any]:
        return await _add_to_project(request, who, pid, projects.add_report, body.period, body.text)

    @router.post("/projects/{pid}/status", summary="Change a project's status")
    async def project_status(
        request: Request, who: Who, pid: int, body: StatusIn
    ) -> dict[str, Any]:
        await call(projects.set_status, engine_of(request), write(request, who), pid, body.status)
        return await call(projects.get_project, engine_of(request), pid)

    def attach_route(owner: str) -> Callable[..., Awaitable[dict[str, Any]]]:
        """The upload route of one kind of record (a closure: *owner* is no parameter)."""

        async def attach(
            request: Request, who: Who, oid: int, filename: Annotated[str, Query(max_length=200)]
        ) -> dict[str, Any]:
            user = write(request, who)
            body = await _body(request)
            return await call(
                documents.attach, engine_of(request), user, owner, oid, filename, body
            )

        return attach

    for owner in ("request", "project"):
        router.add_api_route(
            f"/{owner}s/{{oid}}/documents",
            attach_route(owner),
            methods=["POST"],
            status_code=201,
            summary=f"Attach a file to a {owner} (raw body)",
            name=f"attach_{owner}",
        )

    @router.get(
        "/export/{registry}.{fmt}",
        summary="CSV or Excel export of a registry",
        response_class=Response,
        responses=file_responses(("text/csv",), (XLSX,)),
    )
    async def export(
        request: Request, who: Who, registry: str, fmt: str, lang: LangQ = None, bom: BomQ = False
    ) -> Response:
        """A registry as CSV (ids and their names in ``lang``, plain numbers, ``bom=1`` for
        Excel: as every CSV download of the API) or Excel."""
        if registry == "requests":
            rows = await call(reqs.list_requests, engine_of(request), who.user)
            columns: tuple[str, ...] = REQUEST_COLUMNS
        elif registry == "projects":
            rows = await call(projects.list_projects, engine_of(request))
            columns = PROJECT_COLUMNS
        else:
            raise problem(PlatformError("PF404", f"no registry {registry!r}"))
        disposition = {"Content-Disposition": f'attachment; filename="{registry}.{fmt}"'}
        if fmt == "csv":
            return await call(_registry_csv, request, registry, rows, columns, lang, bom)
        if fmt == "xlsx":
            return Response(
                exports.to_xlsx(rows, columns, registry), media_type=XLSX, headers=disposition
            )
        raise problem(PlatformError("PF404", "formats: csv, xlsx"))

    @router.get(
        "/feed.atom",
        summary="Atom feed of new public requests and projects",
        response_class=Response,
        responses={200: {"content": {"application/atom+xml": {"schema": {"type": "string"}}}}},
    )
    async def feed(
        request: Request, region: Annotated[str | None, Query(max_length=20)] = None
    ) -> Response:
        from shekara.web.platform_feed import feed_bytes

        data = await call(feed_bytes, engine_of(request), str(request.base_url).rstrip("/"), region)
        return Response(data, media_type="application/atom+xml")

    admin_routes(router, write)
    _allow_headers(router)
    return router


_ALL_METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE")


def _allow_headers(router: APIRouter) -> None:
    """A 405 with the full ``Allow`` list on paths served by several routes (GET + POST).

    Starlette answers a wrong method with the methods of the first route of the path only.
    """
    methods: dict[str, set[str]] = {}
    for route in router.routes:
        if isinstance(route, APIRoute):
            methods.setdefault(route.path, set()).update(route.methods or ())
    for path, allowed_methods in methods.items():
        if len(allowed_methods - {"HEAD"}) < 2:
            continue
        allow = ", ".join(sorted(allowed_methods - {"HEAD"}))
        other = [m for m in _ALL_METHODS if m not in allowed_methods]

        def not_allowed(request: Request, allow: str = allow) -> Response:
            raise ProblemError(
                405, "method-not-allowed", "Method Not Allowed", headers={"Allow": allow}
            )

        router.add_api_route(
            path.removeprefix(router.prefix), not_allowed, methods=other, include_in_schema=False
        )


def _quote(name: str) -> str:
    from urllib.parse import quote

    return quote(name)


async def _body(request: Request) -> bytes:
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > documents.MAX_DOCUMENT_BYTES:
        raise problem(
            PlatformError(
                "PF413", f"a document may have at most {documents.MAX_DOCUMENT_BYTES} bytes"
            )
        )
    return await request.body()

"""What the platform pages share: texts of the ``platform`` domain, forms, errors, names.

Texts come from ``i18n/<lang>/LC_MESSAGES/platform.po`` and fall back to the dashboard's
``web`` domain (navigation, footer). What users wrote (titles, descriptions, comments)
is shown as written, in the language it was written in.
"""

from __future__ import annotations

import functools
from collections.abc import Awaitable, Callable
from email.message import EmailMessage
from email.parser import BytesParser
from email.policy import HTTP
from typing import Annotated, Any
from urllib.parse import parse_qs

from fastapi import Depends, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy.engine import Engine
from starlette.concurrency import run_in_threadpool

from shekara.i18n import catalog, fmt_date
from shekara.kb import query
from shekara.platform import documents, security
from shekara.platform.accounts import utc
from shekara.platform.errors import CODES, PlatformError
from shekara.platform.paging import clamp
from shekara.platform.rules import (
    ORG_KINDS,
    PROJECT_STATUSES,
    REQUEST_STATUSES,
    ROLES,
    THEMES,
    allowed,
)
from shekara.web.api.platform_paging import neighbour_links
from shekara.web.pages.i18n import request_lang
from shekara.web.pages.render import render
from shekara.web.platform_session import Caller, Guards, caller, check_write, engine_of
from shekara.web.problems import ProblemError

DOMAIN = "platform"
#: The caller of a platform page (a user, or the anonymous reader): ``who: Who``.
Who = Annotated[Caller, Depends(caller)]
MAX_FORM_BYTES = 64 * 1024

#: Actions of ``pf_audit`` (shown translated on the audit page).
AUDIT_ACTIONS: tuple[str, ...] = (
    "login", "login.failed", "login.locked", "login.pending", "org.create", "user.create",
    "user.approve", "user.reject", "user.reset_password", "user.change_password",
    "user.change_password.failed", "user.role", "user.unlock", "request.create", "request.move",
    "request.comment", "project.create", "project.link", "project.output", "project.report",
    "project.status", "document.add",
)  # fmt: skip

#: Messages translated from a variable: statuses, themes, roles, kinds of organisations,
#: platform error codes, field names (the catalog test checks these too).
DYNAMIC_MESSAGES: tuple[str, ...] = (
    *REQUEST_STATUSES,
    *PROJECT_STATUSES,
    *THEMES,
    *ROLES,
    *ORG_KINDS,
    "agreement", "event", "agreements", "events",
    *CODES,
    # field names of PF400 refusals
    "title", "description", "summary", "theme", "regions", "pair_id", "comment", "status",
    "assign_org_id", "budget", "end_date", "lead_org_id", "partner_org_ids", "ref_id", "period",
    "text", "name", "unit", "file", "kind", "start_date", "target", "achieved",
    # accounts: statuses, the login refusal before approval, fields of the account forms
    "active", "pending", "awaiting_approval", "username", "display_name", "password",
    "password2", "current", "new", "new2", "org_id", "region_id", "country", "role",
    # the audit log: actions and kinds of records
    *AUDIT_ACTIONS, "organisation", "user", "request", "project", "system",
    # the map's badges (shekara.web.pages.platform_map)
    "Projects of a region", "Projects of a pair",
)  # fmt: skip


def platform_gettext(lang: str) -> Callable[[str], str]:
    """``_()`` of the platform pages: the platform catalog, then the dashboard's."""
    own, web = catalog(lang, DOMAIN), catalog(lang, "web")

    def _(message: str) -> str:
        return own.get(message) or web.get(message) or message

    return _


def day(value: Any, lang: str) -> str:
    """A date or timestamp as a date in the page's language (``—`` when absent)."""
    if value is None:
        return "—"
    if hasattr(value, "hour"):
        value = utc(value)
        assert value is not None
        value = value.date()
    return fmt_date(value, lang)


def when(value: Any, lang: str) -> str:
    """A timestamp as date and UTC time of day (the audit log; the page says it is UTC)."""
    moment = utc(value)
    if moment is None:
        return "—"
    return f"{fmt_date(moment.date(), lang)} {moment:%H:%M:%S}"


def page(
    request: Request, template: str, who: Caller, status_code: int = 200, **context: Any
) -> HTMLResponse:
    """Render a platform page: the platform texts, the user and the CSRF token of the form."""
    lang = request_lang(request)
    ctx = {
        "_": platform_gettext(lang),
        "who": who.user,
        "csrf": who.csrf_token or "",
        "logged_in": who.via == "session",
        "day": lambda v: day(v, lang),
        "when": lambda v: when(v, lang),
        "may": lambda action: allowed(action, who.user.role),
        **context,
    }
    return render(request, template, ctx, status_code)


def listing_page(
    request: Request, template: str, who: Caller, found: Any, **ctx: Any
) -> HTMLResponse:
    """A page of a paged listing (requests, projects): the rows *found* and the links to the
    neighbouring pages that the ``pf.pager`` macro shows, besides the page's own *ctx*."""
    links = neighbour_links(request, found, relative=True)
    return page(request, template, who, found=found, links=links, **ctx)


def refusal(who: Caller, action: str) -> PlatformError | None:
    """Why *who* may not open the form of *action* (PF401 for visitors, PF403), or ``None``."""
    if allowed(action, who.user.role):
        return None
    code = "PF401" if who.via == "anonymous" else "PF403"
    return PlatformError(code, f"{action} is not allowed for {who.user.role}")


#: A page handler: FastAPI calls it with keyword arguments, ``request`` and ``who`` among them.
PageHandler = Callable[..., Awaitable[Response]]


def requires(action: str) -> Callable[[PageHandler], PageHandler]:
    """A page handler ``(request, who, ...)`` that only a role allowed *action* may open;
    anyone else gets the refusal page (PF401 for visitors, PF403)::

        @router.get("/admin", response_class=HTMLResponse)
        @requires("account.manage")
        async def admin(request: Request, who: Who) -> Response: ...

    FastAPI reads the handler's own signature through ``functools.wraps``.
    """

    def guard(handler: PageHandler) -> PageHandler:
        @functools.wraps(handler)
        async def guarded(request: Request, who: Caller, **kwargs: Any) -> Response:
            if refused := refusal(who, action):
                return error_page(request, who, refused)
            return await handler(request=request, who=who, **kwargs)

        return guarded

    return guard


def error_page(request: Request, who: Caller, exc: PlatformError) -> HTMLResponse:
    """A refusal in the page's language: the code's message and the field, not the English text."""
    return page(request, "platform/error.html", who, exc.status, code=exc.code, field=exc.field)


async def form(request: Request, who: Caller, guards: Guards) -> dict[str, list[str]]:
    """The urlencoded form of a POST, after the write checks (login, CSRF, rate limit)."""
    body = await request.body()
    if len(body) > MAX_FORM_BYTES:
        raise PlatformError("PF413", "the form is too large")
    data = parse_qs(body.decode("utf-8", errors="replace"), keep_blank_values=True)
    try:
        check_write(request, who, guards, form_token=(data.get("csrf") or [""])[0])
    except ProblemError as exc:  # shown as a page in the user's language
        raise PlatformError(f"PF{exc.status}", exc.detail) from None
    return data


async def upload(request: Request, who: Caller, guards: Guards) -> tuple[str, bytes]:
    """(file name, content) of a multipart form with ``csrf`` and ``file``, after the write checks."""
    declared = request.headers.get("content-length", "")
    limit = documents.MAX_DOCUMENT_BYTES + MAX_FORM_BYTES
    if declared.isdigit() and int(declared) > limit:
        raise PlatformError("PF413", "the file is too large")
    body = await request.body()
    if len(body) > limit:
        raise PlatformError("PF413", "the file is too large")
    content_type = request.headers.get("content-type", "")
    head = f"Content-Type: {content_type}\r\nMIME-Version: 1.0\r\n\r\n".encode("latin-1", "replace")
    msg = BytesParser(policy=HTTP).parsebytes(head + body)
    fields: dict[str, tuple[str | None, bytes]] = {}
    if isinstance(msg, EmailMessage) and msg.is_multipart():
        for part in msg.iter_parts():
            name = part.get_param("name", header="content-disposition")
            payload = part.get_payload(decode=True)
            if isinstance(name, str) and isinstance(payload, bytes):
                fields[name] = (part.get_filename(), payload)
    token = fields.get("csrf", (None, b""))[1].decode("utf-8", "replace")
    try:
        check_write(request, who, guards, form_token=token)
    except ProblemError as exc:
        raise PlatformError(f"PF{exc.status}", exc.detail) from None
    filename, content = fields.get("file", (None, b""))
    if not filename:
        raise PlatformError("PF400", "choose a file", field="file")
    return filename, content


#: The double-submit cookie of the forms used before login (login, registration).
FORM_CSRF_COOKIE = "shekara_login_csrf"


def with_form_cookie(render_form: Callable[[str], Response], path: str) -> Response:
    """A form shown before login: a new token in a hidden field and in a cookie of *path*.

    There is no session yet, so the token is checked against the cookie
    (:func:`check_form_cookie`); another site can set neither.
    """
    token = security.new_secret()
    response = render_form(token)
    response.set_cookie(FORM_CSRF_COOKIE, token, max_age=3600, secure=True, httponly=True,
                        samesite="strict", path=path)  # fmt: skip
    return response


def check_form_cookie(request: Request, data: dict[str, list[str]]) -> str:
    """The token of a form shown by :func:`with_form_cookie` (PF403 when it does not match)."""
    expected = request.cookies.get(FORM_CSRF_COOKIE, "")
    if not expected or not security.same_token(expected, one(data, "csrf")):
        raise PlatformError("PF403", "missing or wrong CSRF token")
    return expected


async def plain_form(request: Request) -> dict[str, list[str]]:
    """A small urlencoded form posted without a session (login, registration)."""
    body = await request.body()
    return parse_qs(body[:4096].decode("utf-8", errors="replace"), keep_blank_values=True)


def one(data: dict[str, list[str]], name: str, default: str = "") -> str:
    return (data.get(name) or [default])[0]


def see_other(url: str) -> RedirectResponse:
    return RedirectResponse(url, status_code=303)


def region_names(engine: Engine, lang: str) -> dict[str, str]:
    """Border regions in force today (and the ones of every era) by id, in *lang*."""
    names = {r.region_id: r.name for r in query.regions(engine, lang=lang)}  # type: ignore[arg-type]
    names.update({r.region_id: r.name for r in query.regions(engine, lang=lang, border=True)})  # type: ignore[arg-type]
    return names


def border_regions(engine: Engine, lang: str) -> list[Any]:
    return list(query.regions(engine, lang=lang, border=True))  # type: ignore[arg-type]


def pair_names(engine: Engine, lang: str) -> dict[str, str]:
    return {p.pair_id: f"{p.kz_name} — {p.ru_name}" for p in query.pairs(engine, lang=lang)}  # type: ignore[arg-type]


#: The place-name look-ups a platform template takes, by the template's variable name.
PLACE_NAMES = {"regions": border_regions, "pairs": pair_names, "names": region_names}


async def place_names(request: Request, *variables: str) -> dict[str, Any]:
    """The place names a platform page shows, in the page's language, read off the event
    loop: ``regions`` (border regions, for a select), ``pairs`` (pair id → "KZ — RU"),
    ``names`` (region id → name). Pass them on: ``page(..., **await place_names(request,
    "regions", "names"))``."""
    engine, lang = engine_of(request), request_lang(request)
    return {v: await run_in_threadpool(PLACE_NAMES[v], engine, lang) for v in variables}


def paging(
    page_no: Annotated[int | None, Query(alias="page")] = None,
    size: Annotated[int | None, Query()] = None,
) -> tuple[int, int]:
    """The page number and rows per page of a listing (``?page=&size=``), clamped to range."""
    return clamp(page_no, size)


#: A listing's page and rows per page: ``number, rows = paged``.
Paging = Annotated[tuple[int, int], Depends(paging)]

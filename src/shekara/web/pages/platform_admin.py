"""Platform pages of accounts: the administrator's page, the audit log, approval of
registrations, the user's own password and self-registration.

* ``/platform/admin`` (``account.manage``): accounts and organisations; forms to add an
  organisation or an account (password twice), reset a password (twice), unlock, change a
  role. Every form posts to ``/platform/admin/{action}`` with the session's CSRF token.
* ``/platform/admin/audit`` (``audit.read``): the newest entries of ``pf_audit``.
* ``/platform/registrations`` (``account.approve``): self-registered accounts to approve
  or reject.
* ``/platform/account`` (``account.self``): the user's own password (current + new twice;
  every other session of the user ends).
* ``/platform/register``: anyone asks for an account; it waits for approval. The form has
  a double-submit CSRF cookie (there is no session yet) and :data:`REGISTER_LIMIT`
  registrations per client address an hour.
"""

from __future__ import annotations

import time

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from sqlalchemy.engine import Engine
from starlette.concurrency import run_in_threadpool

from shekara.platform import accounts, enrolment, security
from shekara.platform.errors import PlatformError
from shekara.platform.rules import ACCOUNT_ROLES, COUNTRIES, ORG_KINDS
from shekara.web.pages import platform_common as pc
from shekara.web.pages.platform_common import Who
from shekara.web.pages.render import page_router
from shekara.web.platform_session import Caller, Guards, client_key, engine_of

REGISTER_LIMIT = 5
AUDIT_ROWS = 100
#: Forms of the administrator's page: action → the rule it needs.
ADMIN_ACTIONS = ("org", "user", "password", "unlock", "role")


def twice(data: dict[str, list[str]], name: str = "password") -> str:
    """The password typed twice in a form, or PF400 when the two differ."""
    first, second = pc.one(data, name), pc.one(data, f"{name}2")
    if first != second:
        raise PlatformError("PF400", "the two passwords differ", field=f"{name}2")
    return first


def _org_id(data: dict[str, list[str]]) -> int | None:
    value = pc.one(data, "org_id")
    return int(value) if value.isdigit() else None


def _admin_action(engine: Engine, who: Caller, what: str, data: dict[str, list[str]]) -> None:
    """Run one form of the administrator's pc.page (the services check and audit it)."""
    actor, name = who.user, pc.one(data, "username")
    if what == "org":
        accounts.create_org(engine, pc.one(data, "name"), pc.one(data, "kind"), pc.one(data, "country"),
                            pc.one(data, "region_id") or None, actor=actor)  # fmt: skip
    elif what == "user":
        accounts.create_user(engine, name, pc.one(data, "display_name"), twice(data),
                             pc.one(data, "role"), org_id=_org_id(data), actor=actor)  # fmt: skip
    elif what == "password":
        accounts.set_password(engine, name, twice(data), actor=actor)
    elif what == "unlock":
        accounts.unlock(engine, name, actor=actor)
    elif what == "role":
        accounts.set_role(engine, name, pc.one(data, "role"), _org_id(data), actor=actor)
    else:
        raise PlatformError("PF404", f"no action {what!r}")


def build_router(guards: Guards) -> APIRouter:
    router = page_router()
    registrations_limit = security.RateLimiter(REGISTER_LIMIT, 3600.0)

    @router.get("/admin", response_class=HTMLResponse)
    @pc.requires("account.manage")
    async def admin(request: Request, who: Who) -> Response:
        engine = engine_of(request)
        orgs = await run_in_threadpool(accounts.list_orgs, engine)
        users = await run_in_threadpool(accounts.list_users, engine)
        for u in users:
            locked = accounts.utc(u["locked_until"])
            u["locked"] = locked is not None and locked > accounts.now()
        return pc.page(
            request,
            "platform/admin.html",
            who,
            users=users,
            orgs=orgs,
            org_names={o["org_id"]: o["name"] for o in orgs},
            roles=ACCOUNT_ROLES,
            kinds=ORG_KINDS,
            countries=COUNTRIES,
            **await pc.place_names(request, "regions", "names"),
            done=request.query_params.get("done") in ADMIN_ACTIONS,
        )

    @router.post("/admin/{what}")
    @pc.requires("account.manage")
    async def admin_action(request: Request, who: Who, what: str) -> Response:
        try:
            data = await pc.form(request, who, guards)
            await run_in_threadpool(_admin_action, engine_of(request), who, what, data)
        except PlatformError as exc:
            return pc.error_page(request, who, exc)
        return pc.see_other(f"/platform/admin?done={what}")

    @router.get("/admin/audit", response_class=HTMLResponse)
    @pc.requires("audit.read")
    async def audit(request: Request, who: Who) -> Response:
        rows = await run_in_threadpool(accounts.audit_log, engine_of(request), AUDIT_ROWS)
        return pc.page(request, "platform/audit.html", who, rows=rows)

    @router.get("/registrations", response_class=HTMLResponse)
    @pc.requires("account.approve")
    async def registrations(request: Request, who: Who) -> Response:
        engine = engine_of(request)
        orgs = await run_in_threadpool(accounts.list_orgs, engine)
        return pc.page(
            request,
            "platform/registrations.html",
            who,
            rows=await run_in_threadpool(enrolment.pending, engine),
            org_names={o["org_id"]: o["name"] for o in orgs},
        )

    @router.post("/registrations/{username}/{decision}")
    @pc.requires("account.approve")
    async def decide(request: Request, who: Who, username: str, decision: str) -> Response:
        try:
            await pc.form(request, who, guards)
            if decision not in ("approve", "reject"):
                raise PlatformError("PF404", f"no decision {decision!r}")
            fn = enrolment.approve if decision == "approve" else enrolment.reject
            await run_in_threadpool(lambda: fn(engine_of(request), username, actor=who.user))
        except PlatformError as exc:
            return pc.error_page(request, who, exc)
        return pc.see_other("/platform/registrations")

    @router.get("/account", response_class=HTMLResponse)
    @pc.requires("account.self")
    async def account(request: Request, who: Who) -> Response:
        done = request.query_params.get("done") == "password"
        return pc.page(request, "platform/account.html", who, done=done)

    @router.post("/account/password")
    @pc.requires("account.self")
    async def own_password(request: Request, who: Who) -> Response:
        try:
            data = await pc.form(request, who, guards)
            await run_in_threadpool(
                lambda: accounts.change_password(
                    engine_of(request),
                    who.user,
                    pc.one(data, "current"),
                    twice(data, "new"),
                    keep_session=request.cookies.get(security.SESSION_COOKIE),
                )
            )
        except PlatformError as exc:
            return pc.error_page(request, who, exc)
        return pc.see_other("/platform/account?done=password")

    @router.get("/register", response_class=HTMLResponse)
    async def register_form(request: Request, who: Who) -> Response:
        orgs = await run_in_threadpool(accounts.list_orgs, engine_of(request))
        return pc.with_form_cookie(
            lambda token: pc.page(
                request, "platform/register.html", who, orgs=orgs, form_csrf=token, done=False
            ),
            "/platform/register",
        )

    @router.post("/register", response_class=HTMLResponse)
    async def register(request: Request, who: Who) -> Response:
        data = await pc.plain_form(request)
        try:
            pc.check_form_cookie(request, data)
            if not registrations_limit.hit(client_key(request), now=time.monotonic()):
                raise PlatformError("PF429", f"at most {REGISTER_LIMIT} registrations an hour")
            await run_in_threadpool(
                enrolment.register,
                engine_of(request),
                pc.one(data, "username"),
                pc.one(data, "display_name"),
                twice(data),
                _org_id(data),
            )
        except PlatformError as exc:
            return pc.error_page(request, who, exc)
        return pc.page(request, "platform/register.html", who, orgs=[], form_csrf="", done=True)

    return router

"""``/api/platform``: accounts — the administrator's routes, approval of registrations, and
the user's own password change.

Every route asks the rule table (:mod:`shekara.platform.rules`): ``account.manage``
(administrators), ``account.approve`` (moderators and administrators), ``account.self``
(any account), ``audit.read`` (administrators).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response

from shekara.platform import accounts, enrolment, security
from shekara.platform.accounts import User
from shekara.platform.errors import PlatformError
from shekara.platform.rules import allowed
from shekara.web.api.platform_models import OrgIn, OwnPasswordIn, PasswordIn, RoleIn, UserIn
from shekara.web.platform_session import Caller, call, caller, engine_of, problem

Who = Annotated[Caller, Depends(caller)]
Write = Callable[[Request, Caller], User]


def me_of(user: User) -> dict[str, Any]:
    """The public fields of an account (never its hash)."""
    return {
        k: getattr(user, k)
        for k in ("user_id", "username", "display_name", "role", "org_id", "country", "region_id")
    }


def need(action: str, user: User) -> None:
    """PF401 for the visitor, PF403 for a role the rule table does not allow *action*."""
    if not allowed(action, user.role):
        raise problem(
            PlatformError(
                "PF401" if user.role == "anonymous" else "PF403",
                f"{action} is not allowed for {user.role}",
            )
        )


def admin_routes(router: APIRouter, write: Write) -> None:
    """Add the account routes to the platform API *router*."""

    def act(request: Request, who: Caller, action: str) -> User:
        need(action, who.user)
        return write(request, who)

    async def manage(
        request: Request, who: Caller, change: Callable[..., object], username: str, *what: object
    ) -> Response:
        """Apply an administrator's *change* to account *username*; 204 No Content."""
        actor = act(request, who, "account.manage")
        await call(change, engine_of(request), username, *what, actor=actor)
        return Response(status_code=204)

    @router.get("/users", summary="Accounts (administrators)")
    async def users(request: Request, who: Who) -> list[dict[str, Any]]:
        need("account.manage", who.user)
        return await call(accounts.list_users, engine_of(request))

    @router.get("/audit", summary="The newest audit entries (administrators)")
    async def audit(
        request: Request, who: Who, limit: Annotated[int, Query(ge=1, le=1000)] = 200
    ) -> list[dict[str, Any]]:
        need("audit.read", who.user)
        return await call(accounts.audit_log, engine_of(request), limit)

    @router.post("/users", status_code=201, summary="Create an account (administrators)")
    async def create_user(request: Request, who: Who, body: UserIn) -> dict[str, Any]:
        actor = act(request, who, "account.manage")
        # the body's fields are the service's parameters
        user = await call(
            accounts.create_user, engine_of(request), **body.model_dump(), actor=actor
        )
        return me_of(user)

    @router.post("/organisations", status_code=201, summary="Add an organisation (administrators)")
    async def create_org(request: Request, who: Who, body: OrgIn) -> dict[str, int]:
        actor = act(request, who, "account.manage")
        org_id = await call(
            accounts.create_org, engine_of(request), **body.model_dump(), actor=actor
        )
        return {"org_id": org_id}

    @router.post(
        "/users/{username}/password", status_code=204, summary="Reset a password (administrators)"
    )
    async def reset(request: Request, who: Who, username: str, body: PasswordIn) -> Response:
        return await manage(request, who, accounts.set_password, username, body.password)

    @router.post(
        "/users/{username}/unlock", status_code=204, summary="Unlock an account (administrators)"
    )
    async def unlock(request: Request, who: Who, username: str) -> Response:
        return await manage(request, who, accounts.unlock, username)

    @router.post(
        "/users/{username}/role",
        status_code=204,
        summary="Change an account's role and organisation (administrators)",
    )
    async def role(request: Request, who: Who, username: str, body: RoleIn) -> Response:
        return await manage(request, who, accounts.set_role, username, body.role, body.org_id)

    @router.get("/registrations", summary="Self-registered accounts waiting for approval")
    async def registrations(request: Request, who: Who) -> list[dict[str, Any]]:
        need("account.approve", who.user)
        return await call(enrolment.pending, engine_of(request))

    @router.post(
        "/registrations/{username}/{decision}",
        status_code=204,
        summary="Approve or reject a registration (moderators, administrators)",
    )
    async def decide(request: Request, who: Who, username: str, decision: str) -> Response:
        actor = act(request, who, "account.approve")
        if decision not in ("approve", "reject"):
            raise problem(PlatformError("PF404", "decisions: approve, reject"))
        fn = enrolment.approve if decision == "approve" else enrolment.reject
        await call(fn, engine_of(request), username, actor=actor)
        return Response(status_code=204)

    @router.post(
        "/me/password",
        status_code=204,
        summary="Change your own password (ends your other sessions)",
    )
    async def own_password(request: Request, who: Who, body: OwnPasswordIn) -> Response:
        user = act(request, who, "account.self")
        await call(
            accounts.change_password,
            engine_of(request),
            user,
            body.current,
            body.new,
            keep_session=request.cookies.get(security.SESSION_COOKIE),
        )
        return Response(status_code=204)

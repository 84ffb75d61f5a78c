"""Who is asking: the platform user behind a session cookie or an API token.

* ``Authorization: Bearer <token>`` (``shekara users add-token NAME``): the token acts as
  the platform user whose user name is NAME, with that user's role; a token without such
  a user is refused by the platform (it still imports indicators as before).
* The ``shekara_session`` cookie: the user of a live session. Writes with a cookie must
  carry the session's CSRF token (``X-CSRF-Token`` header for the API, a hidden ``csrf``
  field for forms); writes with a bearer token need none, since a browser never sends a
  bearer token on its own.
* Nobody: the anonymous visitor (role ``anonymous``).

Rate limits (per process): :data:`LOGIN_LIMIT` login attempts per client address and
:data:`WRITE_LIMIT` writes per user, each per minute.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from fastapi import Request
from fastapi.responses import Response
from sqlalchemy.engine import Engine
from starlette.concurrency import run_in_threadpool

from shekara.platform import accounts, security
from shekara.platform.accounts import ANONYMOUS, User
from shekara.platform.db import ensure_platform
from shekara.platform.errors import PlatformError
from shekara.web.auth import check_token
from shekara.web.problems import ProblemError

T = TypeVar("T")
LOGIN_LIMIT = 10
WRITE_LIMIT = 60
_SLUGS = {
    401: "unauthenticated",
    403: "forbidden",
    404: "not-found",
    413: "payload-too-large",
    422: "invalid-parameters",
}


@dataclass(frozen=True)
class Caller:
    """The user of a request and how they authenticated."""

    user: User
    via: str  # "session" | "token" | "anonymous"
    csrf_token: str | None = None


class Guards:
    """Rate limiters of one app (tests get fresh ones with every app)."""

    def __init__(self) -> None:
        self.login = security.RateLimiter(LOGIN_LIMIT, 60.0)
        self.writes = security.RateLimiter(WRITE_LIMIT, 60.0)


def problem(exc: PlatformError) -> ProblemError:
    """The API's problem document for a platform refusal (the code leads the detail)."""
    headers = {"Retry-After": "60"} if exc.status == 429 else None
    return ProblemError(exc.status, _SLUGS.get(exc.status, "http-error"), str(exc), headers=headers)


async def call(fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """Run a (blocking) platform service off the event loop; refusals become problems."""
    try:
        return await run_in_threadpool(fn, *args, **kwargs)
    except PlatformError as exc:
        raise problem(exc) from None


def engine_of(request: Request) -> Engine:
    engine: Engine = request.app.state.shekara.engine
    if not getattr(request.app.state, "platform_ready", False):
        ensure_platform(engine)
        request.app.state.platform_ready = True
    return engine


def _caller(request: Request) -> Caller:
    engine = engine_of(request)
    header = request.headers.get("authorization", "")
    if header.lower().startswith("bearer "):
        name = check_token(engine, header[7:].strip())
        if name is None:
            raise ProblemError(403, "forbidden", "the token is unknown or revoked")
        try:
            return Caller(accounts.get_user(engine, username=name), "token")
        except PlatformError:
            raise ProblemError(
                403, "forbidden", f"PF403: the token {name!r} belongs to no platform user"
            ) from None
    found = accounts.session_user(engine, request.cookies.get(security.SESSION_COOKIE))
    if found is not None:
        return Caller(found[0], "session", found[1])
    return Caller(ANONYMOUS, "anonymous")


async def caller(request: Request) -> Caller:
    """FastAPI dependency: the caller of this request."""
    return await run_in_threadpool(_caller, request)


def check_write(
    request: Request, who: Caller, guards: Guards, form_token: str | None = None
) -> None:
    """A write: logged in, CSRF token when by cookie, within the write rate limit."""
    if who.via == "anonymous":
        raise ProblemError(401, "unauthenticated", "PF401: log in first")
    if who.via == "session":
        given = form_token if form_token is not None else request.headers.get("x-csrf-token")
        if who.csrf_token is None or not security.same_token(who.csrf_token, given):
            raise ProblemError(403, "forbidden", "PF403: missing or wrong CSRF token")
    if not guards.writes.hit(f"user:{who.user.user_id}", now=time.monotonic()):
        raise problem(PlatformError("PF429", f"at most {WRITE_LIMIT} writes a minute"))


def client_key(request: Request) -> str:
    return f"ip:{request.client.host if request.client else 'unknown'}"


async def do_login(
    request: Request, guards: Guards, username: str, password: str
) -> accounts.Session:
    """Log in (rate-limited per client address); the caller sets the new cookie."""
    if not guards.login.hit(client_key(request), now=time.monotonic()):
        raise problem(PlatformError("PF429", f"at most {LOGIN_LIMIT} login attempts a minute"))
    old = request.cookies.get(security.SESSION_COOKIE)
    session = await call(accounts.login, engine_of(request), username, password)
    if old:  # whatever id the browser had is dead from now on (session fixation)
        await run_in_threadpool(accounts.logout, engine_of(request), old)
    return session


def set_session_cookie(response: Response, session_id: str) -> None:
    response.set_cookie(
        security.SESSION_COOKIE,
        session_id,
        max_age=security.SESSION_TTL_S,
        secure=True,
        httponly=True,
        samesite="strict",
        path="/",
    )


def clear_session_cookie(response: Response) -> None:
    response.delete_cookie(
        security.SESSION_COOKIE, path="/", secure=True, httponly=True, samesite="strict"
    )

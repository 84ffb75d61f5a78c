"""Dashboard pages: server-rendered Jinja templates plus a little vanilla JavaScript.

Pages: ``/`` border map, ``/pairs/{pair_id}``, ``/explorer``, ``/assessment``, ``/water``;
``/lang/{code}`` switches the language and remembers it in a cookie.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query
from fastapi.responses import RedirectResponse

from shekara.web.pages import (
    assess,
    border,
    crossings,
    explorer,
    flood,
    outlook,
    population,
    water,
)
from shekara.web.pages.i18n import COOKIE, LANGS, safe_next
from shekara.web.pages.render import page_router
from shekara.web.problems import ProblemError

ONE_YEAR_S = 365 * 24 * 3600


def build_pages_router() -> APIRouter:
    router = page_router()
    router.include_router(border.router)
    router.include_router(explorer.router)
    router.include_router(assess.router)
    router.include_router(water.router)
    router.include_router(population.router)
    router.include_router(flood.router)
    router.include_router(crossings.router)
    router.include_router(outlook.router)

    @router.get("/lang/{code}")
    def switch_language(
        code: Annotated[str, Path(max_length=5)],
        next_path: Annotated[str | None, Query(alias="next", max_length=2000)] = None,
    ) -> RedirectResponse:
        """Remember the language in a cookie and go back to the page."""
        if code not in LANGS:
            raise ProblemError(404, "not-found", f"no language {code!r}; use kk, ru or en")
        response = RedirectResponse(safe_next(next_path), status_code=303)
        response.set_cookie(COOKIE, code, max_age=ONE_YEAR_S, samesite="lax", httponly=False)
        return response

    return router

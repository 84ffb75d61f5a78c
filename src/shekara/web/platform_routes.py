"""The platform's routes for the app: ``/api/platform/…`` and the ``/platform`` pages.

One function so that ``web/app.py`` registers the whole platform with one line; both
routers share the rate limiters of the app.
"""

from __future__ import annotations

from fastapi import APIRouter

from shekara.web.api.platform import build_platform_api
from shekara.web.pages.platform import build_platform_pages
from shekara.web.platform_session import Guards


def build_platform_router() -> APIRouter:
    guards = Guards()
    router = APIRouter()
    api = APIRouter(prefix="/api")
    api.include_router(build_platform_api(guards))
    router.include_router(api)
    router.include_router(build_platform_pages(guards))
    return router

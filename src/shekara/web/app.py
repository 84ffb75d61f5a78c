"""The ASGI application: JSON API under ``/api``, OpenAPI, Swagger UI and the dashboard.

``create_app()`` is the factory ``shekara serve`` hands to uvicorn; tests call it
in-process with their own store URL. Nothing here computes: routes call the services
and the knowledge-base queries, pages render what the API returns.

Example:
    >>> import tempfile, pathlib
    >>> from fastapi.testclient import TestClient
    >>> from shekara.kb.store import build
    >>> url = f"sqlite:///{pathlib.Path(tempfile.mkdtemp()) / 'kb.sqlite'}"
    >>> _ = build(url)
    >>> client = TestClient(create_app(url))
    >>> client.get("/api/pairs", params={"as_of": 2018}).json()["count"]
    18
"""

from __future__ import annotations

import gc
import importlib
from pathlib import Path
from typing import Any

from fastapi import FastAPI
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.openapi.utils import get_openapi
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles
from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from shekara import __version__
from shekara.kb.schema import load_descriptor
from shekara.kb.store import make_engine
from shekara.paths import default_data_dir, default_database_url
from shekara.web.api import build_api_router
from shekara.web.api.optional import (
    HYDRO_MODULE,
    REPORT_MODULE,
    SWOT_MODULE,
    WATER_MODULE,
    available,
)
from shekara.web.faults import READ_LOCK_WAIT_S, install_fault_handlers
from shekara.web.pages import build_pages_router
from shekara.web.pages.render import html_error
from shekara.web.platform_routes import build_platform_router
from shekara.web.problems import PROBLEM_JSON, Problem, install_problem_handlers
from shekara.web.state import WebState

STATIC = Path(__file__).with_name("static")
DESCRIPTION = """\
Sourced knowledge base of the Kazakhstan–Russia border regions and the assessment of their
cross-border cooperation potential — the same services as the `shekara` command line.

* Reads need no authentication; every value carries its `source` (source id and locator).
* Writes (`POST /api/indicators/import`) need `Authorization: Bearer <token>` from
  `shekara users add-token NAME`.
* Errors are `application/problem+json` (RFC 9457) with `findings` using the codes of the
  error catalogue (`GET /api/problems`).
"""

#: Content-Security-Policy of the dashboard: nothing but this origin, no inline scripts.
DASHBOARD_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; connect-src 'self'; font-src 'self'; frame-ancestors 'none'; "
    "base-uri 'self'; form-action 'self'"
)


def detect_features() -> dict[str, bool]:
    """Which optional services this installation has."""
    report = False
    if available(REPORT_MODULE):
        try:
            report = hasattr(importlib.import_module(REPORT_MODULE), "build_report")
        except Exception:  # a half-installed report package must not take the API down
            report = False
    return {
        "swot": available(SWOT_MODULE),
        "report": report,
        "water": available(WATER_MODULE),
        "hydro": available(HYDRO_MODULE),
    }


#: Content-Security-Policy of the Swagger UI page: its one inline script (the UI's
#: configuration) is allowed; nothing from elsewhere, and it can never be framed.
DOCS_CSP = (
    "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'self'; "
    "form-action 'self'"
)


class SecurityHeaders:
    """``nosniff`` and ``X-Frame-Options: DENY`` everywhere; a CSP on the dashboard pages and
    on ``/docs`` (which needs its inline script). A plain ASGI middleware: it only adds
    headers to the response start."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path: str = scope["path"]
        page = not (path.startswith(("/api/", "/docs", "/openapi.json", "/static/")))
        csp = DASHBOARD_CSP if page else DOCS_CSP if path.startswith("/docs") else None

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                headers.setdefault("X-Content-Type-Options", "nosniff")
                headers.setdefault("X-Frame-Options", "DENY")  # no page of this app in a frame
                if csp:
                    headers.setdefault("Content-Security-Policy", csp)
            await send(message)

        await self.app(scope, receive, send_with_headers)


def create_app(database_url: str | None = None) -> FastAPI:
    """The Shekara web application over the store at *database_url* (default: settings)."""
    url = database_url or default_database_url()
    descriptor = load_descriptor(default_data_dir())
    features = detect_features()
    app = FastAPI(
        title="Shekara API",
        version=__version__,
        description=DESCRIPTION,
        docs_url=None,
        redoc_url=None,
        openapi_url="/openapi.json",
    )
    engine = make_engine(url, lock_wait_s=READ_LOCK_WAIT_S)
    app.state.shekara = WebState(engine=engine, database_url=url, features=features)
    app.state.html_error = html_error
    install_problem_handlers(app)
    install_fault_handlers(app)
    app.add_middleware(SecurityHeaders)
    app.include_router(build_api_router(descriptor, features))
    app.include_router(build_pages_router())
    app.include_router(build_platform_router())
    app.mount("/static", StaticFiles(directory=STATIC), name="static")

    @app.get("/docs", include_in_schema=False)
    def swagger_ui() -> HTMLResponse:
        return get_swagger_ui_html(
            openapi_url="/openapi.json",
            title="Shekara API",
            swagger_js_url="/static/swagger-ui/swagger-ui-bundle.js",
            swagger_css_url="/static/swagger-ui/swagger-ui.css",
            swagger_favicon_url="/static/swagger-ui/favicon-32x32.png",
            swagger_ui_parameters={"validatorUrl": None, "tryItOutEnabled": True},
        )

    app.openapi = lambda: _openapi(app)  # type: ignore[method-assign]
    # Start-up objects (routes, models, catalogs) live as long as the app: keep them out of
    # the collector's full passes, which otherwise show up as latency spikes under load.
    gc.collect()
    gc.freeze()
    return app


def _openapi(app: FastAPI) -> dict[str, Any]:
    """The generated schema, with every error response declared as a problem document."""
    if app.openapi_schema:
        return app.openapi_schema
    schema = get_openapi(
        title=app.title, version=app.version, description=app.description, routes=app.routes
    )
    components = schema.setdefault("components", {}).setdefault("schemas", {})
    problem = Problem.model_json_schema(ref_template="#/components/schemas/{model}")
    for name, sub in problem.pop("$defs", {}).items():
        components.setdefault(name, sub)
    components["Problem"] = problem
    ref = {"$ref": "#/components/schemas/Problem"}
    for path_item in schema.get("paths", {}).values():
        for op in path_item.values():
            responses = op.setdefault("responses", {})
            responses["422"] = {
                "description": "Invalid parameters or data refused (problem+json)",
                "content": {PROBLEM_JSON: {"schema": ref}},
            }
    for unused in ("HTTPValidationError", "ValidationError"):
        components.pop(unused, None)
    app.openapi_schema = schema
    return schema

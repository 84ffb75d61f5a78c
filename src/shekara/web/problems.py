"""Errors as ``application/problem+json`` (RFC 9457) — the one error shape of the API.

Every error the API answers has ``type``, ``title``, ``status``, ``detail`` and
``instance``; data problems add ``findings`` with the same stable codes, file, row and
field as the CLI (:mod:`shekara.kb.errors`), bad parameters add ``errors`` (where and
what). The ``type`` is a relative URI: ``GET`` on it describes the problem type.

Example:
    >>> p = ProblemError(404, "not-found", "No pair 'X' as of 2018-12-31")
    >>> p.status, p.slug, PROBLEM_TYPES["not-found"]
    (404, 'not-found', 'Not found')
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from fastapi import FastAPI, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.responses import Response

from shekara.kb.errors import DataError, Finding

log = logging.getLogger("shekara.web")
T = TypeVar("T")

PROBLEM_JSON = "application/problem+json"
TYPE_PREFIX = "/api/problems/"

#: Problem types: slug → title. The slug is the last segment of the ``type`` URI.
PROBLEM_TYPES: dict[str, str] = {
    "not-found": "Not found",
    "method-not-allowed": "Method not allowed",
    "invalid-parameters": "Invalid parameters",
    "data-refused": "Data refused",
    "assessment-impossible": "Assessment impossible",
    "unauthenticated": "Authentication required",
    "forbidden": "Token not accepted",
    "payload-too-large": "Upload too large",
    "unsupported-media-type": "Unsupported media type",
    "not-acceptable": "Not acceptable",
    "http-error": "HTTP error",
    "internal-error": "Internal error",
    "store-unavailable": "Store unavailable",
    "insufficient-storage": "Insufficient storage",
}


#: A data finding is answered as :class:`shekara.kb.errors.Finding` itself (its fields are
#: what ``shekara data validate --format json`` prints): no mirror model.
FindingOut = Finding


class ParamError(BaseModel):
    """One invalid request parameter: where (``query``/``path``/``body`` + name) and why."""

    loc: list[str | int]
    msg: str
    type: str


class Problem(BaseModel):
    """RFC 9457 problem details, with Shekara's ``findings`` and ``errors`` extensions."""

    type: str = Field(description="URI reference of the problem type (GET it for a description).")
    title: str
    status: int
    detail: str
    instance: str = Field(description="Path of the request that failed.")
    findings: list[FindingOut] = Field(default_factory=list)
    errors: list[ParamError] = Field(default_factory=list)


class ProblemError(Exception):
    """Raise to answer with a problem document."""

    def __init__(
        self,
        status: int,
        slug: str,
        detail: str,
        *,
        findings: Sequence[Finding] = (),
        headers: dict[str, str] | None = None,
    ):
        super().__init__(detail)
        self.status = status
        self.slug = slug if slug in PROBLEM_TYPES else "http-error"
        self.detail = detail
        self.findings = list(findings)
        self.headers = headers


def refusals_as_problems(
    call: Callable[[], T],
    refused: type[Exception] | tuple[type[Exception], ...] = ValueError,
    not_found: Callable[[Exception], bool] = lambda _exc: False,
) -> T:
    """Run a service; its *refused* errors become problem documents: 404 where *not_found*
    says the thing asked for does not exist, otherwise 409 — the parameters are valid, but
    the knowledge base cannot answer them (the one mapping of every API module).

    >>> refusals_as_problems(lambda: 1 / 0, ZeroDivisionError)
    Traceback (most recent call last):
    ...
    shekara.web.problems.ProblemError: division by zero
    """
    try:
        return call()
    except refused as exc:
        # str() of a KeyError quotes its message; the message itself is the detail.
        detail = str(exc.args[0]) if isinstance(exc, KeyError) and exc.args else str(exc)
        if not_found(exc):
            raise ProblemError(404, "not-found", detail) from None
        raise ProblemError(409, "assessment-impossible", detail) from None


def _html_page(request: Request) -> bool:
    """Errors of dashboard pages are answered with an HTML page, not JSON."""
    path = request.url.path
    api = path.startswith(("/api/", "/static/", "/docs")) or path in ("/api", "/openapi.json")
    return not api and getattr(request.app.state, "html_error", None) is not None


def problem_response(
    request: Request,
    status: int,
    slug: str,
    detail: str,
    *,
    findings: Sequence[Finding] = (),
    errors: Sequence[ParamError] = (),
    headers: dict[str, str] | None = None,
) -> Response:
    """The problem document as a response with media type ``application/problem+json``."""
    if _html_page(request):
        page: Response = request.app.state.html_error(
            request, status, PROBLEM_TYPES.get(slug, "HTTP error"), detail
        )
        return page
    body = Problem(
        type=TYPE_PREFIX + slug,
        title=PROBLEM_TYPES.get(slug, "HTTP error"),
        status=status,
        detail=detail,
        instance=request.url.path,
        findings=list(findings),
        errors=list(errors),
    )
    return JSONResponse(
        body.model_dump(mode="json"), status_code=status, media_type=PROBLEM_JSON, headers=headers
    )


_SLUG_BY_STATUS = {
    401: "unauthenticated",
    403: "forbidden",
    404: "not-found",
    405: "method-not-allowed",
    406: "not-acceptable",
    409: "assessment-impossible",
    413: "payload-too-large",
    415: "unsupported-media-type",
    422: "invalid-parameters",
    503: "store-unavailable",
    507: "insufficient-storage",
}


async def _on_problem(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, ProblemError)
    return problem_response(
        request, exc.status, exc.slug, exc.detail, findings=exc.findings, headers=exc.headers
    )


async def _on_http(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, StarletteHTTPException)
    slug = _SLUG_BY_STATUS.get(exc.status_code, "http-error")
    detail = str(exc.detail) if exc.detail else PROBLEM_TYPES[slug]
    if exc.status_code == 404 and detail == "Not Found":
        detail = f"Nothing at {request.url.path}"
    return problem_response(
        request, exc.status_code, slug, detail, headers=getattr(exc, "headers", None)
    )


def _param_errors(exc: RequestValidationError) -> list[ParamError]:
    out = []
    for e in exc.errors():
        loc = [x if isinstance(x, int) else str(x) for x in e.get("loc", ())]
        out.append(ParamError(loc=loc, msg=str(e.get("msg", "")), type=str(e.get("type", ""))))
    return out


async def _on_validation(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, RequestValidationError)
    errors = _param_errors(exc)
    detail = "; ".join(f"{'.'.join(map(str, e.loc))}: {e.msg}" for e in errors[:5])
    return problem_response(
        request, 422, "invalid-parameters", detail or "invalid request", errors=errors
    )


async def _on_data_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, DataError)
    n = len([f for f in exc.findings if f.severity == "error"])
    return problem_response(
        request,
        422,
        "data-refused",
        f"refused: {n} error(s); nothing was written. {exc}",
        findings=exc.findings,
    )


async def _on_unexpected(request: Request, exc: Exception) -> Response:
    log.exception("unexpected error on %s", request.url.path, exc_info=exc)
    return problem_response(
        request,
        500,
        "internal-error",
        f"unexpected {type(exc).__name__}; the server log has the details",
    )


def install_problem_handlers(app: FastAPI) -> None:
    """Answer every error — expected or not — with a problem document."""
    app.add_exception_handler(ProblemError, _on_problem)
    app.add_exception_handler(StarletteHTTPException, _on_http)
    app.add_exception_handler(RequestValidationError, _on_validation)
    app.add_exception_handler(DataError, _on_data_error)
    app.add_exception_handler(Exception, _on_unexpected)


def problem_responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI ``responses`` entries declaring problem documents for *statuses*."""
    schema = {"$ref": "#/components/schemas/Problem"}
    return {
        s: {"description": _describe(s), "content": {PROBLEM_JSON: {"schema": schema}}}
        for s in statuses
    }


def _describe(status: int) -> str:
    slug = _SLUG_BY_STATUS.get(status, "http-error")
    return PROBLEM_TYPES[slug] + " (problem+json)"


def jsonable(obj: Any) -> Any:
    """JSON-compatible form of *obj* (dates as ISO strings)."""
    return jsonable_encoder(obj)

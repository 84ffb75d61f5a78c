"""What the API modules share: the app state as a dependency and one way to declare a GET
route with its response model and the problem documents it may answer.

Example:
    >>> from fastapi import APIRouter
    >>> router = APIRouter()
    >>> route = routes(router, 404)
    >>> @route("/x", dict[str, int], "An example")
    ... def x() -> dict[str, int]:
    ...     return {"x": 1}
    >>> sorted(router.routes[0].responses)
    [404]
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any, TypeVar

from fastapi import APIRouter, Depends
from pydantic import BaseModel

from shekara.web.problems import problem_responses
from shekara.web.state import WebState, web_state

#: The app's :class:`WebState`, as a route parameter.
State = Annotated[WebState, Depends(web_state)]
F = TypeVar("F", bound=Callable[..., Any])


def routes(router: APIRouter, *problems: int) -> Callable[..., Callable[[F], F]]:
    """A ``router.get`` for routes that may answer the problem documents *problems*:
    ``route(path, model, summary)``, where *model* documents the answer (a service result
    class or a model; ``None``: the route's return annotation)."""

    def route(path: str, model: Any, summary: str, **kw: Any) -> Callable[[F], F]:
        if model is not None:  # else FastAPI reads the model off the return annotation
            kw["response_model"] = model
        decorator: Callable[[F], F] = router.get(
            path, summary=summary, responses=problem_responses(*problems), **kw
        )
        return decorator

    return route


def file_responses(
    text: tuple[str, ...] = (), binary: tuple[str, ...] = ()
) -> dict[int | str, dict[str, Any]]:
    """The OpenAPI ``responses`` of a route that answers a file: *text* media types are
    strings, *binary* ones are bytes.

    >>> file_responses(("text/csv",), ("application/pdf",))[200]["content"]["application/pdf"]
    {'schema': {'type': 'string', 'format': 'binary'}}
    """
    content = {t: {"schema": {"type": "string"}} for t in text}
    content |= {t: {"schema": {"type": "string", "format": "binary"}} for t in binary}
    return {200: {"content": content}}


class Params(BaseModel):
    """A request's parameters, parsed once; :meth:`key` is their part of a cache key."""

    def key(self) -> tuple[Any, ...]:
        return tuple(self.model_dump().items())

"""Paging parameters and links of the registries, shared by the API and the pages.

The API refuses a ``page`` or ``size`` out of range (422); the pages bring them within the
limits instead. Both answer with links to the neighbouring pages: the API in a ``Link``
header (RFC 8288, ``rel="next"``/``"prev"``) besides the envelope's ``total``, ``page``,
``size``; the pages as links under the table.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Query, Request

from shekara.platform.paging import MAX_PAGE, MAX_SIZE, Page
from shekara.platform.problem_requests import RequestFilter
from shekara.platform.projects import ProjectFilter

PageNo = Annotated[int, Query(ge=1, le=MAX_PAGE, description="Page number, from 1.")]
Size = Annotated[int, Query(ge=1, le=MAX_SIZE, description=f"Rows a page, 1–{MAX_SIZE}.")]


def neighbour_links(request: Request, p: Page, *, relative: bool = False) -> dict[str, str]:
    """``{"prev": url, "next": url}`` of the pages around *p* (only those that exist).

    The other query parameters (the filters) are kept; *relative* links (the pages) are
    path and query only.
    """
    links = {}
    for rel, number, exists in (("prev", p.page - 1, p.has_prev), ("next", p.page + 1, p.has_next)):
        if exists:
            url = request.url.include_query_params(page=number, size=p.size)
            links[rel] = f"{url.path}?{url.query}" if relative else str(url)
    return links


def link_header(request: Request, p: Page) -> dict[str, str]:
    """The ``Link`` header of *p* (empty when it is the only page)."""
    links = neighbour_links(request, p)
    if not links:
        return {}
    return {"Link": ", ".join(f'<{url}>; rel="{rel}"' for rel, url in links.items())}


def project_filters(
    region: Annotated[str | None, Query(max_length=20)] = None,
    pair_id: Annotated[str | None, Query(max_length=40)] = None,
    theme: Annotated[str | None, Query(max_length=40)] = None,
    status: Annotated[str | None, Query(max_length=20)] = None,
    funding: Annotated[str | None, Query(max_length=200)] = None,
    q: Annotated[str | None, Query(max_length=200)] = None,
) -> ProjectFilter:
    """The project registry's filters of a query string (an empty field of a form is no filter)."""
    return ProjectFilter(
        region=region or None,
        pair_id=pair_id or None,
        theme=theme or None,
        status=status or None,
        funding=funding or None,
        text=q or None,
    )


def request_filters(
    region: Annotated[str | None, Query(max_length=20)] = None,
    status: Annotated[str | None, Query(max_length=20)] = None,
    theme: Annotated[str | None, Query(max_length=40)] = None,
) -> RequestFilter:
    """The request registry's filters of a query string (an empty field of a form is no filter)."""
    return RequestFilter(region=region or None, status=status or None, theme=theme or None)


ProjectFilters = Annotated[ProjectFilter, Depends(project_filters)]
RequestFilters = Annotated[RequestFilter, Depends(request_filters)]

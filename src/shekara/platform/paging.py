"""Pages of the registries: ``page``/``size`` with limits, the total and the links around.

The request and project lists of the API and of the pages return one page at a time: the
default is :data:`DEFAULT_SIZE` rows, at most :data:`MAX_SIZE`; a page past the last one
is empty (not an error), so a list that shrank while someone paged does not fail them.

Example:
    >>> p = Page(items=[], total=120, page=2, size=50)
    >>> p.pages, p.has_prev, p.has_next, p.offset
    (3, True, True, 50)
    >>> Page(items=[], total=0, page=1, size=50).pages
    1
    >>> p.as_json()["total"]
    120
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Final

DEFAULT_SIZE: Final = 50
MAX_SIZE: Final = 200
#: The largest page number accepted (50 × 10 000 rows is far past any registry here).
MAX_PAGE: Final = 10_000


@dataclass(frozen=True)
class Page:
    """One page of a registry: its rows and where it sits among the others."""

    items: list[dict[str, Any]]
    total: int
    page: int
    size: int

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.size

    @property
    def pages(self) -> int:
        """Number of pages (at least 1, so an empty list still has its page 1)."""
        return max(1, -(-self.total // self.size))

    @property
    def has_prev(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.pages

    def as_json(self) -> dict[str, Any]:
        """The API's envelope: ``items``, ``total``, ``page``, ``size``."""
        return {"items": self.items, "total": self.total, "page": self.page, "size": self.size}


def window(items: list[dict[str, Any]], page: int, size: int) -> Page:
    """The page *page* of an in-memory list.

    >>> window([{"n": i} for i in range(5)], 2, 2).items
    [{'n': 2}, {'n': 3}]
    """
    start = (page - 1) * size
    return Page(items[start : start + size], len(items), page, size)


def clamp(page: int | None, size: int | None) -> tuple[int, int]:
    """A page number and size brought within the limits (pages never refuse a bad link).

    >>> clamp(0, 10_000), clamp(None, None), clamp(3, 5)
    ((1, 200), (1, 50), (3, 5))
    """
    return (
        min(max(page or 1, 1), MAX_PAGE),
        min(max(size or DEFAULT_SIZE, 1), MAX_SIZE),
    )

"""What the app holds between requests: the store engine and a small result cache.

Results of the services (assessment, sensitivity, the article reproduction, the
map, indicator pages as ready JSON bytes) are cached per *store fingerprint* and
parameters. The fingerprint is the data checksum and build time of the store plus
the newest audit-log entry, so a rebuild or an import makes every cached result
stale at once. It is read from the store at most once per
:data:`FINGERPRINT_TTL_S`: an import through the API resets it at once, a change
made by another process (``shekara data import``, ``db build``) is seen within
that time.

Example:
    >>> c = ResultCache(maxsize=2)
    >>> c.get_or_compute(("fp", "a"), lambda: 1), c.get_or_compute(("fp", "a"), lambda: 2)
    (1, 1)
    >>> c.hits, c.misses
    (1, 1)
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from typing import TypeVar

import sqlalchemy as sa
from fastapi import Request
from pydantic import BaseModel
from sqlalchemy.engine import Engine
from starlette.concurrency import run_in_threadpool
from starlette.responses import Response

T = TypeVar("T")


class ResultCache:
    """A thread-safe LRU of computed results (results are immutable or treated so)."""

    def __init__(self, maxsize: int = 256):
        self.maxsize = maxsize
        self._data: OrderedDict[Hashable, object] = OrderedDict()
        self._lock = threading.Lock()
        self.hits = 0
        self.misses = 0

    def get_or_compute(self, key: Hashable, compute: Callable[[], T]) -> T:
        with self._lock:
            if key in self._data:
                self._data.move_to_end(key)
                self.hits += 1
                return self._data[key]  # type: ignore[return-value]
        value = compute()  # outside the lock: two threads may compute the same key once each
        with self._lock:
            self.misses += 1
            self._data[key] = value
            self._data.move_to_end(key)
            while len(self._data) > self.maxsize:
                self._data.popitem(last=False)
        return value

    def get(self, key: Hashable) -> object | None:
        with self._lock:
            value = self._data.get(key)
            if value is not None:
                self._data.move_to_end(key)
                self.hits += 1
            return value

    def put(self, key: Hashable, value: object) -> None:
        with self._lock:
            self.misses += 1
            self._data[key] = value
            while len(self._data) > self.maxsize:
                self._data.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._data.clear()


_FINGERPRINT_SQL = sa.text(
    "SELECT (SELECT value FROM meta WHERE key = 'data_checksum'),"
    " (SELECT value FROM meta WHERE key = 'built_at'),"
    " (SELECT MAX(id) FROM audit_log)"
)


def store_fingerprint(engine: Engine) -> str:
    """Changes whenever the store's content may have changed (rebuild or import)."""
    try:
        with engine.connect() as conn:
            checksum, built, last = conn.execute(_FINGERPRINT_SQL).one()
    except sa.exc.SQLAlchemyError:
        return "no-store"
    return f"{checksum}|{built}|{last}"


#: Seconds a fingerprint read from the store is trusted.
FINGERPRINT_TTL_S = 1.0


@dataclass
class WebState:
    """Shared by all requests of one app (``app.state.shekara``)."""

    engine: Engine
    database_url: str
    features: dict[str, bool] = field(default_factory=dict)
    cache: ResultCache = field(default_factory=lambda: ResultCache(maxsize=1024))
    _fingerprint: tuple[float, str] = (0.0, "")

    def fingerprint(self) -> str:
        """The store fingerprint, re-read at most once per :data:`FINGERPRINT_TTL_S`."""
        read_at, value = self._fingerprint
        now = time.monotonic()
        if not value or now - read_at > FINGERPRINT_TTL_S:
            value = store_fingerprint(self.engine)
            self._fingerprint = (now, value)
        return value

    def invalidate(self) -> None:
        """Forget every cached result (after a write through the API)."""
        self._fingerprint = (0.0, "")
        self.cache.clear()

    def cached(self, key: tuple[Hashable, ...], compute: Callable[[], T]) -> T:
        """*compute()* once per store fingerprint and *key*."""
        return self.cache.get_or_compute((self.fingerprint(), *key), compute)

    @property
    def local_store(self) -> bool:
        """An SQLite file: reads take well under a millisecond and never wait on a network."""
        return self.engine.dialect.name == "sqlite"

    async def cached_json(
        self, key: tuple[Hashable, ...], compute: Callable[[], BaseModel], *, quick: bool = False
    ) -> Response:
        """The JSON of *compute()*'s model, cached as bytes: a hit is answered without
        leaving the event loop; a miss computes in the thread pool — or, for a *quick*
        read of a local SQLite store, right in the loop (a thread hop and the GIL
        hand-over between dozens of threads cost more than the query)."""
        full = (self.fingerprint(), "json", *key)
        body = self.cache.get(full)
        if not isinstance(body, bytes):
            model = compute() if quick and self.local_store else await run_in_threadpool(compute)
            body = model.model_dump_json().encode("utf-8")
            self.cache.put(full, body)
        return Response(body, media_type="application/json")


async def web_state(request: Request) -> WebState:
    """FastAPI dependency: the app's :class:`WebState`."""
    state: WebState = request.app.state.shekara
    return state

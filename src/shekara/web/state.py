"""What the app holds between requests: the store engine and a small result cache.

Results of the services (assessment, sensitivity, the article reproduction, the
map, indicator pages as ready JSON bytes) are cached per *store fingerprint* and
parameters. The fingerprint is the build id and build time of the store plus
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

import os
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from typing import TypeVar

import sqlalchemy as sa
from fastapi import Request
from sqlalchemy.engine import Engine
from starlette.concurrency import run_in_threadpool
from starlette.responses import Response

from shekara.kb.locking import is_lock_error, store_token
from shekara.plain import to_json

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


def store_fingerprint(engine: Engine) -> str:
    """Changes whenever the store's content may have changed (rebuild or import).

    A store that cannot be read now (locked, missing) raises: a cached result must
    not be served under a fingerprint that says nothing.
    """
    try:
        return "|".join(map(str, store_token(engine)))
    except sa.exc.OperationalError as exc:
        if is_lock_error(exc):
            raise
        return "no-store"
    except sa.exc.ProgrammingError:
        return "no-store"


def file_identity(url: str) -> tuple[int, int] | None:
    """(device, inode) of a SQLite store's file, ``None`` for a server database or no file."""
    if not url.startswith("sqlite:///"):
        return None
    try:
        st = os.stat(url.removeprefix("sqlite:///"))
    except OSError:
        return None
    return (st.st_dev, st.st_ino)


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
    _file: tuple[int, int] | None = None

    def __post_init__(self) -> None:
        self._file = file_identity(self.database_url)

    def fresh_fingerprint(self) -> str | None:
        """The fingerprint if it was read less than :data:`FINGERPRINT_TTL_S` ago (no I/O)."""
        read_at, value = self._fingerprint
        return value if value and time.monotonic() - read_at <= FINGERPRINT_TTL_S else None

    def fingerprint(self) -> str:
        """The store fingerprint, re-read at most once per :data:`FINGERPRINT_TTL_S`.

        Re-reading it also follows the store: if the SQLite file was replaced (restored
        from a backup, or built by an older version that swapped files), the pooled
        connections to the old file are dropped, so reads and writes go to the new one.
        """
        value = self.fresh_fingerprint()
        if value is None:
            self.follow_store()
            value = store_fingerprint(self.engine)
            self._fingerprint = (time.monotonic(), value)
        return value

    def follow_store(self) -> None:
        """Reconnect if the store's file is not the one the pooled connections have open."""
        current = file_identity(self.database_url)
        if current != self._file:
            self.engine.dispose()
            self._file = current

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
        self, key: tuple[Hashable, ...], compute: Callable[[], object]
    ) -> Response:
        """The JSON of *compute()*'s result (a service result or a model), cached as bytes: a hit is answered without
        leaving the event loop; everything that reads the store (the fingerprint when it
        is due, a miss) runs in the thread pool, so a locked store never stalls the loop."""
        fp = self.fresh_fingerprint() or await run_in_threadpool(self.fingerprint)
        full = (fp, "json", *key)
        body = self.cache.get(full)
        if not isinstance(body, bytes):
            body = await run_in_threadpool(lambda: to_json(compute()))
            self.cache.put(full, body)
        return Response(body, media_type="application/json")


async def web_state(request: Request) -> WebState:
    """FastAPI dependency: the app's :class:`WebState`."""
    state: WebState = request.app.state.shekara
    return state

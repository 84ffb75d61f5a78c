"""How ``shekara serve`` runs uvicorn: header-read and keep-alive timeouts.

uvicorn closes an idle keep-alive connection after :data:`KEEP_ALIVE_S`, but a client
that opens a connection and sends its request head slowly (or never finishes it) is
kept forever — enough of them exhaust the server. :class:`HeaderTimeoutProtocol` closes
a connection whose request head is not complete within :data:`HEADER_TIMEOUT_S` of the
connection (or of the previous response).
"""

from __future__ import annotations

import asyncio
from typing import Any

from uvicorn.protocols.http.h11_impl import H11Protocol

#: Seconds a client has to send a complete request head.
HEADER_TIMEOUT_S = 10.0
#: Seconds an idle keep-alive connection stays open.
KEEP_ALIVE_S = 5


class HeaderTimeoutProtocol(H11Protocol):
    """uvicorn's h11 protocol with a deadline for the request head."""

    _header_timer: asyncio.TimerHandle | None = None

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._arm()

    def data_received(self, data: bytes) -> None:
        super().data_received(data)
        if self._in_request():
            self._disarm()

    def on_response_complete(self) -> None:
        super().on_response_complete()
        if not self._in_request():  # (a pipelined request may already be running)
            self._arm()

    def connection_lost(self, exc: Exception | None) -> None:
        self._disarm()
        super().connection_lost(exc)

    def _in_request(self) -> bool:
        return self.cycle is not None and not self.cycle.response_complete

    def _arm(self) -> None:
        self._disarm()
        self._header_timer = self.loop.call_later(HEADER_TIMEOUT_S, self._expire)

    def _disarm(self) -> None:
        if self._header_timer is not None:
            self._header_timer.cancel()
            self._header_timer = None

    def _expire(self) -> None:
        self._header_timer = None
        if not self._in_request() and not self.transport.is_closing():
            self.transport.close()


def server_options() -> dict[str, Any]:
    """The uvicorn options of ``shekara serve`` (also used by the fault tests)."""
    return {"http": HeaderTimeoutProtocol, "timeout_keep_alive": KEEP_ALIVE_S}

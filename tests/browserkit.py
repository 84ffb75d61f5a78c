"""What every browser test needs: Debian's chromium, the app on loopback, one launch.

The dashboard, flood and platform browser tests share these, so the skip rule, the
server start-up and the browser flags are written once.

- :func:`require_chromium` skips the calling module when ``/usr/bin/chromium`` is missing,
  or fails it when ``SHEKARA_REQUIRE_BROWSER`` is set (CI sets it: there a missing browser
  must not pass silently).
- :func:`serve` runs an ASGI app with uvicorn on 127.0.0.1 and a free port in a thread.
- :func:`launch` starts headless chromium through Playwright (never a downloaded browser).
"""

from __future__ import annotations

import os
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def require_chromium() -> None:
    """Skip (or, with ``SHEKARA_REQUIRE_BROWSER``, fail) the importing module without chromium."""
    if CHROMIUM.exists():
        return
    if os.environ.get("SHEKARA_REQUIRE_BROWSER"):
        pytest.fail(
            f"{CHROMIUM} is missing but SHEKARA_REQUIRE_BROWSER is set: install Debian's 'chromium'",
            pytrace=False,
        )
    pytest.skip(
        f"{CHROMIUM} not found (Debian package 'chromium'); set SHEKARA_REQUIRE_BROWSER to fail instead",
        allow_module_level=True,
    )


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
    return port


@contextmanager
def serve(app: Any) -> Iterator[str]:
    """*app* served by uvicorn on loopback in a background thread; yields its origin."""
    import uvicorn

    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("uvicorn did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


@contextmanager
def launch() -> Iterator[Any]:
    """Headless Debian chromium driven by Playwright; yields the ``Browser``."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()

"""The fault suite: every test under ``tests/faults`` carries the ``faults`` marker.

``serve`` runs the real app under uvicorn on 127.0.0.1 in a thread, for tests that need
concurrent requests (the in-process test client cannot show a stalled event loop).
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path

import pytest
import uvicorn

from shekara.web.app import create_app
from shekara.web.serving import server_options

HERE = Path(__file__).parent


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if HERE in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.faults)


@contextmanager
def serving(url: str) -> Iterator[str]:
    """Serve the app over the store at *url*; yield its base URL; stop it afterwards."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    config = uvicorn.Config(
        create_app(url), log_level="warning", lifespan="off", **server_options()
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the test server did not start")
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=15)
        sock.close()


@pytest.fixture
def serve() -> Callable[[str], AbstractContextManager[str]]:
    """``with serve(url) as base_url: ...``: the app over *url* on a free local port."""
    return serving

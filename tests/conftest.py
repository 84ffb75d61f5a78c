"""Shared fixtures: the shipped store built once per session, a scratch copy of the data
package, SQLite stores and a real PostgreSQL.

``built_store`` is THE store built from the shipped data package: built once per session
(about a second) and read-only for every test (``engine_ro``, ``store_url_ro``); a test
that writes takes ``scratch_url``, a private copy of the file.

The PostgreSQL server is started from Debian's binaries (``/usr/lib/postgresql/*/bin``)
in a temporary folder, listening only on a Unix socket, and stopped at the end of the
session. When the binaries are absent the PostgreSQL tests fail with a message saying
so unless ``SHEKARA_SKIP_POSTGRES=1`` is set (``make test`` installs them).
"""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa

from shekara.kb.store import build, make_engine
from shekara.paths import default_data_dir

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(autouse=True)
def _fresh_table_options() -> Iterator[None]:
    """Each test starts with the CLI's table defaults: ``--columns``, ``--no-source`` and
    ``--lang`` are process-wide settings, and a sub-app built by a test (without the main
    app's table options) would otherwise inherit what an earlier test chose."""
    from shekara.output import set_no_source, set_table_columns, set_table_lang

    set_table_columns()
    set_no_source(False)
    set_table_lang("en")
    yield


@pytest.fixture(autouse=True)
def _no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    """No test may reach the network: only Unix sockets and loopback are allowed."""
    real_connect = socket.socket.connect

    def guarded(self: socket.socket, address: object) -> object:
        if self.family == socket.AF_UNIX:
            return real_connect(self, address)  # type: ignore[arg-type]
        host = address[0] if isinstance(address, tuple) else str(address)
        if host not in ("127.0.0.1", "::1", "localhost"):
            raise RuntimeError(f"test tried to reach the network: {address!r}")
        return real_connect(self, address)  # type: ignore[arg-type]

    monkeypatch.setattr(socket.socket, "connect", guarded)


@pytest.fixture(scope="session")
def built_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The store built from the shipped data package, once per session (read-only)."""
    path = tmp_path_factory.mktemp("shipped-kb") / "kb.sqlite"
    build(f"sqlite:///{path}")
    return path


@pytest.fixture(scope="session")
def store_url_ro(built_store: Path) -> str:
    return f"sqlite:///{built_store}"


@pytest.fixture(scope="session")
def engine_ro(store_url_ro: str) -> Iterator[sa.Engine]:
    engine = make_engine(store_url_ro)
    yield engine
    engine.dispose()


@pytest.fixture
def scratch_url(built_store: Path, tmp_path: Path) -> str:
    """A private copy of the built store, for tests that write."""
    dst = tmp_path / "kb.sqlite"
    shutil.copy(built_store, dst)
    return f"sqlite:///{dst}"


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    """A writable copy of the shipped data package (for tests that corrupt it)."""
    dst = tmp_path / "data"
    shutil.copytree(default_data_dir(), dst)
    return dst


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'kb.sqlite'}"


def _pg_bin() -> Path | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"))
    return Path(found[-1]).parent if found else None


def _as_postgres(cmd: list[str]) -> list[str]:
    # PostgreSQL refuses to run as root; CI runs as root, so drop to the 'postgres' user.
    return ["runuser", "-u", "postgres", "--", *cmd] if os.geteuid() == 0 else cmd


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[str]:
    """A throw-away PostgreSQL cluster; yields a base URL without a database name."""
    if os.environ.get("SHEKARA_SKIP_POSTGRES") == "1":
        pytest.skip("SHEKARA_SKIP_POSTGRES=1")
    bindir = _pg_bin()
    if bindir is None:
        pytest.fail("PostgreSQL binaries not found: install Debian's 'postgresql' (make test does)")
    root = Path(tempfile.mkdtemp(prefix="shekara-pg-"))
    data, sock = root / "data", root / "sock"
    sock.mkdir()
    if os.geteuid() == 0:
        shutil.chown(root, "postgres")
        shutil.chown(sock, "postgres")
    subprocess.run(
        _as_postgres(
            [
                str(bindir / "initdb"),
                "-D",
                str(data),
                "-U",
                "postgres",
                "--auth=trust",
                "-E",
                "UTF8",
                "--locale=C.UTF-8",
            ]
        ),
        check=True,
        capture_output=True,
    )
    opts = f"-c listen_addresses='' -c unix_socket_directories={sock} -c fsync=off"
    subprocess.run(
        _as_postgres(
            [
                str(bindir / "pg_ctl"),
                "-D",
                str(data),
                "-o",
                opts,
                "-w",
                "-l",
                str(root / "log"),
                "start",
            ]
        ),
        check=True,
        capture_output=True,
    )
    try:
        yield f"postgresql+psycopg://postgres@/{{db}}?host={sock}"
    finally:
        subprocess.run(
            _as_postgres([str(bindir / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"]),
            capture_output=True,
        )
        shutil.rmtree(root, ignore_errors=True)


_pg_counter = iter(range(10_000))


@pytest.fixture
def postgres_url(postgres_server: str) -> str:
    """A fresh, empty database on the session's PostgreSQL server."""
    import sqlalchemy as sa

    name = f"shekara_test_{next(_pg_counter)}"
    admin = sa.create_engine(postgres_server.format(db="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}"'))
        conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return postgres_server.format(db=name)


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """The same test against SQLite and a real PostgreSQL server."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'kb.sqlite'}"
    return str(request.getfixturevalue("postgres_url"))

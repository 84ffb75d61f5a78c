"""Fixtures of the report tests: one store, and the report built once per language.

The builds run with the network cut off: every way Python opens a connection or
resolves a name is patched to record the attempt and raise, so a build that
tried to fetch anything would fail, and the tests also check that nothing was
attempted.
"""

from __future__ import annotations

import socket
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from pypdf import PdfReader

from shekara.report import ReportPaths, SensitivitySettings, build_report
from shekara.services.assessment import AssessmentOptions

LANGS = ("kk", "ru", "en")
AS_OF = 2024
# Fewer draws than the default keep the tier fast; the section is the same.
SETTINGS = SensitivitySettings(draws=2_000, seed=7)


@contextmanager
def network_cut() -> Iterator[list[str]]:
    """Patch sockets so that any connection or name lookup is recorded and refused."""
    attempts: list[str] = []

    def refuse(what: str) -> Any:
        def _refuse(*args: Any, **kwargs: Any) -> Any:
            attempts.append(f"{what}{args[1:] if what.startswith('socket.') else args}")
            raise OSError(f"network access during the report build: {what}")

        return _refuse

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(socket.socket, "connect", refuse("socket.connect"))
        mp.setattr(socket.socket, "connect_ex", refuse("socket.connect_ex"))
        mp.setattr(socket, "create_connection", refuse("create_connection"))
        mp.setattr(socket, "getaddrinfo", refuse("getaddrinfo"))
        yield attempts


@dataclass(frozen=True)
class Built:
    lang: str
    paths: ReportPaths
    html: str
    pdf_text: str
    pdf: PdfReader
    network_attempts: tuple[str, ...]


@pytest.fixture(scope="session")
def report_engine(engine_ro: sa.Engine) -> sa.Engine:
    """The session's shipped store (tests/conftest.py)."""
    return engine_ro


@pytest.fixture
def build_html(report_engine: sa.Engine) -> Callable[..., Path]:
    """An HTML-only build with the test settings, offline: ``build_html(out, lang, now)``."""

    def _build(out: Path, lang: str = "en", now: datetime | None = None) -> Path:
        with network_cut():
            paths = build_report(
                report_engine,
                out,
                lang,
                AssessmentOptions(as_of=AS_OF),
                sensitivity=SETTINGS,
                pdf=False,
                now=now,
            )
        return paths.html

    return _build


@pytest.fixture(scope="session")
def reports(report_engine: sa.Engine, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Built]:
    """The full report (HTML + PDF) in every language, built once for the session."""
    out: dict[str, Built] = {}
    for lang in LANGS:
        with network_cut() as attempts:
            paths = build_report(
                report_engine,
                tmp_path_factory.mktemp(f"report-{lang}"),
                lang,
                AssessmentOptions(as_of=AS_OF),
                sensitivity=SETTINGS,
            )
        assert paths.pdf is not None
        reader = PdfReader(str(paths.pdf))
        text = "\n".join(page.extract_text() or "" for page in reader.pages)
        out[lang] = Built(
            lang,
            paths,
            paths.html.read_text(encoding="utf-8"),
            text,
            reader,
            tuple(attempts),
        )
    return out

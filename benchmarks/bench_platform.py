"""Platform benchmark: argon2id cost, login through the API, and the registries at scale.

Usage::

    .venv/bin/python benchmarks/bench_platform.py            # print, update docs/performance.md
    .venv/bin/python benchmarks/bench_platform.py --no-write

Builds a store in a temporary folder, seeds two organisations and a participant, files
``--requests`` requests and ``--projects`` projects through the services, then times:
argon2id hashing and verification (the deliberate cost of a login), ``POST
/api/platform/login`` in-process, and listing requests (visibility is decided per row) and
projects (with statistics). Only the "## Platform" section of docs/performance.md is written.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from fastapi.testclient import TestClient

from bench_assessment import write_section
from shekara.kb.store import build
from shekara.platform import accounts, projects, security
from shekara.platform import problem_requests as reqs
from shekara.platform.accounts import ANONYMOUS, SYSTEM
from shekara.platform.db import platform_engine
from shekara.platform.mapcounts import project_counts
from shekara.web.app import create_app

SECTION = "## Platform"
#: The same command before the registries had pages (commit a33eff0, the whole list in one
#: answer), run on the same machine on 2026-12-01 just before the paged version.
BEFORE_PAGING = """
Before paging (commit a33eff0, same command, same machine, 2026-12-01): `GET /api/platform/projects`
with 1,000 rows + statistics 754.5 ms (min 566.2), the `/platform/projects` page with 1,000 rows
825.9 ms (min 619.0), `GET /api/platform/requests` (2,000 rows, anonymous) 197.8 ms (min 87.7).
A page now reads 50 rows; the statistics still read the five columns they count of every match.
The machine was busier during the earlier run (its argon2id hash took 848 ms against 602 ms), so
the ratio is indicative; the difference (about 10× for the JSON list) is far larger than the noise.
"""
PASSWORD = "correct horse battery staple"


def median_ms(fn: Callable[[], object], repeat: int) -> tuple[float, float]:
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t) * 1000)
    return statistics.median(times), min(times)


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--requests", type=int, default=2000)
    ap.add_argument("--projects", type=int, default=1000)
    ap.add_argument("--repeat", type=int, default=7)
    ap.add_argument("--no-write", action="store_true")
    args = ap.parse_args()
    url = f"sqlite:///{Path(tempfile.mkdtemp(prefix='shekara-bench-')) / 'kb.sqlite'}"
    build(url)
    engine = platform_engine(url)
    kz = accounts.create_org(engine, "Akimat", "akimat", "KZ", "KZ-55", actor=SYSTEM)
    ru = accounts.create_org(engine, "University", "university", "RU", "RU-OMS", actor=SYSTEM)
    user = accounts.create_user(engine, "p", "P", PASSWORD, "participant", org_id=kz, actor=SYSTEM)
    for i in range(args.requests):
        data = reqs.RequestIn(f"Request {i}", "text", "trade", ["KZ-55"], None, "ru")
        reqs.create_request(engine, user, data, submit=i % 2 == 0)
    for i in range(args.projects):
        projects.create_project(
            engine,
            user,
            projects.ProjectIn(f"Project {i}", "text", "trade", "running", ["KZ-55", "RU-OMS"],
                               None, 1000.0 + i, "KZT", "own funds", None, None, kz, [ru]),
        )  # fmt: skip
    hashed = security.hash_password(PASSWORD)
    rows = [
        ("argon2id hash (argon2-cffi defaults)", *median_ms(lambda: security.hash_password(PASSWORD), args.repeat)),
        ("argon2id verify", *median_ms(lambda: security.verify_password(hashed, PASSWORD), args.repeat)),
    ]  # fmt: skip
    with TestClient(create_app(url), base_url="https://testserver") as c:
        creds = {"username": "p", "password": PASSWORD}
        rows.append(("`POST /api/platform/login` (in-process)",
                     *median_ms(lambda: c.post("/api/platform/login", json=creds), args.repeat)))  # fmt: skip
        rows.append((f"`GET /api/platform/requests`, {args.requests:,} rows, anonymous, first page",
                     *median_ms(lambda: c.get("/api/platform/requests"), args.repeat)))  # fmt: skip
        rows.append((f"`GET /api/platform/projects`, {args.projects:,} rows: a page of 50 + statistics of all",
                     *median_ms(lambda: c.get("/api/platform/projects"), args.repeat)))  # fmt: skip
        rows.append((f"`GET /api/platform/projects?size=200`, {args.projects:,} rows",
                     *median_ms(lambda: c.get("/api/platform/projects?size=200"), args.repeat)))  # fmt: skip
        rows.append((f"`GET /platform/projects` page, {args.projects:,} rows: 50 shown, map with badges",
                     *median_ms(lambda: c.get("/platform/projects"), args.repeat)))  # fmt: skip
    rows.append((f"project counts of the map badges, {args.projects:,} projects",
                 *median_ms(lambda: project_counts(engine, ANONYMOUS), args.repeat)))  # fmt: skip
    body = (
        f"Machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}. "
        f"Command: `.venv/bin/python benchmarks/bench_platform.py` (median of {args.repeat}; "
        "SQLite store, machine shared with other jobs; 7 logins stay under the limit of 10 a minute).\n\n"
        "| task | median | min |\n|---|---|---|\n"
        + "".join(f"| {name} | {med:.1f} ms | {low:.1f} ms |\n" for name, med, low in rows)
        + BEFORE_PAGING
    )
    print(body)
    if not args.no_write:
        write_section(body, SECTION)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

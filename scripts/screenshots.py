"""Screenshot every dashboard page in kk and ru at 1366 and 390 px into docs/screenshots/.

Serves the app on loopback (uvicorn in a thread), drives Debian's chromium through
Playwright and blocks every request that leaves the origin (nothing reaches the network).
The store is a scratch copy of the SQLite store of SHEKARA_DATABASE_URL (build it first with
``shekara db build``): the platform pages need a signed-in account, so the copy gets one
reader account with a random password, and the flood page needs bulletins, so the copy gets
the seeded exercise season (``scripts/make_exercise_season.py``; the page marks it "exercise,
not observed"). The store you use is never written. Run::

    .venv/bin/python scripts/screenshots.py [--out docs/screenshots] [--only map]

Files: ``<page>-<lang>-<width>.png``: device scale 1, full page cut at MAX_HEIGHT px, a
64-colour palette, so the folder stays small in git; ``README.md`` indexes them. The
pages are :data:`PAGES` (every ``GET`` page of ``web/pages`` that shows something without
input; the form pages that only a participant may open are left out).
"""

from __future__ import annotations

import argparse
import secrets
import shutil
import socket
import tempfile
import threading
import time
from pathlib import Path

import uvicorn
from playwright.sync_api import Page, Route, sync_playwright

from shekara.paths import default_database_url
from shekara.services.flood.exchange import import_bulletin, write_table
from shekara.services.flood.exercise import DEFAULT_DAYS, DEFAULT_SEED, exercise_rows
from shekara.web.app import create_app

CHROMIUM = "/usr/bin/chromium"
#: name → (path, whether the page needs a signed-in account)
PAGES: dict[str, tuple[str, bool]] = {
    "map": ("/?as_of=2018", False),
    "explorer": ("/explorer", False),
    "assessment": ("/assessment", False),
    "pair": ("/pairs/KZ-59:RU-OMS", False),
    "water": ("/water", False),
    "population": ("/population", False),
    "flood": ("/flood", False),
    "flood-outlook": ("/flood/outlook", False),
    "crossings": ("/crossings", False),
    "crossing": ("/crossings/isilkul", False),
    "platform-login": ("/platform/login", False),
    "platform": ("/platform", True),
    "platform-requests": ("/platform/requests", True),
    "platform-projects": ("/platform/projects", True),
    "platform-knowledge": ("/platform/knowledge", True),
}
WIDTHS = (1366, 390)
LANGS = ("kk", "ru")
MAX_HEIGHT = 3000
USER = "screenshots"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _shrink(path: Path) -> None:
    """64-colour palette PNG cut at MAX_HEIGHT: legible, and a fraction of the size.

    Octree quantisation keeps the small saturated marks (alert dots, legend swatches) that a
    median cut over 32 colours merged into grey: the flood map's green/amber/red read as one.
    """
    from PIL import Image

    with Image.open(path) as im:
        rgb = im.convert("RGB")
        if rgb.height > MAX_HEIGHT:
            rgb = rgb.crop((0, 0, rgb.width, MAX_HEIGHT))
        small = rgb.quantize(colors=64, method=Image.Quantize.FASTOCTREE)
    small.save(path, optimize=True)


def _scratch_store(folder: Path) -> tuple[str, str]:
    """A copy of the SQLite store with a reader account; (database url, password)."""
    from shekara.kb.store import make_engine
    from shekara.platform import accounts

    url = default_database_url()
    if not url.startswith("sqlite:///"):
        raise SystemExit("screenshots need a SQLite store (SHEKARA_DATABASE_URL=sqlite:///…)")
    copy = folder / "store.sqlite"
    shutil.copyfile(url.removeprefix("sqlite:///"), copy)
    scratch = f"sqlite:///{copy}"
    password = secrets.token_urlsafe(18)
    engine = make_engine(scratch)
    accounts.create_user(engine, USER, "Reader", password, "reader", actor=accounts.SYSTEM)
    season = folder / "exercise-season.csv"
    write_table(exercise_rows(seed=DEFAULT_SEED, days=DEFAULT_DAYS), season)
    import_bulletin(engine, season, actor="screenshots")
    engine.dispose()
    return scratch, password


def _login(page: Page, origin: str, password: str) -> None:
    page.goto(f"{origin}/platform/login")
    page.fill("#username", USER)
    page.fill("#password", password)
    page.click("#login-submit")
    page.wait_for_url("**/platform")


def write_index(out: Path) -> Path:
    """``README.md``: one row per page, a link per language and width, and the folder's size."""
    shots = sorted(out.glob("*.png"))
    total = sum(f.stat().st_size for f in shots)
    lines = [
        "# Dashboard screenshots",
        "",
        "Every dashboard page in Kazakh and Russian at 1366 px and 390 px, written by",
        "`scripts/screenshots.py` (chromium headless, device scale 1, full page cut at",
        f"{MAX_HEIGHT} px, 64-colour PNG). Re-run after a change to the pages::",
        "",
        "    .venv/bin/shekara db build && .venv/bin/python scripts/screenshots.py",
        "",
        f"{len(shots)} files, {total / 1e6:.1f} MB in all.",
        "",
        "Left out: a request's and a project's own page (the shipped store holds none), the",
        "forms for a new request or project (participants only) and `/lang/…` (a redirect).",
        "The flood page shows the seeded exercise season, marked on the page as not observed.",
        "",
        "| page | path | kk 1366 | kk 390 | ru 1366 | ru 390 |",
        "|---|---|---|---|---|---|",
    ]
    for name, (path, signed_in) in PAGES.items():
        cells = []
        for lang in LANGS:
            for width in WIDTHS:
                f = f"{name}-{lang}-{width}.png"
                cells.append(f"[{lang} {width}]({f})" if (out / f).exists() else "—")
        note = " (signed in)" if signed_in else ""
        lines.append(f"| {name} | `{path}`{note} | " + " | ".join(cells) + " |")
    index = out / "README.md"
    index.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return index


def main() -> None:
    ap = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    ap.add_argument("--out", type=Path, default=Path("docs/screenshots"))
    ap.add_argument("--only", action="append", help="page name(s) to take (default: all)")
    args = ap.parse_args()
    out: Path = args.out
    pages = {k: v for k, v in PAGES.items() if not args.only or k in args.only}
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="shekara-shots-") as tmp:
        url, password = _scratch_store(Path(tmp))
        port = _free_port()
        server = uvicorn.Server(
            uvicorn.Config(create_app(url), host="127.0.0.1", port=port, log_level="warning")
        )
        thread = threading.Thread(target=server.run, daemon=True)
        thread.start()
        while not server.started:
            time.sleep(0.05)
        origin = f"http://127.0.0.1:{port}"

        def guard(route: Route) -> None:
            if route.request.url.startswith(origin):
                route.continue_()
            else:
                route.abort()

        try:
            with sync_playwright() as p:
                browser = p.chromium.launch(
                    executable_path=CHROMIUM, args=["--no-sandbox", "--disable-dev-shm-usage"]
                )
                for width in WIDTHS:
                    context = browser.new_context(
                        viewport={"width": width, "height": 900}, device_scale_factor=1
                    )
                    context.route("**/*", guard)
                    page = context.new_page()
                    _login(page, origin, password)
                    for lang in LANGS:
                        for name, (path, _signed_in) in pages.items():
                            sep = "&" if "?" in path else "?"
                            if name == "platform-login":
                                # the form as a visitor sees it: a fresh context, no session
                                visitor = browser.new_page(viewport={"width": width, "height": 900})
                                visitor.route("**/*", guard)
                                shot_page = visitor
                            else:
                                shot_page = page
                            shot_page.goto(f"{origin}{path}{sep}lang={lang}")
                            shot_page.wait_for_load_state("networkidle")
                            target = out / f"{name}-{lang}-{width}.png"
                            shot_page.screenshot(path=str(target), full_page=True)
                            if shot_page is not page:
                                shot_page.close()
                            _shrink(target)
                            print(target, target.stat().st_size)
                    context.close()
                browser.close()
        finally:
            server.should_exit = True
            thread.join(timeout=10)
    print(write_index(out))


if __name__ == "__main__":
    main()

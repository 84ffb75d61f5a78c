"""Screenshot every dashboard page in kk and ru at 1366 and 390 px into docs/screenshots/.

Serves the app on loopback (uvicorn in a thread) from the store of SHEKARA_DATABASE_URL (build
it first with ``shekara db build``), drives Debian's chromium through Playwright and blocks every
request that leaves the origin (nothing reaches the network). Run::

    .venv/bin/python scripts/screenshots.py [--out docs/screenshots]

Files: ``<page>-<lang>-<width>.png`` (full page, 128-colour palette).
"""

from __future__ import annotations

import argparse
import socket
import threading
import time
from pathlib import Path

import uvicorn
from playwright.sync_api import Route, sync_playwright

from shekara.paths import default_database_url
from shekara.web.app import create_app

CHROMIUM = "/usr/bin/chromium"
PAGES = {
    "border": "/",
    "explorer": "/explorer",
    "assessment": "/assessment",
    "pair": "/pairs/KZ-59:RU-OMS",
    "water": "/water",
    "population": "/population",
    "flood": "/flood",
}
WIDTHS = (1366, 390)
LANGS = ("kk", "ru")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _shrink(path: Path) -> None:
    """128-colour palette PNG: a third of the size, still legible (the folder is in git)."""
    from PIL import Image

    with Image.open(path) as im:
        small = im.convert("RGB").quantize(colors=128, method=Image.Quantize.MEDIANCUT)
    small.save(path, optimize=True)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", type=Path, default=Path("docs/screenshots"))
    out: Path = ap.parse_args().out
    out.mkdir(parents=True, exist_ok=True)
    port = _free_port()
    server = uvicorn.Server(
        uvicorn.Config(
            create_app(default_database_url()), host="127.0.0.1", port=port, log_level="warning"
        )
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
                page = browser.new_page(viewport={"width": width, "height": 900})
                page.route("**/*", guard)
                for lang in LANGS:
                    for name, path in PAGES.items():
                        page.goto(f"{origin}{path}?lang={lang}")
                        page.wait_for_load_state("networkidle")
                        target = out / f"{name}-{lang}-{width}.png"
                        page.screenshot(path=str(target), full_page=True)
                        _shrink(target)
                        print(target)
                page.close()
            browser.close()
    finally:
        server.should_exit = True
        thread.join(timeout=10)


if __name__ == "__main__":
    main()

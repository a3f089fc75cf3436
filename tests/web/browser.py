"""Support for the browser tests: a live server in a thread, Chromium, axe-core, screenshots."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import uvicorn
from starlette.applications import Starlette

from bonds.engine import Opening, World
from bonds.web.app import create_app
from bonds.web.server import bind

from .support import ROOT

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu",
                 "--disable-background-networking", "--disable-component-update",
                 "--no-first-run", "--disable-sync"]
SHOTS = ROOT / "screenshots"
"""Where the tests leave screenshots (gitignored; the README names it)."""
AXE = Path(__file__).resolve().parent / "vendor" / "axe.min.js"


def chromium() -> Iterator[Any]:
    """Chromium for one test module: the body of its module-scoped ``browser`` fixture (a
    Playwright session left open would stop other modules' sync Playwright: it keeps an
    event loop running). Skips the module where Chromium is not installed."""
    sync_api = pytest.importorskip("playwright.sync_api")
    if not CHROMIUM.exists():
        pytest.skip("Chromium is not installed (apt-get install chromium)")
    with sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


class LiveServer:
    """The app for a pack (or an app given), served over loopback from a background thread."""

    def __init__(self, world: World | None, db_url: str = "", seed: int = 0,
                 opening: Opening | None = None, app: Starlette | None = None) -> None:
        if app is None:
            assert world is not None, "a pack or an app to serve"
            app = create_app(world, db_url, seed=seed, opening=opening)
        self.app = app
        self.sock = bind("127.0.0.1", 0, fallback=False)
        self.url = f"http://127.0.0.1:{self.sock.getsockname()[1]}"
        self.server = uvicorn.Server(uvicorn.Config(self.app, log_level="warning",
                                                    lifespan="on"))
        self.thread = threading.Thread(target=self.server.run,
                                       kwargs={"sockets": [self.sock]}, daemon=True)
        self.thread.start()
        deadline = time.monotonic() + 20
        while not self.server.started:
            assert time.monotonic() < deadline, "the test server did not start"
            time.sleep(0.02)

    def stop(self) -> None:
        """Shut the server down and wait for it."""
        self.server.should_exit = True
        self.thread.join(timeout=10)
        self.sock.close()


def settle(page: Any) -> None:
    """Wait for the arrival animation to finish (it fades the new text in)."""
    for _ in range(100):
        if page.evaluate("() => document.getAnimations().every(a => a.playState !== 'running')"):
            return
        time.sleep(0.05)


def serious_violations(page: Any) -> list[str]:
    """axe-core's serious and critical violations on the page, one line each."""
    settle(page)
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.evaluate(AXE.read_text(encoding="utf-8") + "\n;0")
    result = page.evaluate("async () => (await axe.run(document, {resultTypes: ['violations']}))"
                           ".violations.map(v => ({id: v.id, impact: v.impact, help: v.help, "
                           "nodes: v.nodes.map(n => n.target.join(' '))}))")
    return [f"{v['id']} ({v['impact']}): {v['help']} at {json.dumps(v['nodes'][:3])}"
            for v in result if v["impact"] in ("serious", "critical")]


def shoot(target: Any, name: str) -> Path:
    """Save a screenshot of a page or an element under ``screenshots/``."""
    SHOTS.mkdir(exist_ok=True)
    path = SHOTS / f"{name}.png"
    page = getattr(target, "page", target)
    settle(page)
    if target is page:
        target.screenshot(path=str(path), full_page=True)
    else:
        target.screenshot(path=str(path))
    return path

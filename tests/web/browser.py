"""Support for the browser tests: a live server in a thread, Chromium, axe-core, screenshots."""

from __future__ import annotations

import json
import threading
import time
from pathlib import Path
from typing import Any

import uvicorn

from bonds.engine import World
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


class LiveServer:
    """The app for a pack, served over loopback from a background thread."""

    def __init__(self, world: World, db_url: str, seed: int) -> None:
        self.app = create_app(world, db_url, seed=seed)
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

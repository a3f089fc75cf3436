"""Support for ``--watch`` in a real browser: a game served with its pack watched, and timing
an edit from the moment it is saved to the moment the page showing it has loaded.

Used by tests/web/test_watch.py and benchmarks/watch_reload.py.
"""

from __future__ import annotations

import shutil
import time
from pathlib import Path
from typing import Any

from bonds.content import load_pack
from bonds.web.app import create_app
from bonds.web.watch import Reloader, watch_app

from .browser import LiveServer

TINY = Path(__file__).resolve().parents[1] / "packs" / "tiny"
SCENE_FILE = Path("scenes") / "storm.yaml"
SENTENCE = "The lamp room smelt of salt and old smoke."
"""A sentence of the tiny pack's second scene, which the edits rewrite."""


class WatchedServer(LiveServer):
    """``bonds play --watch`` on a copy of a pack, served over loopback from a thread."""

    def __init__(self, pack: Path, db_url: str, seed: int) -> None:
        self.pack = pack
        app = create_app(load_pack(pack), db_url, seed=seed)
        self.reloader: Reloader = watch_app(app, pack)
        super().__init__(None, app=app)
        self.app.state.stopping = lambda: self.server.should_exit  # as run_local does


def copy_pack(into: Path, source: Path = TINY) -> Path:
    """A copy of a pack to edit."""
    target = into / source.name
    shutil.copytree(source, target)
    return target


def edit(pack: Path, old: str, new: str) -> float:
    """Replace ``old`` by ``new`` in the scene file, as an editor saves; returns the time
    (``time.time()``) of the save."""
    path = pack / SCENE_FILE
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} is not in {path}"
    saved = time.time()
    path.write_text(text.replace(old, new), encoding="utf-8")
    return saved


def shown_after(page: Any, text: str, saved: float, timeout_ms: int = 15_000) -> float:
    """Wait for ``text`` on the page, with no click; returns the seconds from ``saved`` to
    the moment the page showing it had loaded (by the page's own clock)."""
    page.get_by_text(text).first.wait_for(timeout=timeout_ms)
    loaded = page.evaluate("() => performance.timeOrigin + performance.getEntriesByType("
                           "'navigation')[0].domContentLoadedEventEnd")
    return float(loaded) / 1000 - saved

"""The author's live loop: watch a pack's files and load it again whenever one is saved.

``bonds play --watch`` runs a :class:`PackWatcher` beside the game (a background thread,
whichever front end). It watches the pack's folder and its world's folder for YAML files,
and after each save loads the pack as ``bonds check`` would: a pack that loads is handed to
``on_load``; one that does not is handed to ``on_problems`` as ``bonds check``'s lines, and
the front end keeps playing the last pack that loaded. What a front end does with a new
pack (replay the current run on it, show the page again) is its own.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from pathlib import Path

import watchfiles

from bonds.content import load_pack
from bonds.content.reading import find_world
from bonds.engine import ContentError, World

__all__ = ["PackWatcher", "load_or_problems", "watched_folders"]

log = logging.getLogger("bonds.live")

STEP_MS = 30
"""Milliseconds without a further change before a burst of saves counts as done (an editor's
save is often a write and a rename): short, so the page follows the save quickly."""
READY_MS = 250
"""How often the watcher wakes when nothing changes."""


def watched_folders(pack: Path) -> list[Path]:
    """The pack's folder, and its world's when it names one that exists."""
    folders = [pack.resolve()]
    try:
        import yaml

        manifest = yaml.safe_load((pack / "pack.yaml").read_text(encoding="utf-8"))
        name = manifest.get("world") if isinstance(manifest, dict) else None
    except (OSError, ValueError, yaml.YAMLError):
        name = None
    world = find_world(pack, name) if isinstance(name, str) and name else None
    if world is not None and not world.resolve().is_relative_to(folders[0]):
        folders.append(world.resolve())
    return folders


def load_or_problems(pack: Path) -> tuple[World | None, list[str]]:
    """The pack loaded, or None and every problem (and warning) as ``bonds check`` says it."""
    try:
        return load_pack(pack), []
    except ContentError as exc:
        return None, [*exc.problems, *(f"warning: {w}" for w in exc.warnings)]
    except Exception as exc:  # noqa: BLE001 - an author's half-saved file must not end play
        return None, [f"{pack}: the pack could not be loaded: {type(exc).__name__}: {exc}"]


def _yaml_file(change: watchfiles.Change, path: str) -> bool:
    return path.endswith((".yaml", ".yml")) and watchfiles.DefaultFilter()(change, path)


class PackWatcher:
    """A thread that loads ``pack`` again after each save of one of its files.

    ``on_load(world)`` gets each version that loads; ``on_problems(lines)`` each that does
    not. Both are called on the watcher's thread, one at a time, in the order of the saves.
    """

    def __init__(self, pack: Path, on_load: Callable[[World], None],
                 on_problems: Callable[[list[str]], None]) -> None:
        self.pack = pack
        self.on_load = on_load
        self.on_problems = on_problems
        self.saved_at = 0.0
        """``time.time()`` when the latest burst of changes was seen (for measuring)."""
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="bonds-watch", daemon=True)
        self._ready = threading.Event()

    def start(self) -> None:
        """Start watching; returns once the watcher is in place (a save after this counts)."""
        self._thread.start()
        self._ready.wait(5)

    def stop(self) -> None:
        """Stop watching and wait for the thread."""
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join(timeout=5)

    def _run(self) -> None:
        while not self._stop.is_set():
            folders = watched_folders(self.pack)
            # An empty set comes every READY_MS while nothing changes: the first one says
            # the watcher is in place, so start() can return knowing no save is missed.
            for changes in watchfiles.watch(*folders, watch_filter=_yaml_file, step=STEP_MS,
                                            stop_event=self._stop, raise_interrupt=False,
                                            rust_timeout=READY_MS, yield_on_timeout=True):
                self._ready.set()
                if not changes:
                    continue
                self.saved_at = time.time()
                world, problems = load_or_problems(self.pack)
                try:
                    if world is not None:
                        self.on_load(world)
                    else:
                        self.on_problems(problems)
                except Exception:  # a front end's failure must not stop the watching
                    log.exception("showing the saved version of %s failed", self.pack)
                if watched_folders(self.pack) != folders:  # pack.yaml names another world
                    break
            else:
                return
